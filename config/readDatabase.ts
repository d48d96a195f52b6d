// Reads one entry of `databases` into a DatabaseConfig: an RDS instance, or an Aurora cluster when the
// entry has `cluster` (readCluster.ts). Only keys the stack sets are returned: the components own the
// defaults of per-database settings.
import { DEFAULT_SCHEDULE } from "../components/defaults";
import { ENGINE_FACTS, ENGINES } from "../components/engines";
import { ROTATION_STRATEGIES } from "../components/rotationStrategies";
import type { ParsedSchedule } from "../components/schedule";
import {
  ALLOCATED_STORAGE_GIB, BACKUP_RETENTION_DAYS, EMAIL_PATTERN, INSTANCE_CLASS_PATTERN, LOG_RETENTION_DAYS, MIN_PASSWORD_LENGTH,
} from "../components/validate";
import {
  PROXY_CONNECTION_BORROW_TIMEOUT, PROXY_IDLE_CLIENT_TIMEOUT, PROXY_KEYS, PROXY_MAX_CONNECTIONS_PERCENT,
} from "../components/proxyValidation";
import { CLUSTER_BACKUP_RETENTION_DAYS } from "../components/clusterRules";
import { ConfigError } from "./ConfigError";
import { validateCidr } from "./cidrRules";
import { CLUSTER_KEYS, INSTANCE_ONLY_KEYS, SERVERLESS_V2_SCALING_KEYS, readCluster, refuseInstanceOnlyKeys } from "./readCluster";
import {
  readBoolean, readEnum, readInteger, readObject, readString, readStringList, readStringMap, refuseUnknownKeys,
} from "./readers";
import { validateDuration, validateSchedule } from "./scheduleRules";
import type {
  ClusterEntrySettingsConfig, ClusterSettingsConfig, DatabaseAlertsConfig, DatabaseConfig, DatabaseProxyConfig, DatabaseRotationConfig,
  DatabaseSettingsConfig, InstanceDatabaseConfig, ServerlessV2ScalingConfig,
} from "./stackConfig";

/**
 * Keys of one `databases` entry: RotatedDatabaseArgs minus the network the program supplies, and
 * `cluster`, which makes the entry a RotatedCluster.
 */
export const DATABASE_KEYS = [
  "engine", "engineVersion", "instanceClass", "allocatedStorage", "dbName", "masterUsername", "multiAz",
  "deletionProtection", "applyImmediately", "allowMajorVersionUpgrade", "backupRetentionDays", "skipFinalSnapshot", "kmsKeyArn", "allowedSecurityGroupIds",
  "allowedCidrBlocks", "proxy", "rotation", "alerts", "logRetentionDays", "tags", "cluster",
] as const satisfies ReadonlyArray<keyof DatabaseSettingsConfig | "cluster">;

/** Keys of an entry that mean the same for an instance and a cluster: everything but `cluster` and the instance-only keys. */
export const SHARED_DATABASE_KEYS = DATABASE_KEYS.filter(
  (k): k is Exclude<(typeof DATABASE_KEYS)[number], "cluster" | (typeof INSTANCE_ONLY_KEYS)[number]> =>
    k !== "cluster" && !(INSTANCE_ONLY_KEYS as readonly string[]).includes(k),
);
export const ROTATION_KEYS = [
  "strategy", "schedule", "duration", "rotateImmediately", "passwordLength", "excludeCharacters", "applicationUsername",
] as const satisfies ReadonlyArray<keyof DatabaseRotationConfig>;
export const ALERT_KEYS = ["email", "topicArn"] as const satisfies ReadonlyArray<keyof DatabaseAlertsConfig>;

