// Every default of RotatedDatabase and RotatedCluster, as a named constant with the reason for its
// value, applied in one place: `withDefaults(args)` and `withClusterDefaults(args)` return args with
// nothing optional, and the part both components share is applied by one function for both.
// types.ts documents the same values.
import * as pulumi from "@pulumi/pulumi";
import { ENGINE_FACTS, isClusterEngine, isDatabaseEngine } from "./engines";
import { SERVERLESS_INSTANCE_CLASS } from "./serverlessScaling";
import type {
  AnyEngine,
  ClusterEngine,
  DatabaseEngine,
  DatabaseProxyArgs,
  RotatedClusterArgs,
  RotatedDatabaseArgs,
  RotationStrategy,
  SecretsManagerAccess,
  ServerlessV2ScalingArgs,
  SharedDatabaseArgKey,
} from "./types";

/** What the AWS console sets up, and the only strategy that needs no extra user. */
export const DEFAULT_STRATEGY: RotationStrategy = "single-user";
/** The shortest interval Secrets Manager allows: a leaked password is useful for 4 hours at most. */
export const DEFAULT_SCHEDULE = "rate(4 hours)";
/** One hour: short enough for any schedule, long enough for retries within the window. */
export const DEFAULT_DURATION = "1h";
/** The initial password passes through Pulumi state; rotating at once makes that copy worthless. */
export const DEFAULT_ROTATE_IMMEDIATELY = true;
/** 32 characters: far beyond brute force, and within MySQL's 41-character limit. */
export const DEFAULT_PASSWORD_LENGTH = 32;
/**
 * Characters that break connection URLs (`@ / : ? # % &`), shell or SQL quoting (`" ' \` $ ;`),
 * or config formats (`, [ ] { } ( ) < > | ~` and space). `/ " @` are also refused by RDS itself.
 */
export const DEFAULT_EXCLUDE_CHARACTERS = "\"'@/\\`:;,?#%&[]{}()<>|~$ ";
/** Characters RDS refuses in a master password (CreateDBInstance MasterUserPassword). */
export const RDS_FORBIDDEN_PASSWORD_CHARACTERS = "/\"@";
/** PostgreSQL: the engine most teams standardise on. */
export const DEFAULT_ENGINE: DatabaseEngine = "postgres";
/** Graviton burstable: the cheapest class that runs every supported engine version. */
export const DEFAULT_INSTANCE_CLASS = "db.t4g.micro";
/** 20 GiB: the gp3 minimum. */
export const DEFAULT_ALLOCATED_STORAGE = 20;
/** gp3: cheaper than gp2 with a baseline independent of size. */
export const STORAGE_TYPE = "gp3";
export const DEFAULT_DB_NAME = "app";
/** Not `postgres`/`admin`/`root`: a name that is valid and unreserved on every engine. */
export const DEFAULT_MASTER_USERNAME = "dbadmin";
export const DEFAULT_MULTI_AZ = false;
export const DEFAULT_DELETION_PROTECTION = false;
/** Changes wait for the maintenance window: a production database restarts only when planned. */
export const DEFAULT_APPLY_IMMEDIATELY = false;
/** A major upgrade (also one from a new default engineVersion of this package) is a deliberate step. */
export const DEFAULT_ALLOW_MAJOR_VERSION_UPGRADE = false;
/** A week of point-in-time recovery, RDS's console default (and Aurora's, for clusters). */
export const DEFAULT_BACKUP_RETENTION_DAYS = 7;
/** Never lose data by default: a final snapshot is taken unless explicitly skipped. */
export const DEFAULT_SKIP_FINAL_SNAPSHOT = false;
/** A month of rotation logs: enough to investigate a failure reported by the alerts. */
export const DEFAULT_LOG_RETENTION_DAYS = 30;
/** A private endpoint: the rotation function needs no internet route. */
export const DEFAULT_SECRETS_MANAGER_ACCESS: SecretsManagerAccess = { createEndpoint: true };

/** Aurora PostgreSQL, for the same reason as {@link DEFAULT_ENGINE}. */
export const DEFAULT_CLUSTER_ENGINE: ClusterEngine = "aurora-postgresql";
/** Serverless v2: no instance size to choose, and a small cluster costs little while idle. */
export const DEFAULT_CLUSTER_INSTANCE_CLASS = SERVERLESS_INSTANCE_CLASS;
/** 0.5 ACU (AWS's floor without auto-pause) to 4 ACU (about 8 GiB): room for a small application's peaks. */
export const DEFAULT_SERVERLESS_V2_SCALING: Readonly<ServerlessV2ScalingArgs> = { minCapacity: 0.5, maxCapacity: 4 };
/** The writer alone: readers are a decision about load and failover, and each one is billed. */
export const DEFAULT_READERS = 0;

