// What differs between the supported RDS and Aurora engines, in one table: ports, parameter-group
// families, the TLS-forcing parameter, version syntax, name and password limits, and the names each
// engine refuses. Validation, defaults and the components read these facts here instead of branching
// on the engine elsewhere.
import { USERNAME_MAX_LENGTH } from "../rotation-lambda/contract";
import type { AnyEngine, ClusterEngine, DatabaseEngine } from "./types";

const LISTED = ["postgres", "mysql", "mariadb"] as const satisfies readonly DatabaseEngine[];
const LISTED_CLUSTER = ["aurora-postgresql", "aurora-mysql"] as const satisfies readonly ClusterEngine[];

/** The instance engines (RotatedDatabase, the stack file's `engine`), in the order error messages list them. */
export const ENGINES: readonly DatabaseEngine[] = LISTED;

/** The Aurora engines (RotatedCluster), in the order error messages list them. */
export const CLUSTER_ENGINES: readonly ClusterEngine[] = LISTED_CLUSTER;

// Compile-time guards: an engine added to a type fails the type check here until it is listed.
const everyEngineListed: Record<Exclude<DatabaseEngine, (typeof LISTED)[number]>, never> = {};
void everyEngineListed;
const everyClusterEngineListed: Record<Exclude<ClusterEngine, (typeof LISTED_CLUSTER)[number]>, never> = {};
void everyClusterEngineListed;

/** The Aurora engine compatible with an instance engine (MariaDB has none). */
export const AURORA_ENGINE_OF: Readonly<Partial<Record<DatabaseEngine, ClusterEngine>>> = {
  postgres: "aurora-postgresql",
  mysql: "aurora-mysql",
};

/**
 * One engine's facts. Sources: the RDS API reference (CreateDBInstance, CreateDBCluster), the Aurora
 * user guide and release notes, and each engine's manual.
 */
export interface EngineFacts {
  /** The port RDS listens on by default. */
  port: number;
  /** Default engine version: the current RDS default major, or a current Aurora default version. */
  defaultVersion: string;
  /** Accepted version syntax: major (postgres), major.minor, or Aurora MySQL's `8.0.mysql_aurora.3.10.3`. */
  versionPattern: RegExp;
  /** The syntax in words, for messages: "major, optionally more". */
  versionSyntax: string;
  /** Oldest supported version, as {@link versionNumbers} gives it (standard support, and the TLS parameter exists there). */
  minimumVersion: readonly number[];
  /** A version's numbers, in comparison order: `"8.0.mysql_aurora.3.10.3"` is 8, 0, 3, 10, 3. */
  versionNumbers(version: string): number[];
  /** Writes version numbers back in the engine's syntax, for messages. */
  versionName(numbers: readonly number[]): string;
  /**
   * Parameter-group family for a version, e.g. `postgres17`, `mysql8.4`, `mariadb11.4`; for Aurora
   * `aurora-postgresql16` or `aurora-mysql8.0`, the family of both the cluster and the instance parameter groups.
   */
  family(version: string): string;
  /**
   * The parameter that refuses unencrypted connections, with its enforcing value: in the DB parameter
   * group of an instance, in the cluster parameter group of an Aurora cluster.
   */
  tlsParameter: { name: string; value: string };
  /** RDS master user name length: CreateDBInstance and CreateDBCluster allow 1 to 16 for every engine. */
  masterUsernameMax: number;
  /** The engine's own user-name limit (PostgreSQL NAMEDATALEN-1, MySQL 8.0+ 32, MariaDB 80). */
  userNameMax: number;
  /** Longest database name (PostgreSQL 63, MySQL/MariaDB 64). */
  dbNameMax: number;
  /** Master password length RDS accepts (CreateDBInstance / CreateDBCluster MasterUserPassword). */
  passwordMax: number;
  /** User names RDS or the engine refuses or reserves (lower case). */
  reservedUsernames: readonly string[];
  /** User-name prefixes the engine reserves. */
  reservedUsernamePrefixes: readonly string[];
  /** Database names that exist on every instance or are reserved (lower case). */
  reservedDbNames: readonly string[];
}

/** Shortest master password RDS accepts, for every engine. */
export const RDS_PASSWORD_MIN = 8;

// PostgreSQL's fully reserved key words (PostgreSQL manual, Appendix C, "reserved" column): RDS
// refuses them as names, and as role names they would need quoting everywhere.
const POSTGRES_RESERVED_WORDS = [
  "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "both", "case", "cast",
  "check", "collate", "column", "constraint", "create", "current_catalog", "current_date", "current_role",
  "current_time", "current_timestamp", "current_user", "default", "deferrable", "desc", "distinct", "do",
  "else", "end", "except", "false", "fetch", "for", "foreign", "from", "grant", "group", "having", "in",
  "initially", "intersect", "into", "lateral", "leading", "limit", "localtime", "localtimestamp", "not",
  "null", "offset", "on", "only", "or", "order", "placing", "primary", "references", "returning", "select",
  "session_user", "some", "symmetric", "system_user", "table", "then", "to", "trailing", "true", "union",
  "unique", "user", "using", "variadic", "when", "where", "window", "with",
];

