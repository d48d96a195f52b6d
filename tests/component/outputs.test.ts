// Every output of RotatedDatabase and SecretsManagerEndpoint, for every strategy, compared with the
// exact id or ARN of the recorded resource it must come from (identity.ts). Two databases share one
// program so that an output taken from the wrong database's resources fails too.
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { RotatedDatabase, SecretsManagerEndpoint } from "../../components";
import { RecordedResource, recordProgram, resolveDeep } from "../../plan/recorder";
import { DatabaseExpectation, TYPES, assertOutputsFrom, componentOutputs, endpointSources, recorded, rotatedDatabaseSources } from "./identity";

const VPC = "vpc-0123456789abcdef0";
const SUBNETS = ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"];
const TOPIC = "arn:aws:sns:eu-west-1:123456789012:platform-alerts";
const KEY = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

type Outputs = Record<string, Record<string, unknown>>;

/** Records `build` and resolves the outputs of the components it returns, by name. */
async function outputsOf(build: () => Record<string, pulumi.ComponentResource>): Promise<{ resources: RecordedResource[]; outputs: Outputs }> {
  const run = await recordProgram(async () => {
    const components = build();
    const outputs: Outputs = {};
    for (const [name, c] of Object.entries(components)) outputs[name] = (await resolveDeep(componentOutputs(c))) as Record<string, unknown>;
    return outputs;
  }, { region: "eu-west-1" });
  return { resources: run.resources, outputs: run.result };
}

const CASES: Array<{ title: string; expectation: DatabaseExpectation; args: Partial<ConstructorParameters<typeof RotatedDatabase>[1]> }> = [
  { title: "single-user, postgres (the defaults)", expectation: { strategy: "single-user" }, args: {} },
  {
    title: "alternating-users, mysql",
    expectation: { strategy: "alternating-users" },
    args: { engine: "mysql", rotation: { strategy: "alternating-users", applicationUsername: "orders_app" } },
  },
  { title: "managed, mariadb", expectation: { strategy: "managed" }, args: { engine: "mariadb", rotation: { strategy: "managed" } } },
  {
    title: "single-user, mariadb with its own database name, alerting a given topic",
    expectation: { strategy: "single-user", topicArn: TOPIC },
    args: { engine: "mariadb", dbName: "orders", alerts: { topicArn: TOPIC } },
  },
  {
    title: "single-user with a customer key (the application policy may decrypt with it through Secrets Manager)",
    expectation: { strategy: "single-user", kmsKeyArn: KEY },
    args: { kmsKeyArn: KEY },
  },
  {
    title: "managed with a customer key (the RDS-managed secret is the one applications read)",
    expectation: { strategy: "managed", kmsKeyArn: KEY },
    args: { rotation: { strategy: "managed" }, kmsKeyArn: KEY },
  },
  {
    title: "managed, alerting a given topic",
    expectation: { strategy: "managed", topicArn: TOPIC },
    args: { rotation: { strategy: "managed" }, alerts: { topicArn: TOPIC } },
  },
];

describe("RotatedDatabase outputs, by identity", () => {
  for (const c of CASES) {
    describe(c.title, () => {
      let resources: RecordedResource[];
      let outputs: Outputs;
      before(async () => {
        ({ resources, outputs } = await outputsOf(() => {
          const endpoint = new SecretsManagerEndpoint("shared", { vpcId: VPC, subnetIds: SUBNETS });
          // A second database of the other kind in the same program: outputs must come from their own database.
          const other = c.expectation.strategy === "managed"
            ? new RotatedDatabase("billing", { vpcId: VPC, subnetIds: SUBNETS, secretsManagerAccess: { endpoint } })
            : new RotatedDatabase("billing", { vpcId: VPC, subnetIds: SUBNETS, rotation: { strategy: "managed" } });
          const orders = new RotatedDatabase("orders", { vpcId: VPC, subnetIds: SUBNETS, secretsManagerAccess: { endpoint }, ...c.args });
          return { orders, billing: other };
        }));
      });

      it("every output equals the id, ARN or value of the resource it comes from", () => {
        assertOutputsFrom("orders", outputs.orders, rotatedDatabaseSources(resources, "orders", c.expectation), resources);
      });
      it("and the other database's outputs come from its own resources", () => {
        const strategy = c.expectation.strategy === "managed" ? "single-user" : "managed";
        assertOutputsFrom("billing", outputs.billing, rotatedDatabaseSources(resources, "billing", { strategy }), resources);
      });
    });
  }

  it("reads every secret and environment entry from the secret and instance it outputs", async () => {
    // Guards the expectations themselves: built from the recorded resources, not from the outputs.
    const { resources, outputs } = await outputsOf(() => ({ orders: new RotatedDatabase("orders", { vpcId: VPC, subnetIds: SUBNETS }) }));
    const secretArn = recorded(resources, TYPES.secret, "orders-secret").state.arn;
    const address = recorded(resources, TYPES.instance, "orders-db").state.address;
    assert.deepStrictEqual(outputs.orders.ecsSecrets, [
      { name: "DB_HOST", valueFrom: `${String(secretArn)}:host::` },
      { name: "DB_PORT", valueFrom: `${String(secretArn)}:port::` },
      { name: "DB_USERNAME", valueFrom: `${String(secretArn)}:username::` },
      { name: "DB_PASSWORD", valueFrom: `${String(secretArn)}:password::` },
      { name: "DB_NAME", valueFrom: `${String(secretArn)}:dbname::` },
    ]);
    assert.deepStrictEqual((outputs.orders.ecsEnvironment as Array<{ name: string; value: string }>).slice(0, 2),
      [{ name: "DB_HOST", value: address }, { name: "DB_PORT", value: "5432" }]);
  });
});

describe("SecretsManagerEndpoint outputs, by identity", () => {
  it("every output equals the id of the resource it comes from, and `endpoint` is the recorded endpoint", async () => {
    let endpointUrn: pulumi.Output<string> | undefined;
    const run = await recordProgram(async () => {
      // Two endpoints in two VPCs: each output must come from its own endpoint.
      const a = new SecretsManagerEndpoint("shared", { vpcId: VPC, subnetIds: SUBNETS, allowedSecurityGroupIds: ["sg-0granted00000001"] });
      const b = new SecretsManagerEndpoint("other", { vpcId: "vpc-0fedcba9876543210", subnetIds: SUBNETS });
      endpointUrn = a.endpoint.urn;
      return { shared: await resolveDeep(componentOutputs(a)), other: await resolveDeep(componentOutputs(b)), endpointUrn: await resolveDeep(endpointUrn) };
    }, { region: "eu-west-1" });
    const outputs = run.result as Record<string, Record<string, unknown>> & { endpointUrn: string };
    assertOutputsFrom("shared", outputs.shared, endpointSources(run.resources, "shared", { value: VPC, from: "the vpcId it was given" }), run.resources);
    assertOutputsFrom("other", outputs.other, endpointSources(run.resources, "other", { value: "vpc-0fedcba9876543210", from: "the vpcId it was given" }), run.resources);
    assert.strictEqual(outputs.endpointUrn, recorded(run.resources, TYPES.vpcEndpoint, "shared-endpoint").urn, "shared.endpoint is not the VpcEndpoint shared-endpoint");
  });
});
