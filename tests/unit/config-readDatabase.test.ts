// One `databases` entry, setting by setting: what each accepts (in its string spelling too, as
// `pulumi config set --path` stores it) and the exact refusal, with the full key.
import * as assert from "assert";
import { ConfigError, loadStackConfig } from "../../config";
import type { DatabaseConfig } from "../../config";

const KEY = "rotated-rds:databases.app";

function read(settings: unknown): DatabaseConfig {
  return loadStackConfig({ "rotated-rds:databases": JSON.stringify({ app: settings }) }).databases[0];
}

function refusal(settings: unknown): string {
  try {
    read(settings);
  } catch (e) {
    assert.ok(e instanceof ConfigError, String(e));
    return e.message;
  }
  assert.fail(`accepted ${JSON.stringify(settings)}`);
}

describe("readDatabase", () => {
  it("reads an empty or null entry as the component's defaults", () => {
    assert.deepStrictEqual(read({}), { name: "app" });
    assert.deepStrictEqual(read(null), { name: "app" });
    assert.deepStrictEqual(read({ engine: null, rotation: null }), { name: "app" });
  });

  it("reads every setting, in its native or string spelling", () => {
    const db = read({
      engine: "mysql", engineVersion: 8.4, instanceClass: "db.r6g.large", allocatedStorage: "100", dbName: "orders",
      masterUsername: "owner", multiAz: "true", deletionProtection: true, backupRetentionDays: 0, skipFinalSnapshot: "false",
      kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/1", allowedSecurityGroupIds: ["sg-0abc"], allowedCidrBlocks: ["10.1.0.0/16"],
      rotation: { strategy: "alternating-users", applicationUsername: "app_user", schedule: "rate(1 day)", duration: "3h", rotateImmediately: "false", passwordLength: "41", excludeCharacters: "/@\"" },
      alerts: { email: "ops@example.com" }, logRetentionDays: 3653, tags: { CostCenter: 42, team: "db" },
    });
    assert.deepStrictEqual(db, {
      name: "app", engine: "mysql", engineVersion: "8.4", instanceClass: "db.r6g.large", allocatedStorage: 100, dbName: "orders",
      masterUsername: "owner", multiAz: true, deletionProtection: true, backupRetentionDays: 0, skipFinalSnapshot: false,
      kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/1", allowedSecurityGroupIds: ["sg-0abc"], allowedCidrBlocks: ["10.1.0.0/16"],
      rotation: { strategy: "alternating-users", applicationUsername: "app_user", schedule: "rate(1 day)", duration: "3h", rotateImmediately: false, passwordLength: 41, excludeCharacters: "/@\"" },
      alerts: { email: "ops@example.com" }, logRetentionDays: 3653, tags: { CostCenter: "42", team: "db" },
    });
    assert.deepStrictEqual(read({ alerts: { topicArn: "arn:aws:sns:eu-west-1:123456789012:ops" }, logRetentionDays: 1, allocatedStorage: 65536, backupRetentionDays: 35 }), {
      name: "app", alerts: { topicArn: "arn:aws:sns:eu-west-1:123456789012:ops" }, logRetentionDays: 1, allocatedStorage: 65536, backupRetentionDays: 35,
    });
  });

  it("reads the proxy's settings, directAccess among them, in their native or string spelling", () => {
    assert.deepStrictEqual(read({ proxy: { iamAuth: "true", directAccess: "true", idleClientTimeout: "600", maxConnectionsPercent: 50, connectionBorrowTimeout: 0 } }), {
      name: "app", proxy: { iamAuth: true, directAccess: true, idleClientTimeout: 600, maxConnectionsPercent: 50, connectionBorrowTimeout: 0 },
    });
    assert.deepStrictEqual(read({ proxy: { directAccess: false } }), { name: "app", proxy: { directAccess: false } });
    assert.deepStrictEqual(read({ proxy: {} }), { name: "app", proxy: {} }, "directAccess left to the component's default");
  });

  const refusals: Array<[string, unknown, string]> = [
    ["proxy.directAccess", { proxy: { directAccess: "yes" } }, `${KEY}.proxy.directAccess must be true or false; got "yes"`],
    ["proxy key", { proxy: { direct: true } }, `${KEY}.proxy.direct must be absent: ${KEY}.proxy accepts only iamAuth, directAccess, idleClientTimeout, maxConnectionsPercent, connectionBorrowTimeout; got true`],
    ["engineVersion", { engineVersion: " " }, `${KEY}.engineVersion must be an engine version such as "17" or "8.4"; got " "`],
    ["instanceClass", { instanceClass: "t3.micro" }, `${KEY}.instanceClass must be an RDS instance class such as "db.t4g.micro"; got "t3.micro"`],
    ["instanceClass type", { instanceClass: 5 }, `${KEY}.instanceClass must be an RDS instance class such as "db.t4g.micro"; got 5`],
    ["allocatedStorage", { allocatedStorage: 19 }, `${KEY}.allocatedStorage must be an integer from 20 to 65536; got 19`],
    ["dbName", { dbName: "" }, `${KEY}.dbName must be a non-empty string; got ""`],
    ["masterUsername", { masterUsername: 7 }, `${KEY}.masterUsername must be a non-empty string; got 7`],
    ["deletionProtection", { deletionProtection: "yes" }, `${KEY}.deletionProtection must be true or false; got "yes"`],
    ["backupRetentionDays", { backupRetentionDays: 36 }, `${KEY}.backupRetentionDays must be an integer from 0 to 35; got 36`],
    ["skipFinalSnapshot", { skipFinalSnapshot: "no" }, `${KEY}.skipFinalSnapshot must be true or false; got "no"`],
    ["kmsKeyArn", { kmsKeyArn: "key-1" }, `${KEY}.kmsKeyArn must be a KMS key ARN (arn:aws:kms:...); got "key-1"`],
    ["kmsKeyArn type", { kmsKeyArn: 1 }, `${KEY}.kmsKeyArn must be a KMS key ARN (arn:aws:kms:...); got 1`],
    ["allowedSecurityGroupIds", { allowedSecurityGroupIds: ["sg-0abc", "group"] }, `${KEY}.allowedSecurityGroupIds[1] must be a security group id such as "sg-0123456789abcdef0"; got "group"`],
    ["allowedSecurityGroupIds anchors", { allowedSecurityGroupIds: ["my-sg-0abc"] }, `${KEY}.allowedSecurityGroupIds[0] must be a security group id such as "sg-0123456789abcdef0"; got "my-sg-0abc"`],
    ["allowedSecurityGroupIds end", { allowedSecurityGroupIds: ["sg-0abc-1"] }, `${KEY}.allowedSecurityGroupIds[0] must be a security group id such as "sg-0123456789abcdef0"; got "sg-0abc-1"`],
    ["allowedSecurityGroupIds list", { allowedSecurityGroupIds: "sg-0abc" }, `${KEY}.allowedSecurityGroupIds must be a list of non-empty strings; got "sg-0abc"`],
    ["logRetentionDays", { logRetentionDays: 0 }, `${KEY}.logRetentionDays must be an integer from 1 to 3653; got 0`],
    ["tags", { tags: { team: [] } }, `${KEY}.tags.team must be a string tag value; got []`],
    ["rotation", { rotation: "fast" }, `${KEY}.rotation must be a mapping of rotation settings; got "fast"`],
    ["rotation key", { rotation: { every: "day" } }, `${KEY}.rotation.every must be absent: ${KEY}.rotation accepts only strategy, schedule, duration, rotateImmediately, passwordLength, excludeCharacters, applicationUsername; got "day"`],
    ["rotation.schedule type", { rotation: { schedule: 4 } }, `${KEY}.rotation.schedule must be a schedule expression such as "rate(4 hours)"; got 4`],
    ["rotation.duration", { rotation: { duration: 2 } }, `${KEY}.rotation.duration must be a window like "2h"; got 2`],
    ["rotation.duration default schedule", { rotation: { duration: "4h" } }, `${KEY}.rotation.duration must be a window like "2h" from 1h to 3h (1-24 hours and shorter than the 4-hour interval of "rate(4 hours)"); got "4h"`],
    ["rotation.rotateImmediately", { rotation: { rotateImmediately: "soon" } }, `${KEY}.rotation.rotateImmediately must be true or false; got "soon"`],
    ["rotation.passwordLength", { rotation: { passwordLength: 15 } }, `${KEY}.rotation.passwordLength must be an integer from 16 to 128; got 15`],
    ["rotation.passwordLength max", { rotation: { passwordLength: 129 } }, `${KEY}.rotation.passwordLength must be an integer from 16 to 128; got 129`],
    ["rotation.excludeCharacters", { rotation: { excludeCharacters: "" } }, `${KEY}.rotation.excludeCharacters must be a non-empty string; got ""`],
    ["rotation.applicationUsername", { rotation: { applicationUsername: false } }, `${KEY}.rotation.applicationUsername must be a non-empty string; got false`],
    ["alerts", { alerts: true }, `${KEY}.alerts must be a mapping of alert settings; got true`],
    ["alerts key", { alerts: { slack: "#ops" } }, `${KEY}.alerts.slack must be absent: ${KEY}.alerts accepts only email, topicArn; got "#ops"`],
    ["alerts.email", { alerts: { email: "ops@example" } }, `${KEY}.alerts.email must be an e-mail address; got "ops@example"`],
    ["alerts.email type", { alerts: { email: 5 } }, `${KEY}.alerts.email must be an e-mail address; got 5`],
    ["allowedCidrBlocks list", { allowedCidrBlocks: "10.0.0.0/8" }, `${KEY}.allowedCidrBlocks must be a list of non-empty strings; got "10.0.0.0/8"`],
    ["alerts.topicArn", { alerts: { topicArn: "ops-topic" } }, `${KEY}.alerts.topicArn must be an SNS topic ARN (arn:aws:sns:...); got "ops-topic"`],
    ["alerts.topicArn type", { alerts: { topicArn: 3 } }, `${KEY}.alerts.topicArn must be an SNS topic ARN (arn:aws:sns:...); got 3`],
    ["entry", { app: [] }.app, `${KEY} must be a mapping of database settings (or empty); got []`],
  ];
  for (const [what, settings, message] of refusals) {
    it(`refuses a bad ${what}`, () => assert.strictEqual(refusal(settings), message));
  }
});

