// The CLI's pure parts without any AWS: doctor's checks over hand-built snapshots (the cases moto
// cannot stage: deprecated runtimes, policies without sourceArn, internet-gateway routes, overdue
// rotations, VPC mismatches; Aurora member endpoints, proxy target health), the security-group arithmetic, the AWS error mapping, rotation phases and
// the stack-outputs lookup.
import { strict as assert } from "assert";
import { toCliError } from "../../cli/aws/awsCall";
import { checkFunction, checkFunctionTls, checkInvokePermission } from "../../cli/doctor/checks/functionChecks";
import { acceptedClusterEngines, checkManagedMaster } from "../../cli/doctor/checks/clusterChecks";
import { checkProxy, checkProxyNetwork, checkProxyTargets } from "../../cli/doctor/checks/proxyChecks";
import { checkEngineAndHost, checkMasterSecret } from "../../cli/doctor/checks/secretChecks";
import { checkDatabaseReachable, checkFunctionNetwork } from "../../cli/doctor/checks/networkChecks";
import { checkLastRotation, scheduleIntervalMs } from "../../cli/doctor/checks/rotationChecks";
import { cidrContains, groupAllowing } from "../../cli/doctor/checks/securityGroupRules";
import type { DbClusterInfo, DbProxyInfo, DoctorSnapshot, FunctionInfo, NetworkInfo, ProxyTargetInfo } from "../../cli/doctor/snapshot";
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

