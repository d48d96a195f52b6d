// One version of the database secret as a pool uses it: every field comes from the same
// GetSecretValue answer, so a username is never paired with another version's password.
import { secretEnginesOf, type EngineFamily, type SecretEngine } from "../rotation-lambda/contract";
import { parseDatabaseSecret } from "../rotation-lambda/secret";
import { InvalidSecretValueError } from "./errors";

/** A login read from one secret version. `password` is not enumerable: logging the object does not show it. */
export interface DatabaseCredentials {
  /** The Secrets Manager version id the whole login comes from. */
  readonly versionId: string;
  readonly engine: SecretEngine;
  readonly host: string;
  readonly port?: number;
  readonly username: string;
  readonly password: string;
  readonly dbname?: string;
}

/**
 * Builds the credentials of version `versionId` from that version's SecretString. Throws
 * InvalidSecretValueError (naming the field, never the value) when it is not a database secret.
 */
export function credentialsFromSecretString(secretId: string, versionId: string, secretString: string | undefined): DatabaseCredentials {
  let secret;
  try {
    secret = parseDatabaseSecret(secretString, `version ${versionId} of secret ${secretId}`);
  } catch (err) {
    throw new InvalidSecretValueError((err as Error).message, secretId, { cause: err });
  }
  const credentials = {
    versionId,
    engine: secret.engine,
    host: secret.host,
    ...(secret.port !== undefined ? { port: secret.port } : {}),
    username: secret.username,
    ...(typeof secret.dbname === "string" && secret.dbname !== "" ? { dbname: secret.dbname } : {}),
  };
  Object.defineProperty(credentials, "password", { value: secret.password, enumerable: false });
  return Object.freeze(credentials) as DatabaseCredentials;
}

/**
 * Throws unless the credentials are for an engine of `family` (a pool for PostgreSQL given a MySQL
 * secret); every engine string the rotation function accepts for that family passes, Aurora's too.
 */
export function requireEngine(secretId: string, credentials: DatabaseCredentials, family: EngineFamily, pool: string): void {
  const engines = secretEnginesOf(family);
  if (!engines.includes(credentials.engine)) {
    throw new InvalidSecretValueError(
      `${pool} needs a secret with engine ${engines.map((e) => JSON.stringify(e)).join(" or ")}; version ${credentials.versionId} of secret ${secretId} has ${JSON.stringify(credentials.engine)}`,
      secretId,
    );
  }
}
