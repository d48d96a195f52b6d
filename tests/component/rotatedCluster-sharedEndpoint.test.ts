// Two RotatedClusters and two RotatedDatabases in one VPC sharing one SecretsManagerEndpoint: one
// endpoint, each component grants its own groups on it, nothing collides, and every component's
// outputs come from its own resources.
import * as assert from "assert";
import { RotatedCluster, RotatedDatabase, SecretsManagerEndpoint } from "../../components";
import { recordProgram, resolveDeep } from "../../plan/recorder";
import { assertOutputsFrom, componentOutputs, rotatedClusterSources, rotatedDatabaseSources } from "./identity";
import { Recorded, SUBNETS, T, VPC, missingTags } from "./records";

const REGION = "eu-west-1";
const CLUSTERS = ["orders", "billing"];
const DATABASES = ["reports", "audit"];
const ALL = [...CLUSTERS, ...DATABASES];

describe("two RotatedClusters and two RotatedDatabases in one VPC", () => {
  let rec: Recorded;
  let outputs: Record<string, Record<string, unknown>>;
  before(async () => {
    const run = await recordProgram(async () => {
      const endpoint = new SecretsManagerEndpoint("vpc-secrets", { vpcId: VPC, subnetIds: SUBNETS });
      const access = { secretsManagerAccess: { endpoint } };
      const components = {
        orders: new RotatedCluster("orders", { vpcId: VPC, subnetIds: SUBNETS, ...access, tags: { team: "orders" } }),
        billing: new RotatedCluster("billing", { vpcId: VPC, subnetIds: SUBNETS, ...access, engine: "aurora-mysql", readers: 1, rotation: { strategy: "alternating-users", applicationUsername: "billing_app" }, tags: { team: "billing" } }),
        reports: new RotatedDatabase("reports", { vpcId: VPC, subnetIds: SUBNETS, ...access, tags: { team: "reports" } }),
        audit: new RotatedDatabase("audit", { vpcId: VPC, subnetIds: SUBNETS, ...access, engine: "mysql", rotation: { strategy: "managed" }, tags: { team: "audit" } }),
      };
      return Object.fromEntries(await Promise.all(Object.entries(components).map(async ([k, c]) => [k, await resolveDeep(componentOutputs(c))])));
    }, { region: REGION });
    rec = new Recorded(run);
    outputs = run.result as Record<string, Record<string, unknown>>;
  });

  it("share one endpoint with private DNS", () => {
    assert.deepStrictEqual(rec.all(T.endpointComponent).map((r) => r.name), ["vpc-secrets"]);
    assert.strictEqual(rec.all(T.vpce).length, 1);
    assert.strictEqual(rec.one(T.vpce).inputs.privateDnsEnabled, true);
  });
  it("each grant their own rotation and client groups 443 on the endpoint, parented to themselves", () => {
    const endpointSg = rec.one(T.sg, "vpc-secrets-sg").id;
    const rotating = ["orders", "billing", "reports"];
    assert.deepStrictEqual(rec.rulesOf(T.ingress, endpointSg), Recorded.sorted([
      ...rotating.map((n): [unknown, unknown, unknown, unknown] => ["tcp", 443, 443, rec.one(T.sg, `${n}-rotation-sg`).id]),
      ...ALL.map((n): [unknown, unknown, unknown, unknown] => ["tcp", 443, 443, rec.one(T.sg, `${n}-client-sg`).id]),
    ]));
    for (const n of CLUSTERS) {
      const owner = rec.one(T.clusterComponent, n).urn;
      assert.strictEqual(rec.one(T.ingress, `${n}-endpoint-from-rotation`).parent, owner, n);
      assert.strictEqual(rec.one(T.ingress, `${n}-endpoint-from-client`).parent, owner, n);
    }
  });
  it("admit each cluster's port from its own rotation and client groups only", () => {
    for (const [n, port] of [["orders", 5432], ["billing", 3306]] as const) {
      assert.deepStrictEqual(rec.rulesOf(T.ingress, rec.one(T.sg, `${n}-db-sg`).id), Recorded.sorted([
        ["tcp", port, port, rec.one(T.sg, `${n}-rotation-sg`).id],
        ["tcp", port, port, rec.one(T.sg, `${n}-client-sg`).id],
      ]), n);
    }
  });
  it("start each cluster's first rotation only once the shared endpoint and its own grant exist", () => {
    for (const n of CLUSTERS) {
      const deps = rec.dependsOn(T.rotation, `${n}-rotation-schedule`);
      for (const dep of [`${T.vpce} vpc-secrets-endpoint`, `${T.ingress} ${n}-endpoint-from-rotation`, `${T.clusterInstance} ${n}-writer`]) {
        assert.ok(deps.includes(dep), `${n}-rotation-schedule must wait for ${dep}; waits for ${deps.join(", ")}`);
      }
    }
  });
  it("never collide: URNs, function names, log groups", () => {
    const urns = rec.record.resources.map((r) => r.urn);
    assert.strictEqual(new Set(urns).size, urns.length);
    assert.strictEqual(new Set(rec.all(T.fn).map((f) => f.inputs.name)).size, 3);
    assert.strictEqual(new Set(rec.all(T.logGroup).map((g) => g.inputs.name)).size, 3);
  });
  it("tag their own children with their own tags", () => {
    for (const n of ALL) {
      const owner = rec.record.resources.find((r) => !r.custom && r.name === n)!.urn;
      const children = rec.record.resources.filter((r) => r.parent === owner);
      assert.ok(children.length > 0, n);
      assert.deepStrictEqual(missingTags(children, { team: n, "rotated-rds:database": n }), [], n);
    }
  });
  it("output each from their own resources", () => {
    const resources = rec.record.resources;
    assertOutputsFrom("orders", outputs.orders, rotatedClusterSources(resources, "orders", { strategy: "single-user", region: REGION }), resources);
    assertOutputsFrom("billing", outputs.billing, rotatedClusterSources(resources, "billing", { strategy: "alternating-users", region: REGION }), resources);
    assertOutputsFrom("reports", outputs.reports, rotatedDatabaseSources(resources, "reports", { strategy: "single-user", region: REGION }), resources);
    assertOutputsFrom("audit", outputs.audit, rotatedDatabaseSources(resources, "audit", { strategy: "managed", region: REGION }), resources);
  });
});

describe("a RotatedCluster and a RotatedDatabase of the same name in one stack", () => {
  it("get rotation functions of different names (their children's URNs differ by the parent's type)", async () => {
    const rec = new Recorded(await recordProgram(() => {
      const endpoint = new SecretsManagerEndpoint("vpc-secrets", { vpcId: VPC, subnetIds: SUBNETS });
      new RotatedCluster("app", { vpcId: VPC, subnetIds: SUBNETS, secretsManagerAccess: { endpoint } });
      new RotatedDatabase("app", { vpcId: VPC, subnetIds: SUBNETS, secretsManagerAccess: { endpoint } });
    }));
    const names = rec.all(T.fn).map((f) => String(f.inputs.name));
    assert.strictEqual(names.length, 2);
    assert.notStrictEqual(names[0], names[1]);
    const urns = rec.record.resources.map((r) => r.urn);
    assert.strictEqual(new Set(urns).size, urns.length);
  });
});
