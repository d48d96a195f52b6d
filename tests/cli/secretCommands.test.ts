// status, url and env against moto, output asserted exactly; choosing the secret (--secret-id,
// --stack-outputs with --database); AWS conventions (regions, profiles, exit codes); one-line errors;
// --help with an example on every command; no password in any output without --show-password.
import { strict as assert } from "assert";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CreateSecretCommand, DescribeSecretCommand, ListSecretVersionIdsCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { isoSecond } from "../../cli/status/formatStatus";
import { MOTO_INSTALL, requireService, startMoto, type MotoService } from "../services";
import { motoEnv, runInProcess, spawnCli, useMotoCredentials } from "./harness";
import { awsConfig, createFunction, enableRotation } from "./motoAws";
import { leavePendingVersion } from "./rotationSetup";

const CA = "/etc/rds/global-bundle.pem";

describe("rotated-rds status, url, env (moto)", function () {
  this.timeout(60_000);
  let moto: MotoService;
  let sm: SecretsManagerClient;
  let work: string;
  useMotoCredentials();

  before(async function () {
    this.timeout(60_000);
    moto = await requireService(this, "moto", MOTO_INSTALL, () => startMoto());
    sm = new SecretsManagerClient(awsConfig(moto.endpoint));
    work = fs.mkdtempSync(path.join(os.tmpdir(), "rotated-rds-cli-"));
  });
  after(async () => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
    await moto?.stop();
  });

  const password = () => `p@ss:w/rd ${crypto.randomBytes(6).toString("hex")}'"`;
  async function secret(value: Record<string, unknown>): Promise<{ arn: string; name: string }> {
    const name = `app-${crypto.randomBytes(4).toString("hex")}`;
    const out = await sm.send(new CreateSecretCommand({ Name: name, SecretString: JSON.stringify(value) }));
    return { arn: out.ARN as string, name };
  }
  const cli = (argv: string[], env: NodeJS.ProcessEnv = motoEnv()) => runInProcess([...argv, "--endpoint-url", moto.endpoint], { env });

  describe("status", () => {
    it("shows versions, rotation, schedule, function and last/next rotation exactly", async () => {
      const s = await secret({ engine: "postgres", host: "db.example.com", username: "app", password: password() });
      const fn = await createFunction(moto.endpoint);
      await enableRotation(moto.endpoint, s.arn, fn.arn);
      const d = await sm.send(new DescribeSecretCommand({ SecretId: s.arn }));
      const versions = (await sm.send(new ListSecretVersionIdsCommand({ SecretId: s.arn }))).Versions ?? [];
      const current = versions.find((v) => v.VersionStages?.includes("AWSCURRENT"));
      const other = Object.keys(d.VersionIdsToStages ?? {}).filter((id) => id !== current?.VersionId);
      // enableRotation left moto's unlabelled copy of the value (see motoAws.ts): listed without a stage.
      const otherCreated = versions.find((v) => v.VersionId === other[0])?.CreatedDate;
      const run = await cli(["status", "--secret-id", s.name]);
      assert.equal(run.stderr, "");
      assert.equal(run.code, 0);
      const width = 36;
      assert.equal(
        run.stdout,
        [
          `Secret        ${s.name}`,
          `ARN           ${s.arn}`,
          `Database      postgres, db.example.com:5432`,
          `Rotation      enabled, every 1 day`,
          `Function      ${fn.arn}`,
          `Last rotated  ${isoSecond(d.LastRotatedDate as Date)}`,
          `Next rotation ${isoSecond(d.NextRotationDate as Date)}`,
          `Versions`,
          `  ${(current?.VersionId as string).padEnd(width)}  AWSCURRENT  created ${isoSecond(current?.CreatedDate as Date)}`,
          ...other.map((id) => `  ${id.padEnd(width)}  (no stage)${otherCreated ? `  created ${isoSecond(otherCreated)}` : ""}`),
          ``,
        ].join("\n"),
      );
    });

    it("says in words when a rotation is stuck in AWSPENDING, and since when", async () => {
      const s = await secret({ engine: "postgres", host: "db.example.com", username: "app", password: password() });
      const pending = await leavePendingVersion(moto.endpoint, s.arn);
      const created = ((await sm.send(new ListSecretVersionIdsCommand({ SecretId: s.arn }))).Versions ?? []).find((v) => v.VersionId === pending)?.CreatedDate as Date;
      const current = Object.entries((await sm.send(new DescribeSecretCommand({ SecretId: s.arn }))).VersionIdsToStages ?? {}).find(([, st]) => st.includes("AWSCURRENT"))?.[0];
      const run = await cli(["status", "--secret-id", s.arn]);
      const last = run.stdout.trimEnd().split("\n").pop();
      assert.equal(
        last,
        `Stuck rotation: AWSPENDING is on version ${pending}, not on AWSCURRENT (${current}), since ${isoSecond(created)}: a rotation started and did not finish. ` +
          `Secrets Manager retries it within the rotation window and starts no new rotation while the label is there. Find the cause with "rotated-rds doctor"; if the retry cannot succeed, remove the label ` +
          `(aws secretsmanager update-secret-version-stage --secret-id ${s.arn} --version-stage AWSPENDING --remove-from-version-id ${pending}) and start a new rotation with "rotated-rds rotate".`,
      );
      assert.match(run.stdout, /^Rotation {6}disabled$/m);
    });

    it("gives the same facts as JSON with --output json", async () => {
      const s = await secret({ engine: "postgres", host: "db.example.com", username: "app", password: password() });
      const d = await sm.send(new DescribeSecretCommand({ SecretId: s.arn }));
      const [versionId] = Object.keys(d.VersionIdsToStages ?? {});
      const created = ((await sm.send(new ListSecretVersionIdsCommand({ SecretId: s.arn }))).Versions ?? [])[0].CreatedDate as Date;
      const run = await cli(["status", "--secret-id", s.name, "--output", "json"]);
      assert.deepEqual(JSON.parse(run.stdout), {
        name: s.name,
        arn: s.arn,
        database: { engine: "postgres", kind: "instance", identifier: null, host: "db.example.com", port: 5432, readerEndpoint: null, proxyEndpoint: null, proxyPort: null, proxyIamAuth: null, proxyReaderEndpoint: null },
        rotation: { enabled: false, schedule: null, window: null, functionArn: null, lastRotated: null, nextRotation: null },
        versions: [{ versionId, stages: ["AWSCURRENT"], created: isoSecond(created) }],
        stuck: null,
      });
    });
  });

  describe("url", () => {
    it("prints a postgresql:// URL with verify-full and the password redacted", async () => {
      const pw = password();
      const s = await secret({ engine: "postgres", host: "db.example.com", port: 5432, username: "app", password: pw, dbname: "orders" });
      const run = await cli(["url", "--secret-id", s.name, "--ca-bundle", CA]);
      assert.equal(run.stdout, "postgresql://app:****@db.example.com:5432/orders?sslmode=verify-full&sslrootcert=%2Fetc%2Frds%2Fglobal-bundle.pem\n");
      assert.equal(run.stderr, "");
      assert.equal(run.code, 0);
    });

    it("puts the encoded password in only with --show-password, with a warning on stderr", async () => {
      const pw = password();
      const s = await secret({ engine: "postgres", host: "db.example.com", username: "app", password: pw });
      const run = await cli(["url", "--secret-id", s.name, "--ca-bundle", CA, "--show-password"]);
      assert.equal(run.stdout, `postgresql://app:${encodeURIComponent(pw)}@db.example.com:5432/postgres?sslmode=verify-full&sslrootcert=%2Fetc%2Frds%2Fglobal-bundle.pem\n`);
      assert.equal(run.stderr, "warning: the output holds the database password; it stays valid until the next rotation. Do not paste it into shared places.\n");
      assert.equal(decodeURIComponent(new URL(run.stdout.trim()).password), pw);
    });

    it("prints a mysql:// URL for MySQL and MariaDB secrets (port defaulted, port given as a string)", async () => {
      const a = await secret({ engine: "mysql", host: "my.example.com", username: "app", password: password() });
      const b = await secret({ engine: "mariadb", host: "maria.example.com", port: "3307", username: "app", password: password(), dbname: "shop" });
      assert.equal((await cli(["url", "--secret-id", a.name, "--ca-bundle", CA])).stdout, "mysql://app:****@my.example.com:3306/?ssl-mode=VERIFY_IDENTITY&ssl-ca=%2Fetc%2Frds%2Fglobal-bundle.pem\n");
      assert.equal((await cli(["url", "--secret-id", b.name, "--ca-bundle", CA, "--output", "json"])).stdout, `{\n  "url": "mysql://app:****@maria.example.com:3307/shop?ssl-mode=VERIFY_IDENTITY&ssl-ca=%2Fetc%2Frds%2Fglobal-bundle.pem"\n}\n`);
    });
  });

  describe("env", () => {
    it("prints libpq export lines without the password", async () => {
      const s = await secret({ engine: "postgres", host: "db.example.com", port: 5432, username: "app", password: password(), dbname: "orders" });
      const run = await cli(["env", "--secret-id", s.name, "--ca-bundle", CA]);
      assert.equal(run.stdout, "export PGHOST=db.example.com\nexport PGPORT=5432\nexport PGUSER=app\nexport PGDATABASE=orders\nexport PGSSLMODE=verify-full\nexport PGSSLROOTCERT=/etc/rds/global-bundle.pem\n");
      assert.equal(run.stderr, "");
    });

    it("adds PGPASSWORD, shell-quoted, only with --show-password, and warns on stderr", async () => {
      const pw = password();
      const s = await secret({ engine: "postgres", host: "db.example.com", username: "app", password: pw });
      const run = await cli(["env", "--secret-id", s.name, "--ca-bundle", CA, "--show-password"]);
      assert.equal(run.stdout.split("\n").slice(-2)[0], `export PGPASSWORD='${pw.replace(/'/g, `'\\''`)}'`);
      assert.match(run.stderr, /^warning: the output holds the database password/);
    });

    it("prints dotenv and JSON, and the MySQL equivalents", async () => {
      const s = await secret({ engine: "mariadb", host: "maria.example.com", username: "app", password: password(), dbname: "shop" });
      assert.equal(
        (await cli(["env", "--secret-id", s.name, "--ca-bundle", CA, "--format", "dotenv"])).stdout,
        "MYSQL_HOST=maria.example.com\nMYSQL_TCP_PORT=3306\nMYSQL_USER=app\nMYSQL_DATABASE=shop\nMYSQL_SSL_MODE=VERIFY_IDENTITY\nMYSQL_SSL_CA=/etc/rds/global-bundle.pem\n",
      );
      assert.deepEqual(JSON.parse((await cli(["env", "--secret-id", s.name, "--ca-bundle", CA, "--output", "json"])).stdout), {
        MYSQL_HOST: "maria.example.com",
        MYSQL_TCP_PORT: "3306",
        MYSQL_USER: "app",
        MYSQL_DATABASE: "shop",
        MYSQL_SSL_MODE: "VERIFY_IDENTITY",
        MYSQL_SSL_CA: "/etc/rds/global-bundle.pem",
      });
      const bad = await cli(["env", "--secret-id", s.name, "--format", "yaml"]);
      assert.equal(bad.code, 252);
      assert.equal(bad.stderr, "rotated-rds: option '--format <format>' argument 'yaml' is invalid. Allowed choices are shell, dotenv, json.\n");
    });
  });

  describe("Aurora clusters and RDS Proxy", () => {
    const writer = "orders.cluster-c7tj4example.us-east-1.rds.amazonaws.com";
    const reader = "orders.cluster-ro-c7tj4example.us-east-1.rds.amazonaws.com";
    const proxy = "orders-proxy.proxy-c7tj4example.us-east-1.rds.amazonaws.com";
    const clusterSecret = (engine = "aurora-postgresql", port = 5432) =>
      secret({ engine, host: writer, port, username: "app", password: password(), dbname: "orders", dbClusterIdentifier: "orders" });
    /** A stack outputs file naming one database, with the endpoints H4's program exports. */
    function outputs(name: string, arn: string, extra: Record<string, string>): string {
      const file = path.join(work, `${name}-${crypto.randomBytes(3).toString("hex")}.json`);
      fs.writeFileSync(file, JSON.stringify({ vpcId: "vpc-1", databases: { [name]: { address: writer, port: 5432, secretArn: arn, ...extra } } }));
      return file;
    }

    it("status names the cluster, its writer and reader endpoints, and the proxy from the stack outputs", async () => {
      const s = await clusterSecret();
      const file = outputs("orders", s.arn, { readerEndpoint: reader, proxyEndpoint: proxy });
      const run = await cli(["status", "--stack-outputs", file]);
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(run.stdout.split("\n").slice(2, 6), [
        `Database      aurora-postgresql cluster orders, writer ${writer}:5432`,
        `Reader        ${reader}:5432`,
        `Proxy         ${proxy}:5432 (url, env and connect go through it; --via direct for the database)`,
        `Rotation      disabled`,
      ]);
      const json = JSON.parse((await cli(["status", "--stack-outputs", file, "--output", "json"])).stdout) as { database: unknown };
      assert.deepEqual(json.database, { engine: "aurora-postgresql", kind: "cluster", identifier: "orders", host: writer, port: 5432, readerEndpoint: reader, proxyEndpoint: proxy, proxyPort: 5432, proxyIamAuth: false, proxyReaderEndpoint: null });
    });

    it("status with --secret-id derives the reader endpoint from the cluster endpoint, and shows no proxy", async () => {
      const s = await clusterSecret("aurora-mysql", 3306);
      const run = await cli(["status", "--secret-id", s.arn]);
      assert.deepEqual(run.stdout.split("\n").slice(2, 5), [`Database      aurora-mysql cluster orders, writer ${writer}:3306`, `Reader        ${reader}:3306`, `Rotation      disabled`]);
    });

    it("url and env go through the proxy by default when the outputs name one, on the engine's port, with the proxy's CA", async () => {
      const s = await clusterSecret("aurora-postgresql", 6543);
      const file = outputs("orders", s.arn, { proxyEndpoint: proxy });
      const env = motoEnv({ HOME: "/home/dev" });
      const url = await cli(["url", "--stack-outputs", file], env);
      // RDS Proxy listens on the engine's default port whatever the database's, and presents an ACM certificate.
      assert.equal(url.stdout, `postgresql://app:****@${proxy}:5432/orders?sslmode=verify-full&sslrootcert=%2Fhome%2Fdev%2F.config%2Frotated-rds%2Famazon-root-ca-1.pem\n`);
      assert.equal(url.stderr, "");
      const direct = await cli(["url", "--stack-outputs", file, "--via", "direct"], env);
      assert.equal(direct.stdout, `postgresql://app:****@${writer}:6543/orders?sslmode=verify-full&sslrootcert=%2Fhome%2Fdev%2F.config%2Frotated-rds%2Frds-global-bundle.pem\n`);
      const vars = await cli(["env", "--stack-outputs", file, "--ca-bundle", CA]);
      assert.equal(vars.stdout, `export PGHOST=${proxy}\nexport PGPORT=5432\nexport PGUSER=app\nexport PGDATABASE=orders\nexport PGSSLMODE=verify-full\nexport PGSSLROOTCERT=/etc/rds/global-bundle.pem\n`);
      const proxyCa = await cli(["env", "--stack-outputs", file, "--format", "dotenv"], motoEnv({ ROTATED_RDS_PROXY_CA_BUNDLE: "/etc/amazon/root-ca-1.pem", ROTATED_RDS_CA_BUNDLE: "/etc/rds/b.pem" }));
      assert.equal(proxyCa.stdout.split("\n").slice(-2)[0], "PGSSLROOTCERT=/etc/amazon/root-ca-1.pem");
    });

    it("with a proxy that requires IAM authentication (outputs carry proxyConnectPolicyDocument), url and env go to the writer unless --via proxy, and connect refuses the proxy", async () => {
      const s = await clusterSecret();
      const file = outputs("orders", s.arn, { proxyEndpoint: proxy, proxyConnectPolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [] }) });
      const status = await cli(["status", "--stack-outputs", file]);
      assert.equal(status.stdout.split("\n")[4], `Proxy         ${proxy}:5432 (IAM authentication: clients log in with tokens, so url, env and connect go to the database unless --via proxy)`);
      const url = await cli(["url", "--stack-outputs", file, "--ca-bundle", CA]);
      assert.equal(url.stdout, `postgresql://app:****@${writer}:5432/orders?sslmode=verify-full&sslrootcert=%2Fetc%2Frds%2Fglobal-bundle.pem\n`);
      assert.equal(url.stderr, "");
      const viaProxy = await cli(["env", "--stack-outputs", file, "--ca-bundle", CA, "--via", "proxy"]);
      assert.equal(viaProxy.stdout.split("\n")[0], `export PGHOST=${proxy}`);
      assert.equal(viaProxy.stderr, `note: proxy ${proxy} requires IAM authentication: log in with a token (aws rds generate-db-auth-token --hostname ${proxy} --port 5432 --username app), not the secret's password\n`);
      const connect = await cli(["connect", "--stack-outputs", file, "--via", "proxy"]);
      assert.equal(
        connect.stderr,
        `rotated-rds: proxy ${proxy} requires IAM authentication, and connect logs in with the secret's password: use --via direct, or run the client yourself with a token as the password (aws rds generate-db-auth-token --hostname ${proxy} --port 5432 --username app)\n`,
      );
      assert.equal(connect.code, 252);
    });

    it("url and env --reader give the cluster's reader endpoint, from the outputs or derived from the writer's", async () => {
      const s = await clusterSecret("aurora-mysql", 3306);
      const custom = "orders-ro.cluster-custom-c7tj4example.us-east-1.rds.amazonaws.com";
      const file = outputs("orders", s.arn, { readerEndpoint: custom, proxyEndpoint: proxy });
      assert.equal((await cli(["url", "--stack-outputs", file, "--reader", "--ca-bundle", CA])).stdout, `mysql://app:****@${custom}:3306/orders?ssl-mode=VERIFY_IDENTITY&ssl-ca=%2Fetc%2Frds%2Fglobal-bundle.pem\n`);
      assert.equal((await cli(["url", "--secret-id", s.arn, "--reader", "--ca-bundle", CA])).stdout, `mysql://app:****@${reader}:3306/orders?ssl-mode=VERIFY_IDENTITY&ssl-ca=%2Fetc%2Frds%2Fglobal-bundle.pem\n`);
      const vars = await cli(["env", "--secret-id", s.arn, "--reader", "--ca-bundle", CA, "--output", "json"]);
      assert.equal((JSON.parse(vars.stdout) as { MYSQL_HOST: string }).MYSQL_HOST, reader);
    });

    it("refuses --via proxy without a proxy, --reader on an instance, and --reader --via proxy without a proxy (exit 252)", async () => {
      const s = await clusterSecret();
      const noProxy = await cli(["url", "--secret-id", s.arn, "--via", "proxy"]);
      assert.equal(noProxy.stderr, "rotated-rds: --via proxy needs the proxy's endpoint: pass --stack-outputs of a stack whose database has a proxy (output proxyEndpoint); the secret's host is the database itself\n");
      assert.equal(noProxy.code, 252);
      const instance = await secret({ engine: "postgres", host: "db.example.com", username: "app", password: password(), dbInstanceIdentifier: "db" });
      const readerOfInstance = await cli(["env", "--secret-id", instance.name, "--reader"]);
      assert.equal(readerOfInstance.stderr, `rotated-rds: --reader needs an Aurora cluster, and secret "${instance.name}" describes an instance (engine postgres, host db.example.com)\n`);
      assert.equal(readerOfInstance.code, 252);
      const readerNoProxy = await cli(["url", "--secret-id", s.arn, "--reader", "--via", "proxy"]);
      assert.equal(readerNoProxy.stderr, "rotated-rds: --reader --via proxy needs the proxy's read-only endpoint: pass --stack-outputs of a stack whose cluster has readers and a proxy (output proxyReaderEndpoint); use --reader alone for the cluster's reader endpoint\n");
      assert.equal(readerNoProxy.code, 252);
      const badVia = await cli(["url", "--secret-id", s.arn, "--via", "tunnel"]);
      assert.equal(badVia.stderr, "rotated-rds: option '--via <path>' argument 'tunnel' is invalid. Allowed choices are proxy, direct.\n");
    });

    it("--reader goes through the proxy's read-only endpoint when the outputs name one (the default like the writer's), and --via direct to the cluster's reader endpoint", async () => {
      const s = await clusterSecret("aurora-postgresql", 6543);
      const proxyReader = "orders-proxy-reader-1a2b3c4d.endpoint.proxy-c7tj4example.us-east-1.rds.amazonaws.com";
      const file = outputs("orders", s.arn, { readerEndpoint: reader, proxyEndpoint: proxy, proxyReaderEndpoint: proxyReader });
      const env = motoEnv({ HOME: "/home/dev" });
      const url = await cli(["url", "--stack-outputs", file, "--reader"], env);
      // The proxy's port and its Amazon Root CA 1, as for the default endpoint.
      assert.equal(url.stdout, `postgresql://app:****@${proxyReader}:5432/orders?sslmode=verify-full&sslrootcert=%2Fhome%2Fdev%2F.config%2Frotated-rds%2Famazon-root-ca-1.pem\n`);
      assert.equal(url.stderr, "");
      const viaProxy = await cli(["env", "--stack-outputs", file, "--reader", "--via", "proxy", "--ca-bundle", CA]);
      assert.equal(viaProxy.stdout.split("\n")[0], `export PGHOST=${proxyReader}`);
      const direct = await cli(["url", "--stack-outputs", file, "--reader", "--via", "direct"], env);
      assert.equal(direct.stdout, `postgresql://app:****@${reader}:6543/orders?sslmode=verify-full&sslrootcert=%2Fhome%2Fdev%2F.config%2Frotated-rds%2Frds-global-bundle.pem\n`);
      // Without --reader the default endpoint is unchanged.
      assert.equal((await cli(["env", "--stack-outputs", file, "--ca-bundle", CA])).stdout.split("\n")[0], `export PGHOST=${proxy}`);
      const status = await cli(["status", "--stack-outputs", file]);
      assert.deepEqual(status.stdout.split("\n").slice(3, 6), [
        `Reader        ${reader}:6543`,
        `Proxy         ${proxy}:5432 (url, env and connect go through it; --via direct for the database)`,
        `Proxy reader  ${proxyReader}:5432 (read-only, to the readers: --reader)`,
      ]);
      const json = JSON.parse((await cli(["status", "--stack-outputs", file, "--output", "json"])).stdout) as { database: { proxyReaderEndpoint: unknown } };
      assert.equal(json.database.proxyReaderEndpoint, proxyReader);
    });

    it("--reader with a proxy that requires IAM defaults to the cluster's reader endpoint; --via proxy gives the read-only endpoint with the token note, and connect refuses it", async () => {
      const s = await clusterSecret();
      const proxyReader = "orders-proxy-reader-1a2b3c4d.endpoint.proxy-c7tj4example.us-east-1.rds.amazonaws.com";
      const file = outputs("orders", s.arn, {
        readerEndpoint: reader, proxyEndpoint: proxy, proxyReaderEndpoint: proxyReader, proxyConnectPolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [] }),
      });
      const url = await cli(["url", "--stack-outputs", file, "--reader", "--ca-bundle", CA]);
      assert.equal(url.stdout, `postgresql://app:****@${reader}:5432/orders?sslmode=verify-full&sslrootcert=%2Fetc%2Frds%2Fglobal-bundle.pem\n`);
      assert.equal(url.stderr, "");
      const viaProxy = await cli(["env", "--stack-outputs", file, "--reader", "--via", "proxy", "--ca-bundle", CA]);
      assert.equal(viaProxy.stdout.split("\n")[0], `export PGHOST=${proxyReader}`);
      assert.equal(viaProxy.stderr, `note: proxy ${proxyReader} requires IAM authentication: log in with a token (aws rds generate-db-auth-token --hostname ${proxyReader} --port 5432 --username app), not the secret's password\n`);
      const connect = await cli(["connect", "--stack-outputs", file, "--reader", "--via", "proxy"]);
      assert.equal(
        connect.stderr,
        `rotated-rds: proxy ${proxyReader} requires IAM authentication, and connect logs in with the secret's password: use --via direct, or run the client yourself with a token as the password (aws rds generate-db-auth-token --hostname ${proxyReader} --port 5432 --username app)\n`,
      );
      assert.equal(connect.code, 252);
    });

    it("refuses --reader --via proxy when the outputs name a proxy but no read-only endpoint (a cluster without readers)", async () => {
      const s = await clusterSecret();
      const file = outputs("orders", s.arn, { readerEndpoint: reader, proxyEndpoint: proxy });
      const run = await cli(["url", "--stack-outputs", file, "--reader", "--via", "proxy"]);
      assert.equal(run.stderr, `rotated-rds: --reader --via proxy needs the proxy's read-only endpoint, and the stack outputs name no proxyReaderEndpoint for secret "${s.name}" (a cluster without readers has none; the proxy's default endpoint reaches the writer); use --reader --via direct for the cluster's reader endpoint\n`);
      assert.equal(run.code, 252);
      // --reader alone still gives the cluster's reader endpoint there.
      assert.equal((await cli(["env", "--stack-outputs", file, "--reader", "--ca-bundle", CA])).stdout.split("\n")[0], `export PGHOST=${reader}`);
    });

    it("refuses --reader when no reader endpoint is known: not in the outputs, and host is not a cluster endpoint", async () => {
      const s = await secret({ engine: "aurora-postgresql", host: "10.0.1.5", username: "app", password: password(), dbClusterIdentifier: "orders" });
      const run = await cli(["url", "--secret-id", s.name, "--reader"]);
      assert.equal(run.stderr, `rotated-rds: --reader: no reader endpoint for secret "${s.name}": the stack outputs name no readerEndpoint, and host 10.0.1.5 is not a cluster endpoint (<cluster>.cluster-<id>.<region>.rds.amazonaws.com)\n`);
      assert.equal(run.code, 252);
    });

    it("takes the endpoints of a single component exported at the top level", async () => {
      const s = await clusterSecret();
      const file = path.join(work, "top.json");
      fs.writeFileSync(file, JSON.stringify({ secretArn: s.arn, address: writer, readerEndpoint: reader, proxyEndpoint: proxy }));
      assert.match((await cli(["url", "--stack-outputs", file, "--ca-bundle", CA])).stdout, new RegExp(`^postgresql://app:\\*{4}@${proxy.replace(/\./g, "\\.")}:5432/`));
      assert.match((await cli(["url", "--stack-outputs", file, "--ca-bundle", CA, "--reader"])).stdout, new RegExp(`^postgresql://app:\\*{4}@${reader.replace(/\./g, "\\.")}:5432/`));
    });
  });

  it("prints no password anywhere without --show-password", async () => {
    const pw = password();
    const s = await secret({ engine: "postgres", host: "db.example.com", username: "app", password: pw });
    for (const argv of [["status"], ["url"], ["env"], ["env", "--format", "json"], ["url", "--output", "json"], ["status", "--output", "json"], ["doctor"]]) {
      const run = await cli([...argv, "--secret-id", s.name, "--ca-bundle", CA].filter((a, i, all) => !(argv[0] !== "url" && argv[0] !== "env" && (a === "--ca-bundle" || all[i - 1] === "--ca-bundle"))));
      for (const text of [run.stdout, run.stderr]) {
        assert.ok(!text.includes(pw) && !text.includes(encodeURIComponent(pw)), `${argv.join(" ")} printed the password`);
      }
    }
  });

  describe("choosing the secret", () => {
    it("finds the secret in stack outputs: by --database, and without it when there is one", async () => {
      const a = await secret({ engine: "postgres", host: "a.example.com", username: "a", password: password() });
      const b = await secret({ engine: "postgres", host: "b.example.com", username: "b", password: password() });
      const two = path.join(work, "two.json");
      const one = path.join(work, "one.json");
      fs.writeFileSync(two, JSON.stringify({ vpcId: "vpc-1", databases: { orders: { address: "a", secretArn: a.arn }, billing: { address: "b", secretArn: b.arn } } }));
      fs.writeFileSync(one, JSON.stringify({ vpcId: "vpc-1", databases: { orders: { secretArn: a.arn } } }));
      assert.match((await cli(["url", "--stack-outputs", two, "--database", "billing"])).stdout, /^postgresql:\/\/b:\*\*\*\*@b\.example\.com:/);
      assert.match((await cli(["url", "--stack-outputs", one])).stdout, /^postgresql:\/\/a:\*\*\*\*@a\.example\.com:/);
      const ambiguous = await cli(["url", "--stack-outputs", two]);
      assert.equal(ambiguous.stderr, `rotated-rds: ${two} names 2 databases (orders, billing): pass --database NAME\n`);
      assert.equal(ambiguous.code, 252);
      const unknown = await cli(["url", "--stack-outputs", two, "--database", "shipping"]);
      assert.equal(unknown.stderr, `rotated-rds: --database "shipping" is not in ${two}; it names "orders", "billing"\n`);
    });

    it("refuses no secret, both selectors, and a missing outputs file with the AWS CLI's exit codes", async () => {
      const none = await cli(["status"]);
      assert.equal(none.stderr, "rotated-rds: no secret: pass --secret-id ARN|NAME, or --stack-outputs FILE (pulumi stack output --json) with --database NAME\n");
      assert.equal(none.code, 252);
      assert.equal((await cli(["status", "--secret-id", "x", "--stack-outputs", "y.json"])).code, 252);
      const missing = await cli(["status", "--stack-outputs", path.join(work, "nope.json")]);
      assert.equal(missing.code, 253);
      assert.match(missing.stderr, /^rotated-rds: cannot read --stack-outputs .*nope\.json: ENOENT/);
    });
  });

  describe("errors", () => {
    it("secret not found: one line, exit 254", async () => {
      const run = await cli(["status", "--secret-id", "no-such-secret"]);
      assert.equal(run.stderr, 'rotated-rds: secret "no-such-secret" not found (secretsmanager:DescribeSecret)\n');
      assert.equal(run.code, 254);
    });

    it("not a database secret, naming the field: an RDS-managed master secret", async () => {
      const s = await secret({ username: "admin", password: password() });
      const run = await cli(["url", "--secret-id", s.name]);
      assert.equal(
        run.stderr,
        `rotated-rds: not a database secret: secret "${s.name}" lacks the field "engine" (a non-empty string) (it looks like an RDS-managed master secret, which holds only username and password: add engine, host and port, or use a secret made for clients)\n`,
      );
      assert.equal(run.code, 255);
      // status still answers, and says why it shows no database.
      const status = await cli(["status", "--secret-id", s.name]);
      assert.equal(status.code, 0);
      assert.equal(status.stdout.split("\n")[2], `Database      not shown: not a database secret: the secret lacks the field "engine" (a non-empty string) (it looks like an RDS-managed master secret, which holds only username and password: add engine, host and port, or use a secret made for clients)`);
    });

    it("rotation disabled: rotate says so and points at doctor", async () => {
      const s = await secret({ engine: "postgres", host: "db.example.com", username: "app", password: password() });
      const run = await cli(["rotate", "--secret-id", s.name]);
      assert.equal(run.stderr, `rotated-rds: rotation is disabled for secret "${s.name}": enable it with a rotation function first; "rotated-rds doctor" shows what is missing\n`);
      assert.equal(run.code, 255);
    });

    it("a bad argument: one line, exit 252", async () => {
      const unknown = await cli(["status", "--secret-id", "x", "--bogus"]);
      assert.equal(unknown.stderr, "rotated-rds: unknown option '--bogus'\n");
      assert.equal(unknown.code, 252);
      const output = await cli(["status", "--output", "yaml"]);
      assert.equal(output.stderr, "rotated-rds: option '--output <format>' argument 'yaml' is invalid. Allowed choices are text, json.\n");
      assert.equal(output.code, 252);
      assert.equal((await cli(["rotate", "--secret-id", "x", "--timeout", "soon"])).code, 252);
    });
  });

  describe("AWS conventions", () => {
    it("takes the region from AWS_DEFAULT_REGION when AWS_REGION is unset, and --region over both", async () => {
      const s = await secret({ engine: "postgres", host: "db.example.com", username: "app", password: password() });
      const env = motoEnv({ AWS_DEFAULT_REGION: "eu-west-1" });
      delete env.AWS_REGION;
      const elsewhere = await cli(["status", "--secret-id", s.name], env);
      assert.equal(elsewhere.stderr, `rotated-rds: secret "${s.name}" not found (secretsmanager:DescribeSecret)\n`);
      assert.equal((await cli(["status", "--secret-id", s.name, "--region", "us-east-1"], env)).code, 0);
    });

    it("reads a profile's credentials and region (--profile, AWS_PROFILE); no credentials or region is exit 253", async function () {
      this.timeout(60_000);
      const s = await secret({ engine: "postgres", host: "db.example.com", username: "app", password: password() });
      const config = path.join(work, "config");
      const credentials = path.join(work, "credentials");
      fs.writeFileSync(config, "[profile dev]\nregion = us-east-1\n");
      fs.writeFileSync(credentials, "[dev]\naws_access_key_id = testing\naws_secret_access_key = testing\n");
      const base: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: work, AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: credentials, AWS_EC2_METADATA_DISABLED: "true" };
      const argv = ["status", "--secret-id", s.name, "--endpoint-url", moto.endpoint];
      const [byFlag, byEnv, noProfile, unknownProfile] = await Promise.all([
        spawnCli([...argv, "--profile", "dev"], base).done,
        spawnCli(argv, { ...base, AWS_PROFILE: "dev" }).done,
        spawnCli(argv, base).done,
        spawnCli([...argv, "--profile", "nope"], base).done,
      ]);
      assert.equal(byFlag.code, 0, byFlag.stderr);
      assert.equal(byFlag.stdout.split("\n")[0], `Secret        ${s.name}`);
      assert.equal(byEnv.code, 0, byEnv.stderr);
      assert.equal(noProfile.stderr, "rotated-rds: no AWS region: pass --region or set AWS_REGION (or a region in the profile)\n");
      assert.equal(noProfile.code, 253);
      assert.equal(unknownProfile.code, 253, unknownProfile.stderr);
      assert.match(unknownProfile.stderr, /^rotated-rds: no AWS (credentials|region)/);
    });
  });

  describe("help", () => {
    for (const command of ["status", "rotate", "url", "env", "connect", "doctor"]) {
      it(`${command} --help shows its options and an example, exit 0`, async () => {
        const run = await runInProcess([command, "--help"]);
        assert.equal(run.code, 0);
        assert.match(run.stdout, new RegExp(`^Usage: rotated-rds ${command} `));
        assert.match(run.stdout, new RegExp(`\\nExamples?:\\n  \\$ .*rotated-rds ${command} `));
      });
    }

    it("rotated-rds --help lists the commands, the global options and the exit codes", async () => {
      const run = await runInProcess(["--help"]);
      assert.equal(run.code, 0);
      for (const text of ["status", "rotate", "url", "env", "connect", "doctor", "--secret-id", "--stack-outputs", "--database", "--region", "--profile", "--endpoint-url", "--output", "252 bad argument", "253 missing configuration or credentials", "254 AWS service error", "255 anything else"]) {
        assert.ok(run.stdout.includes(text), `--help lacks ${text}`);
      }
    });
  });
});