// The MySQL/MariaDB reserved words people plausibly pick as a user or schema name. The full list has
// ~260 entries; RDS stays the final authority for the rest.
const MYSQL_RESERVED_WORDS = [
  "accessible", "add", "all", "alter", "analyze", "and", "as", "asc", "before", "between", "both", "by",
  "call", "cascade", "case", "change", "check", "column", "condition", "constraint", "create", "cross",
  "current_user", "database", "databases", "default", "delete", "desc", "describe", "distinct", "drop",
  "else", "exists", "explain", "false", "fetch", "for", "foreign", "from", "grant", "group", "having",
  "if", "in", "index", "insert", "interval", "into", "is", "join", "key", "keys", "kill", "like", "limit",
  "lock", "match", "not", "null", "on", "option", "or", "order", "primary", "procedure", "purge", "range",
  "read", "references", "release", "rename", "replace", "require", "restrict", "return", "revoke", "schema",
  "schemas", "select", "set", "show", "table", "then", "to", "trigger", "true", "union", "unique", "update",
  "usage", "use", "using", "values", "when", "where", "while", "with", "write",
];

// Accounts RDS creates for itself on MySQL and MariaDB, plus `root`, which RDS refuses as master.
const MYSQL_RDS_ACCOUNTS = ["rdsadmin", "rdsrepladmin", "rdsproxyadmin", "root"];

/** The name rules of the PostgreSQL engines (RDS for PostgreSQL and Aurora PostgreSQL). */
const POSTGRES_NAMES = {
  masterUsernameMax: 16,
  dbNameMax: 63,
  // RDS's own roles (rdsadmin, rdsrepladmin, rdstopmgr and the rds_* group roles); `public` and
  // `none` are reserved role names in PostgreSQL itself.
  reservedUsernames: ["rdsadmin", "rdsrepladmin", "rdstopmgr", "public", "none", ...POSTGRES_RESERVED_WORDS],
  reservedUsernamePrefixes: ["rds_", "pg_"],
  reservedDbNames: ["postgres", "template0", "template1", "rdsadmin", ...POSTGRES_RESERVED_WORDS],
} as const satisfies Partial<EngineFacts>;

/** The name rules of the MySQL engines (RDS for MySQL and Aurora MySQL); MariaDB adds its own. */
const MYSQL_NAMES = {
  masterUsernameMax: 16,
  dbNameMax: 64,
  reservedUsernames: [...MYSQL_RDS_ACCOUNTS, ...MYSQL_RESERVED_WORDS],
  reservedUsernamePrefixes: ["mysql."],
  reservedDbNames: ["mysql", "sys", "information_schema", "performance_schema", "innodb", "tmp", ...MYSQL_RESERVED_WORDS],
} as const satisfies Partial<EngineFacts>;

function majorMinor(version: string): string {
  return version.split(".").slice(0, 2).join(".");
}

const dotted = (version: string): number[] => version.split(".").map(Number);
const joined = (numbers: readonly number[]): string => numbers.join(".");

/** Aurora MySQL's engine version: `<MySQL major.minor>.mysql_aurora.<Aurora major.minor.patch>`. */
const AURORA_MYSQL_INFIX = ".mysql_aurora.";

