// The secret's JSON (design.md section 3) and the ECS `secrets` entries that read it. One contract
// for the rotation function, the client, the CLI and outside tools (RDS Proxy, AWS's templates).
import type { DatabaseSecret } from "../rotation-lambda/contract";
import type { AnyEngine, EcsSecretEntry } from "./types";

/**
 * The field naming the database a secret belongs to: an instance's identifier, or an Aurora
 * cluster's (a cluster secret carries no dbInstanceIdentifier: its host is the cluster's writer
 * endpoint, which follows a failover, not one instance).
 */
export type DatabaseIdentifierField = { dbInstanceIdentifier: string } | { dbClusterIdentifier: string };

export type SecretJsonInputs = {
  /** The RDS engine string, for Aurora too (`aurora-postgresql`, `aurora-mysql`): see design.md section 3. */
  engine: AnyEngine;
  host: string;
  port: number;
  username: string;
  password: string;
  dbname: string;
  /** ARN of the master secret; alternating-users only. */
  masterarn?: string;
} & DatabaseIdentifierField;

/** The initial secret value, with exactly the contract's fields (and `masterarn` only when given). */
export function buildSecretJson(p: SecretJsonInputs): DatabaseSecret {
  const secret: DatabaseSecret = {
    engine: p.engine,
    host: p.host,
    port: p.port,
    username: p.username,
    password: p.password,
    dbname: p.dbname,
  };
  if ("dbClusterIdentifier" in p) secret.dbClusterIdentifier = p.dbClusterIdentifier;
  else secret.dbInstanceIdentifier = p.dbInstanceIdentifier;
  if (p.masterarn !== undefined) secret.masterarn = p.masterarn;
  return secret;
}

/** Environment variable names apps get, and the secret JSON key each reads. */
export const ECS_SECRET_KEYS: ReadonlyArray<readonly [string, keyof DatabaseSecret & string]> = [
  ["DB_HOST", "host"],
  ["DB_PORT", "port"],
  ["DB_USERNAME", "username"],
  ["DB_PASSWORD", "password"],
  ["DB_NAME", "dbname"],
];

/** The keys an RDS-managed master secret holds: it has only the user name and password. */
export const MANAGED_SECRET_KEYS = ["username", "password"];

/**
 * ECS `containerDefinitions[].secrets` entries reading JSON keys of the secret at task start
 * (`<arn>:<key>::` = AWSCURRENT). `keys` limits them to what the secret holds.
 */
export function ecsSecretEntries(secretArn: string, keys?: readonly string[]): EcsSecretEntry[] {
  return ECS_SECRET_KEYS
    .filter(([, key]) => keys === undefined || keys.includes(key))
    .map(([name, key]) => ({ name, valueFrom: `${secretArn}:${key}::` }));
}