/** Clients log in to a proxy with the secret's password unless IAM authentication is asked for. */
export const DEFAULT_PROXY_IAM_AUTH = false;
/** Behind a proxy the clients reach the database only through it, as the issue asks: nothing else opens. */
export const DEFAULT_PROXY_DIRECT_ACCESS = false;
/** RDS Proxy's own default: half an hour. */
export const DEFAULT_PROXY_IDLE_CLIENT_TIMEOUT = 1800;
/** Leaves a tenth of max_connections for the rotation function and a human. */
export const DEFAULT_PROXY_MAX_CONNECTIONS_PERCENT = 90;
/** RDS Proxy's own default: two minutes. */
export const DEFAULT_PROXY_CONNECTION_BORROW_TIMEOUT = 120;

/** {@link DatabaseProxyArgs} with every default applied. */
export type ResolvedProxyArgs = Required<DatabaseProxyArgs>;

/** Applies the proxy's defaults; undefined (no proxy) stays undefined. */
export function withProxyDefaults(proxy: DatabaseProxyArgs | undefined): ResolvedProxyArgs | undefined {
  if (proxy === undefined) return undefined;
  return {
    iamAuth: proxy.iamAuth ?? DEFAULT_PROXY_IAM_AUTH,
    directAccess: proxy.directAccess ?? DEFAULT_PROXY_DIRECT_ACCESS,
    idleClientTimeout: proxy.idleClientTimeout ?? DEFAULT_PROXY_IDLE_CLIENT_TIMEOUT,
    maxConnectionsPercent: proxy.maxConnectionsPercent ?? DEFAULT_PROXY_MAX_CONNECTIONS_PERCENT,
    connectionBorrowTimeout: proxy.connectionBorrowTimeout ?? DEFAULT_PROXY_CONNECTION_BORROW_TIMEOUT,
  };
}

/** Rotation settings with every default applied. */
export interface ResolvedRotationArgs {
  strategy: RotationStrategy;
  schedule: string;
  duration: string;
  rotateImmediately: boolean;
  passwordLength: number;
  excludeCharacters: string;
  /** Set only for alternating-users. */
  applicationUsername: string | undefined;
}

/**
 * What both components resolve with the same meaning: the part of their arguments every shared module
 * (network, secret, rotation function, alerts, proxy) reads. {@link ResolvedDatabaseArgs} and
 * {@link ResolvedClusterArgs} extend it with what only an instance or a cluster has.
 */
export interface ResolvedCommonArgs {
  vpcId: pulumi.Input<string>;
  subnetIds: pulumi.Input<string>[];
  allowedSecurityGroupIds: pulumi.Input<string>[];
  allowedCidrBlocks: string[];
  secretsManagerAccess: SecretsManagerAccess;
  engine: AnyEngine;
  engineVersion: string;
  /** The engine's port (not configurable: every client and the secret default to it). */
  port: number;
  dbName: string;
  masterUsername: string;
  deletionProtection: boolean;
  applyImmediately: boolean;
  allowMajorVersionUpgrade: boolean;
  backupRetentionDays: number;
  skipFinalSnapshot: boolean;
  kmsKeyArn: pulumi.Input<string> | undefined;
  /** Undefined: no proxy. */
  proxy: ResolvedProxyArgs | undefined;
  rotation: ResolvedRotationArgs;
  alerts: { topicArn: pulumi.Input<string> | undefined; email: string | undefined };
  logRetentionDays: number;
  tags: Record<string, string>;
}

/** {@link RotatedDatabaseArgs} with every default applied: nothing is optional. */
export interface ResolvedDatabaseArgs extends ResolvedCommonArgs {
  engine: DatabaseEngine;
  instanceClass: string;
  allocatedStorage: number;
  multiAz: boolean;
}

/** {@link RotatedClusterArgs} with every default applied (`serverlessV2Scaling` only with `db.serverless`). */
export interface ResolvedClusterArgs extends ResolvedCommonArgs {
  engine: ClusterEngine;
  instanceClass: string;
  /** Set exactly when `instanceClass` is `db.serverless`. */
  serverlessV2Scaling: ServerlessV2ScalingArgs | undefined;
  readers: number;
}

/** The arguments both components take with the same meaning, except the engine (which differs in type). */
type SharedArgs = Omit<Pick<RotatedDatabaseArgs, SharedDatabaseArgKey>, "engine">;

