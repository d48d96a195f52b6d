// npm run bench:lambda — figures for the rotation function (a script, not a test):
//  - bundle size, raw and gzip;
//  - cold start: median over fresh Node processes of loading the bundle plus the first handler call
//    (a guarded no-op: one DescribeSecret against moto);
//  - full four-step rotation latency, median over many rotations, against local PostgreSQL (and
//    MariaDB, reported as skipped when it cannot start) with moto and verified TLS, for both strategies;
//  - Secrets Manager calls (recorded by the proxy) and database logins (from the function's logs)
//    per rotation.
// The bundle itself runs the rotations, in this process, with the test CA added to its trust.
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as tls from "tls";
import * as zlib from "zlib";
import { loadConfig } from "../rotation-lambda/config";
import { ENV } from "../rotation-lambda/contract";
import { newCapture, RotationDriver, type StepInvoker } from "../tests/lambda/driver";
import type { EngineFixture } from "../tests/lambda/engineFixture";
import { startMariadbFixture } from "../tests/lambda/mariadbFixture";
import { startPostgresFixture } from "../tests/lambda/postgresFixture";
import { randomPassword } from "../tests/lambda/scenarioEnv";
import { SecretsManagerProxy } from "../tests/lambda/secretsManagerProxy";
import { MOTO_CREDENTIALS, MOTO_REGION, startMoto } from "../tests/services";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildRotationLambda } = require("./build-lambda.js") as { buildRotationLambda(): Promise<{ outfile: string; bytes: number }> };

const COLD_STARTS = Number(process.env.BENCH_COLD_STARTS ?? 12);
const ROTATIONS = Number(process.env.BENCH_ROTATIONS ?? 20);

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};
const ms = (x: number): string => `${x.toFixed(1)} ms`;

interface BundleModule {
  createHandler(deps: { config: ReturnType<typeof loadConfig>; logSink: (line: string) => void }): (event: unknown) => Promise<void>;
}

