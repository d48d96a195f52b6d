// What a rotation-step unit test needs around the two fakes: a secret in the fake Secrets Manager,
// a fake database, and the StepContext or handler the Lambda would build, with every log line kept.
import type { RotationConfig } from "../../rotation-lambda/config";
import type { DatabaseSecret } from "../../rotation-lambda/contract";
import { Deadline } from "../../rotation-lambda/deadline";
import { createHandler, type RotationDependencies, type RotationHandler } from "../../rotation-lambda/handler";
import { Logger } from "../../rotation-lambda/logger";
import { Redactor } from "../../rotation-lambda/redactor";
import type { StepContext } from "../../rotation-lambda/steps";
import { AWSCURRENT, FakeSecretsManager } from "./fakeSecretsManager";
import { FakeDatabase, POSTGRES_SHAPE, type EngineShape } from "./recordingEngine";

export const HOST = "db.example.internal";
export const TOKEN = "tok-0002";
export const CURRENT_VERSION = "ver-0001";

export const CONFIG: RotationConfig = {
  secretsManagerEndpoint: undefined,
  passwordLength: 32,
  excludeCharacters: "",
  connect: { tls: { verify: true }, connectTimeoutMs: 5_000, statementTimeoutMs: 5_000 },
};

/** A log line without its timestamp. */
export type LogRecord = Record<string, unknown>;

export class RotationHarness {
  readonly sm = new FakeSecretsManager();
  readonly db: FakeDatabase;
  readonly arn: string;
  readonly logLines: string[] = [];
  config: RotationConfig = CONFIG;

  constructor(options: { name?: string; shape?: EngineShape; host?: string } = {}) {
    this.db = new FakeDatabase(options.host ?? HOST, options.shape ?? POSTGRES_SHAPE);
    this.arn = this.sm.addSecret(options.name ?? "app-db");
  }

  /** A secret JSON for this database. */
  secret(fields: Partial<DatabaseSecret> & { username: string; password: string }): DatabaseSecret {
    return { engine: this.db.shape.engine, host: this.db.host, port: this.db.port, dbname: "app", ...fields };
  }

  /** Seeds a version holding `secret`'s JSON. */
  seed(versionId: string, secret: DatabaseSecret | Record<string, unknown>, stages: string[] = []): void {
    this.sm.seedVersion(this.arn, versionId, { secretString: JSON.stringify(secret) }, stages);
  }

  seedCurrent(secret: DatabaseSecret): void {
    this.seed(CURRENT_VERSION, secret, [AWSCURRENT]);
  }

  /**
   * The StepContext the handler would pass for `token`: DescribeSecret's answer as of now (read
   * through the function's own API), the fakes, a fresh Redactor and a deadline a minute away. The
   * DescribeSecret call is then forgotten, so `sm.calls` holds only what the step sends.
   */
  async context(token: string = TOKEN, extra: Partial<StepContext> = {}): Promise<StepContext> {
    const api = this.sm.api();
    const description = await api.describe(this.arn);
    this.sm.resetCalls();
    const redactor = new Redactor();
    const labels = { step: "test", secretArn: this.arn, versionId: token };
    return {
      secretArn: this.arn,
      token,
      description,
      sm: api,
      engines: () => this.db.driver(),
      config: this.config,
      log: new Logger((line) => this.logLines.push(line), redactor).child({ secretArn: this.arn }),
      redactor,
      deadline: new Deadline(Date.now() + 60_000, labels),
      ...extra,
    };
  }

  /** The Lambda handler over the same fakes. */
  handler(overrides: Partial<RotationDependencies> = {}): RotationHandler {
    return createHandler({
      config: this.config,
      secretsManager: this.sm.api(),
      engines: () => this.db.driver(),
      logSink: (line) => this.logLines.push(line),
      ...overrides,
    });
  }

  /** Log lines as objects, without the timestamp and the duration (they vary run to run). */
  logs(): LogRecord[] {
    return this.logLines.map((line) => {
      const { time: _time, durationMs: _duration, ...rest } = JSON.parse(line) as LogRecord;
      return rest;
    });
  }

  /** `message` of each log line, with the credentials and outcome of login lines. */
  logSummary(): string[] {
    return this.logs().map((l) => (l.message === "login" ? `login ${String(l.credentials)} ${String(l.outcome)}` : String(l.message)));
  }

  /** The secret JSON of a version, parsed. */
  value(versionId: string): DatabaseSecret {
    const text = this.sm.secretString(this.arn, versionId);
    if (text === undefined) throw new Error(`version ${versionId} has no SecretString`);
    return JSON.parse(text) as DatabaseSecret;
  }
}
