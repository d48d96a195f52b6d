// What an application needs from a RotatedDatabase, on the recorded resources: its client group's way to
// Secrets Manager for each secretsManagerAccess choice, the endpoint's grants (deduplicated when two
// databases name one application group), and grantRead's policy on a given role.
import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { RotatedDatabase, SecretsManagerEndpoint } from "../../components";
import { recordProgram, unwrapSecrets } from "../../plan/recorder";
import { expectedApplicationPolicy } from "./identity";
import { Recorded, SUBNETS, T, VPC } from "./records";

const APP_SG = "sg-0a0a0a0a0a0a0a0a0";
const EXISTING = { endpointId: "vpce-0123456789abcdef0", securityGroupId: "sg-0e0e0e0e0e0e0e0e0" };

async function record(build: () => void): Promise<Recorded> {
  return new Recorded(await recordProgram(build, { region: "eu-west-1" }));
}

describe("RotatedDatabase: applications reach Secrets Manager", () => {
  describe("through an existing endpoint", () => {
    let rec: Recorded;
    before(async () => {
      rec = await record(() => {
        new RotatedDatabase("orders", { vpcId: VPC, subnetIds: SUBNETS, allowedSecurityGroupIds: [APP_SG], secretsManagerAccess: { existingEndpoint: EXISTING } });
        new RotatedDatabase("reports", { vpcId: VPC, subnetIds: SUBNETS, rotation: { strategy: "managed" }, secretsManagerAccess: { existingEndpoint: EXISTING } });
      });
    });

    it("creates no endpoint and adds 443 from the rotation, client and allowed groups to the endpoint's group", () => {
      assert.deepStrictEqual(rec.all(T.vpce), []);
      assert.deepStrictEqual(rec.all(T.endpointComponent), []);
      assert.deepStrictEqual(rec.rulesOf(T.ingress, EXISTING.securityGroupId), Recorded.sorted([
        ["tcp", 443, 443, rec.out(T.sg, "orders-rotation-sg", "id")],
        ["tcp", 443, 443, rec.out(T.sg, "orders-client-sg", "id")],
        ["tcp", 443, 443, APP_SG],
        ["tcp", 443, 443, rec.out(T.sg, "reports-client-sg", "id")],
      ]));
      for (const name of ["orders-endpoint-from-rotation", "orders-endpoint-from-client", "orders-endpoint-from-sg-0"]) {
        assert.strictEqual(rec.one(T.ingress, name).parent, rec.one(T.db, "orders").urn, `${name} must go away with orders`);
      }
    });

    it("points the rotation and client groups' 443 egress at the endpoint's group", () => {
      for (const group of ["orders-rotation-sg", "orders-client-sg", "reports-client-sg"]) {
        const egress = rec.rulesOf(T.egress, rec.out(T.sg, group, "id")).filter(([, from]) => from === 443);
        assert.deepStrictEqual(egress, [["tcp", 443, 443, EXISTING.securityGroupId]], group);
      }
    });

    it("starts rotating only after its grants on the endpoint's group exist", () => {
      const deps = rec.dependsOn(T.rotation, "orders-rotation-schedule");
      assert.ok(deps.includes(`${T.ingress} orders-endpoint-from-rotation`), deps.join(", "));
    });
  });

  it("through NAT: the client group gets 443 to anywhere, as the rotation group does, and no endpoint rule exists", async () => {
    const rec = await record(() => {
      new RotatedDatabase("orders", { vpcId: VPC, subnetIds: SUBNETS, secretsManagerAccess: { natGateway: true } });
    });
    const db = rec.out(T.sg, "orders-db-sg", "id");
    for (const group of ["orders-client-sg", "orders-rotation-sg"]) {
      assert.deepStrictEqual(rec.rulesOf(T.egress, rec.out(T.sg, group, "id")), Recorded.sorted([["tcp", 443, 443, "0.0.0.0/0"], ["tcp", 5432, 5432, db]]), group);
    }
    assert.deepStrictEqual(rec.all(T.ingress).filter((r) => r.inputs.fromPort === 443).map((r) => r.name), []);
  });

  it("managed with the default: creates no endpoint, and the client group keeps the database port only", async () => {
    const rec = await record(() => {
      new RotatedDatabase("orders", { vpcId: VPC, subnetIds: SUBNETS, rotation: { strategy: "managed" } });
    });
    assert.deepStrictEqual(rec.all(T.vpce), []);
    assert.deepStrictEqual(rec.rulesOf(T.egress, rec.out(T.sg, "orders-client-sg", "id")), [["tcp", 5432, 5432, rec.out(T.sg, "orders-db-sg", "id")]]);
  });

  it("admits an application group two databases (and the endpoint) name once: AWS refuses duplicate rules", async () => {
    const rec = await record(() => {
      const endpoint = new SecretsManagerEndpoint("shared", { vpcId: VPC, subnetIds: SUBNETS, allowedSecurityGroupIds: [APP_SG] });
      new RotatedDatabase("orders", { vpcId: VPC, subnetIds: SUBNETS, allowedSecurityGroupIds: [APP_SG], secretsManagerAccess: { endpoint } });
      new RotatedDatabase("billing", { vpcId: VPC, subnetIds: SUBNETS, allowedSecurityGroupIds: [APP_SG], secretsManagerAccess: { endpoint } });
    });
    const endpointSg = rec.out(T.sg, "shared-sg", "id");
    const fromApp = rec.all(T.ingress).filter((r) => r.inputs.securityGroupId === endpointSg && r.inputs.referencedSecurityGroupId === APP_SG);
    assert.deepStrictEqual(fromApp.map((r) => r.name), ["shared-allow-0"]);
    // The database port is another matter: each database's own group admits the application.
    for (const db of ["orders", "billing"]) {
      assert.ok(rec.rulesOf(T.ingress, rec.out(T.sg, `${db}-db-sg`, "id")).some(([, , , peer]) => peer === APP_SG), db);
    }
  });
});