/** Runs asynchronously: the proxy the child talks to lives in this process's event loop. */
async function coldStart(bundle: string, endpoint: string, event: object): Promise<{ load: number; total: number }> {
  const script = `
    const t0 = performance.now();
    const { handler } = require(process.env.BUNDLE);
    const t1 = performance.now();
    handler(JSON.parse(process.env.EVENT)).then(() => {
      process.stderr.write("BENCH " + JSON.stringify({ load: t1 - t0, total: performance.now() }) + "\\n");
      // The SDK's keep-alive sockets would hold the process open (Lambda freezes it instead).
      process.exit(0);
    }, (e) => { process.stderr.write("BENCH-ERROR " + e.message + "\\n"); process.exit(1); });`;
  const child = spawn(process.execPath, ["-e", script], {
    env: {
      PATH: process.env.PATH ?? "",
      BUNDLE: bundle,
      EVENT: JSON.stringify(event),
      [ENV.SECRETS_MANAGER_ENDPOINT]: endpoint,
      AWS_REGION: MOTO_REGION,
      AWS_ACCESS_KEY_ID: MOTO_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: MOTO_CREDENTIALS.secretAccessKey,
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
  const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  await new Promise((resolve) => child.once("exit", resolve));
  clearTimeout(timer);
  const out = { stderr };
  const line = out.stderr.split("\n").find((l) => l.startsWith("BENCH"));
  if (!line || line.startsWith("BENCH-ERROR")) throw new Error(`cold start failed: ${out.stderr}`);
  return JSON.parse(line.slice("BENCH ".length)) as { load: number; total: number };
}

async function benchEngine(
  label: string,
  fixture: EngineFixture,
  driver: RotationDriver,
  proxy: SecretsManagerProxy,
  bundle: BundleModule,
): Promise<void> {
  const config = loadConfig({ [ENV.SECRETS_MANAGER_ENDPOINT]: proxy.endpoint });
  config.connect.tls.ca = [...tls.rootCertificates, fixture.caPem].join("\n");
  for (const strategy of ["single-user", "alternating-users"] as const) {
    const logs: string[] = [];
    const handler = bundle.createHandler({ config, logSink: (l) => logs.push(l) });
    const invoke: StepInvoker = (e) => handler(e);
    const username = `bench_${strategy === "single-user" ? "s" : "a"}_${Date.now().toString(36)}`;
    const password = randomPassword();
    await fixture.createLoginUser(username, password);
    const master = strategy === "alternating-users"
      ? await driver.createSecret({ username: fixture.admin.username, password: fixture.admin.password }, { rotationEnabled: false, prefix: "bench-master" })
      : undefined;
    const secret = await driver.createSecret({
      engine: fixture.engine, host: fixture.host, port: fixture.port, username, password, dbname: fixture.dbname,
      ...(master ? { masterarn: master.arn } : {}),
    });
    await driver.rotate(invoke, secret); // warm-up: connections, JIT, the clone's creation
    const times: number[] = [];
    const opsBefore = proxy.operations.length;
    const loginsBefore = logs.filter((l) => JSON.parse(l).message === "login").length;
    for (let i = 0; i < ROTATIONS; i++) {
      const t0 = performance.now();
      await driver.rotate(invoke, secret);
      times.push(performance.now() - t0);
    }
    const ops = proxy.operations.slice(opsBefore);
    const logins = logs.filter((l) => JSON.parse(l).message === "login").length - loginsBefore;
    const byOp = new Map<string, number>();
    for (const op of ops) byOp.set(op, (byOp.get(op) ?? 0) + 1);
    console.log(`\n${label}, ${strategy}, TLS verified, moto: ${ROTATIONS} rotations`);
    console.log(`  rotation latency: median ${ms(median(times))} (min ${ms(Math.min(...times))}, max ${ms(Math.max(...times))})`);
    console.log(`  Secrets Manager calls per rotation: ${(ops.length / ROTATIONS).toFixed(1)} (${[...byOp].map(([k, v]) => `${k.replace("secretsmanager:", "")} ${(v / ROTATIONS).toFixed(1)}`).join(", ")})`);
    console.log(`  database logins per rotation: ${(logins / ROTATIONS).toFixed(1)}`);
  }
}

async function main(): Promise<void> {
  const { outfile, bytes } = await buildRotationLambda();
  const gzip = zlib.gzipSync(fs.readFileSync(outfile), { level: 9 }).length;
  console.log(`bundle ${path.relative(process.cwd(), outfile)}: ${bytes} bytes raw, ${gzip} bytes gzip`);

  process.env.AWS_REGION = MOTO_REGION;
  process.env.AWS_ACCESS_KEY_ID = MOTO_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = MOTO_CREDENTIALS.secretAccessKey;
  const moto = await startMoto();
  const proxy = await new SecretsManagerProxy(moto.endpoint).start();
  const driver = new RotationDriver(moto.endpoint, proxy, newCapture());
  const fixtures: EngineFixture[] = [];
  try {
    const noop = await driver.createSecret({ engine: "postgres", host: "127.0.0.1", username: "u", password: "cold-start-password" });
    const current = (await driver.versionWith(noop, "AWSCURRENT")) as string;
    const event = { Step: "finishSecret", SecretId: noop.arn, ClientRequestToken: current };
    const cold: { load: number; total: number }[] = [];
    for (let i = 0; i < COLD_STARTS; i++) cold.push(await coldStart(outfile, proxy.endpoint, event));
    console.log(
      `cold start over ${COLD_STARTS} fresh Node processes: median ${ms(median(cold.map((c) => c.total)))} from process start to the first handler call's end ` +
        `(of which require(bundle) ${ms(median(cold.map((c) => c.load)))})`,
    );

    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const bundle = require(outfile) as BundleModule;
    const pg = await startPostgresFixture();
    fixtures.push(pg);
    await benchEngine("PostgreSQL 17", pg, driver, proxy, bundle);

    try {
      const maria = await startMariadbFixture();
      fixtures.push(maria);
      await benchEngine("MariaDB", maria, driver, proxy, bundle);
    } catch (err) {
      console.log(`\nMariaDB: skipped (${(err as Error).message})`);
    }
  } finally {
    for (const f of fixtures) await f.stop().catch(() => undefined);
    await proxy.stop();
    await moto.stop();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
