// Parses Secrets Manager rotation schedules (design.md section 5) far enough to enforce its rules
// before deploying: `rate(N hours|days)` or `cron(0 H DoM Mon DoW *)`, at most every 4 hours, and a
// window (`duration`) of 1-24 hours that ends before the next rotation can start and before the end
// of the UTC day it starts in (AWS refuses the schedule on deploy otherwise: RotationRulesType
// Duration, "must not extend into the next rotation window or the next UTC day").

/** The shortest interval Secrets Manager allows between rotations. */
export const MIN_ROTATION_INTERVAL_HOURS = 4;
/** `automaticallyAfterDays` and `rate(N days)` stop at 1000 days. */
export const MAX_ROTATION_INTERVAL_DAYS = 1000;
/** A rotation window closes by the end of the UTC day it opens in. */
export const HOURS_PER_UTC_DAY = 24;

/** A schedule that passed the rules, with the shortest gap between two of its rotations. */
export interface ParsedSchedule {
  kind: "rate" | "cron";
  expression: string;
  /** Shortest possible gap between two rotation windows' starts, in hours (a lower bound for cron). */
  minIntervalHours: number;
  /**
   * The latest UTC hour a window of this schedule opens at: the largest hour of a cron expression;
   * 0 for a rate, whose windows start at midnight.
   */
  lastWindowStartHour: number;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason: string };

const fail = <T>(reason: string): ParseResult<T> => ({ ok: false, reason });

/** Parses a `rate(...)` or `cron(...)` expression and checks Secrets Manager's rules. */
export function parseSchedule(expression: string): ParseResult<ParsedSchedule> {
  const rate = /^rate\((\d+) (hour|hours|day|days)\)$/.exec(expression);
  if (rate) {
    const n = Number(rate[1]);
    const hours = rate[2].startsWith("hour") ? n : n * 24;
    if (n < 1) return fail("the rate must be a positive whole number");
    if (hours < MIN_ROTATION_INTERVAL_HOURS) return fail(`must be at least every ${MIN_ROTATION_INTERVAL_HOURS} hours`);
    if (hours > MAX_ROTATION_INTERVAL_DAYS * 24) return fail(`must rotate at least every ${MAX_ROTATION_INTERVAL_DAYS} days`);
    return { ok: true, value: { kind: "rate", expression, minIntervalHours: hours, lastWindowStartHour: 0 } };
  }
  const cron = /^cron\((.*)\)$/.exec(expression);
  if (cron) return parseCron(expression, cron[1]);
  return fail('must be "rate(N hours)", "rate(N days)" or "cron(0 H DoM Mon DoW *)"');
}

function parseCron(expression: string, body: string): ParseResult<ParsedSchedule> {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6) return fail("a cron expression has 6 fields: cron(0 H DoM Mon DoW *)");
  const [minutes, hoursField, dom, month, dow, year] = fields;
  if (minutes !== "0") return fail("the minutes field must be 0 (Secrets Manager rotates within hour-long windows)");
  if (year !== "*") return fail("the year field must be *");
  if ((dom === "?") === (dow === "?")) return fail("exactly one of day-of-month and day-of-week must be ?");
  const months = expandField(month.toUpperCase().replace(/[A-Z]{3}/g, (m) => {
    const i = MONTH_NAMES.indexOf(m);
    return i < 0 ? m : String(i + 1);
  }), 1, 12);
  if (!months.ok) return fail(`invalid month field "${month}": ${months.reason}`);
  const hours = expandField(hoursField, 0, 23);
  if (!hours.ok) return fail(`invalid hours field "${hoursField}": ${hours.reason}`);
  const dayGap = minDayGap(dom, dow);
  if (!dayGap.ok) return fail(dayGap.reason);
  const hs = hours.value;
  // Gaps inside one day, and across midnight to the first hour of the next possible day.
  let gap = 24 * dayGap.value - (hs[hs.length - 1] - hs[0]);
  for (let i = 1; i < hs.length; i++) gap = Math.min(gap, hs[i] - hs[i - 1]);
  if (gap < MIN_ROTATION_INTERVAL_HOURS) return fail(`must be at least every ${MIN_ROTATION_INTERVAL_HOURS} hours (hours ${hs.join(",")} are ${gap} h apart)`);
  return { ok: true, value: { kind: "cron", expression, minIntervalHours: gap, lastWindowStartHour: hs[hs.length - 1] } };
}

