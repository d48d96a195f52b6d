// The CLI's pure parts without any AWS: doctor's checks over hand-built snapshots (the cases moto
// cannot stage: deprecated runtimes, policies without sourceArn, internet-gateway routes, overdue
// rotations, VPC mismatches), the security-group arithmetic, the AWS error mapping, rotation phases and
// the stack-outputs lookup.
import { strict as assert } from "assert";
import { toCliError } from "../../cli/aws/awsCall";
import { checkFunction, checkFunctionTls, checkInvokePermission } from "../../cli/doctor/checks/functionChecks";
import { checkMasterSecret } from "../../cli/doctor/checks/secretChecks";
import { checkDatabaseReachable, checkFunctionNetwork } from "../../cli/doctor/checks/networkChecks";
import { checkLastRotation, scheduleIntervalMs } from "../../cli/doctor/checks/rotationChecks";
import { cidrContains, groupAllowing } from "../../cli/doctor/checks/securityGroupRules";
import type { DoctorSnapshot, FunctionInfo, NetworkInfo } from "../../cli/doctor/snapshot";
import { EXIT } from "../../cli/exitCodes";
import { rotationProgress } from "../../cli/rotate/rotationProgress";
import { secretIdFromOutputs } from "../../cli/secret/resolveSecretId";

const SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:app-AbCdEf";
const NOW = new Date("2026-12-01T12:00:00Z");

function fn(over: Partial<FunctionInfo> = {}): FunctionInfo {
  return { arn: "arn:aws:lambda:eu-west-1:123456789012:function:rot", name: "rot", runtime: "nodejs22.x", state: "Active", vpcId: "vpc-1", subnetIds: ["subnet-a"], securityGroupIds: ["sg-fn"], logGroup: "/aws/lambda/rot", ...over };
}

function snapshot(over: Partial<DoctorSnapshot> = {}): DoctorSnapshot {
  return { now: NOW, region: "eu-west-1", secretId: SECRET, secret: { ok: true, value: { ARN: SECRET, Name: "app", RotationEnabled: true } }, fn: { ok: true, value: fn() }, ...over };
}

function network(over: Partial<NetworkInfo> = {}): NetworkInfo {
  return { vpcId: "vpc-1", vpcCidrs: ["10.0.0.0/16"], subnets: [{ id: "subnet-a", vpcId: "vpc-1", cidr: "10.0.1.0/24", availabilityZone: "eu-west-1a" }], routeTables: [], endpoints: [], securityGroups: [], ...over };
}

const policy = (condition?: Record<string, Record<string, string>>) =>
  JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { Service: "secretsmanager.amazonaws.com" }, Action: "lambda:InvokeFunction", ...(condition ? { Condition: condition } : {}) }] });

