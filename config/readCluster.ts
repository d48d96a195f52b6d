// The Aurora part of a `databases` entry. An entry with `cluster:` is a RotatedCluster: `cluster` holds
// what only a cluster has (an Aurora engine and version, the instance class of its writer and readers,
// Serverless v2 capacity, the number of readers), and the entry's top level keeps the settings that mean
// the same for an instance and a cluster (dbName, rotation, proxy, alerts, ...), read by readDatabase.
// The keys only an instance has are refused next to `cluster`, each with where it goes instead. The
// limits are the component's (components/engines.ts, components/serverlessScaling.ts).
import { CLUSTER_ENGINES } from "../components/engines";
import { CLUSTER_READERS } from "../components/clusterRules";
import { INSTANCE_CLASS_PATTERN } from "../components/instanceClass";
import {
  AUTO_PAUSE_REFUSAL, SERVERLESS_INSTANCE_CLASS, SERVERLESS_V2_MAX_CAPACITY, SERVERLESS_V2_MIN_CAPACITY, SERVERLESS_V2_SCALING_KEYS,
} from "../components/serverlessScaling";
import { ConfigError } from "./ConfigError";
import { readEnum, readInteger, readNumber, readObject, readString } from "./readers";
import type { ClusterSettingsConfig, DatabaseSettingsConfig, ServerlessV2ScalingConfig } from "./stackConfig";

/** Keys of `databases.<name>.cluster`. */
export const CLUSTER_KEYS = [
  "engine", "engineVersion", "instanceClass", "serverlessV2Scaling", "readers",
] as const satisfies ReadonlyArray<keyof ClusterSettingsConfig>;

/** Keys of `databases.<name>.cluster.serverlessV2Scaling`: the component's own list. */
export { SERVERLESS_V2_SCALING_KEYS };

/** Keys of a `databases` entry that only an instance has: refused next to `cluster`. */
export const INSTANCE_ONLY_KEYS = [
  "engine", "engineVersion", "instanceClass", "allocatedStorage", "multiAz",
] as const satisfies ReadonlyArray<keyof DatabaseSettingsConfig>;

type InstanceOnlyKey = (typeof INSTANCE_ONLY_KEYS)[number];

const ENGINE_ALLOWED = `one of ${CLUSTER_ENGINES.map((e) => JSON.stringify(e)).join(", ")}`;
const VERSION_ALLOWED = "an Aurora engine version such as \"16.6\" (aurora-postgresql) or \"8.0.mysql_aurora.3.08.0\" (aurora-mysql)";
const CLASS_ALLOWED = `"${SERVERLESS_INSTANCE_CLASS}" (Serverless v2) or a provisioned instance class such as "db.r7g.large"`;
const capacityAllowed = (range: { min: number; max: number; step: number }) =>
  `a number of Aurora capacity units from ${range.min} to ${range.max} in steps of ${range.step}`;

/**
 * Where each instance-only key goes in a cluster entry, or why a cluster has no such setting: the
 * text after "must be absent ...".
 */
const INSTANCE_ONLY_REFUSALS: Record<InstanceOnlyKey, string> = {
  engine: `set cluster.engine instead (${ENGINE_ALLOWED})`,
  engineVersion: `set cluster.engineVersion instead (${VERSION_ALLOWED})`,
  instanceClass: `set cluster.instanceClass instead (${CLASS_ALLOWED})`,
  allocatedStorage: "allocatedStorage has no meaning for an Aurora cluster: Aurora storage grows on its own",
  multiAz: "multiAz has no meaning for an Aurora cluster: its storage already spans three availability zones, " +
    "and cluster.readers (1 or more) adds an instance that takes over when the writer fails",
};

const isInstanceOnlyKey = (k: string): k is InstanceOnlyKey => (INSTANCE_ONLY_KEYS as readonly string[]).includes(k);

/**
 * Refuses the instance-only keys `entry` sets next to `cluster` (a null value counts as unset, as
 * everywhere in an entry). `key` is the entry's full key.
 */
