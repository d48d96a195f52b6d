// Several databases in one stack, the shared endpoint, refusing bad arguments before anything
// registers, and the Lambda code reference under mocks.
import * as assert from "assert";
import * as path from "path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { RotatedDatabase, SecretsManagerEndpoint } from "../../components";
import { rotationCode } from "../../components/rotationResources";
import { recordProgram } from "../../plan/recorder";
import { Recorded, SUBNETS, T, UNTAGGABLE, VPC, missingTags } from "./records";

describe("two RotatedDatabases in one VPC", () => {
  let rec: Recorded;
  before(async () => {
    rec = new Recorded(await recordProgram(() => {
      const endpoint = new SecretsManagerEndpoint("vpc-secrets", { vpcId: VPC, subnetIds: SUBNETS });
      new RotatedDatabase("orders", { vpcId: VPC, subnetIds: SUBNETS, secretsManagerAccess: { endpoint }, tags: { team: "orders" } });
      new RotatedDatabase("billing", { vpcId: VPC, subnetIds: SUBNETS, engine: "mysql", secretsManagerAccess: { endpoint }, tags: { team: "billing" } });
    }));
  });

  it("share one endpoint with private DNS", () => {
    assert.strictEqual(rec.all(T.vpce).length, 1);
    assert.strictEqual(rec.all(T.endpointComponent).length, 1);
    assert.strictEqual(rec.one(T.vpce).inputs.privateDnsEnabled, true);
  });
  it("each grant their rotation and client groups 443 on the endpoint, parented to the database", () => {
    const endpointSg = rec.one(T.sg, "vpc-secrets-sg").id;
    assert.deepStrictEqual(rec.rulesOf(T.ingress, endpointSg), Recorded.sorted([
      ["tcp", 443, 443, rec.one(T.sg, "orders-rotation-sg").id],
      ["tcp", 443, 443, rec.one(T.sg, "orders-client-sg").id],
      ["tcp", 443, 443, rec.one(T.sg, "billing-rotation-sg").id],
      ["tcp", 443, 443, rec.one(T.sg, "billing-client-sg").id],
    ]));
    for (const db of ["orders", "billing"]) {
      assert.strictEqual(rec.one(T.ingress, `${db}-endpoint-from-rotation`).parent, rec.one(T.db, db).urn);
      assert.strictEqual(rec.one(T.ingress, `${db}-endpoint-from-client`).parent, rec.one(T.db, db).urn);
      assert.deepStrictEqual(rec.rulesOf(T.egress, rec.one(T.sg, `${db}-rotation-sg`).id).map((r) => r[3]).sort(), [rec.one(T.sg, `${db}-db-sg`).id, endpointSg].sort());
    }
  });
  it("start rotating only once the shared endpoint and their own grant on it exist", () => {
    for (const db of ["orders", "billing"]) {
      const actual = rec.dependsOn(T.rotation, `${db}-rotation-schedule`);
      for (const dep of [`${T.vpce} vpc-secrets-endpoint`, `${T.ingress} ${db}-endpoint-from-rotation`]) {
        assert.ok(actual.includes(dep), `${T.rotation} ${db}-rotation-schedule must wait for ${dep} (dependsOn); waits for ${actual.join(", ")}`);
      }
    }
  });
  it("never collide", () => {
    const urns = rec.record.resources.map((r) => r.urn);
    assert.strictEqual(new Set(urns).size, urns.length);
    const functionNames = rec.all(T.fn).map((f) => f.inputs.name);
    assert.strictEqual(new Set(functionNames).size, 2);
    const logGroups = rec.all(T.logGroup).map((g) => g.inputs.name);
    assert.strictEqual(new Set(logGroups).size, 2);
  });
  it("tag their own children with their own tags", () => {
    for (const db of ["orders", "billing"]) {
      const children = rec.record.resources.filter((r) => r.parent === rec.one(T.db, db).urn);
      assert.deepStrictEqual(missingTags(children, { team: db, "rotated-rds:database": db }), []);
    }
  });
  it("parent every child to its own component", () => {
    const components = new Map(rec.record.resources.filter((r) => !r.custom).map((r) => [r.name, r.urn]));
    for (const r of rec.record.resources.filter((x) => x.custom)) {
      const owner = ["orders", "billing", "vpc-secrets"].find((n) => r.name.startsWith(`${n}-`));
      assert.ok(owner, r.name);
      assert.strictEqual(r.parent, components.get(owner), `${r.type} ${r.name}`);
    }
  });
});