describe("CLI: doctor checks over snapshots", () => {
  it("fails a runtime Lambda has deprecated and warns before the date", () => {
    const old = checkFunction(snapshot({ fn: { ok: true, value: fn({ runtime: "nodejs18.x" }) } }));
    assert.equal(old.status, "failure");
    assert.equal(old.why, "function rot runs nodejs18.x, deprecated by Lambda since 2025-09-01");
    const soon = checkFunction(snapshot({ now: new Date("2027-03-01T00:00:00Z") }));
    assert.equal(soon.status, "warning");
    assert.equal(soon.why, "function rot runs nodejs22.x, which Lambda deprecates on 2027-04-30");
    assert.equal(checkFunction(snapshot({ fn: { ok: true, value: fn({ state: "Failed", stateReason: "subnet deleted" }) } })).why, "function rot is Failed: subnet deleted");
  });

  it("warns about a Node.js 20+ function without the runtime's RDS CA bundle, and fails a disabled verification", () => {
    const bare = checkFunctionTls(snapshot());
    assert.equal(bare.status, "warning");
    assert.equal(bare.fix, "set NODE_EXTRA_CA_CERTS=/var/runtime/ca-cert.pem in the function's environment");
    assert.equal(checkFunctionTls(snapshot({ fn: { ok: true, value: fn({ extraCaCerts: "/var/runtime/ca-cert.pem" }) } })).status, "ok");
    assert.equal(checkFunctionTls(snapshot({ fn: { ok: true, value: fn({ runtime: "python3.12" }) } })).status, "ok");
    assert.equal(checkFunctionTls(snapshot({ fn: { ok: true, value: fn({ extraCaCerts: "/x", tlsVerify: "insecure-tests-only" }) } })).status, "failure");
  });

  it("checks the invoke permission: none, no sourceArn, another secret, no sourceAccount, complete", () => {
    const run = (p: string | undefined) => checkInvokePermission(snapshot({ fnPolicy: { ok: true, value: p } }));
    assert.equal(run(undefined).why, "function rot has no resource policy: Secrets Manager cannot invoke it");
    assert.equal(run(policy()).status, "warning");
    assert.match(run(policy()).why, /without sourceArn/);
    const other = run(policy({ ArnLike: { "AWS:SourceArn": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:other-*" } }));
    assert.equal(other.status, "failure");
    assert.equal(other.why, `the permission's sourceArn (arn:aws:secretsmanager:eu-west-1:123456789012:secret:other-*) does not match the secret ${SECRET}`);
    assert.match(run(policy({ ArnLike: { "AWS:SourceArn": SECRET } })).why, /no sourceAccount/);
    const good = run(policy({ ArnLike: { "AWS:SourceArn": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:app-*" }, StringEquals: { "AWS:SourceAccount": "123456789012" } }));
    assert.equal(good.status, "ok");
  });

  it("explains a default route to an internet gateway, which a function cannot use", () => {
    const net = network({ routeTables: [{ id: "rtb-1", vpcId: "vpc-1", main: true, subnetIds: [], routes: [{ destination: "0.0.0.0/0", gatewayId: "igw-1" }] }] });
    const r = checkFunctionNetwork(snapshot({ network: { ok: true, value: net } }));
    assert.equal(r.status, "failure");
    assert.match(r.why, /subnet-a routes 0\.0\.0\.0\/0 to igw-1, an internet gateway, but a Lambda function's network interfaces have no public IP/);
  });

  it("prefers a subnet's own route table over the main one, and warns when only some subnets have NAT", () => {
    const net = network({
      subnets: [
        { id: "subnet-a", vpcId: "vpc-1", cidr: "10.0.1.0/24", availabilityZone: "eu-west-1a" },
        { id: "subnet-b", vpcId: "vpc-1", cidr: "10.0.2.0/24", availabilityZone: "eu-west-1b" },
      ],
      routeTables: [
        { id: "rtb-main", vpcId: "vpc-1", main: true, subnetIds: [], routes: [{ destination: "0.0.0.0/0", natGatewayId: "nat-1" }] },
        { id: "rtb-b", vpcId: "vpc-1", main: false, subnetIds: ["subnet-b"], routes: [{ destination: "10.0.0.0/16", gatewayId: "local" }] },
      ],
    });
    const r = checkFunctionNetwork(snapshot({ fn: { ok: true, value: fn({ subnetIds: ["subnet-a", "subnet-b"] }) }, network: { ok: true, value: net } }));
    assert.equal(r.status, "warning");
    assert.match(r.why, /subnet subnet-b \(eu-west-1b\) has no route to a NAT gateway.*subnet-a \(eu-west-1a\) use a NAT gateway, so rotations fail when the function runs there$/);
  });

  it("says when function and database are in different VPCs, or the function in none", () => {
    const db = { ok: true as const, value: { identifier: "db1", engine: "postgres", vpcId: "vpc-2", status: "available", port: 5432, subnetIds: [], securityGroupIds: [] } };
    assert.equal(checkDatabaseReachable(snapshot({ database: db })).why, "function rot runs in vpc-1 but instance db1 is in vpc-2");
    assert.equal(checkDatabaseReachable(snapshot({ database: db, fn: { ok: true, value: fn({ vpcId: undefined, subnetIds: [] }) } })).why, "function rot is not in a VPC, so it cannot reach instance db1 in vpc-2 on its private address");
  });

  it("fails a last rotation older than the schedule allows", () => {
    const secret = { ok: true as const, value: { ARN: SECRET, RotationEnabled: true, RotationRules: { ScheduleExpression: "rate(4 hours)", Duration: "2h" }, LastRotatedDate: new Date("2026-12-01T04:00:00Z") } };
    const r = checkLastRotation(snapshot({ secret }));
    assert.equal(r.status, "failure");
    assert.equal(r.why, "last rotated 2026-12-01T04:00:00Z (8 h ago); with rate(4 hours) the next one was due by 2026-12-01T11:00:00Z: rotations are failing or not starting");
    assert.equal(scheduleIntervalMs({ ScheduleExpression: "cron(0 4 * * ? *)" }), undefined);
    assert.equal(scheduleIntervalMs({ AutomaticallyAfterDays: 2 }), 2 * 86_400_000);
  });
});

describe("CLI: security-group arithmetic", () => {
  it("contains CIDR blocks by prefix", () => {
    assert.ok(cidrContains("0.0.0.0/0", "10.1.2.0/24"));
    assert.ok(cidrContains("10.0.0.0/16", "10.0.3.0/24"));
    assert.ok(!cidrContains("10.0.3.0/24", "10.0.0.0/16"));
    assert.ok(!cidrContains("10.1.0.0/16", "10.0.3.0/24"));
  });

  it("finds the group that lets a port through to a peer by group or by CIDR, and none for another port", () => {
    const groups = [{ id: "sg-1", ingress: [{ protocol: "tcp", fromPort: 5432, toPort: 5432, cidrs: ["10.0.0.0/16"], groupIds: [] }], egress: [] }];
    assert.equal(groupAllowing(groups, "ingress", 5432, { groupIds: ["sg-fn"], cidrs: ["10.0.1.0/24"] }), "sg-1");
    assert.equal(groupAllowing(groups, "ingress", 3306, { groupIds: ["sg-fn"], cidrs: ["10.0.1.0/24"] }), undefined);
    assert.equal(groupAllowing([{ id: "sg-2", ingress: [], egress: [{ protocol: "-1", cidrs: [], groupIds: ["sg-db"] }] }], "egress", 5432, { groupIds: ["sg-db"], cidrs: [] }), "sg-2");
  });
});

describe("CLI: AWS error mapping", () => {
  const context = { action: "secretsmanager:GetSecretValue", subject: 'secret "app"' };
  it("names the IAM action on access denied, exit 254", () => {
    const err = toCliError(Object.assign(new Error("User is not authorized"), { name: "AccessDeniedException", $metadata: { httpStatusCode: 400 } }), context);
    assert.equal(err.message, 'access denied: the caller may not call secretsmanager:GetSecretValue on secret "app"; grant secretsmanager:GetSecretValue');
    assert.equal(err.exitCode, EXIT.SERVICE);
  });
  it("maps missing credentials and region to exit 253", () => {
    assert.equal(toCliError(Object.assign(new Error("Could not load credentials from any providers"), { name: "CredentialsProviderError" }), context).exitCode, EXIT.CONFIGURATION);
    assert.equal(toCliError(new Error("Region is missing"), context).exitCode, EXIT.CONFIGURATION);
  });
});

describe("CLI: rotation phases from version stages", () => {
  it("reads started, created, finished and failed", () => {
    assert.equal(rotationProgress({ stages: { old: ["AWSCURRENT"], new: ["AWSPENDING"] } }, "new", "old").phase, "started");
    assert.equal(rotationProgress({ stages: { old: ["AWSCURRENT"], new: ["AWSPENDING"] }, pendingHasValue: true }, "new", "old").phase, "created");
    assert.equal(rotationProgress({ stages: { old: ["AWSPREVIOUS"], new: ["AWSCURRENT", "AWSPENDING"] } }, "new", "old").phase, "finished");
    assert.equal(rotationProgress({ stages: { old: ["AWSCURRENT"], new: [] } }, "new", "old").phase, "failed");
    assert.equal(rotationProgress({ stages: { other: ["AWSCURRENT"], old: ["AWSPREVIOUS"], new: ["AWSPENDING"] } }, "new", "old").message, "AWSCURRENT moved to version other, not to new: another rotation or a manual change overtook this one");
  });
});

describe("CLI: the secret from stack outputs", () => {
  it("takes a top-level secretArn, and refuses an output Pulumi masked", () => {
    assert.equal(secretIdFromOutputs({ secretArn: SECRET }, undefined, "out.json"), SECRET);
    assert.throws(() => secretIdFromOutputs({ databases: { app: { secretArn: "[secret]" } } }, undefined, "out.json"), /marked secret: run pulumi stack output --json --show-secrets/);
  });
});

describe("CLI: doctor's master-secret check (alternating-users)", () => {
  const withMaster = (master: DoctorSnapshot["master"]) =>
    snapshot({ currentValue: { ok: true, value: JSON.stringify({ engine: "postgres", host: "h", username: "u", password: "p", masterarn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-1" }) }, master });

  it("applies only to a secret with masterarn", () => {
    assert.equal(checkMasterSecret(snapshot({ currentValue: { ok: true, value: JSON.stringify({ engine: "postgres", host: "h", username: "u", password: "p" }) } })), undefined);
  });

  it("fails a masterarn that names no secret, and names an RDS-managed one", () => {
    const missing = checkMasterSecret(withMaster({ ok: false, error: { action: "secretsmanager:DescribeSecret", code: "ResourceNotFoundException", message: "not found", accessDenied: false, notFound: true } }));
    assert.equal(missing?.status, "failure");
    assert.match(missing?.why ?? "", /does not exist: alternating-users rotation logs in with it and fails$/);
    assert.equal(checkMasterSecret(withMaster({ ok: true, value: { ARN: "arn:m", OwningService: "rds" } }))?.why, "arn:m (managed by RDS)");
  });
});
