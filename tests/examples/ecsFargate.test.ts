// examples/ecs-fargate run under mocks, as `pulumi up` would run it: the awsx Fargate service (a remote
// component: only its own resource registers, with the inputs the program gave it) must carry the
// database's client group, a task role that grantRead gave exactly the application policy, and the
// secret's ARN in DB_SECRET_ARN. Every value is compared with the recorded resource it must come from.
import * as assert from "assert";
import * as path from "path";
import { recordProgram, resolveDeep, unwrapSecrets } from "../../plan/recorder";
import { EXAMPLE_PROJECT, ecsFargateExample } from "../../examples/ecs-fargate/program";
import { expectedApplicationPolicy } from "../component/identity";
import { Recorded, T } from "../component/records";

const SERVICE = "awsx:ecs:FargateService";
const EXAMPLE_ENTRY = path.resolve(__dirname, "..", "..", "examples", "ecs-fargate", "index.ts");

interface ServiceInputs {
  cluster: unknown;
  networkConfiguration: { subnets: unknown[]; securityGroups: unknown[]; assignPublicIp: unknown };
  taskDefinitionArgs: {
    taskRole: { roleArn: unknown };
    container: { environment: Array<{ name: string; value: unknown }>; secrets?: unknown; image: unknown };
  };
}

describe("examples/ecs-fargate", () => {
  let rec: Recorded;
  let outputs: Record<string, unknown>;
  let service: ServiceInputs;

  before(async () => {
    const run = await recordProgram(
      async () => (await resolveDeep(ecsFargateExample())) as Record<string, unknown>,
      { project: EXAMPLE_PROJECT, stack: "example", region: "eu-west-1" },
    );
    rec = new Recorded(run);
    outputs = run.result;
    service = unwrapSecrets(rec.one(SERVICE, "orders-api").inputs) as unknown as ServiceInputs;
  });

  it("attaches the database's client group to the service's tasks, in the database's private subnets", () => {
    const client = rec.out(T.sg, "orders-client-sg", "id");
    assert.ok(service.networkConfiguration.securityGroups.includes(client), `the service's groups ${JSON.stringify(service.networkConfiguration.securityGroups)} lack orders-client-sg (${String(client)})`);
    assert.deepStrictEqual(service.networkConfiguration.subnets, rec.one(T.subnetGroup, "orders-subnets").inputs.subnetIds);
    assert.strictEqual(service.networkConfiguration.assignPublicIp, false);
    assert.strictEqual(outputs.clientSecurityGroupId, client);
  });

  it("lets that group reach the shared endpoint on 443, and the endpoint admit it", () => {
    const client = rec.out(T.sg, "orders-client-sg", "id");
    const endpointSg = rec.out(T.sg, "secrets-manager-sg", "id");
    assert.ok(rec.rulesOf(T.egress, client).some(([, from, , peer]) => from === 443 && peer === endpointSg), "no 443 egress from the client group to the endpoint");
    assert.deepStrictEqual(rec.rulesOf(T.ingress, endpointSg).filter(([, , , peer]) => peer === client), [["tcp", 443, 443, client]]);
  });

  it("gives the container only the secret's ARN, in DB_SECRET_ARN, and no injected secrets", () => {
    const env = Object.fromEntries(service.taskDefinitionArgs.container.environment.map((e) => [e.name, e.value]));
    assert.strictEqual(env.DB_SECRET_ARN, rec.out(T.secret, "orders-secret", "arn"));
    assert.strictEqual(env.AWS_REGION, "eu-west-1");
    assert.strictEqual(service.taskDefinitionArgs.container.secrets, undefined);
    assert.ok(!Object.keys(env).some((k) => /PASSWORD|USER/.test(k)), `no login in the environment: ${Object.keys(env).join(", ")}`);
  });

  it("runs the tasks as the role grantRead gave the database's application policy, parented to the database", () => {
    assert.strictEqual(service.taskDefinitionArgs.taskRole.roleArn, rec.out(T.role, "orders-api-task", "arn"));
    const grant = rec.one(T.rolePolicy, "orders-read-orders-api-task");
    assert.strictEqual(grant.inputs.role, rec.out(T.role, "orders-api-task", "id"));
    assert.strictEqual(unwrapSecrets(grant.inputs.policy), expectedApplicationPolicy(String(rec.out(T.secret, "orders-secret", "arn")), "eu-west-1"));
    assert.strictEqual(grant.parent, rec.one(T.db, "orders").urn);
    const trust = rec.json(T.role, "orders-api-task", "assumeRolePolicy") as { Statement: Array<{ Principal: unknown; Condition: unknown }> };
    assert.deepStrictEqual(trust.Statement.map((s) => s.Principal), [{ Service: "ecs-tasks.amazonaws.com" }]);
    assert.deepStrictEqual(trust.Statement[0].Condition, { StringEquals: { "aws:SourceAccount": "123456789012" } });
  });

  it("runs the service on the cluster it declares", () => {
    assert.strictEqual(service.cluster, rec.out("aws:ecs/cluster:Cluster", "orders", "arn"));
    assert.strictEqual(outputs.clusterArn, service.cluster);
  });

  it("has an entry point that exports the program function and declares nothing when loaded", async () => {
    const run = await recordProgram(() => require(EXAMPLE_ENTRY) as unknown, { project: EXAMPLE_PROJECT, stack: "example" });
    assert.strictEqual(run.result, ecsFargateExample);
    assert.deepStrictEqual(run.resources, []);
  });
});
