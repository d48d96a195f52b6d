// Searching a server log (or captured log lines, or error messages) for what must not be there, with
// a positive control in the same call: values known to be there must be found by the same matcher,
// or the search proves nothing (an empty or half-read log, a format the matcher does not see through).
// A string is looked for as sent and in the escaped forms a server or a JSON logger writes it in:
// MariaDB's general log shows a literal with backslash escapes (\' \" \\), PostgreSQL doubles quotes
// (and backslashes in E'' strings), JSON escapes " and \. A password like Pw'\"x… leaked in any of
// these forms is found; `includes(password)` alone would miss all of them.
import { strict as assert } from "assert";

/** A value to look for: a string (in its escaped forms too) or a pattern. `name` is what messages show. */
export interface LogNeedle {
  name: string;
  value: string | RegExp;
}

export interface LogSearch {
  /** What is searched, for messages: "the MariaDB general log". */
  source: string;
  log: string;
  /** Known to be in `log`: a flush marker, a user name, a control login. At least one. */
  mustFind: LogNeedle[];
  mustNotFind: LogNeedle[];
}

/** Shorter strings match by chance; a secret this short is a fixture mistake, not something to search for. */
export const MIN_SEARCHED_LENGTH = 8;

type Escape = (s: string) => string;
const backslashes: Escape[] = [(s) => s, (s) => s.replace(/\\/g, "\\\\")];
const singleQuotes: Escape[] = [(s) => s, (s) => s.replace(/'/g, "''"), (s) => s.replace(/'/g, "\\'")];
const doubleQuotes: Escape[] = [(s) => s, (s) => s.replace(/"/g, '\\"')];

/** `value` as sent and in every combination of the escapes above (backslashes first, as escapers do). */
export function escapedForms(value: string): string[] {
  const forms = new Set<string>();
  for (const b of backslashes) for (const q of singleQuotes) for (const d of doubleQuotes) forms.add(d(q(b(value))));
  return [...forms];
}

/** Whether `log` holds `needle`: a pattern match, or a string in any of its escaped forms. */
export function logContains(log: string, needle: string | RegExp): boolean {
  if (typeof needle !== "string") return new RegExp(needle.source, needle.flags.replace("g", "")).test(log);
  if (needle.length < MIN_SEARCHED_LENGTH) throw new Error(`refusing to search for a ${needle.length}-character string: it matches by chance`);
  return escapedForms(needle).some((form) => log.includes(form));
}

/** Secrets as needles named by position, so that a failure never prints a secret. */
export function secretNeedles(kind: string, secrets: Iterable<string>): LogNeedle[] {
  return [...secrets].map((value, i) => ({ name: `${kind} #${i + 1} (${value.length} chars)`, value }));
}

/**
 * Fails unless every `mustFind` value is in the log (the positive control) and no `mustNotFind`
 * value is. Messages name the needles, never their values.
 */
export function assertLogSearch(search: LogSearch): void {
  assert.ok(search.mustFind.length > 0, `a search of ${search.source} needs a positive control: a value known to be there`);
  const missing = search.mustFind.filter((n) => !logContains(search.log, n.value)).map((n) => n.name);
  assert.deepEqual(missing, [], `positive control failed: ${search.source} (${search.log.length} chars) lacks ${missing.join(", ")}, so its negative checks would prove nothing`);
  const found = search.mustNotFind.filter((n) => logContains(search.log, n.value)).map((n) => n.name);
  assert.deepEqual(found, [], `${search.source} contains ${found.join(", ")}`);
}