describe("CLI: doctor's cluster and proxy checks over snapshots", () => {
  const WRITER = "orders.cluster-abc123.eu-west-1.rds.amazonaws.com";
  const READER = "orders.cluster-ro-abc123.eu-west-1.rds.amazonaws.com";
  const PROXY = "orders-proxy.proxy-abc123.eu-west-1.rds.amazonaws.com";
  const value = (over: Record<string, unknown> = {}) => ({ ok: true as const, value: JSON.stringify({ engine: "aurora-postgresql", host: WRITER, port: 5432, username: "app", password: "p", dbname: "orders", dbClusterIdentifier: "orders", ...over }) });
  const clusterInfo = (over: Partial<DbClusterInfo> = {}): DbClusterInfo => ({
    identifier: "orders",
    engine: "aurora-postgresql",
    endpoint: WRITER,
    readerEndpoint: READER,
    port: 5432,
    status: "available",
    vpcId: "vpc-1",
    subnetIds: ["subnet-a"],
    securityGroupIds: ["sg-db"],
    members: [
      { identifier: "orders-writer", writer: true },
      { identifier: "orders-reader-1", writer: false },
    ],
    masterUsername: "master",
    ...over,
  });
  const proxyInfo = (over: Partial<DbProxyInfo> = {}): DbProxyInfo => ({
    name: "orders-proxy",
    endpoint: PROXY,
    status: "available",
    engineFamily: "POSTGRESQL",
    requireTls: true,
    subnetIds: ["subnet-a"],
    securityGroupIds: ["sg-proxy"],
    auth: [{ authScheme: "SECRETS", secretArn: SECRET, iamAuth: "DISABLED" }],
    ...over,
  });
  const withCluster = (c: DbClusterInfo | undefined, over: Partial<DoctorSnapshot> = {}) => snapshot({ currentValue: value(), cluster: { ok: true, value: c }, ...over });
  const withProxy = (p: DbProxyInfo | undefined, targets?: ProxyTargetInfo[], over: Partial<DoctorSnapshot> = {}) =>
    withCluster(clusterInfo(), { proxy: { endpoint: PROXY, cause: "stack-outputs", proxy: { ok: true, value: p }, ...(targets ? { targets: { ok: true, value: targets } } : {}) }, ...over });

  it("admits the RDS engine string and AWS's templates' spelling for a cluster, and fails another family", () => {
    assert.deepEqual(acceptedClusterEngines("aurora-postgresql"), ["aurora-postgresql", "postgres"]);
    assert.deepEqual(acceptedClusterEngines("aurora-mysql"), ["aurora-mysql", "mysql", "aurora"]);
    const wrong = checkEngineAndHost(withCluster(clusterInfo(), { currentValue: value({ engine: "mysql" }) }));
    assert.equal(wrong.status, "failure");
    assert.equal(wrong.why, 'engine is "mysql" but cluster orders runs "aurora-postgresql"');
    assert.equal(wrong.fix, 'set "engine": "aurora-postgresql" in the secret');
    assert.equal(checkEngineAndHost(withCluster(clusterInfo({ engine: "aurora-mysql", port: 3306 }), { currentValue: value({ engine: "aurora", port: 3306 }) })).status, "ok");
  });

  it("warns about a reader endpoint when no function rotates the secret (a read-only client), fails it when one does", () => {
    const readOnly = checkEngineAndHost(withCluster(clusterInfo(), { currentValue: value({ host: READER }), secret: { ok: true, value: { ARN: SECRET, RotationEnabled: false } } }));
    assert.equal(readOnly.status, "warning");
    assert.equal(readOnly.why, `host is cluster orders's reader endpoint ${READER}, which reaches read-only replicas: a client of this secret cannot write`);
    const rotated = checkEngineAndHost(withCluster(clusterInfo(), { currentValue: value({ host: READER }), secret: { ok: true, value: { ARN: SECRET, RotationEnabled: true, RotationLambdaARN: "arn:fn" } } }));
    assert.equal(rotated.status, "failure");
  });

  it("warns about an instance endpoint of a cluster member: roles change on a failover", () => {
    const member = "orders-writer.abc123.eu-west-1.rds.amazonaws.com";
    const r = checkEngineAndHost(
      withCluster(clusterInfo(), {
        currentValue: value({ host: member }),
        database: { ok: true, value: { identifier: "orders-writer", engine: "aurora-postgresql", address: member, port: 5432, clusterIdentifier: "orders", subnetIds: [], securityGroupIds: [] } },
      }),
    );
    assert.equal(r.status, "warning");
    assert.equal(r.why, "host is the endpoint of instance orders-writer (the writer today), not the cluster endpoint: instances change roles on a failover, the cluster endpoint follows the writer");
    assert.equal(r.fix, `set "host": "${WRITER}" (the cluster endpoint, which always reaches the writer) in the secret`);
  });

  it("fails another host, a wrong port and a dbClusterIdentifier of another cluster, all in one line", () => {
    const r = checkEngineAndHost(withCluster(clusterInfo(), { currentValue: value({ host: "db.example.com", port: 5433, dbClusterIdentifier: "billing" }) }));
    assert.equal(r.status, "failure");
    assert.equal(r.why, `dbClusterIdentifier is "billing" but host belongs to cluster orders; host is "db.example.com" but cluster orders's writer endpoint is "${WRITER}"; port is 5433 but the cluster listens on 5432`);
  });

  it("judges an Aurora-looking secret whose host is a plain instance's against that instance", () => {
    const r = checkEngineAndHost(
      withCluster(undefined, {
        currentValue: value({ host: "db.abc123.eu-west-1.rds.amazonaws.com" }),
        database: { ok: true, value: { identifier: "db", engine: "postgres", address: "db.abc123.eu-west-1.rds.amazonaws.com", port: 5432, subnetIds: [], securityGroupIds: [] } },
      }),
    );
    assert.equal(r.title, "engine and host match the RDS instance (JetBrains AWS Toolkit, RDS Proxy)");
    assert.equal(r.why, 'engine is "aurora-postgresql" but instance db runs "postgres"');
  });

  it("warns when no cluster matches, and reports a failed lookup with the IAM action", () => {
    const none = checkEngineAndHost(withCluster(undefined));
    assert.equal(none.status, "warning");
    assert.equal(none.why, 'no Aurora cluster with dbClusterIdentifier "orders" in eu-west-1');
    const denied = checkEngineAndHost(withCluster(undefined, { cluster: { ok: false, error: { action: "rds:DescribeDBClusters", code: "AccessDenied", message: "access denied", accessDenied: true, notFound: false } } }));
    assert.equal(denied.fix, "grant rds:DescribeDBClusters to the caller to run this check");
    assert.equal(checkDatabaseReachable(withCluster(undefined, { cluster: { ok: false, error: { action: "rds:DescribeDBClusters", code: "AccessDenied", message: "access denied", accessDenied: true, notFound: false } } })).why, "could not check: access denied");
  });

  it("judges the network path to the cluster: another VPC, a cluster not available", () => {
    assert.equal(checkDatabaseReachable(withCluster(clusterInfo({ vpcId: "vpc-2" }))).why, "function rot runs in vpc-1 but cluster orders is in vpc-2");
    const stopped = checkDatabaseReachable(withCluster(clusterInfo({ status: "stopped" })));
    assert.equal(stopped.status, "warning");
    assert.equal(stopped.why, "cluster orders is stopped, not available");
  });

  it("fails an alternating-users masterarn that is not the cluster's RDS-managed master secret", () => {
    const managed = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!cluster-1-AbC";
    const stale = checkManagedMaster(withCluster(clusterInfo({ masterUserSecretArn: managed }), { currentValue: value({ masterarn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:old-master" }) }));
    assert.equal(stale?.status, "failure");
    assert.equal(stale?.fix, `set "masterarn": "${managed}"`);
    assert.equal(checkManagedMaster(withCluster(clusterInfo({ masterUserSecretArn: managed }), { currentValue: value({ masterarn: managed }) }))?.status, "ok");
    assert.equal(checkManagedMaster(withCluster(clusterInfo())), undefined);
    assert.equal(checkManagedMaster(withCluster(clusterInfo({ masterUserSecretArn: SECRET })))?.why, "this is cluster orders's master secret, managed and rotated by RDS");
  });

  it("says clients use IAM tokens through a proxy that requires IAM authentication", () => {
    const r = checkProxy(withProxy(proxyInfo({ auth: [{ authScheme: "SECRETS", secretArn: SECRET, iamAuth: "REQUIRED" }] })));
    assert.equal(r?.status, "ok");
    assert.equal(r?.why, `proxy orders-proxy (${PROXY}) is available, requires TLS and reads this secret; clients authenticate with IAM tokens (rds-db:connect), not the secret's password`);
  });

  it("fails a proxy that is not available, and applies to no secret without a proxy", () => {
    const r = checkProxy(withProxy(proxyInfo({ status: "incompatible-network" })));
    assert.equal(r?.status, "failure");
    assert.equal(r?.why, "proxy orders-proxy is incompatible-network, not available");
    assert.equal(checkProxy(snapshot()), undefined);
    assert.equal(checkProxyTargets(snapshot()), undefined);
    assert.equal(checkProxyNetwork(snapshot()), undefined);
  });

  it("fails a host that is the proxy's endpoint, in the engine-host check", () => {
    const r = checkEngineAndHost(withProxy(proxyInfo(), undefined, { currentValue: value({ host: PROXY }) }));
    assert.equal(r.status, "failure");
    assert.match(r.why, /^host is the endpoint of RDS Proxy orders-proxy: the rotation function would log in through the proxy/);
  });

  it("reads the target health RDS Proxy reports: AUTH_FAILURE, registering, another database, none", () => {
    const auth = checkProxyTargets(withProxy(proxyInfo(), [
      { type: "TRACKED_CLUSTER", rdsResourceId: "orders" },
      { type: "RDS_INSTANCE", rdsResourceId: "orders-writer", endpoint: "orders-writer.abc123.eu-west-1.rds.amazonaws.com", port: 5432, state: "UNAVAILABLE", reason: "AUTH_FAILURE", description: "Proxy does not have any registered credentials" },
    ]));
    assert.equal(auth?.status, "failure");
    assert.equal(
      auth?.why,
      "target orders-writer is UNAVAILABLE (AUTH_FAILURE: Proxy does not have any registered credentials): the proxy cannot log in to the database with the secret's username and password (a password changed without the secret, or a secret the proxy may not read)",
    );
    const registering = checkProxyTargets(withProxy(proxyInfo(), [{ type: "TRACKED_CLUSTER", rdsResourceId: "orders" }, { type: "RDS_INSTANCE", rdsResourceId: "orders-writer", state: "REGISTERING" }]));
    assert.equal(registering?.status, "warning");
    assert.equal(registering?.why, "targets orders (no health), orders-writer REGISTERING: the proxy is still registering them");
    const other = checkProxyTargets(withProxy(proxyInfo(), [{ type: "TRACKED_CLUSTER", rdsResourceId: "billing" }]));
    assert.equal(other?.why, "proxy orders-proxy targets billing, not cluster orders, which this secret names");
    assert.equal(checkProxyTargets(withProxy(proxyInfo(), []))?.status, "failure");
  });
});
