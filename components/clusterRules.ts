// The rules only a RotatedCluster has, besides its version, class and capacity: which engine each
// component takes (with the way to the other one when a user picks the wrong component), how many
// readers, and Aurora's backup retention. validate.ts runs them with the shared rules.
import { AURORA_ENGINE_OF, CLUSTER_ENGINES, ENGINES, isClusterEngine, isDatabaseEngine } from "./engines";
import type { DatabaseEngine } from "./types";

/** Aurora readers besides the writer: a cluster holds at most 15 Aurora Replicas. */
export const CLUSTER_READERS = { min: 0, max: 15 } as const;
/** Aurora's backup retention, in days: it always keeps at least one day (CreateDBCluster BackupRetentionPeriod). */
export const CLUSTER_BACKUP_RETENTION_DAYS = { min: 1, max: 35 } as const;

const show = (v: unknown): string => JSON.stringify(v) ?? String(v);
const list = (xs: readonly unknown[]): string => xs.map(show).join(", ");
const within = (n: unknown, range: { min: number; max: number }): boolean => Number.isInteger(n) && (n as number) >= range.min && (n as number) <= range.max;

/** How AWS names each instance engine's product, for messages. */
const PRODUCT: Record<DatabaseEngine, string> = { postgres: "PostgreSQL", mysql: "MySQL", mariadb: "MariaDB" };

/** RotatedDatabase's engine (undefined: the default); an Aurora engine points to RotatedCluster. */
export function instanceEngineError(engine: unknown): string | undefined {
  if (engine === undefined || isDatabaseEngine(engine)) return undefined;
  const refusal = `engine must be one of ${list(ENGINES)}; got ${show(engine)}`;
  if (!isClusterEngine(engine)) return refusal;
  const community = ENGINES.find((e) => AURORA_ENGINE_OF[e] === engine);
  const instead = community ? `, or use ${show(community)} for an RDS for ${PRODUCT[community]} instance` : "";
  return `${refusal}: that is an Aurora engine; declare an Aurora cluster with RotatedCluster${instead}`;
}

/** RotatedCluster's engine (undefined: the default); an instance engine points to its Aurora edition or to RotatedDatabase. */
export function clusterEngineError(engine: unknown): string | undefined {
  if (engine === undefined || isClusterEngine(engine)) return undefined;
  const refusal = `engine must be one of ${list(CLUSTER_ENGINES)}; got ${show(engine)}`;
  if (!isDatabaseEngine(engine)) return refusal;
  const aurora = AURORA_ENGINE_OF[engine];
  const product = PRODUCT[engine];
  return aurora
    ? `${refusal}: RotatedCluster declares Aurora clusters; use ${show(aurora)} for Aurora ${product}, or RotatedDatabase for an RDS for ${product} instance`
    : `${refusal}: Aurora has no ${product}-compatible edition; use RotatedDatabase for an RDS for ${product} instance`;
}

/** Readers besides the writer. */
export function readersError(readers: unknown): string | undefined {
  if (within(readers, CLUSTER_READERS)) return undefined;
  return `readers must be a whole number from ${CLUSTER_READERS.min} to ${CLUSTER_READERS.max} (Aurora Replicas besides the writer); got ${show(readers)}`;
}

/** A cluster's backup retention: Aurora cannot turn backups off. */
export function clusterBackupRetentionError(days: unknown): string | undefined {
  if (within(days, CLUSTER_BACKUP_RETENTION_DAYS)) return undefined;
  return `backupRetentionDays must be a whole number from ${CLUSTER_BACKUP_RETENTION_DAYS.min} to ${CLUSTER_BACKUP_RETENTION_DAYS.max} for a cluster (Aurora always keeps at least one day of backups); got ${show(days)}`;
}
