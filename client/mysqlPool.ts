// createMysqlPool: the promise API of a mysql2 pool (query, execute, getConnection, end) over the
// secret's MySQL/MariaDB database. mysql2 takes only a static password, so each secret version
// gets its own mysql2 pool: when the source offers another version, new connections come from a
// new pool and the old one is ended once its last checked-out connection is released, so no
// in-flight query fails. Refused connects are retried; queries are never sent twice.
import { EventEmitter } from "events";
import type * as Mysql from "mysql2/promise";
import { connectRetryDefaults, connectWithRetry, type ConnectRetryOptions, type ResolvedConnectRetryOptions } from "./connectWithRetry";
import { requireEngine, type DatabaseCredentials } from "./databaseCredentials";
import { isAuthenticationError } from "./isAuthenticationError";
import { requirePeer } from "./requirePeer";
import type { SecretCredentials } from "./secretCredentials";

/** mysql2 options that carry a login; it comes from the secret instead. */
const MYSQL_LOGIN_OPTIONS = ["user", "password", "uri", "password1", "password2", "password3", "passwordSha1"] as const;

/** mysql2 pool options without the login, plus the credential source. */
export type MysqlPoolOptions = Omit<Mysql.PoolOptions, (typeof MYSQL_LOGIN_OPTIONS)[number]> & {
  /** The secret's credential source. */
  credentials: SecretCredentials;
  /** How refused connects are retried. */
  connectRetry?: ConnectRetryOptions;
};

/** What createMysqlPool returns: a mysql2 promise pool's query, execute, getConnection and end. */
export interface SecretMysqlPool extends Pick<Mysql.Pool, "query" | "execute" | "getConnection" | "end">, EventEmitter {
  readonly credentials: SecretCredentials;
  /** The secret version id the pool opens new connections with (undefined before the first). */
  readonly secretVersionId: string | undefined;
  /** A new physical connection was opened (mysql2's `connection` event, from whichever version's pool). */
  on(event: "connection", listener: (connection: Mysql.PoolConnection) => void): this;
}

const refusedLogins = new WeakMap<object, DatabaseCredentials>();

/** One mysql2 pool per secret version, with the count of connections checked out of it. */
class VersionPool {
  checkedOut = 0;
  private retired = false;
  private closing?: Promise<void>;
  private markClosed!: () => void;
  /** Resolves once the pool has ended. */
  readonly closed = new Promise<void>((resolve) => (this.markClosed = resolve));

  constructor(
    readonly pool: Mysql.Pool,
    readonly login: DatabaseCredentials,
  ) {}

  returned(): void {
    this.checkedOut--;
    if (this.retired && this.checkedOut === 0) void this.close();
  }

  /** No new connections from here; the pool ends once the last checked-out connection is back. */
  retire(): void {
    this.retired = true;
    if (this.checkedOut === 0) void this.close();
  }

  close(): Promise<void> {
    this.closing ??= this.pool.end().catch(() => undefined).then(this.markClosed);
    return this.closing;
  }
}

/** The connection as mysql2 returns it, with release and destroy also returning it to our count. */
function tracked(connection: Mysql.PoolConnection, owner: VersionPool): Mysql.PoolConnection {
  let settled = false;
  const core = connection.connection as unknown as EventEmitter;
  const settle = () => {
    if (settled) return;
    settled = true;
    core.removeListener("end", settle);
    core.removeListener("error", settle);
    owner.returned();
  };
  core.once("end", settle);
  core.once("error", settle);
  return new Proxy(connection, {
    get(target, property, receiver) {
      if (property === "release") {
        return () => {
          target.release();
          settle();
        };
      }
      if (property === "destroy") {
        return () => {
          settle();
          target.destroy();
        };
      }
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
}

class SecretMysqlPoolImpl extends EventEmitter {
  readonly credentials: SecretCredentials;
  private readonly config: Omit<MysqlPoolOptions, "credentials" | "connectRetry">;
  private readonly connectRetry: ResolvedConnectRetryOptions;
  private active?: VersionPool;
  private readonly retired = new Set<VersionPool>();
  private ended = false;

  constructor(
    private readonly mysql: typeof Mysql,
    options: MysqlPoolOptions,
  ) {
    super();
    const { credentials, connectRetry, ...config } = options;
    const given = MYSQL_LOGIN_OPTIONS.filter((key) => key in config);
    if (given.length > 0) {
      throw new TypeError(`createMysqlPool: ${given.join(", ")} must not be given; the user and password come from the secret, always from one version`);
    }
    this.credentials = credentials;
    this.config = config;
    this.connectRetry = connectRetryDefaults(connectRetry);
  }

  get secretVersionId(): string | undefined {
    return this.active?.login.versionId;
  }

  getConnection(): Promise<Mysql.PoolConnection> {
    return connectWithRetry(
      this.credentials,
      async () => {
        if (this.ended) throw new Error("Pool is closed.");
        const login = await this.credentials.get();
        requireEngine(this.credentials.secretId, login, "mysql", "createMysqlPool");
        const owner = this.poolFor(login);
        owner.checkedOut++;
        let connection: Mysql.PoolConnection;
        try {
          connection = await owner.pool.getConnection();
        } catch (err) {
          owner.returned();
          if (isAuthenticationError(err)) refusedLogins.set(err as object, login);
          throw err;
        }
        return tracked(connection, owner);
      },
      (err) => (typeof err === "object" && err !== null ? refusedLogins.get(err) : undefined),
      this.connectRetry,
    );
  }

  async query(...args: unknown[]): Promise<unknown> {
    const connection = await this.getConnection();
    try {
      return await (connection.query as (...a: unknown[]) => Promise<unknown>).apply(connection, args);
    } finally {
      connection.release();
    }
  }

  async execute(...args: unknown[]): Promise<unknown> {
    const connection = await this.getConnection();
    try {
      return await (connection.execute as (...a: unknown[]) => Promise<unknown>).apply(connection, args);
    } finally {
      connection.release();
    }
  }

  /** Ends every version's pool now, as mysql2's end does (checked-out connections are closed too). */
  async end(): Promise<void> {
    this.ended = true;
    const pools = [...this.retired, ...(this.active ? [this.active] : [])];
    this.active = undefined;
    this.retired.clear();
    await Promise.all(pools.map((p) => p.close()));
  }

  /** The pool for `login`'s version, swapping (and retiring the old one) when the version changed. */
  private poolFor(login: DatabaseCredentials): VersionPool {
    if (this.active?.login.versionId === login.versionId) return this.active;
    if (this.active) {
      const old = this.active;
      this.retired.add(old);
      void old.closed.then(() => this.retired.delete(old));
      old.retire();
    }
    const pool = this.mysql.createPool({
      ...this.config,
      host: this.config.host ?? login.host,
      port: this.config.port ?? login.port,
      user: login.username,
      password: login.password,
      database: this.config.database ?? login.dbname,
    });
    pool.on("connection", (connection) => this.emit("connection", connection));
    this.active = new VersionPool(pool, login);
    return this.active;
  }
}

/**
 * A mysql2 promise pool for the secret's MySQL or MariaDB database. Every option but the login
 * passes through to mysql2's createPool (TLS, connectionLimit, timeouts); `host`, `port` and
 * `database` override the secret's.
 */
export function createMysqlPool(options: MysqlPoolOptions): SecretMysqlPool {
  // mysql2 is an optional peer dependency: loaded on first use, so a pg-only application needs none.
  const mysql = requirePeer<typeof Mysql>("mysql2/promise", "createMysqlPool");
  return new SecretMysqlPoolImpl(mysql, options) as unknown as SecretMysqlPool;
}
