// What differs between the supported RDS engines, in one table: ports, parameter-group families,
// the TLS-forcing parameter, name and password limits, and the names each engine refuses. Validation,
// defaults and the component read these facts here instead of branching on the engine elsewhere.
import { USERNAME_MAX_LENGTH } from "../rotation-lambda/contract";
import type { DatabaseEngine } from "./types";

const LISTED = ["postgres", "mysql", "mariadb"] as const satisfies readonly DatabaseEngine[];

/** The engines this package supports, in the order error messages list them. */
export const ENGINES: readonly DatabaseEngine[] = LISTED;

// Compile-time guard: an engine added to the type fails the type check here until it is listed.
const everyEngineListed: Record<Exclude<DatabaseEngine, (typeof LISTED)[number]>, never> = {};
void everyEngineListed;

/** One engine's facts. Sources: the RDS API reference (CreateDBInstance) and each engine's manual. */
export interface EngineFacts {
  /** The port RDS listens on by default. */
  port: number;
  /** Default engine version: the current RDS default major. */
  defaultVersion: string;
  /** Accepted version syntax: major (postgres) or major.minor, optionally with a patch. */
  versionPattern: RegExp;
  /** Oldest supported version (RDS standard support, and the TLS parameter exists there). */
  minimumVersion: readonly number[];
  /** Parameter-group family for a version, e.g. `postgres17`, `mysql8.4`, `mariadb11.4`. */
  family(version: string): string;
  /** The DB parameter that refuses unencrypted connections, with its enforcing value. */
  tlsParameter: { name: string; value: string };
  /** RDS master user name length: CreateDBInstance allows 1 to 16 for every RDS engine. */
  masterUsernameMax: number;
  /** The engine's own user-name limit (PostgreSQL NAMEDATALEN-1, MySQL 8.0+ 32, MariaDB 80). */
  userNameMax: number;
  /** Longest database name (PostgreSQL 63, MySQL/MariaDB 64). */
  dbNameMax: number;
  /** Master password length RDS accepts (CreateDBInstance MasterUserPassword). */
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

function majorMinor(version: string): string {
  return version.split(".").slice(0, 2).join(".");
}

/** Facts per engine. */
export const ENGINE_FACTS: Record<DatabaseEngine, EngineFacts> = {
  postgres: {
    port: 5432,
    defaultVersion: "17",
    versionPattern: /^\d{2}(\.\d+)?$/,
    minimumVersion: [13],
    family: (version) => `postgres${version.split(".")[0]}`,
    tlsParameter: { name: "rds.force_ssl", value: "1" },
    masterUsernameMax: 16,
    userNameMax: USERNAME_MAX_LENGTH.postgres,
    dbNameMax: 63,
    passwordMax: 128,
    // RDS's own roles (rdsadmin, rdsrepladmin, rdstopmgr and the rds_* group roles); `public` and
    // `none` are reserved role names in PostgreSQL itself.
    reservedUsernames: ["rdsadmin", "rdsrepladmin", "rdstopmgr", "public", "none", ...POSTGRES_RESERVED_WORDS],
    reservedUsernamePrefixes: ["rds_", "pg_"],
    reservedDbNames: ["postgres", "template0", "template1", "rdsadmin", ...POSTGRES_RESERVED_WORDS],
  },
  mysql: {
    port: 3306,
    defaultVersion: "8.4",
    versionPattern: /^\d+\.\d+(\.\d+)?$/,
    minimumVersion: [8, 0],
    family: (version) => `mysql${majorMinor(version)}`,
    // DB instance parameter groups take 1; "ON" is the Aurora cluster parameter group's spelling.
    tlsParameter: { name: "require_secure_transport", value: "1" },
    masterUsernameMax: 16,
    userNameMax: USERNAME_MAX_LENGTH.mysql,
    dbNameMax: 64,
    passwordMax: 41,
    reservedUsernames: [...MYSQL_RDS_ACCOUNTS, ...MYSQL_RESERVED_WORDS],
    reservedUsernamePrefixes: ["mysql."],
    reservedDbNames: ["mysql", "sys", "information_schema", "performance_schema", "innodb", "tmp", ...MYSQL_RESERVED_WORDS],
  },
  mariadb: {
    port: 3306,
    defaultVersion: "11.4",
    versionPattern: /^\d+\.\d+(\.\d+)?$/,
    // require_secure_transport exists from MariaDB 10.5 on.
    minimumVersion: [10, 5],
    family: (version) => `mariadb${majorMinor(version)}`,
    tlsParameter: { name: "require_secure_transport", value: "1" },
    masterUsernameMax: 16,
    userNameMax: USERNAME_MAX_LENGTH.mariadb,
    dbNameMax: 64,
    passwordMax: 41,
    reservedUsernames: [...MYSQL_RDS_ACCOUNTS, "mariadb.sys", ...MYSQL_RESERVED_WORDS],
    reservedUsernamePrefixes: ["mysql.", "mariadb."],
    reservedDbNames: ["mysql", "sys", "information_schema", "performance_schema", "innodb", "tmp", ...MYSQL_RESERVED_WORDS],
  },
};

/** Whether `engine` is one this package supports (for values that arrive untyped, e.g. from config). */
export function isDatabaseEngine(engine: unknown): engine is DatabaseEngine {
  return (ENGINES as readonly unknown[]).includes(engine);
}

/** Compares dotted numeric versions; missing parts count as 0. */
export function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
