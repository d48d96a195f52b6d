// The rotation schedule parser: Secrets Manager's rate/cron rules and the window check.
import * as assert from "assert";
import { expandField, maxDurationHours, parseDuration, parseSchedule } from "../../components/schedule";

function interval(expression: string): number {
  const r = parseSchedule(expression);
  if (!r.ok) throw new Error(`expected ${expression} to parse: ${r.reason}`);
  return r.value.minIntervalHours;
}

function reason(expression: string): string {
  const r = parseSchedule(expression);
  if (r.ok) throw new Error(`expected ${expression} to be refused`);
  return r.reason;
}

describe("parseSchedule", () => {
  it("accepts rate expressions in hours and days", () => {
    assert.strictEqual(interval("rate(4 hours)"), 4);
    assert.strictEqual(interval("rate(1 day)"), 24);
    assert.strictEqual(interval("rate(30 days)"), 720);
  });
  it("rejects a rate under 4 hours", () => {
    assert.match(reason("rate(2 hours)"), /at least every 4 hours/);
  });
  it("rejects a rate over 1000 days", () => {
    assert.match(reason("rate(1001 days)"), /at least every 1000 days/);
  });
  it("rejects rate(0 days) and other units", () => {
    assert.match(reason("rate(0 days)"), /positive whole number/);
    assert.match(reason("rate(5 minutes)"), /must be "rate\(N hours\)"/);
  });
  it("computes cron intervals within and across days", () => {
    assert.strictEqual(interval("cron(0 */4 * * ? *)"), 4);
    assert.strictEqual(interval("cron(0 1,13 * * ? *)"), 12);
    assert.strictEqual(interval("cron(0 3 * * ? *)"), 24);
    assert.strictEqual(interval("cron(0 8-20/6 ? * MON-FRI *)"), 6);
    assert.strictEqual(interval("cron(0 3 ? * SUN *)"), 168);
    assert.strictEqual(interval("cron(0 3 1,15 * ? *)"), 24 * 14);
  });
  it("counts the gap across midnight", () => {
    assert.match(reason("cron(0 1,22 * * ? *)"), /at least every 4 hours \(hours 1,22 are 3 h apart\)/);
  });
  it("rejects cron schedules more often than every 4 hours", () => {
    assert.match(reason("cron(0 */2 * * ? *)"), /at least every 4 hours/);
  });
  it("requires minutes 0, year * and exactly one ?", () => {
    assert.match(reason("cron(30 3 * * ? *)"), /minutes field must be 0/);
    assert.match(reason("cron(0 3 * * ? 2030)"), /year field must be \*/);
    assert.match(reason("cron(0 3 * * * *)"), /exactly one of day-of-month and day-of-week must be \?/);
    assert.match(reason("cron(0 3 ? * ? *)"), /exactly one of day-of-month and day-of-week must be \?/);
  });
  it("requires six fields and valid hours", () => {
    assert.match(reason("cron(0 3 * * ?)"), /6 fields/);
    assert.match(reason("cron(0 25 * * ? *)"), /invalid hours field "25"/);
  });
  it("treats L and # day forms as daily (a safe lower bound)", () => {
    assert.strictEqual(interval("cron(0 3 L * ? *)"), 24);
    assert.strictEqual(interval("cron(0 3 ? * 6#3 *)"), 24);
  });
  it("rejects anything else", () => {
    assert.match(reason("every 4 hours"), /rate\(N hours\)/);
  });
});

describe("expandField", () => {
  it("expands lists, ranges and steps", () => {
    assert.deepStrictEqual(expandField("1,5-7,*/10", 0, 23), { ok: true, value: [0, 1, 5, 6, 7, 10, 20] });
    assert.deepStrictEqual(expandField("3/8", 0, 23), { ok: true, value: [3, 11, 19] });
  });
  it("rejects values out of range", () => {
    assert.deepStrictEqual(expandField("5-2", 0, 23), { ok: false, reason: "values must lie in 0-23" });
  });
});

