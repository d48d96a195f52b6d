// examples/aurora-proxy run under mocks, as `pulumi up` would run it, and type-checked as a program of
// its own: the Aurora PostgreSQL cluster on Serverless v2 with one reader, the RDS Proxy in front of
// its writer with IAM required, and the two application roles: the API's with exactly the
// rds-db:connect policy grantConnect attaches (and no read of the secret), the migrations' with
// exactly the application policy grantRead attaches (and no connect). Every value is compared with
// the recorded resource it must come from.
import * as assert from "assert";
import * as path from "path";
import * as ts from "typescript";
import { recordProgram, resolveDeep, unwrapSecrets } from "../../plan/recorder";
import { EXAMPLE_PROJECT, MASTER_USERNAME, auroraProxyExample } from "../../examples/aurora-proxy/program";
import { expectedApplicationPolicy } from "../component/identity";
import { expectedConnectPolicy } from "../component/proxyIdentity";
import { Recorded, T } from "../component/records";

const ROOT = path.resolve(__dirname, "..", "..");
const EXAMPLE_DIR = path.join(ROOT, "examples", "aurora-proxy");
const EXAMPLE_ENTRY = path.join(EXAMPLE_DIR, "index.ts");
const REGION = "eu-west-1";
const ACCOUNT = "123456789012";

/** The cluster and proxy types, beside records.ts's T. */
const P = {
  clusterComponent: "rotated-rds:index:RotatedCluster",
  cluster: "aws:rds/cluster:Cluster",
  clusterInstance: "aws:rds/clusterInstance:ClusterInstance",
  proxy: "aws:rds/proxy:Proxy",
  targetGroup: "aws:rds/proxyDefaultTargetGroup:ProxyDefaultTargetGroup",
  target: "aws:rds/proxyTarget:ProxyTarget",
  proxyEndpoint: "aws:rds/proxyEndpoint:ProxyEndpoint",
  vpc: "awsx:ec2:Vpc",
} as const;

interface ProxyAuth { authScheme: unknown; secretArn: unknown; iamAuth: unknown }

