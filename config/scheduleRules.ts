// Rotation schedule and window checks at config level, so a bad stack file fails with the config key
// in the message before any resource is declared. Rules from design.md section 5 (Secrets Manager's
// own limits): rate(N hours|days) or cron(0 H DoM Mon DoW *) in UTC, at most every 4 hours; a window
// ("3h") of 1-24 hours that is shorter than the interval. RotatedDatabase checks the same rules on
// its arguments; these exist for the message, which names the stack file's key.
import { ConfigError } from "./ConfigError";

/** Secrets Manager refuses schedules more frequent than this. */
export const MIN_ROTATION_INTERVAL_HOURS = 4;

const SCHEDULE_ALLOWED =
  `rate(N hours) with N >= ${MIN_ROTATION_INTERVAL_HOURS}, rate(N days), or cron(0 H DoM Mon DoW *) ` +
  `in UTC with at least ${MIN_ROTATION_INTERVAL_HOURS} hours between rotations`;

/** The shortest time between two rotations the expression allows, in hours; throws ConfigError if malformed or too frequent. */
export function validateSchedule(key: string, expression: string): number {
  const hours = scheduleIntervalHours(expression);
  if (hours === undefined || hours < MIN_ROTATION_INTERVAL_HOURS) throw new ConfigError(key, expression, SCHEDULE_ALLOWED);
  return hours;
}

/** Validates a rotation window such as "2h" against the schedule's interval. */
export function validateDuration(key: string, duration: string, intervalHours: number): void {
  const m = /^(\d+)h$/.exec(duration);
  const hours = m ? Number(m[1]) : NaN;
  const max = Math.min(24, intervalHours - 1);
  if (!(hours >= 1 && hours <= max)) {
    throw new ConfigError(key, duration, `a window like "2h" from 1h to ${max}h (1-24 hours and shorter than the schedule's ${intervalHours}-hour interval)`);
  }
}

/** Minimum hours between rotations for a rate() or cron() expression; undefined when malformed. */
export function scheduleIntervalHours(expression: string): number | undefined {
  const rate = /^rate\((\d+) (hour|hours|day|days)\)$/.exec(expression.trim());
  if (rate) {
    const n = Number(rate[1]);
    if (n < 1) return undefined;
    return rate[2].startsWith("day") ? n * 24 : n;
  }
  const cron = /^cron\((.*)\)$/.exec(expression.trim());
  if (!cron) return undefined;
  const fields = cron[1].trim().split(/\s+/);
  if (fields.length !== 6) return undefined;
  const [minutes, hoursField, dom, , dow, year] = fields;
  if (minutes !== "0" || year !== "*" || (dom === "?") === (dow === "?")) return undefined;
  const hours = cronHours(hoursField);
  if (!hours || hours.length === 0) return undefined;
  // Hours within one day; the last rotation of a day is followed by the first of the next (at best).
  let gap = 24 - hours[hours.length - 1] + hours[0];
  for (let i = 1; i < hours.length; i++) gap = Math.min(gap, hours[i] - hours[i - 1]);
  return gap;
}

/** The sorted hours (0-23) a cron hours field selects; undefined when malformed. */
function cronHours(field: string): number[] | undefined {
  const selected = new Set<number>();
  for (const part of field.split(",")) {
    const m = /^(\*|(\d{1,2})(?:-(\d{1,2}))?)(?:\/(\d{1,2}))?$/.exec(part);
    if (!m) return undefined;
    const from = m[1] === "*" ? 0 : Number(m[2]);
    const to = m[1] === "*" ? 23 : m[3] !== undefined ? Number(m[3]) : m[4] !== undefined ? 23 : from;
    const step = m[4] !== undefined ? Number(m[4]) : 1;
    if (from > 23 || to > 23 || from > to || step < 1) return undefined;
    for (let h = from; h <= to; h += step) selected.add(h);
  }
  return [...selected].sort((a, b) => a - b);
}
