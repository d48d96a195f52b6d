// createPgPool: a real pg.Pool whose new connections take user, password, host, port and database
// from the secret, both user and password from one version. node-postgres fixes `user` per client
// config and accepts only `password` as a function, so the pool builds each client through a
// `Client` subclass (pg-pool's documented `Client` option) whose config is the secret's login at that
// moment. The pool's `connect` (which `query` also uses) retries refused logins; connections opened
// with an earlier version stay in the pool and keep working.
import type * as Pg from "pg";
import { POSTGRES_DEFAULT_DATABASE } from "./constants";
import { connectRetryDefaults, connectWithRetry, type ConnectRetryOptions, type ResolvedConnectRetryOptions } from "./connectWithRetry";
import { requireEngine, type DatabaseCredentials } from "./databaseCredentials";
import { SecretCredentialsError } from "./errors";
import { isAuthenticationError } from "./isAuthenticationError";
import { requirePeer } from "./requirePeer";
import type { SecretCredentials } from "./secretCredentials";

/** pg.PoolConfig without the login, which comes from the secret, plus the credential source. */
export type PgPoolOptions = Omit<Pg.PoolConfig, "user" | "password" | "connectionString"> & {
  /** The secret's credential source. */
  credentials: SecretCredentials;
  /** How refused connects are retried. */
  connectRetry?: ConnectRetryOptions;
};

/** The pg.Pool createPgPool returns. */
export interface SecretPgPool extends Pg.Pool {
  readonly credentials: SecretCredentials;
  /** The secret version id of the newest connection this pool opened (undefined before the first). */
  readonly secretVersionId: string | undefined;
}

/** A client of a SecretPgPool (what `pool.connect()` resolves to) knows the version it logged in with. */
export interface SecretPgClientInfo {
  readonly secretVersionId: string;
}

/** Options that would split the login from the secret, refused with a message naming them. */
export const LOGIN_OPTIONS = ["user", "password", "connectionString"] as const;

export function rejectLoginOptions(options: object, factory: string): void {
  const given = LOGIN_OPTIONS.filter((key) => key in options);
  if (given.length > 0) {
    throw new TypeError(`${factory}: ${given.join(", ")} must not be given; the user and password come from the secret, always from one version`);
  }
}

/** Which credentials each refused connect used (the pool's connect loop reports them to the source). */
const refusedLogins = new WeakMap<object, DatabaseCredentials>();

function pgLogin(login: DatabaseCredentials, config: PgPoolOptions): Pg.ClientConfig {
  return {
    user: login.username,
    password: login.password,
    host: config.host ?? login.host,
    port: config.port ?? login.port,
    database: config.database ?? login.dbname ?? POSTGRES_DEFAULT_DATABASE,
  };
}

type ClientClass = new (config: Pg.ClientConfig) => Pg.Client;

function secretClientClass(Base: ClientClass, credentials: SecretCredentials, options: PgPoolOptions, used: { versionId?: string }): ClientClass {
  return class SecretPgClient extends Base implements SecretPgClientInfo {
    readonly secretVersionId: string;
    readonly secretLogin: DatabaseCredentials;

    constructor(poolConfig: Pg.ClientConfig) {
      // The pool's connect awaited the source before asking for a client, so the cache is warm.
      const login = credentials.peek();
      if (!login) throw new SecretCredentialsError(`secret ${credentials.secretId} has not been read yet`, credentials.secretId);
      super({ ...poolConfig, ...pgLogin(login, options) });
      this.secretLogin = login;
      this.secretVersionId = login.versionId;
    }

    connect(): Promise<Pg.Client>;
    connect(callback: (err: Error) => void): void;
    connect(callback?: (err: Error) => void): Promise<Pg.Client> | void {
      const settle = (err: unknown) => {
        if (err) {
          if (isAuthenticationError(err)) refusedLogins.set(err as object, this.secretLogin);
        } else {
          used.versionId = this.secretLogin.versionId;
        }
      };
      if (callback) {
        super.connect(((err: Error) => {
          settle(err);
          callback(err);
        }) as (err: Error) => void);
        return;
      }
      return super.connect().then(
        (client) => {
          settle(undefined);
          return client;
        },
        (err: unknown) => {
          settle(err);
          throw err;
        },
      );
    }
  };
}

type SecretPgPoolClass = new (options: PgPoolOptions) => SecretPgPool;

function definePgPool(pg: typeof Pg): SecretPgPoolClass {
  return class SecretPgPoolImpl extends pg.Pool implements SecretPgPool {
    readonly credentials: SecretCredentials;
    readonly connectRetry: ResolvedConnectRetryOptions;
    readonly used: { versionId?: string };

    constructor(options: PgPoolOptions) {
      const { credentials, connectRetry, ...config } = options;
      rejectLoginOptions(config, "createPgPool");
      const used: { versionId?: string } = {};
      const Base = (config.Client ?? pg.Client) as unknown as ClientClass;
      super({ ...config, Client: secretClientClass(Base, credentials, options, used) as unknown as Pg.PoolConfig["Client"] });
      this.credentials = credentials;
      this.connectRetry = connectRetryDefaults(connectRetry);
      this.used = used;
    }

    get secretVersionId(): string | undefined {
      return this.used.versionId;
    }

    connect(): Promise<Pg.PoolClient>;
    connect(callback: (err: Error | undefined, client: Pg.PoolClient | undefined, done: (release?: boolean | Error) => void) => void): void;
    connect(
      callback?: (err: Error | undefined, client: Pg.PoolClient | undefined, done: (release?: boolean | Error) => void) => void,
    ): Promise<Pg.PoolClient> | void {
      const connected = connectWithRetry(
        this.credentials,
        async () => {
          requireEngine(this.credentials.secretId, await this.credentials.get(), "postgres", "createPgPool");
          return super.connect();
        },
        (err) => (typeof err === "object" && err !== null ? refusedLogins.get(err) : undefined),
        this.connectRetry,
      );
      if (!callback) return connected;
      connected.then(
        (client) => callback(undefined, client, client.release),
        (err: Error) => callback(err, undefined, () => undefined),
      );
    }
  };
}

let poolClass: SecretPgPoolClass | undefined;

/**
 * A pg.Pool for the secret's PostgreSQL database. Every option but the login passes through to
 * pg.Pool (TLS, pool size, timeouts); `host`, `port` and `database` override the secret's.
 */
export function createPgPool(options: PgPoolOptions): SecretPgPool {
  // pg is an optional peer dependency: loaded on first use, so a mysql2-only application needs none.
  poolClass ??= definePgPool(requirePeer<typeof Pg>("pg", "createPgPool"));
  return new poolClass(options);
}