/** Facts per engine. */
export const ENGINE_FACTS: Record<AnyEngine, EngineFacts> = {
  postgres: {
    port: 5432,
    defaultVersion: "17",
    versionPattern: /^\d{2}(\.\d+)?$/,
    versionSyntax: "major, optionally more",
    minimumVersion: [13],
    versionNumbers: dotted,
    versionName: joined,
    family: (version) => `postgres${version.split(".")[0]}`,
    tlsParameter: { name: "rds.force_ssl", value: "1" },
    ...POSTGRES_NAMES,
    userNameMax: USERNAME_MAX_LENGTH.postgres,
    passwordMax: 128,
  },
  mysql: {
    port: 3306,
    defaultVersion: "8.4",
    versionPattern: /^\d+\.\d+(\.\d+)?$/,
    versionSyntax: "major.minor, optionally more",
    minimumVersion: [8, 0],
    versionNumbers: dotted,
    versionName: joined,
    family: (version) => `mysql${majorMinor(version)}`,
    // DB instance parameter groups take 1; "ON" is the Aurora cluster parameter group's spelling.
    tlsParameter: { name: "require_secure_transport", value: "1" },
    ...MYSQL_NAMES,
    userNameMax: USERNAME_MAX_LENGTH.mysql,
    passwordMax: 41,
  },
  mariadb: {
    port: 3306,
    defaultVersion: "11.4",
    versionPattern: /^\d+\.\d+(\.\d+)?$/,
    versionSyntax: "major.minor, optionally more",
    // require_secure_transport exists from MariaDB 10.5 on.
    minimumVersion: [10, 5],
    versionNumbers: dotted,
    versionName: joined,
    family: (version) => `mariadb${majorMinor(version)}`,
    tlsParameter: { name: "require_secure_transport", value: "1" },
    ...MYSQL_NAMES,
    userNameMax: USERNAME_MAX_LENGTH.mariadb,
    passwordMax: 41,
    reservedUsernames: [...MYSQL_RDS_ACCOUNTS, "mariadb.sys", ...MYSQL_RESERVED_WORDS],
    reservedUsernamePrefixes: ["mysql.", "mariadb."],
  },
  // Aurora: the names, reserved words and RDS accounts of the compatible engine; the master password
  // 8 to 41 characters on both (CreateDBCluster MasterUserPassword), PostgreSQL included.
  "aurora-postgresql": {
    port: 5432,
    // AWS's default Aurora PostgreSQL version in 2026 (describe-db-engine-versions --default-only).
    defaultVersion: "17.7",
    // A major alone is accepted, as RDS for PostgreSQL's and aurora-mysql's "8.0" are: RDS takes the major's default minor,
    // and the AWS provider keeps "17" in state against the cluster's "17.7" (no diff, no downgrade).
    versionPattern: /^\d{2}(\.\d+)?$/,
    versionSyntax: "major.minor, or a major alone for its default minor",
    // 13 left Aurora standard support on 2026-02-28; 14 stays until 2027-02-28.
    minimumVersion: [14],
    versionNumbers: dotted,
    versionName: joined,
    family: (version) => `aurora-postgresql${version.split(".")[0]}`,
    tlsParameter: { name: "rds.force_ssl", value: "1" },
    ...POSTGRES_NAMES,
    userNameMax: USERNAME_MAX_LENGTH["aurora-postgresql"],
    passwordMax: 41,
  },
  "aurora-mysql": {
    port: 3306,
    // Aurora MySQL 3.10, a long-term-support release, and AWS's default version in 2026.
    defaultVersion: "8.0.mysql_aurora.3.10.3",
    // The full version, or the MySQL major.minor alone for its default Aurora version (CreateDBCluster EngineVersion: "8.0").
    versionPattern: /^\d\.\d(\.mysql_aurora\.\d+\.\d+\.\d+)?$/,
    versionSyntax: "<MySQL major.minor>.mysql_aurora.<Aurora major.minor.patch>, or the MySQL major.minor alone for its default",
    // Aurora MySQL 2 (5.7) left standard support on 2024-10-31 and 3.04 (long-term support) on 2026-10-31;
    // 3.05 to 3.07 are no longer offered, so 3.08 is the oldest. Every version from 3.06 on scales Serverless v2 to 256 ACU.
    minimumVersion: [8, 0, 3, 8],
    versionNumbers: (version) => dotted(version.replace(AURORA_MYSQL_INFIX, ".")),
    versionName: ([major, minor, ...aurora]) =>
      `${major}.${minor}${aurora.length > 0 ? AURORA_MYSQL_INFIX : ""}${aurora.map((n, i) => (i === 1 ? String(n).padStart(2, "0") : String(n))).join(".")}`,
    family: (version) => `aurora-mysql${majorMinor(version)}`,
    // The cluster parameter group's spelling (DB parameter groups of RDS for MySQL take 1).
    tlsParameter: { name: "require_secure_transport", value: "ON" },
    ...MYSQL_NAMES,
    userNameMax: USERNAME_MAX_LENGTH["aurora-mysql"],
    passwordMax: 41,
  },
};

/** Whether `engine` is one of this package's instance engines (for values that arrive untyped, e.g. from config). */
export function isDatabaseEngine(engine: unknown): engine is DatabaseEngine {
  return (ENGINES as readonly unknown[]).includes(engine);
}

/** Whether `engine` is one of this package's Aurora engines. */
export function isClusterEngine(engine: unknown): engine is ClusterEngine {
  return (CLUSTER_ENGINES as readonly unknown[]).includes(engine);
}

/**
 * Whether `version` (any syntax the engine accepts) is older than `minimum`. A shorter version names
 * the default of its prefix ("17", "8.0"), so only the parts it gives are compared.
 */
export function isOlderThan(engine: AnyEngine, version: string, minimum: readonly number[]): boolean {
  const numbers = ENGINE_FACTS[engine].versionNumbers(version);
  return compareVersions(numbers, minimum.slice(0, numbers.length)) < 0;
}

/** Compares dotted numeric versions; missing parts count as 0. */
export function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