// Compile-time guard: an argument added to RotatedDatabaseArgs, RotatedClusterArgs, RotationArgs,
// AlertArgs or ServerlessV2ScalingArgs fails the type check here until the stack file can set it
// (listed above or in readCluster.ts, read below, described in Pulumi.yaml). A cluster entry's top
// level holds exactly the shared keys, and the instance-only keys are exactly those a cluster lacks.
type Unlisted<T, Listed extends readonly unknown[]> = Record<Exclude<keyof T, Listed[number]>, never>;
type SharedKey = (typeof SHARED_DATABASE_KEYS)[number];
const everyArgListed: [
  Unlisted<DatabaseSettingsConfig, typeof DATABASE_KEYS>,
  Unlisted<ClusterEntrySettingsConfig, typeof SHARED_DATABASE_KEYS>,
  Record<Exclude<SharedKey, keyof ClusterEntrySettingsConfig>, never>,
  Unlisted<Omit<DatabaseSettingsConfig, keyof ClusterEntrySettingsConfig>, typeof INSTANCE_ONLY_KEYS>,
  Unlisted<ClusterSettingsConfig, typeof CLUSTER_KEYS>,
  Unlisted<ServerlessV2ScalingConfig, typeof SERVERLESS_V2_SCALING_KEYS>,
  Unlisted<DatabaseRotationConfig, typeof ROTATION_KEYS>,
  Unlisted<DatabaseAlertsConfig, typeof ALERT_KEYS>,
] = [{}, {}, {}, {}, {}, {}, {}, {}];
void everyArgListed;

/**
 * Database names become resource names, the RDS identifier prefix and stack output keys: lowercase
 * letters, digits and single hyphens, starting with a letter, at most 24 characters so that derived
 * names such as `<name>-rotation-role` stay inside AWS's name limits.
 */
const DATABASE_NAME = /^[a-z](?:[a-z0-9]|-(?!-)){0,22}[a-z0-9]$|^[a-z]$/;

/** The longest password any engine takes; the component checks the chosen engine's own limit. */
const LONGEST_PASSWORD = Math.max(...Object.values(ENGINE_FACTS).map((f) => f.passwordMax));

export function readDatabaseName(key: string, name: string): string {
  if (!DATABASE_NAME.test(name)) {
    throw new ConfigError(key, name, "a database name of 1-24 lowercase letters, digits and single hyphens, starting with a letter and not ending with a hyphen");
  }
  return name;
}

export function readEmail(key: string, value: unknown): string {
  const email = readString(key, value, "an e-mail address");
  if (!EMAIL_PATTERN.test(email)) throw new ConfigError(key, value, "an e-mail address");
  return email;
}

/** Reads `databases.<name>`; `key` is that full key (e.g. `rotated-rds:databases.app`). */
export function readDatabase(key: string, name: string, value: unknown): DatabaseConfig {
  const entry = value === null || value === undefined ? {} : readObject(key, value, "a mapping of database settings (or empty)");
  refuseUnknownKeys(key, entry, DATABASE_KEYS);
  const k = (field: string) => `${key}.${field}`;
  const has = (field: string) => entry[field] !== undefined && entry[field] !== null;

  // The key's presence makes a cluster, even empty (`cluster:` is null in YAML): dropping its settings
  // must not silently turn a cluster into an instance.
  if (entry.cluster !== undefined) {
    refuseInstanceOnlyKeys(key, entry);
    const cluster: ClusterSettingsConfig = readCluster(key, entry.cluster, SHARED_DATABASE_KEYS);
    return { name, ...readSharedSettings(key, entry, CLUSTER_BACKUP_RETENTION_DAYS), cluster };
  }

  const db: InstanceDatabaseConfig = { name };
  if (has("engine")) db.engine = readEnum(k("engine"), entry.engine, ENGINES);
  if (has("engineVersion")) db.engineVersion = readString(k("engineVersion"), String(entry.engineVersion), "an engine version such as \"17\" or \"8.4\"");
  if (has("instanceClass")) {
    db.instanceClass = readString(k("instanceClass"), entry.instanceClass, "an RDS instance class such as \"db.t4g.micro\"");
    if (!INSTANCE_CLASS_PATTERN.test(db.instanceClass)) throw new ConfigError(k("instanceClass"), entry.instanceClass, "an RDS instance class such as \"db.t4g.micro\"");
  }
  if (has("allocatedStorage")) db.allocatedStorage = readInteger(k("allocatedStorage"), entry.allocatedStorage, ALLOCATED_STORAGE_GIB.min, ALLOCATED_STORAGE_GIB.max);
  if (has("multiAz")) db.multiAz = readBoolean(k("multiAz"), entry.multiAz);
  return { ...db, ...readSharedSettings(key, entry, BACKUP_RETENTION_DAYS) };
}

