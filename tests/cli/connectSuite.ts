// connect against a real server, one suite per engine: the real client (psql, mariadb) started by the
// CLI through a recording wrapper placed first on PATH. The wrapper saves its own argv and environment
// and, from a background job, the running client's /proc/<pid>/cmdline and /proc/<pid>/environ (the
// same pid after exec), and the credentials file's mode; the tests then assert that the password is in
// none of them, that the file was 0600 while the client ran and is gone afterwards, also after Ctrl-C.
// Aurora speaks the community engines' protocols, so the same server stands in for a cluster: an
// Aurora-shaped secret (Aurora engine string, dbClusterIdentifier) connects, and --reader goes to the
// reader endpoint the stack outputs name.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { SecretEngine } from "../../rotation-lambda/contract";
import type { EngineFixture } from "../lambda/engineFixture";
import { randomPassword, TEST_CLUSTER_IDENTIFIER, useScenarioEnv } from "../lambda/scenarioEnv";
import { createTestCertificates, removeTestCertificates, requireService } from "../services";
import { motoEnv, runInProcess, spawnCli, useMotoCredentials } from "./harness";

export interface ConnectSuiteOptions {
  title: string;
  service: string;
  install: string;
  startFixture: () => Promise<EngineFixture>;
  /** The Aurora engine string whose protocol the server speaks. */
  auroraEngine: SecretEngine;
  /** The client program's name on PATH, and the binary the wrapper runs. */
  program: string;
  /** Client args printing the session's user, one value per line. */
  whoAmI: string[];
  /** The expected output of whoAmI for `username`. */
  whoAmIOutput(username: string): string;
  /** Client args printing whether the session uses TLS: the expected output follows. */
  tlsQuery: string[];
  tlsOutput: RegExp;
  /** Client args keeping the session busy for about a second (the running client is inspected meanwhile). */
  longQuery: string[];
  /** Client args keeping it busy far longer than the Ctrl-C test waits. */
  interruptQuery: string[];
  /** Where the credentials file path is: PGPASSFILE in the environment, or the first argument. */
  credentialsFile(argv: string[], environ: Record<string, string>): string;
}

interface Recording {
  wrapperArgv: string[];
  wrapperEnviron: Record<string, string>;
  clientCmdline: string[];
  clientEnviron: Record<string, string>;
  fileMode: string;
  dirMode: string;
}

function parseEnviron(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of text.split("\0").filter(Boolean)) {
    const i = entry.indexOf("=");
    out[entry.slice(0, i)] = entry.slice(i + 1);
  }
  return out;
}

