// Turns one validated instance entry of `databases` into RotatedDatabase arguments: its settings as
// the stack file gives them, plus what the program supplies (stackSuppliedArgs.ts). Pure, so tests can
// check the mapping without mocks; unset settings stay unset and the component's defaults apply.
import type { DatabaseConfig, InstanceDatabaseConfig, StackConfig } from "../config";
import type { RotatedDatabaseArgs, SecretsManagerAccess } from "../components/types";
import type { StackNetwork } from "./network";
import { stackSuppliedArgs } from "./stackSuppliedArgs";

export function databaseArgs(
  db: InstanceDatabaseConfig,
  stack: Pick<StackConfig, "tags" | "alertEmail">,
  network: StackNetwork,
  secretsManagerAccess: SecretsManagerAccess | undefined,
): RotatedDatabaseArgs {
  const { name: _name, alerts: _alerts, tags: _tags, cluster: _cluster, ...settings } = db;
  return { ...settings, ...stackSuppliedArgs(db, stack, network, secretsManagerAccess) };
}

/**
 * True when the database's rotation function needs the Secrets Manager endpoint (every strategy but
 * managed), instance or cluster alike.
 */
export function needsEndpoint(db: DatabaseConfig): boolean {
  return db.rotation?.strategy !== "managed";
}
