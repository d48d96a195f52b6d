// MariaDB for tests: Debian's `mariadb-server` started privately on a temp data directory and a free
// loopback port (never the system service), with TLS from the throwaway CA when certificates are
// given, and the general log written to a file the tests read to prove that no password reaches the
// server in plaintext. The server never sets require_secure_transport: it accepts plaintext logins,
// as a misconfigured server would, so that the rotation function's own refusal to send anything
// without verified TLS is what the tests see (a server that refuses plaintext itself would make every
// client look safe). An `admin`@`%` account with every privilege WITH GRANT OPTION plays the RDS
// master user. TEST_MARIADB_URL (mysql://user:password@host:port, CA in TEST_MARIADB_CA_FILE) points
// at a running server instead; then the general log is not available, `generalLog` is undefined and
// `flushLog` throws.
import { execFile, spawn } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { createConnection, type Connection } from "mysql2/promise";
import { flushLog, type FlushLogOptions } from "./flushLog";
import { freePort, waitForPort } from "./freePort";
import { ServiceUnavailableError } from "./policy";
import { killOnExit, stopProcess } from "./stopProcess";
import { installServerCertificate, type TestCertificates } from "./tls";

export const MARIADB_INSTALL = "Debian's MariaDB server: apt-get install mariadb-server (provides mariadbd and mariadb-install-db)";

const SERVICE = "MariaDB";
const START_TIMEOUT_MS = 60_000;
/** How long mariadbd may take to shut down cleanly before it is killed. */
const STOP_GRACE_MS = 10_000;

export interface MariadbService {
  host: string;
  port: number;
  /** The master-like account: all privileges on *.* WITH GRANT OPTION, host '%'. */
  user: string;
  password: string;
  /** `SELECT VERSION()`. */
  version: string;
  /** CA the server's certificate chains to, when the server speaks TLS. */
  caPem?: string;
  /** The general log so far, or undefined for an external server. */
  generalLog?: () => string;
  /**
   * Runs a marker query and waits until it shows in the general log, so the log is complete up to
   * now; returns the marker (a positive control for log searches). Throws LogFlushTimeoutError.
   */
  flushLog(options?: Pick<FlushLogOptions, "timeoutMs">): Promise<string>;
  /** An admin session (TLS verified against `caPem` when the server has TLS). */
  adminConnection(): Promise<Connection>;
  stop(): Promise<void>;
}

function locate(binary: string): string | undefined {
  const dirs = [...(process.env.PATH ?? "").split(path.delimiter), "/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin"];
  return dirs.map((dir) => path.join(dir, binary)).find((candidate) => fs.existsSync(candidate));
}

/**
 * Root's connection over the unix socket, retried until the server accepts it. The TCP port opens a
 * moment before the socket does (and under load the gap is long enough to refuse a first attempt), so
 * a refused or missing socket is retried until `timeoutMs`; the server exiting meanwhile ends the wait.
 */