export function connectSuite(o: ConnectSuiteOptions): void {
  describe(o.title, function () {
    this.timeout(60_000);
    useMotoCredentials();
    const env = useScenarioEnv({ service: o.service, install: o.install, startFixture: o.startFixture, auroraEngine: o.auroraEngine });
    let bin: string;
    let record: string;
    let real: string;

    before(async function () {
      real = await requireService(this, o.program, `the ${o.program} client`, async () => {
        const found = (process.env.PATH ?? "").split(path.delimiter).map((d) => path.join(d, o.program)).find((p) => fs.existsSync(p));
        if (!found) throw new Error(`${o.program} is not on PATH`);
        return found;
      });
      bin = fs.mkdtempSync(path.join(os.tmpdir(), "rotated-rds-client-"));
      record = path.join(bin, "record");
      fs.mkdirSync(record);
      // $1 may carry the credentials file (--defaults-extra-file=...); PGPASSFILE names it otherwise.
      fs.writeFileSync(
        path.join(bin, o.program),
        [
          "#!/bin/sh",
          // connect asks a MySQL-family client for --version to pick its TLS options: not a session.
          `[ "$1" = "--version" ] && exec ${real} --version`,
          `r=${record}`,
          `f="\${PGPASSFILE:-\${1#--defaults-extra-file=}}"`,
          `cat /proc/$$/cmdline > "$r/wrapper-argv"`,
          `cat /proc/$$/environ > "$r/wrapper-environ"`,
          `stat -c %a "$f" > "$r/file-mode"`,
          `stat -c %a "$(dirname "$f")" > "$r/dir-mode"`,
          `printf %s "$f" > "$r/file"`,
          // After exec this pid is the client itself: look at it while it runs.
          `( sleep 0.4; cat /proc/$$/cmdline > "$r/client-cmdline"; cat /proc/$$/environ > "$r/client-environ" ) 2>/dev/null &`,
          `exec ${real} "$@"`,
          "",
        ].join("\n"),
        { mode: 0o755 },
      );
    });
    after(() => {
      if (bin) fs.rmSync(bin, { recursive: true, force: true });
    });
    beforeEach(() => {
      for (const f of fs.readdirSync(record)) fs.rmSync(path.join(record, f));
    });

    const cliEnv = (extra: NodeJS.ProcessEnv = {}) => motoEnv({ PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}`, ...extra });
    const argv = (secretArn: string, clientArgs: string[]) => ["connect", "--secret-id", secretArn, "--endpoint-url", env().proxy.endpoint, "--ca-bundle", env().fixture.caPath, "--", ...clientArgs];

    async function recording(): Promise<Recording> {
      // The CLI as a child process starts through ts-node: allow it time on a loaded machine.
      const deadline = Date.now() + 30_000;
      while (!fs.existsSync(path.join(record, "client-environ")) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const read = (name: string) => fs.readFileSync(path.join(record, name), "utf8");
      return {
        wrapperArgv: read("wrapper-argv").split("\0").filter(Boolean),
        wrapperEnviron: parseEnviron(read("wrapper-environ")),
        clientCmdline: read("client-cmdline").split("\0").filter(Boolean),
        clientEnviron: parseEnviron(read("client-environ")),
        fileMode: read("file-mode").trim(),
        dirMode: read("dir-mode").trim(),
      };
    }

    function assertNoPassword(rec: Recording, password: string): void {
      for (const [what, values] of [
        ["the client's argv (wrapper)", rec.wrapperArgv],
        ["/proc/<pid>/cmdline of the running client", rec.clientCmdline],
        ["the client's environment (wrapper)", Object.entries(rec.wrapperEnviron).map(([k, v]) => `${k}=${v}`)],
        ["/proc/<pid>/environ of the running client", Object.entries(rec.clientEnviron).map(([k, v]) => `${k}=${v}`)],
      ] as const) {
        assert.ok(!values.some((v) => v.includes(password)), `the password is in ${what}`);
      }
      assert.ok(!("PGPASSWORD" in rec.clientEnviron) && !("MYSQL_PWD" in rec.clientEnviron), "a password variable reached the client");
    }

    it("runs the real client logged in through the secret, non-interactively, over verified TLS", async () => {
      const { secret, value } = await env().makeSecret("single-user");
      const run = await runInProcess(argv(secret.arn, o.whoAmI), { env: cliEnv() });
      assert.equal(run.stderr, "");
      assert.equal(run.stdout, o.whoAmIOutput(value.username));
      assert.equal(run.code, 0);
      const tls = await runInProcess(argv(secret.arn, o.tlsQuery), { env: cliEnv() });
      assert.match(tls.stdout, o.tlsOutput);
    });

    it("logs in with a password holding the characters pgpass and option files escape", async () => {
      const username = env().uniqueName("odd");
      const password = `a:b\\c"d#e f'g;h=${env().uniqueName("p")}`;
      await env().fixture.createLoginUser(username, password);
      const secret = await env().driver.createSecret({ engine: env().fixture.engine, host: env().fixture.host, port: env().fixture.port, username, password, dbname: env().fixture.dbname });
      const run = await runInProcess(argv(secret.arn, o.whoAmI), { env: cliEnv() });
      assert.equal(run.stdout, o.whoAmIOutput(username), run.stderr);
      assert.equal(run.code, 0);
    });

    it("verifies the server certificate: a bundle of another CA is refused", async () => {
      const { secret } = await env().makeSecret("single-user");
      const other = createTestCertificates();
      try {
        const run = await runInProcess(["connect", "--secret-id", secret.arn, "--endpoint-url", env().proxy.endpoint, "--ca-bundle", other.caCertPath, "--", ...o.whoAmI], { env: cliEnv() });
        assert.notEqual(run.code, 0, "the client connected with a CA that did not sign the server's certificate");
        assert.equal(run.stdout, "");
      } finally {
        removeTestCertificates(other);
      }
    });

    it("keeps the password off argv and out of the environment; the 0600 file is gone afterwards", async () => {
      const { secret, value } = await env().makeSecret("single-user");
      const run = await runInProcess(argv(secret.arn, o.longQuery), { env: cliEnv({ PGPASSWORD: "ignored-stale", MYSQL_PWD: "ignored-stale" }) });
      assert.equal(run.code, 0, run.stderr);
      const rec = await recording();
      assertNoPassword(rec, value.password);
      assert.equal(rec.fileMode, "600");
      assert.equal(rec.dirMode, "700");
      const file = o.credentialsFile(rec.wrapperArgv.slice(2), rec.wrapperEnviron);
      assert.equal(file, fs.readFileSync(path.join(record, "file"), "utf8"));
      assert.ok(!fs.existsSync(file), `${file} is still there`);
      assert.ok(!fs.existsSync(path.dirname(file)), `${path.dirname(file)} is still there`);
      for (const text of [run.stdout, run.stderr]) assert.ok(!text.includes(value.password), "connect printed the password");
    });

    it("removes the file when interrupted with Ctrl-C (SIGINT passed on to the client)", async function () {
      this.timeout(60_000);
      const { secret, value } = await env().makeSecret("single-user");
      const child = spawnCli(argv(secret.arn, o.interruptQuery), cliEnv());
      const rec = await recording();
      const file = fs.readFileSync(path.join(record, "file"), "utf8");
      assert.ok(fs.existsSync(file), "the credentials file should exist while the client runs");
      child.kill("SIGINT");
      const run = await child.done;
      assert.ok(!fs.existsSync(file), `${file} survived SIGINT`);
      assert.ok(!fs.existsSync(path.dirname(file)), `${path.dirname(file)} survived SIGINT`);
      assert.notEqual(run.code, 0, "the interrupted client should not report success");
      assertNoPassword(rec, value.password);
    });

    it("connects with an Aurora-shaped secret (Aurora engine string, dbClusterIdentifier, no dbInstanceIdentifier)", async () => {
      const { secret, value } = await env().makeSecret("single-user", { shape: "aurora" });
      assert.equal(value.engine, o.auroraEngine);
      assert.equal(value.dbClusterIdentifier, TEST_CLUSTER_IDENTIFIER);
      const run = await runInProcess(argv(secret.arn, o.whoAmI), { env: cliEnv() });
      assert.equal(run.stderr, "");
      assert.equal(run.stdout, o.whoAmIOutput(value.username));
      assert.equal(run.code, 0);
    });

    it("--reader connects to the reader endpoint the stack outputs name, not the secret's writer host", async () => {
      const username = env().uniqueName("reader");
      const password = randomPassword();
      await env().fixture.createLoginUser(username, password);
      // The writer host does not resolve: only the reader endpoint (the local server) logs in.
      const f = env().fixture;
      const secret = await env().driver.createSecret({ engine: o.auroraEngine, host: "writer.invalid", port: f.port, username, password, dbname: f.dbname, dbClusterIdentifier: TEST_CLUSTER_IDENTIFIER });
      const outputs = path.join(bin, `outputs-${username}.json`);
      fs.writeFileSync(outputs, JSON.stringify({ databases: { orders: { secretArn: secret.arn, address: "writer.invalid", readerEndpoint: f.host } } }));
      const common = ["connect", "--stack-outputs", outputs, "--endpoint-url", env().proxy.endpoint, "--ca-bundle", f.caPath];
      const reader = await runInProcess([...common, "--reader", "--", ...o.whoAmI], { env: cliEnv() });
      assert.equal(reader.stdout, o.whoAmIOutput(username), reader.stderr);
      assert.equal(reader.code, 0);
      const writer = await runInProcess([...common, "--", ...o.whoAmI], { env: cliEnv() });
      assert.notEqual(writer.code, 0, "the writer host should not resolve");
      assert.equal(writer.stdout, "");
    });

    it("through the proxy, asks for Amazon Root CA 1 (RDS Proxy's ACM certificates) before starting the client (exit 253)", async () => {
      const { secret } = await env().makeSecret("single-user", { shape: "aurora" });
      const outputs = path.join(bin, `outputs-proxy-${env().uniqueName("p")}.json`);
      fs.writeFileSync(outputs, JSON.stringify({ databases: { orders: { secretArn: secret.arn, proxyEndpoint: "orders.proxy-abc123.us-east-1.rds.amazonaws.com" } } }));
      const home = fs.mkdtempSync(path.join(os.tmpdir(), "rotated-rds-home-"));
      try {
        const run = await runInProcess(["connect", "--stack-outputs", outputs, "--endpoint-url", env().proxy.endpoint, "--", ...o.whoAmI], { env: cliEnv({ HOME: home }) });
        const file = path.join(home, ".config", "rotated-rds", "amazon-root-ca-1.pem");
        assert.equal(
          run.stderr,
          `rotated-rds: CA bundle ${file} not found: download Amazon Root CA 1 (RDS Proxy's certificates chain to it, not to the RDS bundle): curl -fsSL --create-dirs -o ${file} https://www.amazontrust.com/repository/AmazonRootCA1.pem (or pass --ca-bundle FILE)\n`,
        );
        assert.equal(run.code, 253);
        assert.ok(!fs.existsSync(path.join(record, "wrapper-argv")), "the client started without its CA bundle");
      } finally {
        fs.rmSync(home, { recursive: true, force: true });
      }
    });

    it("says which client to install when none is on PATH (exit 253)", async () => {
      const { secret } = await env().makeSecret("single-user");
      const empty = fs.mkdtempSync(path.join(os.tmpdir(), "rotated-rds-nopath-"));
      try {
        const run = await runInProcess(argv(secret.arn, o.whoAmI), { env: motoEnv({ PATH: empty }) });
        assert.match(run.stderr, /^rotated-rds: (psql|mariadb or mysql|mysql or mariadb) is not installed \(not on PATH\): install /);
        assert.equal(run.stderr.split("\n").length, 2);
        assert.equal(run.code, 253);
      } finally {
        fs.rmSync(empty, { recursive: true, force: true });
      }
    });

    it("refuses to connect without the CA bundle, saying how to download the RDS bundle (exit 253)", async () => {
      const { secret } = await env().makeSecret("single-user");
      const missing = path.join(bin, "no-such-bundle.pem");
      const run = await runInProcess(["connect", "--secret-id", secret.arn, "--endpoint-url", env().proxy.endpoint, "--ca-bundle", missing, "--", ...o.whoAmI], { env: cliEnv() });
      assert.equal(run.stderr, `rotated-rds: CA bundle ${missing} not found: download the RDS global bundle: curl -fsSL --create-dirs -o ${missing} https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem (or pass --ca-bundle FILE)\n`);
      assert.equal(run.code, 253);
    });
  });
}
