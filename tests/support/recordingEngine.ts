// A database that lives in memory and a driver for it (rotation-lambda/engines/engine.ts), so the
// rotation steps run without a server. It holds users with their password fingerprints and
// privileges, checks every login like a server would (host and port, user, password), and records
// each login and statement with the password as a fingerprint only. Tests script refusals and
// failures: a server that is down, a statement that fails before or after it took effect.
import type { SecretEngine } from "../../rotation-lambda/contract";
import type { ConnectOptions, DatabaseEngineDriver, DatabaseSession, LoginParams } from "../../rotation-lambda/engines";
import { AuthenticationError, DatabaseOperationError, DatabaseUnreachableError } from "../../rotation-lambda/errors";
import { fingerprint } from "./fingerprint";

export interface RecordedLogin {
  host: string;
  port: number;
  username: string;
  /** Present only when the login named a database. */
  dbname?: string;
  /** Fingerprint of the password tried. */
  password: string;
  outcome: "ok" | "refused" | "unreachable";
}

export type SessionOperation = "ping" | "setOwnPassword" | "userExists" | "createOrUpdateUser" | "copyPrivileges" | "grantDatabaseAccess" | "close";

export interface RecordedStatement {
  /** The session's login user. */
  as: string;
  op: SessionOperation;
  /** Arguments, passwords as fingerprints. */
  args: unknown[];
}

interface ScriptedStatementFailure {
  op: SessionOperation;
  error: Error;
  /** "before": the statement has no effect; "after": it took effect, then the connection died. */
  when: "before" | "after";
}

export interface EngineShape {
  engine: SecretEngine;
  defaultPort: number;
  defaultDbName: string | undefined;
  maxUsernameLength: number;
  unit: "bytes" | "characters";
}

export const POSTGRES_SHAPE: EngineShape = { engine: "postgres", defaultPort: 5432, defaultDbName: "postgres", maxUsernameLength: 63, unit: "bytes" };
export const MYSQL_SHAPE: EngineShape = { engine: "mysql", defaultPort: 3306, defaultDbName: undefined, maxUsernameLength: 32, unit: "characters" };

export class FakeDatabase {
  readonly logins: RecordedLogin[] = [];
  /** ConnectOptions of each login, in the order of `logins`. */
  readonly connectOptions: ConnectOptions[] = [];
  readonly statements: RecordedStatement[] = [];
  /** Every login refused as unreachable (network, TLS, timeout) while true. */
  down = false;
  private readonly users = new Map<string, { password: string; privileges: Set<string> }>();
  private readonly statementFailures: ScriptedStatementFailure[] = [];
  private open = 0;

  constructor(
    readonly host: string,
    readonly shape: EngineShape = POSTGRES_SHAPE,
    readonly port: number = shape.defaultPort,
  ) {}

  addUser(username: string, password: string, privileges: string[] = []): this {
    this.users.set(username, { password: fingerprint(password), privileges: new Set(privileges) });
    return this;
  }

  hasUser(username: string): boolean {
    return this.users.has(username);
  }

  /** Fingerprint of the user's password, or undefined when there is no such user. */
  passwordOf(username: string): string | undefined {
    return this.users.get(username)?.password;
  }

  privilegesOf(username: string): string[] {
    return [...(this.users.get(username)?.privileges ?? [])].sort();
  }

  /** The next `op` fails with `error`, before or after it takes effect. */
  failStatement(op: SessionOperation, error: Error, when: "before" | "after" = "before"): void {
    this.statementFailures.push({ op, error, when });
  }

  /** Sessions opened and not closed. */
  openSessions(): number {
    return this.open;
  }

  /** Statements without the closing ones, as `as op`, for order assertions. */
  operations(): string[] {
    return this.statements.filter((s) => s.op !== "close").map((s) => `${s.as} ${s.op}`);
  }

  driver(): DatabaseEngineDriver {
    const shape = this.shape;
    return {
      engines: [shape.engine],
      defaultPort: shape.defaultPort,
      defaultDbName: shape.defaultDbName,
      maxUsernameLength: () => shape.maxUsernameLength,
      usernameLength: (username) => ({
        length: shape.unit === "bytes" ? Buffer.byteLength(username, "utf8") : [...username].length,
        unit: shape.unit,
      }),
      connect: async (login, options) => this.connect(login, options),
    };
  }

  private async connect(login: LoginParams, options: ConnectOptions): Promise<DatabaseSession> {
    const record = (outcome: RecordedLogin["outcome"]): void => {
      this.logins.push({
        host: login.host,
        port: login.port,
        username: login.username,
        ...("dbname" in login ? { dbname: login.dbname } : {}),
        password: fingerprint(login.password),
        outcome,
      });
      this.connectOptions.push(options);
    };
    if (this.down || login.host !== this.host || login.port !== this.port) {
      record("unreachable");
      throw new DatabaseUnreachableError(`cannot reach ${login.host}:${login.port}`);
    }
    const user = this.users.get(login.username);
    if (!user || user.password !== fingerprint(login.password)) {
      record("refused");
      throw new AuthenticationError(`password authentication failed for user "${login.username}"`);
    }
    record("ok");
    this.open++;
    return this.session(login.username);
  }

  private session(as: string): DatabaseSession {
    let closed = false;
    const run = async <T>(op: SessionOperation, args: unknown[], effect: () => T): Promise<T> => {
      if (closed) throw new DatabaseOperationError(`${op} on a closed session`);
      this.statements.push({ as, op, args });
      const index = this.statementFailures.findIndex((f) => f.op === op);
      const failure = index >= 0 ? this.statementFailures.splice(index, 1)[0] : undefined;
      if (failure?.when === "before") throw failure.error;
      const result = effect();
      if (failure) throw failure.error;
      return result;
    };
    const user = (name: string) => {
      const found = this.users.get(name);
      if (!found) throw new DatabaseOperationError(`role "${name}" does not exist`);
      return found;
    };
    return {
      ping: () => run("ping", [], () => undefined),
      setOwnPassword: (password) => run("setOwnPassword", [fingerprint(password)], () => void (user(as).password = fingerprint(password))),
      userExists: (username) => run("userExists", [username], () => this.users.has(username)),
      createOrUpdateUser: (username, password) =>
        run("createOrUpdateUser", [username, fingerprint(password)], () => {
          const existing = this.users.get(username);
          if (existing) existing.password = fingerprint(password);
          else this.users.set(username, { password: fingerprint(password), privileges: new Set() });
        }),
      copyPrivileges: (fromUser, toUser) =>
        run("copyPrivileges", [fromUser, toUser], () => {
          const target = user(toUser);
          for (const p of user(fromUser).privileges) target.privileges.add(p);
        }),
      grantDatabaseAccess: (username, dbname) =>
        run("grantDatabaseAccess", [username, dbname], () => {
          user(username).privileges.add(`CONNECT ON ${dbname ?? "(default)"}`).add(`ALL ON ${dbname ?? "(default)"}`);
        }),
      close: async () => {
        if (closed) throw new DatabaseOperationError("session closed twice");
        closed = true;
        this.open--;
        this.statements.push({ as, op: "close", args: [] });
      },
    };
  }
}
