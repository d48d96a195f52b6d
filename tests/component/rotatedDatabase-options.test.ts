// Network and alert options: NAT, named clients and CIDRs, a customer key, an existing topic, e-mail.
import * as assert from "assert";
import { RotatedDatabase } from "../../components";
import { PolicyDocument } from "../../components/rotationPolicy";
import { recordProgram } from "../../plan/recorder";
import { Recorded, SUBNETS, T, VPC, missingTags } from "./records";

const KEY = "arn:aws:kms:us-east-1:123456789012:key/0000-1111";
const TOPIC = "arn:aws:sns:us-east-1:123456789012:ops-alerts";

describe("RotatedDatabase options", () => {
  let rec: Recorded;
  before(async () => {
    rec = new Recorded(await recordProgram(() => {
      new RotatedDatabase("app", {
        vpcId: VPC, subnetIds: SUBNETS,
        secretsManagerAccess: { natGateway: true },
        allowedSecurityGroupIds: ["sg-0app0000000000001"],
        allowedCidrBlocks: ["10.20.0.0/16", "fd00:10::/64"],
        kmsKeyArn: KEY,
        alerts: { topicArn: TOPIC },
        deletionProtection: true,
        skipFinalSnapshot: true,
        multiAz: true,
        rotation: { schedule: "cron(0 2 * * ? *)", duration: "3h", rotateImmediately: false },
        tags: { team: "ops" },
      });
    }));
  });
  const id = (name: string) => rec.one(T.sg, name).id;

  it("admits named groups and CIDRs besides the rotation and client groups", () => {
    assert.deepStrictEqual(rec.rulesOf(T.ingress, id("app-db-sg")), Recorded.sorted([
      ["tcp", 5432, 5432, id("app-rotation-sg")],
      ["tcp", 5432, 5432, id("app-client-sg")],
      ["tcp", 5432, 5432, "sg-0app0000000000001"],
      ["tcp", 5432, 5432, "10.20.0.0/16"],
      ["tcp", 5432, 5432, "fd00:10::/64"],
    ]));
  });
  it("through NAT: no endpoint, and 443 egress to anywhere is the only open rule", () => {
    assert.deepStrictEqual([rec.all(T.vpce).length, rec.all(T.endpointComponent).length], [0, 0]);
    assert.deepStrictEqual(rec.rulesOf(T.egress, id("app-rotation-sg")), Recorded.sorted([
      ["tcp", 5432, 5432, id("app-db-sg")],
      ["tcp", 443, 443, "0.0.0.0/0"],
    ]));
  });
  it("through NAT: the first rotation waits for the 443 egress rule", () => {
    assert.ok(rec.dependsOn(T.rotation, "app-rotation-schedule").includes(`${T.egress} app-rotation-to-secretsmanager-nat`),
      `${T.rotation} app-rotation-schedule must wait for the 443 egress rule (dependsOn)`);
  });
  it("encrypts storage and the secret with the customer key, and lets the function use it", () => {
    assert.strictEqual(rec.one(T.instance).inputs.kmsKeyId, KEY);
    assert.strictEqual(rec.one(T.secret).inputs.kmsKeyId, KEY);
    const policy = rec.json(T.rolePolicy, "app-rotation-policy", "policy") as PolicyDocument;
    assert.deepStrictEqual(policy.Statement.find((s) => s.Sid === "UseSecretKey")?.Resource, KEY);
  });
  it("tags every taggable child, the NAT rule included", () => {
    assert.deepStrictEqual(missingTags(rec.record.resources, { team: "ops", "rotated-rds:database": "app" }), []);
  });
  it("notifies the given topic and creates none", () => {
    assert.deepStrictEqual([rec.all(T.topic).length, rec.all(T.topicPolicy).length], [0, 0]);
    assert.strictEqual(rec.one(T.eventTarget).inputs.arn, TOPIC);
    assert.deepStrictEqual(rec.one(T.alarm).inputs.alarmActions, [TOPIC]);
  });
  it("passes the database settings and the schedule through", () => {
    const i = rec.one(T.instance).inputs;
    assert.deepStrictEqual([i.deletionProtection, i.skipFinalSnapshot, i.finalSnapshotIdentifier, i.multiAz], [true, true, undefined, true]);
    const r = rec.one(T.rotation).inputs;
    assert.deepStrictEqual([r.rotationRules, r.rotateImmediately], [{ scheduleExpression: "cron(0 2 * * ? *)", duration: "3h" }, false]);
  });
});

describe("RotatedDatabase alert e-mail", () => {
  it("subscribes the address to the created topic", async () => {
    const rec = new Recorded(await recordProgram(() => {
      new RotatedDatabase("app", { vpcId: VPC, subnetIds: SUBNETS, alerts: { email: "ops@example.com" } });
    }));
    assert.deepStrictEqual(missingTags(rec.record.resources, { "rotated-rds:database": "app" }), []);
    const s = rec.one(T.subscription).inputs;
    assert.deepStrictEqual([s.topic, s.protocol, s.endpoint], [rec.out(T.topic, "app-alerts", "arn"), "email", "ops@example.com"]);
  });
});
