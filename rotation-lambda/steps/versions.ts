// Reading secret versions and logging in with them, shared by the steps. Every value read is
// registered with the Redactor before anything can log it.
import type { DatabaseSecret } from "../contract";
import type { DatabaseEngineDriver, DatabaseSession, LoginParams } from "../engines";
import { AuthenticationError } from "../errors";
import { AWSCURRENT, AWSPENDING } from "../guard";
import { parseDatabaseSecret } from "../secret";
import type { StepContext } from "./stepContext";

export interface VersionSelector {
  versionId?: string;
  stage?: string;
}

/** Raw SecretString of a version, or undefined when it has no value. */
export async function readSecretString(ctx: StepContext, select: VersionSelector, secretId: string = ctx.secretArn): Promise<string | undefined> {
  const text = await ctx.sm.getSecretString(secretId, select);
  ctx.redactor.add(text);
  registerPassword(ctx, text);
  return text;
}

function registerPassword(ctx: StepContext, text: string | undefined): void {
  // Stryker disable next-line ConditionalExpression: equivalent, JSON.parse of undefined or "" throws and the catch below returns alike
  if (!text) return;
  try {
    const value = (JSON.parse(text) as { password?: unknown }).password;
    if (typeof value === "string") ctx.redactor.add(value);
  } catch {
    // Not JSON: the whole text is registered already.
  }
}

export function describeVersion(ctx: StepContext, select: VersionSelector): string {
  const parts = [select.stage, select.versionId ? `version ${select.versionId}` : undefined].filter(Boolean);
  return `${parts.join(" ")} of secret ${ctx.secretArn}`;
}

/** A version that must exist and parse. */
export async function readDatabaseSecret(ctx: StepContext, select: VersionSelector): Promise<DatabaseSecret> {
  const what = describeVersion(ctx, select);
  return parseDatabaseSecret(await readSecretString(ctx, select), what);
}

export const readCurrent = (ctx: StepContext): Promise<DatabaseSecret> => readDatabaseSecret(ctx, { stage: AWSCURRENT });
export const readPending = (ctx: StepContext): Promise<DatabaseSecret> =>
  readDatabaseSecret(ctx, { versionId: ctx.token, stage: AWSPENDING });

/** Where and as whom to log in for `secret`, with engine defaults for port and database. */
export function loginParams(secret: DatabaseSecret, driver: DatabaseEngineDriver, password: string = secret.password): LoginParams {
  const dbname = typeof secret.dbname === "string" && secret.dbname.length > 0 ? secret.dbname : driver.defaultDbName;
  return {
    host: secret.host,
    port: secret.port ?? driver.defaultPort,
    username: secret.username,
    password,
    ...(dbname !== undefined ? { dbname } : {}),
  };
}

/**
 * Logs in; `undefined` when the database refuses these credentials, so the caller can try another
 * version. Unreachable servers (network, TLS, timeout) throw: no other password would help. The
 * connect timeout is clamped to the step's deadline, and the session gets the deadline for its
 * statements; with too little time left it throws a StepDeadlineError without trying to log in.
 */
export async function tryLogin(
  ctx: StepContext,
  driver: DatabaseEngineDriver,
  login: LoginParams,
  credentials: string,
): Promise<DatabaseSession | undefined> {
  // Before the try: a StepDeadlineError means no login was attempted, so it is neither "refused" nor "unreachable".
  const connectTimeoutMs = ctx.deadline.timeoutFor(
    ctx.config.connect.connectTimeoutMs,
    `logging in as ${JSON.stringify(login.username)} with the ${credentials} credentials`,
  );
  const options = { ...ctx.config.connect, connectTimeoutMs, deadline: ctx.deadline };
  const started = Date.now();
  try {
    const session = await driver.connect(login, options);
    ctx.log.info("login", { credentials, username: login.username, outcome: "ok", durationMs: Date.now() - started });
    return session;
  } catch (err) {
    const outcome = err instanceof AuthenticationError ? "refused" : "unreachable";
    ctx.log.info("login", { credentials, username: login.username, outcome, durationMs: Date.now() - started });
    if (err instanceof AuthenticationError) return undefined;
    throw err;
  }
}
