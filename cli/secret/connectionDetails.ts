// The secret JSON as a client needs it (design.md section 3): the fields rotation requires, checked by
// the rotation function's own parser (one definition of the contract), plus the per-engine defaults
// for the optional `port` and `dbname`.
import type { SecretEngine } from "../../rotation-lambda/contract";
import { InvalidSecretError } from "../../rotation-lambda/errors";
import { parseDatabaseSecret, SUPPORTED_ENGINES } from "../../rotation-lambda/secret";
import { NotADatabaseSecretError } from "../errors";

export { SUPPORTED_ENGINES };

/** The port a secret without `port` means: each engine's default, as the rotation function assumes. */
export const DEFAULT_PORT: Readonly<Record<SecretEngine, number>> = { postgres: 5432, mysql: 3306, mariadb: 3306, "aurora-postgresql": 5432, "aurora-mysql": 3306, aurora: 3306 };

/** The database a secret without `dbname` means: PostgreSQL's `postgres`; MySQL/MariaDB log in to none. */
export const DEFAULT_DBNAME: Readonly<Record<SecretEngine, string | undefined>> = {
  postgres: "postgres",
  mysql: undefined,
  mariadb: undefined,
  "aurora-postgresql": "postgres",
  "aurora-mysql": undefined,
  aurora: undefined,
};

export interface ConnectionDetails {
  engine: SecretEngine;
  host: string;
  port: number;
  username: string;
  password: string;
  dbname?: string;
  /** An Aurora secret's `dbClusterIdentifier`. */
  dbClusterIdentifier?: string;
  /** An instance secret's `dbInstanceIdentifier`. */
  dbInstanceIdentifier?: string;
}

/** Why a secret text is not a database secret, naming the field; undefined when it is one. */
export function databaseSecretProblem(text: string | undefined, what: string): string | undefined {
  try {
    parseDatabaseSecret(text, what);
    return undefined;
  } catch (err) {
    if (!(err instanceof InvalidSecretError)) throw err;
    return err.message + hintFor(text);
  }
}

function hintFor(text: string | undefined): string {
  let obj: Record<string, unknown>;
  try {
    obj = JSON.parse(text ?? "") as Record<string, unknown>;
  } catch {
    return "";
  }
  if (!obj || typeof obj !== "object") return "";
  const keys = Object.keys(obj).sort().join(",");
  if (obj.engine === undefined && keys === "password,username") {
    return " (it looks like an RDS-managed master secret, which holds only username and password: add engine, host and port, or use a secret made for clients)";
  }
  if (obj.engine === "postgresql") {
    return ` (the RDS engine string is "postgres")`;
  }
  return "";
}

/** Parses a secret's value; throws NotADatabaseSecretError naming the missing or wrong field. */
export function connectionDetails(text: string | undefined, what: string): ConnectionDetails {
  const problem = databaseSecretProblem(text, what);
  if (problem !== undefined) throw new NotADatabaseSecretError(`not a database secret: ${problem}`);
  const secret = parseDatabaseSecret(text, what);
  const details: ConnectionDetails = {
    engine: secret.engine,
    host: secret.host,
    port: secret.port ?? DEFAULT_PORT[secret.engine],
    username: secret.username,
    password: secret.password,
  };
  const dbname = typeof secret.dbname === "string" && secret.dbname !== "" ? secret.dbname : DEFAULT_DBNAME[secret.engine];
  if (dbname !== undefined) details.dbname = dbname;
  if (typeof secret.dbClusterIdentifier === "string" && secret.dbClusterIdentifier !== "") details.dbClusterIdentifier = secret.dbClusterIdentifier;
  if (typeof secret.dbInstanceIdentifier === "string" && secret.dbInstanceIdentifier !== "") details.dbInstanceIdentifier = secret.dbInstanceIdentifier;
  return details;
}