/**
 * Applies the defaults of what both components share (one list of fields for both); `engine` is
 * already resolved, and `facts` gives its default version and port.
 */
function withCommonDefaults(args: SharedArgs, engine: AnyEngine, facts = ENGINE_FACTS[engine]): ResolvedCommonArgs {
  const rotation = args.rotation ?? {};
  return {
    vpcId: args.vpcId,
    subnetIds: args.subnetIds,
    allowedSecurityGroupIds: args.allowedSecurityGroupIds ?? [],
    allowedCidrBlocks: args.allowedCidrBlocks ?? [],
    secretsManagerAccess: args.secretsManagerAccess ?? DEFAULT_SECRETS_MANAGER_ACCESS,
    engine,
    engineVersion: args.engineVersion ?? facts.defaultVersion,
    port: facts.port,
    dbName: args.dbName ?? DEFAULT_DB_NAME,
    masterUsername: args.masterUsername ?? DEFAULT_MASTER_USERNAME,
    deletionProtection: args.deletionProtection ?? DEFAULT_DELETION_PROTECTION,
    applyImmediately: args.applyImmediately ?? DEFAULT_APPLY_IMMEDIATELY,
    allowMajorVersionUpgrade: args.allowMajorVersionUpgrade ?? DEFAULT_ALLOW_MAJOR_VERSION_UPGRADE,
    backupRetentionDays: args.backupRetentionDays ?? DEFAULT_BACKUP_RETENTION_DAYS,
    skipFinalSnapshot: args.skipFinalSnapshot ?? DEFAULT_SKIP_FINAL_SNAPSHOT,
    kmsKeyArn: args.kmsKeyArn,
    proxy: withProxyDefaults(args.proxy),
    rotation: {
      strategy: rotation.strategy ?? DEFAULT_STRATEGY,
      schedule: rotation.schedule ?? DEFAULT_SCHEDULE,
      duration: rotation.duration ?? DEFAULT_DURATION,
      rotateImmediately: rotation.rotateImmediately ?? DEFAULT_ROTATE_IMMEDIATELY,
      passwordLength: rotation.passwordLength ?? DEFAULT_PASSWORD_LENGTH,
      excludeCharacters: rotation.excludeCharacters ?? DEFAULT_EXCLUDE_CHARACTERS,
      applicationUsername: rotation.applicationUsername,
    },
    alerts: { topicArn: args.alerts?.topicArn, email: args.alerts?.email },
    logRetentionDays: args.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS,
    tags: args.tags ?? {},
  };
}

/**
 * Applies every default, checking nothing: `resolveRotatedDatabaseArgs` (validate.ts) calls it once
 * and checks the result. Unknown engines fall back to the default's facts.
 */
export function withDefaults(args: RotatedDatabaseArgs): ResolvedDatabaseArgs {
  const engine = args.engine ?? DEFAULT_ENGINE;
  return {
    ...withCommonDefaults(args, engine, ENGINE_FACTS[isDatabaseEngine(engine) ? engine : DEFAULT_ENGINE]),
    engine,
    instanceClass: args.instanceClass ?? DEFAULT_INSTANCE_CLASS,
    allocatedStorage: args.allocatedStorage ?? DEFAULT_ALLOCATED_STORAGE,
    multiAz: args.multiAz ?? DEFAULT_MULTI_AZ,
  };
}

/**
 * Applies every default of a cluster, checking nothing: `resolveRotatedClusterArgs` (validate.ts)
 * calls it once and checks the result. Engines other than Aurora's fall back to the default's facts.
 * `serverlessV2Scaling` is set exactly with `db.serverless` (the given one, or the default); with a
 * provisioned class it is undefined, and validation refuses one given anyway.
 */
export function withClusterDefaults(args: RotatedClusterArgs): ResolvedClusterArgs {
  const engine = args.engine ?? DEFAULT_CLUSTER_ENGINE;
  const instanceClass = args.instanceClass ?? DEFAULT_CLUSTER_INSTANCE_CLASS;
  return {
    ...withCommonDefaults(args, engine, ENGINE_FACTS[isClusterEngine(engine) ? engine : DEFAULT_CLUSTER_ENGINE]),
    engine,
    instanceClass,
    serverlessV2Scaling: instanceClass === SERVERLESS_INSTANCE_CLASS ? (args.serverlessV2Scaling ?? { ...DEFAULT_SERVERLESS_V2_SCALING }) : undefined,
    readers: args.readers ?? DEFAULT_READERS,
  };
}
