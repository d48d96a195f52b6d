// PostgreSQL quoting by the server's own rules, for the few statements that cannot take bind
// parameters (CREATE/ALTER ROLE, GRANT). A name that PostgreSQL would silently change (truncate to
// 63 bytes) is refused rather than quoted.
import { USERNAME_MAX_LENGTH } from "../contract";
import { InvalidSecretError } from "../errors";

/** NAMEDATALEN - 1: PostgreSQL truncates longer identifiers, which would rename the role silently. */
export const POSTGRES_MAX_IDENTIFIER_BYTES = USERNAME_MAX_LENGTH.postgres;

/** Double-quoted identifier: embedded double quotes doubled, nothing else special inside quotes. */
export function quoteIdentifier(name: string): string {
  if (name.length === 0) throw new InvalidSecretError("PostgreSQL identifier must not be empty");
  if (name.includes("\0")) throw new InvalidSecretError("PostgreSQL identifier must not contain a NUL character");
  const bytes = Buffer.byteLength(name, "utf8");
  if (bytes > POSTGRES_MAX_IDENTIFIER_BYTES) {
    throw new InvalidSecretError(
      `PostgreSQL identifier is ${bytes} bytes long; the limit is ${POSTGRES_MAX_IDENTIFIER_BYTES}`,
    );
  }
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * String literal. With standard_conforming_strings (on since 9.1) only the quote is special; a
 * backslash switches to the E'' form with backslashes doubled, so the text is the same under
 * either setting.
 */
export function quoteLiteral(value: string): string {
  if (value.includes("\0")) throw new InvalidSecretError("PostgreSQL string literal must not contain a NUL character");
  const doubled = value.replace(/'/g, "''");
  return value.includes("\\") ? `E'${doubled.replace(/\\/g, "\\\\")}'` : `'${doubled}'`;
}
