// npm run bench:client — figures for the client library (a script, not a test):
//  - query latency through the library's pool against a plain driver pool with the same login on the
//    same server, one interleaved run (each round runs one query on each, in alternating order),
//    p50 and p99, PostgreSQL and MariaDB;
//  - the time from a single-user setSecret to the first successful new connection, with and without
//    the AWSPENDING fallback, while the driver holds the rotation between setSecret and finishSecret
//    for BENCH_WINDOW_MS (AWS observed about a minute; default 5 s here), and the connects an
//    application saw fail (target with the fallback: none);
//  - Secrets Manager calls per process per hour at the defaults: counted at the recording proxy over
//    a run with every interval scaled down 1:BENCH_TIME_SCALE, and the formula.
import { performance } from "perf_hooks";
import * as mysql from "mysql2/promise";
import * as pg from "pg";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { createMysqlPool, createPgPool, DEFAULT_REFRESH_INTERVAL_MS, SecretCredentials } from "../client";
import { inProcessInvoker, newCapture, RotationDriver, type StepInvoker, type TestSecret } from "../tests/lambda/driver";
import type { EngineFixture } from "../tests/lambda/engineFixture";
import { startMariadbFixture } from "../tests/lambda/mariadbFixture";
import { startPostgresFixture } from "../tests/lambda/postgresFixture";
import { randomPassword } from "../tests/lambda/scenarioEnv";
import { SecretsManagerProxy } from "../tests/lambda/secretsManagerProxy";
import { MOTO_CREDENTIALS, MOTO_REGION, startMoto } from "../tests/services";

const QUERIES = Number(process.env.BENCH_QUERIES ?? 5000);
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 5000);
const WINDOW_RUNS = Number(process.env.BENCH_WINDOW_RUNS ?? 3);
const TIME_SCALE = Number(process.env.BENCH_TIME_SCALE ?? 200);

const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] as number;
};
const median = (xs: number[]): number => percentile(xs, 50);
const us = (ms: number): string => `${(ms * 1000).toFixed(0)} µs`;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Pools {
  library: () => Promise<void>;
  plain: () => Promise<void>;
  /** One new physical connection through the library's pool. */
  newConnection: () => Promise<void>;
  end: () => Promise<void>;
}

function pools(fixture: EngineFixture, credentials: SecretCredentials, login: { username: string; password: string }): Pools {
  if (fixture.engine === "postgres") {
    const ssl = { ca: fixture.caPem, rejectUnauthorized: true };
    const library = createPgPool({ credentials, ssl, max: 1 });
    const plain = new pg.Pool({ host: fixture.host, port: fixture.port, user: login.username, password: login.password, database: fixture.dbname, ssl, max: 1 });
    return {
      library: async () => void (await library.query("SELECT 1")),
      plain: async () => void (await plain.query("SELECT 1")),
      newConnection: async () => (await library.connect()).release(true),
      end: async () => void (await Promise.all([library.end(), plain.end()])),
    };
  }
  const ssl = { ca: fixture.caPem, rejectUnauthorized: true };
  const library = createMysqlPool({ credentials, ssl, connectionLimit: 1, database: fixture.dbname });
  const plain = mysql.createPool({ host: fixture.host, port: fixture.port, user: login.username, password: login.password, database: fixture.dbname, ssl, connectionLimit: 1 });
  return {
    library: async () => void (await library.query("SELECT 1")),
    plain: async () => void (await plain.query("SELECT 1")),
    newConnection: async () => (await library.getConnection()).destroy(),
    end: async () => void (await Promise.all([library.end(), plain.end()])),
  };
}

async function latency(label: string, p: Pools): Promise<void> {
  for (let i = 0; i < 200; i++) {
    await p.library();
    await p.plain();
  }
  const lib: number[] = [];
  const plain: number[] = [];
  for (let i = 0; i < QUERIES; i++) {
    const order: Array<[() => Promise<void>, number[]]> = i % 2 ? [[p.library, lib], [p.plain, plain]] : [[p.plain, plain], [p.library, lib]];
    for (const [run, into] of order) {
      const t = performance.now();
      await run();
      into.push(performance.now() - t);
    }
  }
  const overhead = (q: number) => `${(((percentile(lib, q) - percentile(plain, q)) / percentile(plain, q)) * 100).toFixed(1)} %`;
  console.log(
    `${label}: ${QUERIES} interleaved SELECT 1 each — library p50 ${us(percentile(lib, 50))}, p99 ${us(percentile(lib, 99))}; ` +
      `plain p50 ${us(percentile(plain, 50))}, p99 ${us(percentile(plain, 99))}; overhead p50 ${overhead(50)}, p99 ${overhead(99)}`,
  );
}

interface Env {
  fixture: EngineFixture;
  driver: RotationDriver;
  proxy: SecretsManagerProxy;
  invoke: StepInvoker;
  client: () => SecretsManagerClient;
}

async function singleUserSecret(env: Env): Promise<{ secret: TestSecret; username: string; password: string }> {
  const username = `bench_${Math.random().toString(36).slice(2, 8)}`;
  const password = randomPassword();
  await env.fixture.createLoginUser(username, password);
  const f = env.fixture;
  const secret = await env.driver.createSecret({ engine: f.engine, host: f.host, port: f.port, username, password, dbname: f.dbname });
  return { secret, username, password };
}

