// Server flavour and version detection for the MySQL/MariaDB engine. The engine decides statement
// syntax from what the server reports after login, not from the secret's `engine` field: RDS, Aurora
// and self-managed servers all answer `SELECT VERSION(), @@version_comment`, and a secret written by
// another tool may name the wrong one. Parsing is deliberately lenient about suffixes ("-log",
// "-MariaDB-0+deb12u1", "mysql_aurora.3.05.2") and never assumes a single-digit major: AWS's samples
// compared version strings and broke on MySQL 9.

/** Which server family answered. */
export type MysqlFlavour = "mysql" | "mariadb";

/** What the engine knows about the server it is logged in to. */
export interface MysqlServerInfo {
  flavour: MysqlFlavour;
  major: number;
  minor: number;
  patch: number;
  /** `VERSION()` as reported, for messages. */
  version: string;
}

// MariaDB 10.x used to prefix its version with "5.5.5-" in the handshake so that old MySQL clients
// would accept it; some proxies pass that through into VERSION() as well.
const REPLICATION_HACK_PREFIX = /^5\.5\.5-(?=\d+\.\d+)/;
const VERSION_NUMBERS = /^(\d+)\.(\d+)(?:\.(\d+))?/;

/**
 * Parses `VERSION()` and `@@version_comment` into flavour and numbers. Throws when the version holds
 * no `major.minor` at all: guessing the syntax for an unknown server could send the wrong statement.
 */
export function parseServerVersion(version: string, versionComment = ""): MysqlServerInfo {
  const trimmed = version.trim();
  const flavour: MysqlFlavour = /mariadb/i.test(trimmed) || /mariadb/i.test(versionComment) ? "mariadb" : "mysql";
  const numbers = trimmed.replace(REPLICATION_HACK_PREFIX, "").match(VERSION_NUMBERS);
  if (!numbers) {
    throw new Error(`cannot parse the server version ${JSON.stringify(trimmed)}: expected "<major>.<minor>..."`);
  }
  return {
    flavour,
    major: Number(numbers[1]),
    minor: Number(numbers[2]),
    patch: numbers[3] === undefined ? 0 : Number(numbers[3]),
    version: trimmed,
  };
}

/** True when the server's version is at least `major.minor.patch` (numeric comparison, any number of digits). */
export function versionAtLeast(server: MysqlServerInfo, major: number, minor = 0, patch = 0): boolean {
  if (server.major !== major) return server.major > major;
  if (server.minor !== minor) return server.minor > minor;
  return server.patch >= patch;
}