export function refuseInstanceOnlyKeys(key: string, entry: Record<string, unknown>): void {
  for (const k of INSTANCE_ONLY_KEYS) {
    if (entry[k] !== undefined && entry[k] !== null) {
      throw new ConfigError(`${key}.${k}`, entry[k], `absent in a cluster entry: ${INSTANCE_ONLY_REFUSALS[k]}`);
    }
  }
}

/**
 * Reads `databases.<name>.cluster`; `entryKey` is the entry's full key and `sharedKeys` the settings
 * that belong at its top level. `cluster: {}` or an empty `cluster:` is a cluster with RotatedCluster's
 * defaults: the key's presence is what makes the entry a cluster.
 */
export function readCluster(entryKey: string, value: unknown, sharedKeys: readonly string[]): ClusterSettingsConfig {
  const key = `${entryKey}.cluster`;
  const c = value === null || value === "" ? {} : readObject(key, value, "a mapping of cluster settings (or {} for RotatedCluster's defaults)");
  for (const [k, v] of Object.entries(c)) {
    if ((CLUSTER_KEYS as readonly string[]).includes(k)) continue;
    if (isInstanceOnlyKey(k)) throw new ConfigError(`${key}.${k}`, v, `absent: ${INSTANCE_ONLY_REFUSALS[k]}`);
    if (sharedKeys.includes(k)) {
      throw new ConfigError(`${key}.${k}`, v, `absent: set ${k} next to cluster, as ${entryKey}.${k} (it means the same for an instance and a cluster)`);
    }
    throw new ConfigError(`${key}.${k}`, v, `absent: ${key} accepts only ${CLUSTER_KEYS.join(", ")}`);
  }
  const k = (field: string) => `${key}.${field}`;
  const has = (field: string) => c[field] !== undefined && c[field] !== null;
  const out: ClusterSettingsConfig = {};
  if (has("engine")) out.engine = readEnum(k("engine"), c.engine, CLUSTER_ENGINES);
  if (has("engineVersion")) out.engineVersion = readString(k("engineVersion"), String(c.engineVersion), VERSION_ALLOWED);
  if (has("instanceClass")) {
    out.instanceClass = readString(k("instanceClass"), c.instanceClass, CLASS_ALLOWED);
    if (out.instanceClass !== SERVERLESS_INSTANCE_CLASS && !INSTANCE_CLASS_PATTERN.test(out.instanceClass)) {
      throw new ConfigError(k("instanceClass"), c.instanceClass, CLASS_ALLOWED);
    }
  }
  if (has("serverlessV2Scaling")) out.serverlessV2Scaling = readScaling(k("serverlessV2Scaling"), c.serverlessV2Scaling);
  if (has("readers")) out.readers = readInteger(k("readers"), c.readers, CLUSTER_READERS.min, CLUSTER_READERS.max);
  return out;
}

/**
 * Both capacities are required (a half-given range has no meaning). Whether the range fits the
 * instance class and min <= max are the component's rules, checked with the rest of its arguments.
 */
function readScaling(key: string, value: unknown): ServerlessV2ScalingConfig {
  const s = readObject(key, value, "a mapping with minCapacity and maxCapacity (Aurora capacity units)");
  for (const [k, v] of Object.entries(s)) {
    if (!(SERVERLESS_V2_SCALING_KEYS as readonly string[]).includes(k)) {
      throw new ConfigError(`${key}.${k}`, v, `absent: ${key} accepts only ${SERVERLESS_V2_SCALING_KEYS.join(", ")}`);
    }
  }
  const minAllowed = `${capacityAllowed(SERVERLESS_V2_MIN_CAPACITY)} (not 0: ${AUTO_PAUSE_REFUSAL})`;
  return {
    minCapacity: readNumber(`${key}.minCapacity`, s.minCapacity, SERVERLESS_V2_MIN_CAPACITY, minAllowed),
    maxCapacity: readNumber(`${key}.maxCapacity`, s.maxCapacity, SERVERLESS_V2_MAX_CAPACITY, capacityAllowed(SERVERLESS_V2_MAX_CAPACITY)),
  };
}
