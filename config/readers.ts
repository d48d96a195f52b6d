// Typed readers for single config values. Pulumi hands the program every value as a string (objects
// and lists as JSON), and `pulumi config set --path` stores scalars inside objects as strings too, so
// each reader accepts both the native JSON type and its string spelling. Each throws ConfigError
// naming the key, the value and what is allowed.
import { ConfigError } from "./ConfigError";

export function readString(key: string, value: unknown, allowed = "a non-empty string"): string {
  if (typeof value !== "string" || value.trim() === "") throw new ConfigError(key, value, allowed);
  return value;
}

export function readEnum<T extends string>(key: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
    throw new ConfigError(key, value, `one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}`);
  }
  return value as T;
}

export function readInteger(key: string, value: unknown, min: number, max: number): number {
  const n = typeof value === "string" && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof n !== "number" || !Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(key, value, `an integer from ${min} to ${max}`);
  }
  return n;
}

/**
 * A number from `min` to `max` that is a whole multiple of `step` (0.5 for Aurora capacity units);
 * `allowed` says so in the stack file's terms.
 */
export function readNumber(key: string, value: unknown, range: { min: number; max: number; step: number }, allowed: string): number {
  const n = typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;
  if (typeof n !== "number" || !Number.isFinite(n) || n < range.min || n > range.max || !Number.isInteger(n / range.step)) {
    throw new ConfigError(key, value, allowed);
  }
  return n;
}

export function readBoolean(key: string, value: unknown): boolean {
  if (value === true || value === "true") return true;
  if (value === false || value === "false") return false;
  throw new ConfigError(key, value, "true or false");
}

/** A JSON value that arrives as a string (top-level keys) or already parsed (nested keys). */
export function parseJson(key: string, value: unknown, allowed: string): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    throw new ConfigError(key, value, allowed);
  }
}

export function readStringList(key: string, value: unknown): string[] {
  const allowed = "a list of non-empty strings";
  const list = parseJson(key, value, allowed);
  if (!Array.isArray(list)) throw new ConfigError(key, value, allowed);
  return list.map((item, i) => readString(`${key}[${i}]`, item, "a non-empty string"));
}

export function readObject(key: string, value: unknown, allowed = "an object (a YAML mapping)"): Record<string, unknown> {
  const obj = parseJson(key, value, allowed);
  if (typeof obj !== "object" || obj === null || Array.isArray(obj)) throw new ConfigError(key, value, allowed);
  return obj as Record<string, unknown>;
}

export function readStringMap(key: string, value: unknown): Record<string, string> {
  const obj = readObject(key, value, "a mapping of tag names to string values");
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj)) {
    // Numbers and booleans are what YAML makes of `CostCenter: 42`; AWS stores every tag as a string.
    if (typeof v === "number" || typeof v === "boolean") out[k] = String(v);
    else out[k] = readString(`${key}.${k}`, v, "a string tag value");
  }
  return out;
}

/** Refuses keys outside `allowed`, so a typo fails loudly instead of silently using a default. */
export function refuseUnknownKeys(key: string, obj: Record<string, unknown>, allowed: readonly string[]): void {
  for (const k of Object.keys(obj)) {
    if (!allowed.includes(k)) {
      throw new ConfigError(`${key}.${k}`, obj[k], `absent: ${key} accepts only ${allowed.join(", ")}`);
    }
  }
}