describe("RotatedDatabase.grantRead", () => {
  const KEY = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
  const trust = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }] });

  it("attaches the application policy to each role, named after database and role, parented to the database", async () => {
    const rec = await record(() => {
      const orders = new RotatedDatabase("orders", { vpcId: VPC, subnetIds: SUBNETS, kmsKeyArn: KEY });
      const reports = new RotatedDatabase("reports", { vpcId: VPC, subnetIds: SUBNETS, rotation: { strategy: "managed" }, secretsManagerAccess: { natGateway: true } });
      const api = new aws.iam.Role("api-task", { assumeRolePolicy: trust });
      const worker = new aws.iam.Role("worker-task", { assumeRolePolicy: trust });
      orders.grantRead(api);
      orders.grantRead(worker);
      reports.grantRead(api);
      reports.grantRead(api, { name: "api-second-grant" });
    });
    const ordersSecret = String(rec.out(T.secret, "orders-secret", "arn"));
    const managedSecret = String((rec.out(T.instance, "reports-db", "masterUserSecrets") as Array<{ secretArn: string }>)[0].secretArn);
    const expected: Array<[string, string, string, string]> = [
      ["orders-read-api-task", "api-task", "orders", expectedApplicationPolicy(ordersSecret, "eu-west-1", KEY)],
      ["orders-read-worker-task", "worker-task", "orders", expectedApplicationPolicy(ordersSecret, "eu-west-1", KEY)],
      ["reports-read-api-task", "api-task", "reports", expectedApplicationPolicy(managedSecret, "eu-west-1")],
      ["reports-read-api-second-grant", "api-task", "reports", expectedApplicationPolicy(managedSecret, "eu-west-1")],
    ];
    for (const [name, role, db, policy] of expected) {
      const grant = rec.one(T.rolePolicy, name);
      assert.strictEqual(grant.inputs.role, rec.out(T.role, role, "id"), `${name} is not on ${role}`);
      assert.strictEqual(unwrapSecrets(grant.inputs.policy), policy, name);
      assert.strictEqual(grant.parent, rec.one(T.db, db).urn, `${name} is not parented to ${db}`);
    }
  });

  it("refuses a second grant of the same role, naming the policy", async () => {
    let error: unknown;
    await recordProgram(() => {
      const orders = new RotatedDatabase("orders", { vpcId: VPC, subnetIds: SUBNETS });
      const api = new aws.iam.Role("api-task", { assumeRolePolicy: trust });
      orders.grantRead(api);
      try {
        orders.grantRead(api);
      } catch (err) {
        error = err;
      }
    });
    assert.match(String((error as Error)?.message), /^RotatedDatabase "orders": grantRead already attached orders-read-api-task; a role needs one grant per database/);
  });
});
