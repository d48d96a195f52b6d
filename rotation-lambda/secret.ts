// Parsing and validation of the secret JSON (design.md section 3). Errors say which field is wrong
// and in which version, never the value: the text being parsed holds a password.
import { CLONE_SUFFIX, SECRET_ENGINES, isSecretEngine, type DatabaseSecret, type SecretEngine } from "./contract";
import { InvalidSecretError } from "./errors";

/** The `engine` strings a secret may carry: the contract's list (rotation-lambda/contract.ts). */
export const SUPPORTED_ENGINES: readonly SecretEngine[] = SECRET_ENGINES;

/** Which strategy a secret rotates with: a `masterarn` field means alternating-users. */
export type RotationStrategyName = "single-user" | "alternating-users";

/** The master secret of alternating-users; an RDS-managed one holds only username and password. */
export interface MasterSecret {
  username: string;
  password: string;
  host?: string;
  port?: number;
}

function parseObject(text: string | undefined, what: string): Record<string, unknown> {
  if (text === undefined || text === "") throw new InvalidSecretError(`${what} has no SecretString`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // The parser's message quotes the text, which holds the password: say only what went wrong.
    throw new InvalidSecretError(`${what} is not valid JSON`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new InvalidSecretError(`${what} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

function requireString(obj: Record<string, unknown>, field: string, what: string): string {
  const value = obj[field];
  if (typeof value !== "string" || value.length === 0) {
    throw new InvalidSecretError(`${what} lacks the field "${field}" (a non-empty string)`);
  }
  return value;
}

/** Ports arrive as numbers, or as strings from tools that write every field as a string. */
function parsePort(value: unknown, what: string): number | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  const port = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof port !== "number" || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new InvalidSecretError(`${what} has an invalid "port": expected an integer from 1 to 65535`);
  }
  return port;
}

/**
 * Parses a database secret. Requires what rotation needs (engine, host, username, password);
 * keeps every other field untouched so it survives rotation.
 */
export function parseDatabaseSecret(text: string | undefined, what: string): DatabaseSecret {
  const obj = parseObject(text, what);
  const engine = requireString(obj, "engine", what);
  if (!isSecretEngine(engine)) {
    throw new InvalidSecretError(
      `${what} names engine ${JSON.stringify(engine)}; supported engines are ${SUPPORTED_ENGINES.join(", ")}`,
    );
  }
  requireString(obj, "host", what);
  requireString(obj, "username", what);
  requireString(obj, "password", what);
  const port = parsePort(obj.port, what);
  if (obj.dbname !== undefined && obj.dbname !== null && typeof obj.dbname !== "string") {
    throw new InvalidSecretError(`${what} has a "dbname" that is not a string`);
  }
  if (obj.masterarn !== undefined && (typeof obj.masterarn !== "string" || obj.masterarn.length === 0)) {
    throw new InvalidSecretError(`${what} has a "masterarn" that is not a non-empty string`);
  }
  const secret = { ...obj } as DatabaseSecret;
  if (port !== undefined) secret.port = port;
  return secret;
}

/** Parses the master secret named by `masterarn`. */
export function parseMasterSecret(text: string | undefined, what: string): MasterSecret {
  const obj = parseObject(text, what);
  const master: MasterSecret = {
    username: requireString(obj, "username", what),
    password: requireString(obj, "password", what),
  };
  if (typeof obj.host === "string" && obj.host.length > 0) master.host = obj.host;
  const port = parsePort(obj.port, what);
  if (port !== undefined) master.port = port;
  return master;
}

export function strategyOf(secret: DatabaseSecret): RotationStrategyName {
  return secret.masterarn !== undefined ? "alternating-users" : "single-user";
}

export { CLONE_SUFFIX };

/** Alternating-users: `user` ↔ `user_clone`. */
export function alternateUsername(username: string): string {
  return username.endsWith(CLONE_SUFFIX) ? username.slice(0, -CLONE_SUFFIX.length) : `${username}${CLONE_SUFFIX}`;
}

/** The secret as stored: every field kept, the new values written over. */
export function serializeSecret(secret: DatabaseSecret): string {
  return JSON.stringify(secret);
}
