// RotatedCluster's network paths for each way to reach Secrets Manager (NAT, an existing endpoint, a
// shared endpoint with managed rotation) and for named client groups and CIDRs, asserted on the
// recorded rules: the same rules RotatedDatabase creates, from the same module.
import * as assert from "assert";
import { RotatedCluster, SecretsManagerEndpoint } from "../../components";
import type { RotatedClusterArgs } from "../../components/types";
import { recordProgram } from "../../plan/recorder";
import { Recorded, SUBNETS, T, VPC } from "./records";

const APP_SG = "sg-0a0a0a0a0a0a0a0a0";
const ENDPOINT_SG = "sg-0e0e0e0e0e0e0e0e0";

async function record(args: Partial<RotatedClusterArgs>): Promise<Recorded> {
  return new Recorded(await recordProgram(() => { new RotatedCluster("orders", { vpcId: VPC, subnetIds: SUBNETS, engine: "aurora-mysql", ...args }); }));
}

describe("RotatedCluster network paths", () => {
  it("admits named groups and CIDRs to the cluster port besides the rotation and client groups, and lets the named groups reach the endpoint", async () => {
    const rec = await record({ allowedSecurityGroupIds: [APP_SG], allowedCidrBlocks: ["10.20.0.0/16", "fd00:10::/64"] });
    const id = (name: string) => rec.one(T.sg, name).id;
    assert.deepStrictEqual(rec.rulesOf(T.ingress, id("orders-db-sg")), Recorded.sorted([
      ["tcp", 3306, 3306, id("orders-rotation-sg")],
      ["tcp", 3306, 3306, id("orders-client-sg")],
      ["tcp", 3306, 3306, APP_SG],
      ["tcp", 3306, 3306, "10.20.0.0/16"],
      ["tcp", 3306, 3306, "fd00:10::/64"],
    ]));
    assert.deepStrictEqual(rec.rulesOf(T.ingress, id("orders-secretsmanager-sg")), Recorded.sorted([
      ["tcp", 443, 443, id("orders-rotation-sg")],
      ["tcp", 443, 443, id("orders-client-sg")],
      ["tcp", 443, 443, APP_SG],
    ]));
  });

  it("through NAT: no endpoint, 443 to anywhere for the rotation and client groups, and the first rotation waits for that rule", async () => {
    const rec = await record({ secretsManagerAccess: { natGateway: true } });
    const id = (name: string) => rec.one(T.sg, name).id;
    assert.deepStrictEqual([rec.all(T.vpce).length, rec.all(T.endpointComponent).length], [0, 0]);
    assert.deepStrictEqual(rec.rulesOf(T.egress, id("orders-rotation-sg")), Recorded.sorted([["tcp", 3306, 3306, id("orders-db-sg")], ["tcp", 443, 443, "0.0.0.0/0"]]));
    assert.deepStrictEqual(rec.rulesOf(T.egress, id("orders-client-sg")), Recorded.sorted([["tcp", 3306, 3306, id("orders-db-sg")], ["tcp", 443, 443, "0.0.0.0/0"]]));
    assert.ok(rec.dependsOn(T.rotation, "orders-rotation-schedule").includes(`${T.egress} orders-rotation-to-secretsmanager-nat`));
    assert.deepStrictEqual(rec.rulesOf(T.ingress, id("orders-db-sg")).map((r) => r[3]).filter((p) => typeof p === "string" && p.includes("/")), []);
  });

  it("with an existing endpoint: creates none and adds its own grants to the endpoint's group, parented to the cluster", async () => {
    const rec = await record({ secretsManagerAccess: { existingEndpoint: { endpointId: "vpce-0123456789abcdef0", securityGroupId: ENDPOINT_SG } } });
    const id = (name: string) => rec.one(T.sg, name).id;
    assert.deepStrictEqual([rec.all(T.vpce).length, rec.all(T.endpointComponent).length], [0, 0]);
    assert.deepStrictEqual(rec.rulesOf(T.ingress, ENDPOINT_SG), Recorded.sorted([["tcp", 443, 443, id("orders-rotation-sg")], ["tcp", 443, 443, id("orders-client-sg")]]));
    assert.deepStrictEqual(rec.rulesOf(T.egress, id("orders-rotation-sg")), Recorded.sorted([["tcp", 3306, 3306, id("orders-db-sg")], ["tcp", 443, 443, ENDPOINT_SG]]));
    for (const r of rec.all(T.ingress).filter((x) => x.inputs.securityGroupId === ENDPOINT_SG)) assert.strictEqual(r.parent, rec.one(T.clusterComponent).urn, r.name);
  });

  it("managed with a shared endpoint: no rotation group, and the clients still reach Secrets Manager through the endpoint", async () => {
    const rec = new Recorded(await recordProgram(() => {
      const endpoint = new SecretsManagerEndpoint("vpc-secrets", { vpcId: VPC, subnetIds: SUBNETS });
      new RotatedCluster("orders", { vpcId: VPC, subnetIds: SUBNETS, rotation: { strategy: "managed" }, secretsManagerAccess: { endpoint } });
    }));
    const id = (name: string) => rec.one(T.sg, name).id;
    assert.deepStrictEqual(rec.all(T.sg).map((s) => s.name).sort(), ["orders-client-sg", "orders-db-sg", "vpc-secrets-sg"]);
    assert.deepStrictEqual(rec.rulesOf(T.ingress, id("vpc-secrets-sg")), [["tcp", 443, 443, id("orders-client-sg")]]);
    assert.deepStrictEqual(rec.rulesOf(T.ingress, id("orders-db-sg")), [["tcp", 5432, 5432, id("orders-client-sg")]]);
  });
});