/**
 * The settings an instance and a cluster share, read the same way for both; only the backup range
 * differs (Aurora keeps at least one day).
 */
function readSharedSettings(key: string, entry: Record<string, unknown>, backupDays: { min: number; max: number }): Pick<DatabaseSettingsConfig, SharedKey> {
  const k = (field: string) => `${key}.${field}`;
  const has = (field: string) => entry[field] !== undefined && entry[field] !== null;
  const db: Pick<DatabaseSettingsConfig, SharedKey> = {};
  if (has("dbName")) db.dbName = readString(k("dbName"), entry.dbName);
  if (has("masterUsername")) db.masterUsername = readString(k("masterUsername"), entry.masterUsername);
  if (has("deletionProtection")) db.deletionProtection = readBoolean(k("deletionProtection"), entry.deletionProtection);
  if (has("applyImmediately")) db.applyImmediately = readBoolean(k("applyImmediately"), entry.applyImmediately);
  if (has("allowMajorVersionUpgrade")) db.allowMajorVersionUpgrade = readBoolean(k("allowMajorVersionUpgrade"), entry.allowMajorVersionUpgrade);
  if (has("backupRetentionDays")) db.backupRetentionDays = readInteger(k("backupRetentionDays"), entry.backupRetentionDays, backupDays.min, backupDays.max);
  if (has("skipFinalSnapshot")) db.skipFinalSnapshot = readBoolean(k("skipFinalSnapshot"), entry.skipFinalSnapshot);
  if (has("kmsKeyArn")) {
    db.kmsKeyArn = readString(k("kmsKeyArn"), entry.kmsKeyArn, "a KMS key ARN (arn:aws:kms:...)");
    if (!db.kmsKeyArn.startsWith("arn:")) throw new ConfigError(k("kmsKeyArn"), entry.kmsKeyArn, "a KMS key ARN (arn:aws:kms:...)");
  }
  if (has("allowedSecurityGroupIds")) {
    db.allowedSecurityGroupIds = readStringList(k("allowedSecurityGroupIds"), entry.allowedSecurityGroupIds);
    db.allowedSecurityGroupIds.forEach((id, i) => {
      if (!/^sg-[0-9a-f]+$/.test(id)) throw new ConfigError(`${k("allowedSecurityGroupIds")}[${i}]`, id, "a security group id such as \"sg-0123456789abcdef0\"");
    });
  }
  if (has("allowedCidrBlocks")) {
    db.allowedCidrBlocks = readStringList(k("allowedCidrBlocks"), entry.allowedCidrBlocks)
      .map((cidr, i) => validateCidr(`${k("allowedCidrBlocks")}[${i}]`, cidr));
  }
  // Like `cluster`, a present `proxy` turns the proxy on, even empty.
  if (entry.proxy !== undefined) db.proxy = readProxy(k("proxy"), entry.proxy);
  if (has("rotation")) db.rotation = readRotation(k("rotation"), entry.rotation);
  if (has("alerts")) db.alerts = readAlerts(k("alerts"), entry.alerts);
  if (has("logRetentionDays")) db.logRetentionDays = readInteger(k("logRetentionDays"), entry.logRetentionDays, LOG_RETENTION_DAYS[0], LOG_RETENTION_DAYS[LOG_RETENTION_DAYS.length - 1]);
  if (has("tags")) db.tags = readStringMap(k("tags"), entry.tags);
  return db;
}

