// The program's check of every database before it declares anything: the components' own rules on
// the arguments the program will give them, with stand-ins for the network that does not exist yet.
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { RotatedDatabase } from "../../components";
import { loadStackConfig } from "../../config";
import { listStacks, readStackFile } from "../../plan";
import { recordProgram } from "../../plan/recorder";
import { databaseArgs, DatabaseConfigError, declareNetwork, plannedNetwork, preflightError } from "../../program";
import { REPO_ROOT } from "./helpers";

const withDatabases = (databases: unknown, extra: Record<string, string> = {}) =>
  loadStackConfig({ "rotated-rds:databases": JSON.stringify(databases), ...extra });

describe("plannedNetwork", () => {
  it("gives an existing VPC's own ids, and the endpoint the stack will create as createEndpoint", () => {
    const config = withDatabases({ app: {} }, {
      "rotated-rds:vpcId": "vpc-0123456789abcdef0", "rotated-rds:subnetIds": '["subnet-0aaaaaaaaaaaaaaaa","subnet-0bbbbbbbbbbbbbbbb"]',
    });
    assert.deepStrictEqual(plannedNetwork(config), {
      network: { vpcId: "vpc-0123456789abcdef0", subnetIds: ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"] },
      access: { createEndpoint: true },
    });
  });

  it("stands in for a created VPC with one not-yet-known id per subnet, and needs no endpoint when every database is managed", () => {
    const { network, access } = plannedNetwork(withDatabases({ app: { rotation: { strategy: "managed" } }, orders: { cluster: {}, rotation: { strategy: "managed" } } }));
    assert.ok(pulumi.Output.isInstance(network.vpcId));
    assert.strictEqual(network.subnetIds.length, 2);
    assert.ok(network.subnetIds.every((id) => pulumi.Output.isInstance(id)));
    assert.strictEqual(access, undefined);
  });
});

describe("preflightError", () => {
  for (const stack of listStacks(REPO_ROOT)) {
    it(`passes Pulumi.${stack}.yaml`, () => {
      assert.strictEqual(preflightError(loadStackConfig(readStackFile(REPO_ROOT, stack).config)), undefined);
    });
  }

  it("refuses with exactly what the component would throw, named by the entry's key", async () => {
    const config = withDatabases({ app: {}, ledger: { masterUsername: "rdsadmin", proxy: {}, rotation: { strategy: "alternating-users", applicationUsername: "ledger_app" } } });
    const refusal = preflightError(config);
    assert.ok(refusal instanceof DatabaseConfigError);
    assert.strictEqual(refusal.key, "rotated-rds:databases.ledger");
    // The component itself, given the real network under mocks.
    const ledger = config.databases[1];
    assert.ok(ledger.cluster === undefined);
    let thrown: unknown;
    await recordProgram(() => {
      const network = declareNetwork(config.vpc, {});
      try {
        new RotatedDatabase("ledger", databaseArgs(ledger, config, network, { createEndpoint: true }));
      } catch (err) {
        thrown = err;
      }
    });
    assert.ok(thrown instanceof Error, "the component accepted what preflight refused");
    assert.strictEqual(refusal.message, `rotated-rds:databases.ledger: ${thrown.message}`);
    assert.match(refusal.message, /masterUsername.*; proxy cannot be used with the "alternating-users" strategy/, "every reason, in one message");
  });

  it("checks a cluster entry with RotatedCluster's rules", () => {
    const refusal = preflightError(withDatabases({ orders: { cluster: { engine: "aurora-mysql", instanceClass: "db.t2.medium" } } }));
    assert.match(refusal?.message ?? "", /^rotated-rds:databases\.orders: RotatedCluster "orders": instanceClass must be "db\.serverless" \(Serverless v2\) or a provisioned Aurora class/);
  });
});