async function connectWhenReady(socketPath: string, exited: Promise<Error>, timeoutMs: number): Promise<Connection> {
  const deadline = Date.now() + timeoutMs;
  let gone: Error | undefined;
  void exited.then((err) => { gone = err; });
  for (;;) {
    try {
      return await createConnection({ socketPath, user: "root" });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (gone) throw gone;
      if ((code !== "ECONNREFUSED" && code !== "ENOENT") || Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

function unavailable(reason: string, cause?: unknown): ServiceUnavailableError {
  return new ServiceUnavailableError(SERVICE, MARIADB_INSTALL, { cause: cause instanceof Error ? new Error(`${reason}: ${cause.message}`) : new Error(reason) });
}

function adminConnector(host: string, port: number, user: string, password: string, caPem: string | undefined): () => Promise<Connection> {
  return () =>
    createConnection({
      host,
      port,
      user,
      password,
      connectTimeout: 5000,
      // The chain is verified; the host name is not, so a suite can run a server whose certificate
      // names another host on purpose (the engine's host-name check is what such a suite tests).
      ...(caPem !== undefined ? { ssl: { ca: caPem, rejectUnauthorized: true, verifyIdentity: false } } : {}),
    });
}

function external(url: string, env: NodeJS.ProcessEnv): Promise<MariadbService> {
  const u = new URL(url);
  const caPem = env.TEST_MARIADB_CA_FILE ? fs.readFileSync(env.TEST_MARIADB_CA_FILE, "utf8") : undefined;
  const host = u.hostname;
  const port = Number(u.port || 3306);
  const user = decodeURIComponent(u.username);
  const password = decodeURIComponent(u.password);
  const adminConnection = adminConnector(host, port, user, password, caPem);
  const noLog = async (): Promise<string> => {
    throw new Error("the general log of a server given by TEST_MARIADB_URL is not available: the log checks need a server the tests start");
  };
  return withVersion({ host, port, user, password, caPem, version: "", flushLog: noLog, adminConnection, stop: async () => undefined });
}

async function withAdmin(adminConnection: () => Promise<Connection>, fn: (c: Connection) => Promise<unknown>): Promise<void> {
  const connection = await adminConnection();
  try {
    await fn(connection);
  } finally {
    await connection.end();
  }
}

async function withVersion(svc: MariadbService): Promise<MariadbService> {
  let connection: Connection | undefined;
  try {
    connection = await svc.adminConnection();
    const [rows] = await connection.query("SELECT VERSION() AS version");
    return { ...svc, version: String((rows as Array<{ version: string }>)[0].version) };
  } catch (err) {
    throw unavailable(`cannot log in to MariaDB at ${svc.host}:${svc.port}`, err);
  } finally {
    await connection?.end().catch(() => undefined);
  }
}

/**
 * Starts a private MariaDB (or uses TEST_MARIADB_URL). With `certs`, the server presents their server
 * certificate; without, it has no TLS at all. Either way it accepts plaintext logins. As root, the
 * server runs as root (`--user=root`).
 */
export async function startMariadb(options: { certs?: TestCertificates } = {}, env: NodeJS.ProcessEnv = process.env): Promise<MariadbService> {
  if (env.TEST_MARIADB_URL) return external(env.TEST_MARIADB_URL, env);

  const mariadbd = locate("mariadbd") ?? locate("mysqld");
  const installDb = locate("mariadb-install-db") ?? locate("mysql_install_db");
  if (!mariadbd || !installDb) throw unavailable("mariadbd or mariadb-install-db not found");

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rotated-rds-mariadb-"));
  const dataDir = path.join(dir, "data");
  const socket = path.join(dir, "mariadb.sock");
  const generalLogFile = path.join(dir, "general.log");
  const errorLogFile = path.join(dir, "error.log");
  const asRoot = process.getuid?.() === 0 ? ["--user=root"] : [];
  const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
  // A private tmpdir: servers bootstrapping side by side (parallel runs) must not share temp tables.
  const tmpDir = path.join(dir, "tmp");
  fs.mkdirSync(tmpDir);

  try {
    await promisify(execFile)(installDb, ["--no-defaults", `--datadir=${dataDir}`, "--auth-root-authentication-method=normal", "--skip-test-db", `--tmpdir=${tmpDir}`, ...asRoot], {
      timeout: START_TIMEOUT_MS,
    });
  } catch (err) {
    cleanup();
    throw unavailable("mariadb-install-db failed", err);
  }

  const port = await freePort();
  const args = [
    "--no-defaults",
    `--datadir=${dataDir}`,
    `--tmpdir=${tmpDir}`,
    `--port=${port}`,
    `--socket=${socket}`,
    "--bind-address=127.0.0.1",
    `--pid-file=${path.join(dir, "mariadbd.pid")}`,
    `--log-error=${errorLogFile}`,
    "--general-log=ON",
    `--general-log-file=${generalLogFile}`,
    "--log-output=FILE",
    // Host names in grants are '%'; resolving 127.0.0.1 only slows logins down.
    "--skip-name-resolve",
    "--innodb-buffer-pool-size=16M",
    ...asRoot,
  ];
  if (options.certs) {
    const tls = installServerCertificate(options.certs, path.join(dir, "tls"));
    args.push(`--ssl-ca=${tls.ca}`, `--ssl-cert=${tls.cert}`, `--ssl-key=${tls.key}`);
  }
  const child = killOnExit(spawn(mariadbd, args, { stdio: "ignore" }));
  const errorLogTail = () => (fs.existsSync(errorLogFile) ? fs.readFileSync(errorLogFile, "utf8").slice(-800) : "");
  const exited = new Promise<Error>((resolve) => {
    child.once("error", resolve);
    child.once("exit", (code, signal) => resolve(new Error(`mariadbd exited (${code ?? signal})`)));
  });
  const started = Promise.race([
    waitForPort("127.0.0.1", port, START_TIMEOUT_MS).then(() => undefined),
    exited,
  ]);
  const failure = await started.catch((err: Error) => err);
  if (failure instanceof Error) {
    await stopProcess(child, STOP_GRACE_MS);
    const tail = errorLogTail();
    cleanup();
    throw unavailable(`mariadbd did not start${tail ? `; error log tail: ${tail}` : ""}`, failure);
  }

  // Over the unix socket root needs no password and no TLS: create the master-like account there,
  // from a hash so that its password never shows in the general log the tests search for secrets.
  const password = crypto.randomBytes(18).toString("base64url");
  const sha1 = (data: crypto.BinaryLike) => crypto.createHash("sha1").update(data).digest();
  const passwordHash = `*${sha1(sha1(password)).toString("hex").toUpperCase()}`;
  try {
    const root = await connectWhenReady(socket, exited, START_TIMEOUT_MS);
    try {
      await root.query("CREATE USER 'admin'@'%' IDENTIFIED BY PASSWORD ?", [passwordHash]);
      await root.query("GRANT ALL PRIVILEGES ON *.* TO 'admin'@'%' WITH GRANT OPTION");
    } finally {
      await root.end();
    }
  } catch (err) {
    await stopProcess(child, STOP_GRACE_MS);
    cleanup();
    throw unavailable("cannot create the admin account", err);
  }

  const caPem = options.certs?.caPem;
  const adminConnection = adminConnector("127.0.0.1", port, "admin", password, caPem);
  const generalLog = () => (fs.existsSync(generalLogFile) ? fs.readFileSync(generalLogFile, "utf8") : "");
  const svc: MariadbService = {
    host: "127.0.0.1",
    port,
    user: "admin",
    password,
    version: "",
    caPem,
    generalLog,
    adminConnection,
    flushLog: (options = {}) =>
      flushLog({
        source: "the MariaDB general log",
        read: generalLog,
        // mysql2 escapes the marker client-side with backslashes, as it would a leaked password.
        write: (marker) => withAdmin(adminConnection, (c) => c.query("SELECT ?", [marker])),
        ...options,
      }),
    stop: async () => {
      await stopProcess(child, STOP_GRACE_MS);
      cleanup();
    },
  };
  try {
    return await withVersion(svc);
  } catch (err) {
    await svc.stop();
    throw err;
  }
}
