// The rotation schedule parser: Secrets Manager's rate/cron rules and the window check.
import * as assert from "assert";
import { expandField, parseDuration, parseSchedule } from "../../components/schedule";

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
  const fourHours = { kind: "rate" as const, expression: "rate(4 hours)", minIntervalHours: 4 };
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
});