describe("two endpoints in one VPC", () => {
  const conflict = /only one endpoint per VPC can carry private DNS; create one SecretsManagerEndpoint and pass secretsManagerAccess: \{ endpoint \} to every RotatedDatabase in that VPC$/;

  it("are refused for a second database creating its own, before any of its children registers", async () => {
    let error: unknown;
    const rec = new Recorded(await recordProgram(() => {
      new RotatedDatabase("orders", { vpcId: VPC, subnetIds: SUBNETS });
      try { new RotatedDatabase("billing", { vpcId: VPC, subnetIds: SUBNETS }); } catch (e) { error = e; }
    }));
    assert.ok(pulumi.ResourceError.isInstance(error), String(error));
    assert.match((error as Error).message, /^RotatedDatabase "billing": secretsManagerAccess \{"createEndpoint":true\}: VPC "vpc-0123456789abcdef0" already has the Secrets Manager endpoint "orders-secretsmanager" in this program/);
    assert.match((error as Error).message, conflict);
    assert.deepStrictEqual(rec.record.resources.filter((r) => r.custom && r.name.startsWith("billing-")).map((r) => r.name), []);
  });
  it("are refused for a database creating its own next to a shared one, also when the VPC is an Output", async () => {
    let error: unknown;
    await recordProgram(() => {
      const vpcId = pulumi.output(VPC);
      new SecretsManagerEndpoint("vpc-secrets", { vpcId, subnetIds: SUBNETS });
      try { new RotatedDatabase("orders", { vpcId, subnetIds: SUBNETS }); } catch (e) { error = e; }
    });
    assert.match(String((error as Error)?.message), /^RotatedDatabase "orders": .*VPC \(the same vpcId Output\) already has the Secrets Manager endpoint "vpc-secrets"/);
  });
  it("are refused for a second SecretsManagerEndpoint", async () => {
    let error: unknown;
    await recordProgram(() => {
      new SecretsManagerEndpoint("a", { vpcId: VPC, subnetIds: SUBNETS });
      try { new SecretsManagerEndpoint("b", { vpcId: VPC, subnetIds: SUBNETS }); } catch (e) { error = e; }
    });
    assert.ok(pulumi.ResourceError.isInstance(error));
    assert.match((error as Error).message, /^SecretsManagerEndpoint "b": VPC "vpc-0123456789abcdef0" already has the Secrets Manager endpoint "a"/);
  });
  it("are fine in different VPCs, and managed or NAT databases create none", async () => {
    const rec = new Recorded(await recordProgram(() => {
      new RotatedDatabase("orders", { vpcId: VPC, subnetIds: SUBNETS });
      new RotatedDatabase("billing", { vpcId: "vpc-0fedcba987654321f", subnetIds: SUBNETS });
      new RotatedDatabase("reports", { vpcId: VPC, subnetIds: SUBNETS, rotation: { strategy: "managed" } });
      new RotatedDatabase("audit", { vpcId: VPC, subnetIds: SUBNETS, secretsManagerAccess: { natGateway: true } });
    }));
    assert.deepStrictEqual(rec.all(T.endpointComponent).map((r) => r.name).sort(), ["billing-secretsmanager", "orders-secretsmanager"]);
  });
});

describe("children left untagged", () => {
  it("are of types whose provider resource takes no tags", () => {
    for (const [type, resourceClass] of UNTAGGABLE) {
      assert.ok(!resourceClass.toString().includes('resourceInputs["tags"]'), `${type} takes tags`);
    }
    // The check itself tells a taggable class apart.
    assert.ok(aws.secretsmanager.Secret.toString().includes('resourceInputs["tags"]'));
  });
});

describe("bad arguments", () => {
  async function refused(args: Parameters<typeof construct>[0]): Promise<{ error: unknown; rec: Recorded }> {
    let error: unknown;
    const run = await recordProgram(() => {
      try { construct(args); } catch (e) { error = e; }
    });
    return { error, rec: new Recorded(run) };
  }
  function construct(args: ConstructorParameters<typeof RotatedDatabase>[1]) {
    return new RotatedDatabase("bad", args);
  }

  it("throw a ResourceError naming every problem before any child registers", async () => {
    const { error, rec } = await refused({ vpcId: VPC, subnetIds: ["subnet-0aaa1111"], allowedCidrBlocks: ["0.0.0.0/0"], rotation: { schedule: "rate(1 hours)" } });
    assert.ok(pulumi.ResourceError.isInstance(error), String(error));
    const message = (error as Error).message;
    assert.match(message, /^RotatedDatabase "bad": subnetIds must list at least 2 private subnets/);
    assert.match(message, /allowedCidrBlocks\[0\] must be .*got "0\.0\.0\.0\/0"/);
    assert.match(message, /rotation\.schedule must be at least every 4 hours; got "rate\(1 hours\)"/);
    assert.deepStrictEqual(rec.record.resources.filter((r) => r.custom).map((r) => r.name), []);
    assert.deepStrictEqual(rec.record.calls, []);
  });
  it("refuse managed with an application user", async () => {
    const { error, rec } = await refused({ vpcId: VPC, subnetIds: SUBNETS, rotation: { strategy: "managed", applicationUsername: "app" } });
    assert.match(String((error as Error).message), /rotation\.applicationUsername needs the "alternating-users" strategy/);
    assert.strictEqual(rec.record.resources.filter((r) => r.custom).length, 0);
  });
});

describe("rotation code under mocks", () => {
  it("references the bundle path without needing the file", async () => {
    let bundle: string | undefined;
    await recordProgram(async () => {
      const archive = rotationCode(path.join(__dirname, "..", "..", "components")) as pulumi.asset.AssetArchive;
      const assets = await archive.assets;
      bundle = await (assets["index.js"] as pulumi.asset.FileAsset).path;
    });
    assert.strictEqual(bundle, path.join(__dirname, "..", "..", "dist", "rotation-lambda", "index.js"));
  });
});