describe("parseDuration", () => {
  const fourHours = { kind: "rate" as const, expression: "rate(4 hours)", minIntervalHours: 4, lastWindowStartHour: 0 };
  it("accepts 1h to 24h", () => {
    assert.deepStrictEqual(parseDuration("1h"), { ok: true, value: 1 });
    assert.deepStrictEqual(parseDuration("24h"), { ok: true, value: 24 });
  });
  it("rejects other forms and ranges", () => {
    assert.deepStrictEqual(parseDuration("90m"), { ok: false, reason: 'must be a whole number of hours like "3h"' });
    assert.deepStrictEqual(parseDuration("0h"), { ok: false, reason: "must be between 1h and 24h" });
    assert.deepStrictEqual(parseDuration("25h"), { ok: false, reason: "must be between 1h and 24h" });
  });
  it("rejects a window as long as the interval", () => {
    assert.deepStrictEqual(parseDuration("3h", fourHours), { ok: true, value: 3 });
    const r = parseDuration("4h", fourHours);
    assert.strictEqual(r.ok, false);
    assert.match((r as { reason: string }).reason, /shorter than the schedule's interval \(4 h for "rate\(4 hours\)"\)/);
  });
  it("refuses a window that runs into the next UTC day, naming start, duration and limit", () => {
    const late = parseSchedule("cron(0 22 * * ? *)");
    assert.ok(late.ok);
    const r = parseDuration("8h", late.value);
    assert.deepStrictEqual(r, {
      ok: false,
      reason: 'must end by midnight UTC: a window opening at 22:00 UTC ("cron(0 22 * * ? *)") lasting 8h runs into the next UTC day, which Secrets Manager refuses; at most 2h from that start',
    });
    assert.deepStrictEqual(parseDuration("2h", late.value), { ok: true, value: 2 });
  });
  it("measures the UTC-day rule from the latest hour of the cron expression", () => {
    const twice = parseSchedule("cron(0 2,14 * * ? *)");
    assert.ok(twice.ok);
    assert.strictEqual(twice.value.lastWindowStartHour, 14);
    assert.deepStrictEqual(parseDuration("10h", twice.value), { ok: true, value: 10 });
    assert.match((parseDuration("11h", twice.value) as { reason: string }).reason, /opening at 14:00 UTC .* at most 10h/);
  });
  it("lets a rate's window, which opens at midnight, last up to its interval's limit", () => {
    const daily = parseSchedule("rate(1 day)");
    assert.ok(daily.ok);
    assert.strictEqual(daily.value.lastWindowStartHour, 0);
    assert.deepStrictEqual(parseDuration("23h", daily.value), { ok: true, value: 23 });
  });
  it("gives the longest allowed window", () => {
    const at = (e: string) => {
      const p = parseSchedule(e);
      assert.ok(p.ok);
      return maxDurationHours(p.value);
    };
    assert.strictEqual(at("rate(4 hours)"), 3);
    assert.strictEqual(at("rate(10 days)"), 24);
    assert.strictEqual(at("cron(0 22 * * ? *)"), 2);
    assert.strictEqual(at("cron(0 0 * * ? *)"), 23);
  });
});

describe("parseSchedule: Secrets Manager's cron fields", () => {
  it("refuses W in day-of-month, which Secrets Manager does not list", () => {
    assert.match(reason("cron(0 3 15W * ? *)"), /day-of-month field "15W": Secrets Manager allows , - \* \? \/ L there, not W/);
  });
  it("checks the month field: 1-12 or JAN-DEC with , - * /", () => {
    assert.strictEqual(interval("cron(0 3 1 JAN,JUL ? *)"), 24 * 28);
    assert.strictEqual(interval("cron(0 3 1 1-6/2 ? *)"), 24 * 28);
    assert.match(reason("cron(0 3 1 13 ? *)"), /invalid month field "13": values must lie in 1-12/);
    assert.match(reason("cron(0 3 1 FOO ? *)"), /invalid month field "FOO"/);
  });
});
