// doctor against moto: a healthy rotation set up as the component does it, then one broken setup per
// cause the issue names, each asserted to name that cause; and --output json with the same checks.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DescribeSecretCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { isoSecond } from "../../cli/status/formatStatus";
import { MOTO_INSTALL, requireService, startMoto, type MotoService } from "../services";
import { motoEnv, runInProcess, useMotoCredentials } from "./harness";
import { awsConfig } from "./motoAws";
import { buildRotationSetup, leavePendingVersion, logTimeout, type RotationSetup, type SetupOptions } from "./rotationSetup";

describe("rotated-rds doctor (moto)", function () {
  this.timeout(60_000);
  let moto: MotoService;
  useMotoCredentials();

  before(async function () {
    this.timeout(60_000);
    moto = await requireService(this, "moto", MOTO_INSTALL, () => startMoto());
  });
  after(async () => moto?.stop());

  const now = () => new Date();
  const doctor = (setup: RotationSetup, at: Date, ...extra: string[]) =>
    runInProcess(["doctor", "--secret-id", setup.secret.arn, "--endpoint-url", moto.endpoint, ...extra], { env: motoEnv(), deps: { now: () => at } });

  /** The three lines of one check in the text report. */
  function block(stdout: string, title: string): string {
    const lines = stdout.split("\n");
    const i = lines.findIndex((l) => l.slice(9) === title);
    assert.ok(i >= 0, `no check titled ${JSON.stringify(title)} in:\n${stdout}`);
    const out = [lines[i]];
    for (let j = i + 1; j < lines.length && lines[j].startsWith("         "); j++) out.push(lines[j]);
    return out.join("\n");
  }

  it("passes every check on a healthy setup, with the exact report", async () => {
    const s = await buildRotationSetup(moto.endpoint);
    const at = now();
    const described = await new SecretsManagerClient(awsConfig(moto.endpoint)).send(new DescribeSecretCommand({ SecretId: s.secret.arn }));
    const last = described.LastRotatedDate as Date;
    const hoursAgo = Math.max(0, Math.round((at.getTime() - last.getTime()) / 3_600_000));
    const run = await doctor(s, at);
    assert.equal(run.stderr, "");
    assert.equal(
      run.stdout,
      [
        `doctor: ${s.secret.arn}`,
        `ok       Secret exists`,
        `         ${s.secret.arn}`,
        `ok       Secret JSON has the fields rotation and clients need`,
        `         engine postgres: has engine, host, port, username, password, dbname`,
        `ok       engine and host match the RDS instance (JetBrains AWS Toolkit, RDS Proxy)`,
        `         engine postgres and host ${s.db.address} are instance ${s.db.identifier}'s`,
        `ok       Rotation is enabled with a function`,
        `         every 1 day, function ${s.fn.arn}`,
        `ok       Rotation function exists, is active, runs a supported runtime`,
        `         function ${s.fn.name}, nodejs22.x, Active`,
        `ok       The function can verify the database's certificate`,
        `         NODE_EXTRA_CA_CERTS=/var/runtime/ca-cert.pem`,
        `ok       Secrets Manager may invoke the function for this secret`,
        `         secretsmanager.amazonaws.com, sourceArn ${s.secret.arn}, sourceAccount 123456789012`,
        `ok       The function's subnets reach Secrets Manager (VPC endpoint with private DNS, or NAT)`,
        `         endpoint ${s.endpointId} (com.amazonaws.us-east-1.secretsmanager, private DNS on) in ${s.vpcId} serves all 2 subnets`,
        `ok       Security groups let the function reach Secrets Manager on 443`,
        `         egress 443 from ${s.functionSg} to endpoint ${s.endpointId}, ingress 443 on ${s.endpointSg} from the function`,
        `ok       Security groups let the function reach the database on its port`,
        `         egress 5432 from ${s.functionSg} to the database, ingress 5432 on ${s.databaseSg} from the function`,
        `ok       The database is reachable from the function's network`,
        `         function and instance ${s.db.identifier} are both in ${s.vpcId}; instance available`,
        `ok       No rotation stuck in AWSPENDING`,
        `         AWSPENDING is on no version other than AWSCURRENT`,
        `ok       Last rotation is within the schedule`,
        `         last rotated ${isoSecond(last)} (${hoursAgo} h ago), every 1 day`,
        `ok       No recent errors in the function's log group`,
        `         no error lines in ${s.logGroup} since ${isoSecond(new Date(at.getTime() - 86_400_000))}`,
        `14 ok, 0 warnings, 0 failures`,
        ``,
      ].join("\n"),
    );
    assert.equal(run.code, 0);
  });

  it("names a function in a VPC with neither an endpoint nor NAT", async () => {
    const s = await buildRotationSetup(moto.endpoint, { endpoint: "none" });
    const run = await doctor(s, now());
    assert.equal(run.code, 1);
    assert.equal(
      block(run.stdout, "The function's subnets reach Secrets Manager (VPC endpoint with private DNS, or NAT)"),
      [
        `FAILURE  The function's subnets reach Secrets Manager (VPC endpoint with private DNS, or NAT)`,
        `         no Secrets Manager VPC endpoint (com.amazonaws.us-east-1.secretsmanager) in ${s.vpcId}, and subnets ${s.subnetIds[0]} (us-east-1a), ${s.subnetIds[1]} (us-east-1b) have no route to a NAT gateway: every Secrets Manager call of the function times out`,
        `         fix: create an interface endpoint: aws ec2 create-vpc-endpoint --vpc-endpoint-type Interface --vpc-id ${s.vpcId} --service-name com.amazonaws.us-east-1.secretsmanager --private-dns-enabled --subnet-ids <subnets> --security-group-ids <group admitting 443 from ${s.functionSg}>; or route 0.0.0.0/0 from these subnets to a NAT gateway`,
      ].join("\n"),
    );
  });

  it("accepts NAT instead of an endpoint, found through the VPC's main route table", async () => {
    const s = await buildRotationSetup(moto.endpoint, { nat: true });
    const run = await doctor(s, now());
    assert.equal(
      block(run.stdout, "The function's subnets reach Secrets Manager (VPC endpoint with private DNS, or NAT)"),
      [
        `ok       The function's subnets reach Secrets Manager (VPC endpoint with private DNS, or NAT)`,
        `         every subnet routes 0.0.0.0/0 to a NAT gateway (${s.subnetIds[0]} (us-east-1a), ${s.subnetIds[1]} (us-east-1b)); no Secrets Manager endpoint in ${s.vpcId}`,
      ].join("\n"),
    );
    assert.equal(block(run.stdout, "Security groups let the function reach Secrets Manager on 443").split("\n")[0], "ok       Security groups let the function reach Secrets Manager on 443");
    assert.equal(run.code, 0, run.stdout);
  });

  it("names an endpoint without private DNS", async () => {
    const s = await buildRotationSetup(moto.endpoint, { endpoint: "no-private-dns" });
    const run = await doctor(s, now());
    assert.equal(run.code, 1);
    assert.equal(
      block(run.stdout, "The function's subnets reach Secrets Manager (VPC endpoint with private DNS, or NAT)"),
      [
        `FAILURE  The function's subnets reach Secrets Manager (VPC endpoint with private DNS, or NAT)`,
        `         endpoint ${s.endpointId} in ${s.vpcId} has private DNS off, so secretsmanager.us-east-1.amazonaws.com resolves to the public endpoint, which the function cannot reach, and subnets ${s.subnetIds[0]} (us-east-1a), ${s.subnetIds[1]} (us-east-1b) have no route to a NAT gateway: every Secrets Manager call of the function times out`,
        `         fix: turn on private DNS: aws ec2 modify-vpc-endpoint --vpc-endpoint-id ${s.endpointId} --private-dns-enabled (the VPC needs enableDnsSupport and enableDnsHostnames); or route 0.0.0.0/0 from these subnets to a NAT gateway`,
      ].join("\n"),
    );
  });

  it("names a security group that blocks 443 to the endpoint", async () => {
    const s = await buildRotationSetup(moto.endpoint, { block443: true });
    const run = await doctor(s, now());
    assert.equal(run.code, 1);
    assert.equal(
      block(run.stdout, "Security groups let the function reach Secrets Manager on 443"),
      [
        `FAILURE  Security groups let the function reach Secrets Manager on 443`,
        `         the function's groups (${s.functionSg}) allow no egress on 443 to endpoint ${s.endpointId}'s groups (${s.endpointSg}) or subnets: Secrets Manager calls time out`,
        `         fix: aws ec2 authorize-security-group-egress --group-id ${s.functionSg} --ip-permissions IpProtocol=tcp,FromPort=443,ToPort=443,UserIdGroupPairs=[{GroupId=${s.endpointSg}}]`,
      ].join("\n"),
    );
    // The database path is still open: only the 443 check fails.
    assert.equal(run.stdout.split("\n").filter((l) => l.startsWith("FAILURE")).length, 1, run.stdout);
  });

  it("names a stuck AWSPENDING with its version and since when", async () => {
    const s = await buildRotationSetup(moto.endpoint);
    const pending = await leavePendingVersion(moto.endpoint, s.secret.arn);
    const list = await runInProcess(["status", "--secret-id", s.secret.arn, "--endpoint-url", moto.endpoint, "--output", "json"]);
    const since = (JSON.parse(list.stdout) as { stuck: { since: string } }).stuck.since;
    const run = await doctor(s, now());
    assert.equal(run.code, 1);
    assert.equal(
      block(run.stdout, "No rotation stuck in AWSPENDING"),
      [
        `FAILURE  No rotation stuck in AWSPENDING`,
        `         AWSPENDING is on version ${pending} since ${since}, not on AWSCURRENT: a rotation started and did not finish`,
        `         fix: Secrets Manager retries it within the rotation window and starts no new rotation while the label is there. Find the cause with "rotated-rds doctor"; if the retry cannot succeed, remove the label (aws secretsmanager update-secret-version-stage --secret-id ${s.secret.arn} --version-stage AWSPENDING --remove-from-version-id ${pending}) and start a new rotation with "rotated-rds rotate".`,
      ].join("\n"),
    );
  });

  it("names a secret without engine, in the JSON check and the JetBrains/RDS Proxy check", async () => {
    const s = await buildRotationSetup(moto.endpoint, { engine: null });
    const run = await doctor(s, now());
    assert.equal(run.code, 1);
    assert.equal(
      block(run.stdout, "Secret JSON has the fields rotation and clients need"),
      [
        `FAILURE  Secret JSON has the fields rotation and clients need`,
        `         AWSCURRENT of ${s.secret.name} lacks the field "engine" (a non-empty string)`,
        `         fix: add the missing field to the secret's JSON (engine is one of postgres, mysql, mariadb, aurora-postgresql, aurora-mysql, aurora; host is the instance endpoint address)`,
      ].join("\n"),
    );
    assert.equal(
      block(run.stdout, "engine and host match the RDS instance (JetBrains AWS Toolkit, RDS Proxy)"),
      [
        `FAILURE  engine and host match the RDS instance (JetBrains AWS Toolkit, RDS Proxy)`,
        `         the secret has no engine field: the JetBrains AWS Toolkit reports "Unknown database engine null" and AWS's rotation templates refuse it`,
        `         fix: add "engine": the instance's RDS engine string (postgres, mysql, mariadb, aurora-postgresql, aurora-mysql, aurora)`,
      ].join("\n"),
    );
  });

  it("names engine \"postgresql\" as the string that picks the wrong JetBrains driver", async () => {
    const s = await buildRotationSetup(moto.endpoint, { engine: "postgresql" });
    const run = await doctor(s, now());
    assert.equal(run.code, 1);
    assert.match(block(run.stdout, "engine and host match the RDS instance (JetBrains AWS Toolkit, RDS Proxy)"), /^FAILURE .*\n {9}engine is "postgresql", not the RDS engine string "postgres": the JetBrains AWS Toolkit picks the wrong driver \(Amazon Redshift\)/);
  });

  it("reports a recent timeout in the function's log group", async () => {
    const s = await buildRotationSetup(moto.endpoint);
    const line = await logTimeout(moto.endpoint, s.logGroup);
    const run = await doctor(s, now());
    assert.match(block(run.stdout, "No recent errors in the function's log group"), new RegExp(`^warning  No recent errors in the function's log group\\n {9}1 error line in ${s.logGroup.replace(/[[\]$]/g, "\\$&")} since .*: ${line}\\n`));
  });

  it("gives the same checks as JSON with --output json", async () => {
    const s = await buildRotationSetup(moto.endpoint, { endpoint: "none" });
    const at = now();
    const [text, json] = [await doctor(s, at), await doctor(s, at, "--output", "json")];
    const parsed = JSON.parse(json.stdout) as { secretId: string; ok: boolean; checks: { id: string; title: string; status: string; why: string; fix: string | null }[] };
    assert.equal(parsed.secretId, s.secret.arn);
    assert.equal(parsed.ok, false);
    assert.equal(json.code, 1);
    const fromText = text.stdout.split("\n").filter((l) => /^(ok|warning|FAILURE) /.test(l)).map((l) => [l.slice(0, 7).trim().toLowerCase(), l.slice(9)]);
    assert.deepEqual(parsed.checks.map((c) => [c.status, c.title]), fromText);
    assert.equal(parsed.checks.find((c) => c.id === "function-network")?.status, "failure");
  });

  it("stops at the secret when it does not exist, exit 1", async () => {
    const run = await runInProcess(["doctor", "--secret-id", "no-such-secret", "--endpoint-url", moto.endpoint]);
    assert.equal(run.stdout, `doctor: no-such-secret\nFAILURE  Secret exists\n         no secret "no-such-secret" in us-east-1\n         fix: check --secret-id and --region (or the stack outputs file)\n0 ok, 0 warnings, 1 failure\n`);
    assert.equal(run.code, 1);
  });

  describe("an Aurora cluster and an RDS Proxy", () => {
    let work: string;
    before(() => {
      work = fs.mkdtempSync(path.join(os.tmpdir(), "rotated-rds-doctor-"));
    });
    after(() => {
      if (work) fs.rmSync(work, { recursive: true, force: true });
    });
    const cluster = (options: SetupOptions = {}) => buildRotationSetup(moto.endpoint, { database: "cluster", ...options });
    /** The stack outputs the program writes for the database: secret, writer, reader and proxy endpoints. */
    function outputs(s: RotationSetup, proxyEndpoint = s.proxy?.endpoint): string {
      const file = path.join(work, `${s.secret.name}.json`);
      fs.writeFileSync(file, JSON.stringify({ databases: { orders: { secretArn: s.secret.arn, address: s.cluster?.endpoint, readerEndpoint: s.cluster?.readerEndpoint, ...(proxyEndpoint ? { proxyEndpoint } : {}) } } }));
      return file;
    }
    const doctorOutputs = (s: RotationSetup, file: string, at = now()) =>
      runInProcess(["doctor", "--stack-outputs", file, "--endpoint-url", moto.endpoint], { env: motoEnv(), deps: { now: () => at } });

    it("checks a cluster secret against the cluster and the proxy the stack outputs name, with the exact report", async () => {
      const s = await cluster({ proxy: {} });
      const c = s.cluster as NonNullable<RotationSetup["cluster"]>;
      const p = s.proxy as NonNullable<RotationSetup["proxy"]>;
      const at = now();
      const run = await doctorOutputs(s, outputs(s), at);
      assert.equal(run.stderr, "");
      const checks = run.stdout.split("\n").filter((l) => /^(ok|warning|FAILURE) /.test(l));
      assert.equal(checks.length, 17, run.stdout);
      assert.ok(checks.every((l) => l.startsWith("ok ")), run.stdout);
      assert.equal(
        block(run.stdout, "engine and host match the Aurora cluster (JetBrains AWS Toolkit, RDS Proxy)"),
        `ok       engine and host match the Aurora cluster (JetBrains AWS Toolkit, RDS Proxy)\n         engine aurora-postgresql and host ${c.endpoint} are cluster ${c.identifier}'s writer endpoint`,
      );
      assert.equal(
        block(run.stdout, "Security groups let the function reach the database on its port"),
        `ok       Security groups let the function reach the database on its port\n         egress 5432 from ${s.functionSg} to the database, ingress 5432 on ${s.databaseSg} from the function`,
      );
      assert.equal(
        block(run.stdout, "The database is reachable from the function's network"),
        `ok       The database is reachable from the function's network\n         function and cluster ${c.identifier} are both in ${s.vpcId}; cluster available`,
      );
      assert.equal(
        block(run.stdout, "The RDS Proxy is available, requires TLS and reads this secret"),
        `ok       The RDS Proxy is available, requires TLS and reads this secret\n         proxy ${p.name} (${p.endpoint}) is available, requires TLS and reads this secret; clients log in with the secret's username and password`,
      );
      assert.equal(block(run.stdout, "The proxy's target is this database, and healthy"), `ok       The proxy's target is this database, and healthy\n         targets ${c.identifier} AVAILABLE`);
      assert.equal(
        block(run.stdout, "Security groups let the proxy reach the database on its port"),
        `ok       Security groups let the proxy reach the database on its port\n         egress 5432 from ${p.securityGroupId} to the database, ingress 5432 on ${s.databaseSg} from the proxy`,
      );
      assert.equal(run.stdout.split("\n").slice(-2)[0], "17 ok, 0 warnings, 0 failures");
      assert.equal(run.code, 0);
      const json = JSON.parse((await runInProcess(["doctor", "--stack-outputs", outputs(s), "--endpoint-url", moto.endpoint, "--output", "json"], { env: motoEnv(), deps: { now: () => at } })).stdout) as { checks: { id: string; status: string }[] };
      assert.deepEqual(
        json.checks.map((c) => c.id),
        ["secret", "secret-json", "engine-host", "rotation-enabled", "function", "function-tls", "invoke-permission", "function-network", "endpoint-security-groups", "database-security-groups", "database-reachable", "proxy", "proxy-targets", "proxy-network", "pending", "last-rotation", "function-logs"],
      );
      // Without a proxy in the outputs (or --secret-id) doctor makes no proxy check.
      const plain = await doctor(s, at);
      assert.ok(!plain.stdout.includes("RDS Proxy is available"), plain.stdout);
      assert.equal(plain.code, 0, plain.stdout);
    });

    it("checks a proxy in front of an RDS instance too (RotatedDatabase with proxy): its target is the instance", async () => {
      const s = await buildRotationSetup(moto.endpoint, { proxy: {} });
      const file = path.join(work, `${s.secret.name}.json`);
      fs.writeFileSync(file, JSON.stringify({ databases: { app: { secretArn: s.secret.arn, address: s.db.address, proxyEndpoint: s.proxy?.endpoint } } }));
      const run = await doctorOutputs(s, file);
      assert.equal(block(run.stdout, "The proxy's target is this database, and healthy"), `ok       The proxy's target is this database, and healthy\n         targets ${s.db.identifier} AVAILABLE`);
      assert.equal(block(run.stdout, "engine and host match the RDS instance (JetBrains AWS Toolkit, RDS Proxy)").split("\n")[0], "ok       engine and host match the RDS instance (JetBrains AWS Toolkit, RDS Proxy)");
      assert.equal(run.code, 0, run.stdout);
    });

    it("fails a cluster secret whose host is the reader endpoint: rotation's password change fails on a replica", async () => {
      const s = await cluster({ secretHost: "reader" });
      const c = s.cluster as NonNullable<RotationSetup["cluster"]>;
      const run = await doctor(s, now());
      assert.equal(run.code, 1);
      assert.equal(
        block(run.stdout, "engine and host match the Aurora cluster (JetBrains AWS Toolkit, RDS Proxy)"),
        [
          `FAILURE  engine and host match the Aurora cluster (JetBrains AWS Toolkit, RDS Proxy)`,
          `         host is cluster ${c.identifier}'s reader endpoint ${c.readerEndpoint}, which reaches read-only replicas: the rotation function's ALTER of the password fails there`,
          `         fix: set "host": "${c.endpoint}" (the cluster endpoint, which always reaches the writer) in the secret`,
        ].join("\n"),
      );
    });

    it("accepts AWS's templates' engine spelling (postgres) for an Aurora PostgreSQL cluster, and says what the JetBrains toolkit does with it", async () => {
      const s = await cluster({ engine: "postgres" });
      const c = s.cluster as NonNullable<RotationSetup["cluster"]>;
      const run = await doctor(s, now());
      assert.equal(
        block(run.stdout, "engine and host match the Aurora cluster (JetBrains AWS Toolkit, RDS Proxy)"),
        `ok       engine and host match the Aurora cluster (JetBrains AWS Toolkit, RDS Proxy)\n         engine postgres and host ${c.endpoint} are cluster ${c.identifier}'s writer endpoint (engine postgres is AWS's templates' spelling; the JetBrains AWS Toolkit compares engine with the cluster's aurora-postgresql and asks before it connects)`,
      );
      assert.equal(run.code, 0, run.stdout);
    });

    it("fails a secret whose host is the proxy's endpoint, found without stack outputs", async () => {
      const s = await cluster({ secretHost: "proxy", proxy: {} });
      const c = s.cluster as NonNullable<RotationSetup["cluster"]>;
      const p = s.proxy as NonNullable<RotationSetup["proxy"]>;
      const run = await doctor(s, now());
      assert.equal(run.code, 1);
      assert.equal(
        block(run.stdout, "engine and host match the Aurora cluster (JetBrains AWS Toolkit, RDS Proxy)"),
        [
          `FAILURE  engine and host match the Aurora cluster (JetBrains AWS Toolkit, RDS Proxy)`,
          `         host is the endpoint of RDS Proxy ${p.name}: the rotation function would log in through the proxy, which authenticates with the secret's AWSCURRENT password only, so setSecret and testSecret with the pending password fail`,
          `         fix: set host to the database's own endpoint (cluster ${c.identifier}) and give applications the proxy's endpoint instead (stack output proxyEndpoint)`,
        ].join("\n"),
      );
    });

    it("fails a proxy that reads another secret, naming the one it reads and the fix", async () => {
      const s = await cluster({ proxy: { otherSecret: true } });
      const p = s.proxy as NonNullable<RotationSetup["proxy"]>;
      const run = await doctorOutputs(s, outputs(s));
      assert.equal(run.code, 1);
      assert.match(
        block(run.stdout, "The RDS Proxy is available, requires TLS and reads this secret"),
        new RegExp(
          `^FAILURE  The RDS Proxy is available, requires TLS and reads this secret\\n {9}proxy ${p.name} does not read this secret \\(its auth names arn:aws:secretsmanager:us-east-1:123456789012:secret:other-db-[^)]+\\): clients logging in through it with this secret's user are refused\\n {9}fix: add the secret to the proxy: aws rds modify-db-proxy --db-proxy-name ${p.name} --auth AuthScheme=SECRETS,SecretArn=${s.secret.arn},IAMAuth=DISABLED$`,
        ),
      );
    });

    it("warns about a proxy without TLS, and says clients use IAM tokens when the proxy requires them", async () => {
      const s = await cluster({ proxy: { requireTls: false, iamAuth: true } });
      const p = s.proxy as NonNullable<RotationSetup["proxy"]>;
      const run = await doctorOutputs(s, outputs(s));
      assert.equal(
        block(run.stdout, "The RDS Proxy is available, requires TLS and reads this secret"),
        [
          `warning  The RDS Proxy is available, requires TLS and reads this secret`,
          `         proxy ${p.name} reads this secret (clients authenticate with IAM tokens (rds-db:connect), not the secret's password) but does not require TLS: a client may send its password in plaintext`,
          `         fix: aws rds modify-db-proxy --db-proxy-name ${p.name} --require-tls`,
        ].join("\n"),
      );
      assert.equal(run.code, 0, run.stdout);
    });

    it("fails a database security group that does not admit the proxy's", async () => {
      const s = await cluster({ proxy: { blockDatabase: true } });
      const p = s.proxy as NonNullable<RotationSetup["proxy"]>;
      const run = await doctorOutputs(s, outputs(s));
      assert.equal(run.code, 1);
      assert.equal(
        block(run.stdout, "Security groups let the proxy reach the database on its port"),
        [
          `FAILURE  Security groups let the proxy reach the database on its port`,
          `         the database's groups (${s.databaseSg}) admit no ingress on 5432 from the proxy's groups (${p.securityGroupId}): the proxy's targets stay unavailable`,
          `         fix: aws ec2 authorize-security-group-ingress --group-id ${s.databaseSg} --protocol tcp --port 5432 --source-group ${p.securityGroupId}`,
        ].join("\n"),
      );
    });

    it("fails stack outputs naming a proxy endpoint that no proxy has", async () => {
      const s = await cluster();
      const gone = "gone.proxy-c7tj4example.us-east-1.rds.amazonaws.com";
      const run = await doctorOutputs(s, outputs(s, gone));
      assert.equal(run.code, 1);
      assert.equal(
        block(run.stdout, "The RDS Proxy is available, requires TLS and reads this secret"),
        [
          `FAILURE  The RDS Proxy is available, requires TLS and reads this secret`,
          `         no RDS proxy in us-east-1 has the endpoint ${gone} the stack outputs name`,
          `         fix: check --region and the stack outputs (pulumi stack output --json); the proxy may have been deleted`,
        ].join("\n"),
      );
    });

    it("fails a secret that rotates the master user of a cluster whose master password RDS manages", async () => {
      const s = await cluster({ managedMaster: true });
      const c = s.cluster as NonNullable<RotationSetup["cluster"]>;
      assert.match(c.masterSecretArn ?? "", /:secret:rds!cluster-/);
      const run = await doctor(s, now());
      assert.equal(run.code, 1);
      assert.equal(
        block(run.stdout, "The master password RDS manages is rotated by RDS only"),
        [
          `FAILURE  The master password RDS manages is rotated by RDS only`,
          `         this secret rotates cluster ${c.identifier}'s master user app, whose password RDS manages and rotates in ${c.masterSecretArn}: the two rotations undo each other and one secret is always stale`,
          `         fix: use RDS's secret for the master user (the managed strategy), or turn manageMasterUserPassword off before rotating it here`,
        ].join("\n"),
      );
    });

    it("never prints the password of a cluster secret", async () => {
      const s = await cluster({ proxy: { otherSecret: true } });
      const run = await doctorOutputs(s, outputs(s));
      const json = await runInProcess(["doctor", "--stack-outputs", outputs(s), "--endpoint-url", moto.endpoint, "--output", "json"], { env: motoEnv() });
      for (const out of [run.stdout, run.stderr, json.stdout, json.stderr]) assert.ok(!out.includes(s.password), "the password appeared in doctor's output");
    });
  });

  it("never prints the password", async () => {
    const s = await buildRotationSetup(moto.endpoint, { endpoint: "none" });
    const run = await doctor(s, now());
    const json = await doctor(s, now(), "--output", "json");
    for (const out of [run.stdout, run.stderr, json.stdout, json.stderr]) assert.ok(!out.includes(s.password), "the password appeared in doctor's output");
  });
});