async function windowRun(env: Env, awsPendingFallback: boolean): Promise<{ ms: number; refusals: number; failedConnects: number }> {
  const { secret, username, password } = await singleUserSecret(env);
  const credentials = new SecretCredentials({ secretId: secret.arn, client: env.client(), awsPendingFallback });
  let refusals = 0;
  credentials.on("authenticationFailure", () => refusals++);
  const p = pools(env.fixture, credentials, { username, password });
  try {
    await p.newConnection();
    const rotation = env.driver.startRotation(secret);
    await env.driver.runSteps(env.invoke, secret, rotation, { steps: ["createSecret", "setSecret"] });
    const setAt = performance.now();
    const rest = pause(WINDOW_MS).then(() => env.driver.runSteps(env.invoke, secret, rotation, { steps: ["testSecret", "finishSecret"] }));
    let failedConnects = 0;
    let connectedAt: number | undefined;
    while (connectedAt === undefined) {
      try {
        await p.newConnection();
        connectedAt = performance.now();
      } catch {
        failedConnects++;
      }
    }
    await rest;
    return { ms: connectedAt - setAt, refusals, failedConnects };
  } finally {
    await p.end();
  }
}

async function window(label: string, env: Env): Promise<void> {
  for (const fallback of [true, false]) {
    const runs = [];
    for (let i = 0; i < WINDOW_RUNS; i++) runs.push(await windowRun(env, fallback));
    console.log(
      `${label}: setSecret → first new connection ${fallback ? "with" : "without"} the AWSPENDING fallback ` +
        `(finishSecret ${WINDOW_MS} ms after setSecret), median of ${WINDOW_RUNS}: ${median(runs.map((r) => r.ms)).toFixed(0)} ms; ` +
        `refused logins inside the pool per run: ${runs.map((r) => r.refusals).join(", ")}; connects the application saw fail: ${runs.reduce((n, r) => n + r.failedConnects, 0)}`,
    );
  }
}

/** Calls over a scaled hour: the refresh interval and the run shrink by TIME_SCALE, the load asks for credentials every 5 ms. */
async function callsPerHour(env: Env): Promise<void> {
  const { secret } = await singleUserSecret(env);
  const intervalMs = DEFAULT_REFRESH_INTERVAL_MS / TIME_SCALE;
  const credentials = new SecretCredentials({ secretId: secret.arn, client: env.client(), refreshIntervalMs: intervalMs });
  const mark = env.proxy.operations.length;
  const hourMs = 3_600_000 / TIME_SCALE;
  const end = performance.now() + hourMs;
  while (performance.now() < end) {
    await credentials.get();
    await pause(5);
  }
  const ops = env.proxy.operationsSince(mark);
  const count = (op: string) => ops.filter((o) => o === `secretsmanager:${op}`).length;
  const perRotation = 2; // single-user: one forced DescribeSecret and the pending GetSecretValue (the next check finds the value cached)
  console.log(
    `Secrets Manager calls per process per hour at the defaults (${DEFAULT_REFRESH_INTERVAL_MS / 1000} s ±10 % interval), measured over one hour scaled 1:${TIME_SCALE}: ` +
      `${count("DescribeSecret")} DescribeSecret + ${count("GetSecretValue")} GetSecretValue (the first read); ` +
      `formula: 3600 / ${DEFAULT_REFRESH_INTERVAL_MS / 1000} = ${3600 / (DEFAULT_REFRESH_INTERVAL_MS / 1000)} checks + ${perRotation} per rotation ` +
      `(every 4 h: ${(3600 / (DEFAULT_REFRESH_INTERVAL_MS / 1000) + perRotation / 4).toFixed(1)} calls an hour, ~${Math.round((3600 / (DEFAULT_REFRESH_INTERVAL_MS / 1000) + perRotation / 4) * 730)} a month)`,
  );
}

async function main(): Promise<void> {
  const moto = await startMoto();
  const proxy = await new SecretsManagerProxy(moto.endpoint).start();
  const capture = newCapture();
  const driver = new RotationDriver(moto.endpoint, proxy, capture);
  const fixtures: EngineFixture[] = [];
  try {
    for (const [label, start] of [["PostgreSQL 17", startPostgresFixture], ["MariaDB", startMariadbFixture]] as const) {
      let fixture: EngineFixture;
      try {
        fixture = await start();
      } catch (err) {
        console.log(`${label}: skipped (${(err as Error).message.split("\n")[0]})`);
        continue;
      }
      fixtures.push(fixture);
      const env: Env = {
        fixture,
        driver,
        proxy,
        invoke: inProcessInvoker({ proxy, capture, extraCaPem: fixture.caPem }),
        client: () => new SecretsManagerClient({ endpoint: proxy.endpoint, region: MOTO_REGION, credentials: MOTO_CREDENTIALS }),
      };
      const { secret, username, password } = await singleUserSecret(env);
      const p = pools(fixture, new SecretCredentials({ secretId: secret.arn, client: env.client() }), { username, password });
      try {
        await latency(label, p);
      } finally {
        await p.end();
      }
      await window(label, env);
      if (fixtures.length === 1) await callsPerHour(env);
    }
  } finally {
    for (const f of fixtures) await f.stop();
    await proxy.stop();
    await moto.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