/** Expands a numeric cron field (`*`, `N`, `A-B`, lists, `/step`) into sorted unique values. */
export function expandField(field: string, min: number, max: number): ParseResult<number[]> {
  const out = new Set<number>();
  for (const part of field.split(",")) {
    const m = /^(\*|\d+|\d+-\d+)(?:\/(\d+))?$/.exec(part);
    if (!m) return fail(`"${part}" is not N, A-B, * or a /step of those`);
    const step = m[2] === undefined ? 1 : Number(m[2]);
    if (step < 1) return fail("a step must be at least 1");
    let lo: number;
    let hi: number;
    if (m[1] === "*") [lo, hi] = [min, max];
    else if (m[1].includes("-")) [lo, hi] = m[1].split("-").map(Number) as [number, number];
    else [lo, hi] = [Number(m[1]), m[2] === undefined ? Number(m[1]) : max];
    if (lo < min || hi > max || lo > hi) return fail(`values must lie in ${min}-${max}`);
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return { ok: true, value: [...out].sort((a, b) => a - b) };
}

const DAY_NAMES = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
const MONTH_NAMES = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];

/**
 * The fewest days between two days the day fields allow: 1 unless the field is an explicit list we
 * can read. `L` and `#` forms count as 1 (a safe lower bound: it only makes the checks stricter).
 * Secrets Manager's day-of-month field takes `, - * ? / L` and no `W` (unlike EventBridge's).
 */
function minDayGap(dom: string, dow: string): ParseResult<number> {
  if (/W/i.test(dom)) return fail(`invalid day-of-month field "${dom}": Secrets Manager allows , - * ? / L there, not W`);
  if (dom === "?") {
    if (dow === "*" || /[L#]/.test(dow)) return { ok: true, value: 1 };
    const numeric = dow.toUpperCase().replace(/[A-Z]{3}/g, (d) => {
      const i = DAY_NAMES.indexOf(d);
      return i < 0 ? d : String(i + 1);
    });
    const days = expandField(numeric, 1, 7);
    if (!days.ok) return fail(`invalid day-of-week field "${dow}": ${days.reason}`);
    return { ok: true, value: circularGap(days.value, 7) };
  }
  if (dom === "*" || /L/.test(dom)) return { ok: true, value: 1 };
  const days = expandField(dom, 1, 31);
  if (!days.ok) return fail(`invalid day-of-month field "${dom}": ${days.reason}`);
  // Months can be 28 days long: the wrap-around gap is measured against the shortest month.
  return { ok: true, value: circularGap(days.value, 28) };
}

function circularGap(sorted: number[], period: number): number {
  if (sorted.length === 1) return period;
  let gap = period - (sorted[sorted.length - 1] - sorted[0]);
  for (let i = 1; i < sorted.length; i++) gap = Math.min(gap, sorted[i] - sorted[i - 1]);
  return Math.max(gap, 1);
}

/**
 * The longest window a schedule allows: shorter than its interval, and ending by midnight UTC after
 * its latest window start.
 */
export function maxDurationHours(schedule: ParsedSchedule): number {
  return Math.min(HOURS_PER_UTC_DAY, schedule.minIntervalHours - 1, HOURS_PER_UTC_DAY - schedule.lastWindowStartHour);
}

/**
 * Parses a rotation window like `"3h"` (1-24 hours) and checks it ends before the next rotation and
 * before the end of the UTC day its latest start falls in.
 */
export function parseDuration(duration: string, schedule?: ParsedSchedule): ParseResult<number> {
  const m = /^(\d+)h$/.exec(duration);
  if (!m) return fail('must be a whole number of hours like "3h"');
  const hours = Number(m[1]);
  if (hours < 1 || hours > 24) return fail("must be between 1h and 24h");
  if (schedule && hours >= schedule.minIntervalHours) {
    return fail(`must be shorter than the schedule's interval (${schedule.minIntervalHours} h for "${schedule.expression}")`);
  }
  if (schedule && schedule.lastWindowStartHour + hours > HOURS_PER_UTC_DAY) {
    const start = schedule.lastWindowStartHour;
    return fail(
      `must end by midnight UTC: a window opening at ${String(start).padStart(2, "0")}:00 UTC ("${schedule.expression}") ` +
      `lasting ${hours}h runs into the next UTC day, which Secrets Manager refuses; at most ${HOURS_PER_UTC_DAY - start}h from that start`,
    );
  }
  return { ok: true, value: hours };
}