describe("examples/aurora-proxy", () => {
  let rec: Recorded;
  let outputs: Record<string, unknown>;

  before(async () => {
    const run = await recordProgram(
      async () => (await resolveDeep(auroraProxyExample())) as Record<string, unknown>,
      { project: EXAMPLE_PROJECT, stack: "example", region: REGION },
    );
    rec = new Recorded(run);
    outputs = run.result;
  });

  /** The policies attached to a role, by name, with their documents. */
  function policiesOf(roleName: string): Record<string, unknown> {
    const role = rec.out(T.role, roleName, "id");
    return Object.fromEntries(rec.all(T.rolePolicy).filter((p) => p.inputs.role === role).map((p) => [p.name, unwrapSecrets(p.inputs.policy)]));
  }

  it("declares one Aurora PostgreSQL cluster on Serverless v2 with a writer and one reader, in the VPC's isolated subnets", () => {
    assert.deepStrictEqual(rec.all(P.clusterComponent).map((r) => r.name), ["orders"]);
    const cluster = rec.one(P.cluster, "orders-cluster");
    assert.strictEqual(cluster.inputs.engine, "aurora-postgresql");
    assert.deepStrictEqual(cluster.inputs.serverlessv2ScalingConfiguration, { minCapacity: 0.5, maxCapacity: 8 });
    assert.strictEqual(cluster.inputs.storageEncrypted, true);
    assert.deepStrictEqual(rec.all(P.clusterInstance).map((r) => r.name).sort(), ["orders-reader-1", "orders-writer"]);
    for (const instance of rec.all(P.clusterInstance)) {
      assert.strictEqual(instance.inputs.clusterIdentifier, cluster.id, `${instance.name} is not in orders-cluster`);
      assert.strictEqual(instance.inputs.instanceClass, "db.serverless");
      assert.strictEqual(instance.inputs.publiclyAccessible, false);
    }
    const isolated = rec.out(P.vpc, "orders-vpc", "isolatedSubnetIds");
    assert.deepStrictEqual(rec.one(T.subnetGroup, "orders-subnets").inputs.subnetIds, isolated);
    assert.strictEqual(outputs.writerEndpoint, rec.out(P.cluster, "orders-cluster", "endpoint"));
    assert.strictEqual(outputs.readerEndpoint, rec.out(P.cluster, "orders-cluster", "readerEndpoint"));
  });

  it("writes the cluster's secret with the RDS engine string, the writer endpoint as host and dbClusterIdentifier", () => {
    const initial = rec.one(T.secretVersion, "orders-secret-initial");
    assert.strictEqual(initial.inputs.secretId, rec.out(T.secret, "orders-secret", "id"));
    const value = JSON.parse(String(unwrapSecrets(initial.inputs.secretStringWo))) as Record<string, unknown>;
    assert.strictEqual(value.engine, "aurora-postgresql");
    assert.strictEqual(value.host, rec.out(P.cluster, "orders-cluster", "endpoint"));
    assert.strictEqual(value.dbClusterIdentifier, rec.out(P.cluster, "orders-cluster", "clusterIdentifier"));
    assert.strictEqual(value.username, MASTER_USERNAME);
    assert.strictEqual(value.dbname, "orders");
    assert.ok(!("dbInstanceIdentifier" in value), "a cluster secret names no instance");
  });

  it("puts an RDS Proxy with TLS and IAM required in front of the cluster, logging in with the cluster's secret", () => {
    const proxy = rec.one(P.proxy, "orders-proxy");
    assert.strictEqual(proxy.inputs.requireTls, true);
    assert.strictEqual(proxy.inputs.engineFamily, "POSTGRESQL");
    const auths = proxy.inputs.auths as ProxyAuth[];
    assert.deepStrictEqual(auths.map((a) => [a.authScheme, a.secretArn, a.iamAuth]), [["SECRETS", rec.out(T.secret, "orders-secret", "arn"), "REQUIRED"]]);
    assert.deepStrictEqual(proxy.inputs.vpcSubnetIds, rec.out(P.vpc, "orders-vpc", "isolatedSubnetIds"));
    assert.deepStrictEqual(proxy.inputs.vpcSecurityGroupIds, [rec.out(T.sg, "orders-proxy-sg", "id")]);
    const target = rec.one(P.target, "orders-proxy-target");
    assert.strictEqual(target.inputs.dbClusterIdentifier, rec.out(P.cluster, "orders-cluster", "clusterIdentifier"));
    assert.strictEqual(target.inputs.dbProxyName, rec.out(P.proxy, "orders-proxy", "name"));
    assert.strictEqual(target.inputs.targetGroupName, rec.out(P.targetGroup, "orders-proxy-targets", "name"));
    assert.strictEqual(outputs.proxyEndpoint, rec.out(P.proxy, "orders-proxy", "endpoint"));
  });

  it("gives the reader a read-only proxy endpoint in the proxy's own group", () => {
    const reader = rec.one(P.proxyEndpoint, "orders-proxy-reader");
    assert.strictEqual(reader.inputs.dbProxyName, rec.out(P.proxy, "orders-proxy", "name"));
    assert.strictEqual(reader.inputs.targetRole, "READ_ONLY");
    assert.deepStrictEqual(reader.inputs.vpcSecurityGroupIds, [rec.out(T.sg, "orders-proxy-sg", "id")]);
    assert.strictEqual(outputs.proxyReaderEndpoint, rec.out(P.proxyEndpoint, "orders-proxy-reader", "endpoint"));
    assert.notStrictEqual(outputs.proxyReaderEndpoint, outputs.proxyEndpoint);
  });

  it("lets the client group reach the proxy, and the proxy the cluster, on 5432 only, and the client group the cluster (directAccess)", () => {
    const client = rec.out(T.sg, "orders-client-sg", "id");
    const proxy = rec.out(T.sg, "orders-proxy-sg", "id");
    const database = rec.out(T.sg, "orders-db-sg", "id");
    assert.deepStrictEqual(rec.rulesOf(T.ingress, proxy), [["tcp", 5432, 5432, client]]);
    assert.deepStrictEqual(rec.rulesOf(T.egress, proxy), [["tcp", 5432, 5432, database]]);
    assert.ok(rec.rulesOf(T.ingress, database).some(([, from, , peer]) => from === 5432 && peer === proxy), "the cluster's group does not admit the proxy");
    assert.ok(rec.rulesOf(T.egress, client).some(([, from, , peer]) => from === 5432 && peer === proxy), "the client group cannot reach the proxy");
    // directAccess: true keeps the migrations' direct path to the writer (the proxy requires IAM, they log in with the password).
    assert.ok(rec.rulesOf(T.ingress, database).some(([, from, , peer]) => from === 5432 && peer === client), "the cluster's group does not admit the client group");
    assert.ok(rec.rulesOf(T.egress, client).some(([, from, , peer]) => from === 5432 && peer === database), "the client group cannot reach the cluster");
    assert.strictEqual(outputs.clientSecurityGroupId, client);
  });

  it("gives the API's role exactly rds-db:connect as the secret's user on this proxy (grantConnect), and no read of the secret", () => {
    const proxyArn = String(rec.out(P.proxy, "orders-proxy", "arn"));
    assert.deepStrictEqual(policiesOf("orders-api-task"), {
      "orders-connect-orders-api-task": expectedConnectPolicy(proxyArn, { iamAuth: true, username: MASTER_USERNAME, region: REGION, accountId: ACCOUNT }),
    });
    assert.strictEqual(rec.one(T.rolePolicy, "orders-connect-orders-api-task").parent, rec.one(P.clusterComponent, "orders").urn);
    assert.strictEqual(outputs.apiRoleArn, rec.out(T.role, "orders-api-task", "arn"));
  });

  it("gives the migrations' role exactly the application policy on the cluster's secret (grantRead), and no connect", () => {
    assert.deepStrictEqual(policiesOf("orders-migrations-task"), {
      "orders-read-orders-migrations-task": expectedApplicationPolicy(String(rec.out(T.secret, "orders-secret", "arn")), REGION),
    });
    assert.strictEqual(rec.one(T.rolePolicy, "orders-read-orders-migrations-task").parent, rec.one(P.clusterComponent, "orders").urn);
    assert.strictEqual(outputs.migrationsRoleArn, rec.out(T.role, "orders-migrations-task", "arn"));
  });

  it("lets only ECS tasks of this account assume either role", () => {
    for (const role of ["orders-api-task", "orders-migrations-task"]) {
      const trust = rec.json(T.role, role, "assumeRolePolicy") as { Statement: Array<{ Principal: unknown; Condition: unknown }> };
      assert.deepStrictEqual(trust.Statement.map((s) => s.Principal), [{ Service: "ecs-tasks.amazonaws.com" }], role);
      assert.deepStrictEqual(trust.Statement[0].Condition, { StringEquals: { "aws:SourceAccount": ACCOUNT } }, role);
    }
  });

  it("exports ECS settings that send the API to the proxy with no password, and the migrations to the secret", () => {
    const proxyEndpoint = rec.out(P.proxy, "orders-proxy", "endpoint");
    assert.deepStrictEqual(outputs.apiEnvironment, [
      { name: "DB_HOST", value: proxyEndpoint },
      { name: "DB_PORT", value: "5432" },
      { name: "DB_NAME", value: "orders" },
      { name: "DB_USERNAME", value: MASTER_USERNAME },
    ]);
    assert.deepStrictEqual(outputs.migrationsEnvironment, [{ name: "DB_SECRET_ARN", value: rec.out(T.secret, "orders-secret", "arn") }]);
    assert.strictEqual(outputs.secretArn, rec.out(T.secret, "orders-secret", "arn"));
  });

  it("shares one Secrets Manager endpoint, which admits the cluster's rotation and client groups", () => {
    assert.deepStrictEqual(rec.all(T.endpointComponent).map((r) => r.name), ["secrets-manager"]);
    assert.deepStrictEqual(rec.all(T.vpce).map((r) => r.name), ["secrets-manager-endpoint"]);
    const endpointSg = rec.out(T.sg, "secrets-manager-sg", "id");
    const peers = rec.rulesOf(T.ingress, endpointSg).map(([, , , peer]) => peer).sort();
    assert.deepStrictEqual(peers, [rec.out(T.sg, "orders-client-sg", "id"), rec.out(T.sg, "orders-rotation-sg", "id")].sort());
  });

  it("has an entry point that exports the program function and declares nothing when loaded", async () => {
    const run = await recordProgram(() => require(EXAMPLE_ENTRY) as unknown, { project: EXAMPLE_PROJECT, stack: "example" });
    assert.strictEqual(run.result, auroraProxyExample);
    assert.deepStrictEqual(run.resources, []);
  });

  it("type-checks as a program of its own (strict, with the repository's compiler options)", function () {
    // Type-checking pulls in the components and both SDKs' declarations: a few seconds on 2 cores.
    this.timeout(120_000);
    const config = ts.readConfigFile(path.join(ROOT, "tsconfig.json"), ts.sys.readFile);
    const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
    const program = ts.createProgram([EXAMPLE_ENTRY, path.join(EXAMPLE_DIR, "program.ts")], { ...options, noEmit: true });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    assert.deepStrictEqual(diagnostics, []);
    assert.ok(options.strict, "the repository's tsconfig is no longer strict");
  });
});
