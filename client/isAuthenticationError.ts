// Whether an error means "the database refused these credentials", found from the drivers' error
// fields along the `cause` chain, never from message text (which changes with versions and locales).

/** PostgreSQL SQLSTATEs: 28P01 invalid_password, 28000 invalid_authorization_specification. */
const POSTGRES_AUTH_SQLSTATES: readonly string[] = ["28P01", "28000"];

/** MySQL/MariaDB ER_ACCESS_DENIED_ERROR. Its SQLSTATE 28000 is shared with other errors, so only errno counts. */
const MYSQL_ACCESS_DENIED_ERRNO = 1045;

/** How deep the `cause` chain is followed (a guard against cycles and pathological chains). */
const MAX_CAUSE_DEPTH = 16;

function refusedHere(err: object): boolean {
  const { code, errno } = err as { code?: unknown; errno?: unknown };
  // mysql2 puts its symbolic name (ER_…) in `code`, pg the SQLSTATE: the two never collide.
  if (typeof code === "string" && POSTGRES_AUTH_SQLSTATES.includes(code)) return true;
  return errno === MYSQL_ACCESS_DENIED_ERRNO;
}

/** The first error along the `cause` chain that is a refused login, or undefined. */
function findRefusal(err: unknown): object | undefined {
  const seen = new Set<unknown>();
  let current: unknown = err;
  for (let depth = 0; depth < MAX_CAUSE_DEPTH && typeof current === "object" && current !== null && !seen.has(current); depth++) {
    if (refusedHere(current)) return current;
    seen.add(current);
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * True when `err`, or an error in its `cause` chain, is a login refused by the database: PostgreSQL
 * SQLSTATE `28P01` or `28000` (node-postgres `code`), MySQL/MariaDB errno `1045` (mysql2 `errno`).
 * Nothing else counts: not a refused database privilege (1044), not a timeout, not the message text.
 */
export function isAuthenticationError(err: unknown): boolean {
  return findRefusal(err) !== undefined;
}

/** The driver's code of the refusal isAuthenticationError found (`"28P01"`, `1045`), for events. */
export function authenticationErrorCode(err: unknown): string | number | undefined {
  const refusal = findRefusal(err) as { code?: unknown; errno?: unknown } | undefined;
  if (!refusal) return undefined;
  return refusal.errno === MYSQL_ACCESS_DENIED_ERRNO ? MYSQL_ACCESS_DENIED_ERRNO : (refusal.code as string);
}
