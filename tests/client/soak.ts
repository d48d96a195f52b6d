// The soak: a load generator runs queries through a pool without pause while the driver runs
// rotations back to back, one step at a time, and forces a new physical connection through the pool
// after every step. The report counts what an application would see.
import type { RotationStep } from "../../rotation-lambda/event";
import type { Strategy } from "../lambda/scenarioEnv";
import type { ClientEnv, PoolUnderTest } from "./clientEnv";

export interface SoakFailure {
  rotation: number;
  step: RotationStep | "before";
  what: "query" | "connect";
  error: unknown;
}

export interface SoakReport {
  title: string;
  rotations: number;
  queries: number;
  connects: number;
  forcedConnects: number;
  slowestForcedConnectMs: number;
  /** Time spent in forced connects, and in the whole run. */
  forcedConnectMs: number;
  elapsedMs: number;
  authenticationFailures: number;
  pendingFallbacks: number;
  failures: SoakFailure[];
  /** The pool's reported version at the end, and the secret's AWSCURRENT and AWSPREVIOUS then. */
  finalVersionId?: string;
  currentVersionId?: string;
  previousVersionId?: string;
}

export interface SoakOptions {
  strategy: Strategy;
  rotations: number;
  /** The library's pool, or a plain driver pool that read the secret once (the control). */
  pool: "library" | "plain";
  /** Concurrent query loops. */
  workers?: number;
  poolSize?: number;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runSoak(env: ClientEnv, options: SoakOptions): Promise<SoakReport> {
  const { scenario } = env;
  const { secret, value } = await scenario.makeSecret(options.strategy);
  const report: SoakReport = {
    title: `${env.engine} ${options.strategy} ${options.pool} pool`,
    rotations: 0,
    queries: 0,
    connects: 0,
    forcedConnects: 0,
    slowestForcedConnectMs: 0,
    forcedConnectMs: 0,
    elapsedMs: 0,
    authenticationFailures: 0,
    pendingFallbacks: 0,
    failures: [],
  };
  let pool: PoolUnderTest;
  if (options.pool === "library") {
    const credentials = env.credentials(secret.arn);
    credentials.on("authenticationFailure", () => report.authenticationFailures++);
    credentials.on("pendingFallback", () => report.pendingFallbacks++);
    pool = env.libraryPool(credentials, options.poolSize ?? 4);
  } else {
    pool = env.plainPool(value, options.poolSize ?? 4);
  }

  let where: { rotation: number; step: SoakFailure["step"] } = { rotation: 0, step: "before" };
  let running = true;
  const worker = async () => {
    while (running) {
      try {
        await pool.query();
        report.queries++;
      } catch (error) {
        report.failures.push({ ...where, what: "query", error });
        await pause(20);
      }
      // A breath between queries, so two cores are left for the database and the rotations.
      await pause(1);
    }
  };
  const forceConnect = async () => {
    const started = Date.now();
    try {
      await pool.forceNewConnection();
      report.forcedConnects++;
    } catch (error) {
      report.failures.push({ ...where, what: "connect", error });
    }
    report.slowestForcedConnectMs = Math.max(report.slowestForcedConnectMs, Date.now() - started);
    report.forcedConnectMs += Date.now() - started;
  };

  const runStarted = Date.now();
  await forceConnect();
  const workers = Array.from({ length: options.workers ?? 2 }, worker);
  try {
    for (let rotation = 1; rotation <= options.rotations; rotation++) {
      where = { rotation, step: "before" };
      const started = scenario.driver.startRotation(secret);
      await scenario.driver.runSteps(scenario.invoke, secret, started, {
        afterStep: async (step) => {
          where = { rotation, step };
          await forceConnect();
        },
      });
      report.rotations = rotation;
    }
  } finally {
    running = false;
    await Promise.all(workers);
    report.elapsedMs = Date.now() - runStarted;
    report.connects = pool.connects();
    report.finalVersionId = pool.secretVersionId();
    report.currentVersionId = await scenario.driver.versionWith(secret, "AWSCURRENT");
    report.previousVersionId = await scenario.driver.versionWith(secret, "AWSPREVIOUS");
    await pool.end();
  }
  return report;
}

/** One line per run, for the test output (no secret values: counts and version ids only). */
export function formatReport(r: SoakReport): string {
  const failed = (what: string) => r.failures.filter((f) => f.what === what).length;
  return (
    `      soak ${r.title}: ${r.rotations} rotations, ${r.queries} queries (${failed("query")} failed), ` +
    `${r.connects} connects (${r.forcedConnects} forced, ${failed("connect")} failed, slowest forced ${r.slowestForcedConnectMs} ms, all forced ${r.forcedConnectMs} of ${r.elapsedMs} ms), ` +
    `${r.authenticationFailures} authentication failures, ${r.pendingFallbacks} fallbacks to AWSPENDING\n`
  );
}