describe("loadStackConfig's VPC keys", () => {
  const load = (raw: Record<string, string>) => loadStackConfig(raw);
  const refused = (raw: Record<string, string>): string => {
    try {
      load(raw);
    } catch (e) {
      assert.ok(e instanceof ConfigError, String(e));
      return e.message;
    }
    assert.fail("accepted");
  };
  const existing = { "rotated-rds:vpcId": "vpc-0123456789abcdef0", "rotated-rds:subnetIds": '["subnet-0aaaaaaaa","subnet-0bbbbbbbb"]' };

  it("treats an empty value as unset", () => {
    assert.deepStrictEqual(load({ "rotated-rds:alertEmail": "", "rotated-rds:vpcCidr": "" }), load({}));
  });
  it("accepts the default vpcCidr with an existing VPC, and refuses another", () => {
    assert.deepStrictEqual(load({ ...existing, "rotated-rds:vpcCidr": "10.0.0.0/16" }).vpc, { mode: "existing", vpcId: "vpc-0123456789abcdef0", subnetIds: ["subnet-0aaaaaaaa", "subnet-0bbbbbbbb"] });
    assert.strictEqual(refused({ ...existing, "rotated-rds:vpcCidr": "10.9.0.0/16" }), 'rotated-rds:vpcCidr must be unset when vpcId names an existing VPC (its CIDR is already fixed); got "10.9.0.0/16"');
  });
  it("accepts a /24 VPC and refuses a non-string vpcCidr", () => {
    assert.deepStrictEqual(load({ "rotated-rds:vpcCidr": "10.0.1.0/24" }).vpc, { mode: "create", cidrBlock: "10.0.1.0/24", availabilityZones: 2 });
    assert.strictEqual(refused({ "rotated-rds:vpcCidr": " " }), 'rotated-rds:vpcCidr must be a non-empty string; got " "');
  });
  it("refuses VPC and subnet ids that only contain a valid id", () => {
    assert.strictEqual(refused({ "rotated-rds:vpcId": "my-vpc-0123456789abcdef0" }), 'rotated-rds:vpcId must be "create" or an existing VPC id such as "vpc-0123456789abcdef0"; got "my-vpc-0123456789abcdef0"');
    assert.strictEqual(refused({ "rotated-rds:vpcId": "vpc-0123456789abcdef0-x" }), 'rotated-rds:vpcId must be "create" or an existing VPC id such as "vpc-0123456789abcdef0"; got "vpc-0123456789abcdef0-x"');
    for (const bad of ["my-subnet-0bbbbbbbb", "subnet-0bbbbbbbb-x"]) {
      assert.strictEqual(refused({ ...existing, "rotated-rds:subnetIds": JSON.stringify(["subnet-0aaaaaaaa", bad]) }), `rotated-rds:subnetIds[1] must be a subnet id such as "subnet-0123456789abcdef0"; got "${bad}"`);
    }
    assert.strictEqual(refused({ ...existing, "rotated-rds:subnetIds": "subnet-0aaaaaaaa" }), 'rotated-rds:subnetIds must be a list of non-empty strings; got "subnet-0aaaaaaaa"');
  });
});