function readRotation(key: string, value: unknown): DatabaseRotationConfig {
  const r = readObject(key, value, "a mapping of rotation settings");
  refuseUnknownKeys(key, r, ROTATION_KEYS);
  const k = (field: string) => `${key}.${field}`;
  const out: DatabaseRotationConfig = {};
  if (r.strategy !== undefined) out.strategy = readEnum(k("strategy"), r.strategy, ROTATION_STRATEGIES);
  let schedule: ParsedSchedule | undefined;
  if (r.schedule !== undefined) {
    out.schedule = readString(k("schedule"), r.schedule, "a schedule expression such as \"rate(4 hours)\"");
    schedule = validateSchedule(k("schedule"), out.schedule);
  }
  if (r.duration !== undefined) {
    out.duration = readString(k("duration"), r.duration, "a window like \"2h\"");
    // Without a schedule the component's default applies.
    validateDuration(k("duration"), out.duration, schedule ?? validateSchedule(k("schedule"), DEFAULT_SCHEDULE));
  }
  if (r.rotateImmediately !== undefined) out.rotateImmediately = readBoolean(k("rotateImmediately"), r.rotateImmediately);
  if (r.passwordLength !== undefined) out.passwordLength = readInteger(k("passwordLength"), r.passwordLength, MIN_PASSWORD_LENGTH, LONGEST_PASSWORD);
  if (r.excludeCharacters !== undefined) out.excludeCharacters = readString(k("excludeCharacters"), r.excludeCharacters);
  if (r.applicationUsername !== undefined) out.applicationUsername = readString(k("applicationUsername"), r.applicationUsername);
  if (out.strategy === "alternating-users" && out.applicationUsername === undefined) {
    throw new ConfigError(k("applicationUsername"), undefined, "set when strategy is \"alternating-users\" (the user that rotates with its <user>_clone twin)");
  }
  return out;
}

/** `proxy: {}` (or an empty `proxy:`) turns the proxy on with its defaults. */
function readProxy(key: string, value: unknown): DatabaseProxyConfig {
  const p = value === "" || value === null ? {} : readObject(key, value, "a mapping of proxy settings (or {} for the defaults)");
  refuseUnknownKeys(key, p, PROXY_KEYS);
  const k = (field: string) => `${key}.${field}`;
  const out: DatabaseProxyConfig = {};
  if (p.iamAuth !== undefined) out.iamAuth = readBoolean(k("iamAuth"), p.iamAuth);
  if (p.directAccess !== undefined) out.directAccess = readBoolean(k("directAccess"), p.directAccess);
  if (p.idleClientTimeout !== undefined) out.idleClientTimeout = readInteger(k("idleClientTimeout"), p.idleClientTimeout, PROXY_IDLE_CLIENT_TIMEOUT.min, PROXY_IDLE_CLIENT_TIMEOUT.max);
  if (p.maxConnectionsPercent !== undefined) out.maxConnectionsPercent = readInteger(k("maxConnectionsPercent"), p.maxConnectionsPercent, PROXY_MAX_CONNECTIONS_PERCENT.min, PROXY_MAX_CONNECTIONS_PERCENT.max);
  if (p.connectionBorrowTimeout !== undefined) out.connectionBorrowTimeout = readInteger(k("connectionBorrowTimeout"), p.connectionBorrowTimeout, PROXY_CONNECTION_BORROW_TIMEOUT.min, PROXY_CONNECTION_BORROW_TIMEOUT.max);
  return out;
}

function readAlerts(key: string, value: unknown): DatabaseAlertsConfig {
  const a = readObject(key, value, "a mapping of alert settings");
  refuseUnknownKeys(key, a, ALERT_KEYS);
  const out: DatabaseAlertsConfig = {};
  if (a.email !== undefined) out.email = readEmail(`${key}.email`, a.email);
  if (a.topicArn !== undefined) {
    out.topicArn = readString(`${key}.topicArn`, a.topicArn, "an SNS topic ARN (arn:aws:sns:...)");
    if (!out.topicArn.startsWith("arn:aws")) throw new ConfigError(`${key}.topicArn`, a.topicArn, "an SNS topic ARN (arn:aws:sns:...)");
  }
  return out;
}
