// Each command loads only the AWS SDK clients it uses, so the quick ones stay quick: in a fresh
// process, `--help` loads no SDK module, `status` only Secrets Manager, `doctor` also EC2, Lambda,
// RDS and CloudWatch Logs. (Wall time is measured by `npm run bench:cli`, not asserted.)
import { strict as assert } from "assert";
import { spawn } from "child_process";
import * as crypto from "crypto";
import * as path from "path";
import { CreateSecretCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { MOTO_INSTALL, requireService, startMoto, type MotoService } from "../services";
import { motoEnv, ROOT } from "./harness";
import { awsConfig } from "./motoAws";
import { buildRotationSetup } from "./rotationSetup";

const CLIENTS = ["client-secrets-manager", "client-ec2", "client-lambda", "client-rds", "client-cloudwatch-logs"];

/**
 * Runs the CLI in a fresh process and returns which SDK clients it had loaded when it finished.
 * Asynchronous: moto runs in this process and logs to a pipe this process drains (a synchronous
 * spawn would stop that, and a full pipe blocks moto).
 */
async function loadedClients(argv: string[]): Promise<{ code: number; loaded: string[] }> {
  const script = `
    const { runCli } = require(${JSON.stringify(path.join(ROOT, "cli", "main"))});
    const sink = { write: () => true };
    runCli(${JSON.stringify(argv)}, { stdout: sink, stderr: sink, env: process.env }).then((code) => {
      const loaded = ${JSON.stringify(CLIENTS)}.filter((c) => Object.keys(require.cache).some((k) => k.includes("/@aws-sdk/" + c + "/")));
      process.stdout.write(JSON.stringify({ code, loaded }));
    });`;
  const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], { cwd: ROOT, env: motoEnv(), stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
  const status = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", resolve);
  });
  if (status !== 0) throw new Error(stderr);
  return JSON.parse(stdout) as { code: number; loaded: string[] };
}

describe("rotated-rds loads SDK clients per command", function () {
  this.timeout(120_000);
  let moto: MotoService;
  let secretId: string;

  before(async function () {
    moto = await requireService(this, "moto", MOTO_INSTALL, () => startMoto());
    const sm = new SecretsManagerClient(awsConfig(moto.endpoint));
    secretId = (await sm.send(new CreateSecretCommand({ Name: `lazy-${crypto.randomBytes(4).toString("hex")}`, SecretString: JSON.stringify({ engine: "postgres", host: "db.example.com", username: "app", password: crypto.randomUUID() }) }))).ARN as string;
  });
  after(async () => moto?.stop());

  it("--help loads none", async () => {
    assert.deepEqual(await loadedClients(["--help"]), { code: 0, loaded: [] });
  });

  it("status loads only Secrets Manager", async () => {
    assert.deepEqual(await loadedClients(["status", "--secret-id", secretId, "--endpoint-url", moto.endpoint]), { code: 0, loaded: ["client-secrets-manager"] });
  });

  it("doctor loads the clients of its checks: all of them for a rotation in a VPC, fewer for a secret without one", async () => {
    const setup = await buildRotationSetup(moto.endpoint);
    assert.deepEqual(await loadedClients(["doctor", "--secret-id", setup.secret.arn, "--endpoint-url", moto.endpoint]), { code: 0, loaded: CLIENTS });
    // No rotation function on this secret: no function, network or logs to read.
    assert.deepEqual((await loadedClients(["doctor", "--secret-id", secretId, "--endpoint-url", moto.endpoint])).loaded, ["client-secrets-manager", "client-rds"]);
  });
});
