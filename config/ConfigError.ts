// The one error type the config loader throws. It carries the full config key (as `pulumi config set
// --path` spells it), the value received and what is allowed, so the message alone tells a user how
// to fix the stack file; the offline plan prints the same message and exits non-zero.

/** A stack configuration value that the program refuses. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";

  constructor(
    /** Full key, e.g. `rotated-rds:databases.app.engine`. */
    readonly key: string,
    /** The value as the stack gave it (undefined when missing). */
    readonly value: unknown,
    /** What is allowed, e.g. `one of "postgres", "mysql", "mariadb"`. */
    readonly allowed: string,
  ) {
    super(`${key} must be ${allowed}; got ${describeValue(value)}`);
  }
}

/** A short, quoted rendering of a config value for messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing (the key is missing)";
  if (typeof value === "string") return JSON.stringify(value);
  const json = JSON.stringify(value);
  return json.length > 120 ? `${json.slice(0, 117)}...` : json;
}
