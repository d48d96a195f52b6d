// Quoting by MySQL/MariaDB rules for the statements the engine builds itself. Account-management
// statements (CREATE USER, ALTER USER, SET PASSWORD, GRANT, SHOW GRANTS) take no bound parameters, so
// user names and passwords are written as string literals. How a literal must be escaped depends on the
// session's sql_mode: with NO_BACKSLASH_ESCAPES a backslash is an ordinary character, and the
// backslash-escaping that mysql2's client-side `?` substitution performs would end the string early and
// let the rest of a hostile value run as SQL. The engine therefore reads sql_mode after login and
// quotes with the matching rules here; single quotes are always doubled, which both modes accept.

/** The part of the session's sql_mode that changes how literals are read. */
export interface QuotingMode {
  noBackslashEscapes: boolean;
}

/** Reads the flag that matters for quoting from `@@SESSION.sql_mode` (comma-separated, any case). */
export function quotingModeFromSqlMode(sqlMode: string): QuotingMode {
  const flags = sqlMode.split(",").map((flag) => flag.trim().toUpperCase());
  return { noBackslashEscapes: flags.includes("NO_BACKSLASH_ESCAPES") };
}

// Characters that must be written as escapes when backslashes are escape characters. Escaping the
// control characters is not required by the server but keeps statements on one line in its logs.
const BACKSLASH_ESCAPES: Record<string, string> = {
  "\\": "\\\\",
  "'": "''",
  "\n": "\\n",
  "\r": "\\r",
  "\x1a": "\\Z",
};

function rejectNul(value: string, what: string): void {
  // A NUL cannot be written portably in both modes and no sane user name or password contains one.
  if (value.includes("\0")) throw new Error(`${what} contains a NUL character, which the engine does not accept`);
}

/** A string literal (`'...'`) that the server reads back as exactly `value` under `mode`. */
export function quoteString(value: string, mode: QuotingMode): string {
  rejectNul(value, "a quoted value");
  if (mode.noBackslashEscapes) return `'${value.replace(/'/g, "''")}'`;
  return `'${value.replace(/[\\'\n\r\x1a]/g, (ch) => BACKSLASH_ESCAPES[ch])}'`;
}

/** A backtick-quoted identifier (database, table, column); backticks are doubled, in every sql_mode. */
export function quoteIdentifier(name: string): string {
  rejectNul(name, "an identifier");
  return `\`${name.replace(/`/g, "``")}\``;
}

/** The account `'<user>'@'%'`: rotated users always use host '%' (any client host). */
export function quoteAccount(user: string, mode: QuotingMode): string {
  return `${quoteString(user, mode)}@'%'`;
}
