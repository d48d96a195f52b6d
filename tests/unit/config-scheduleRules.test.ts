// Schedule arithmetic behind the config loader's rotation checks.
import * as assert from "assert";
import { scheduleIntervalHours } from "../../config";

describe("scheduleIntervalHours", () => {
  const cases: Array<[string, number | undefined]> = [
    ["rate(4 hours)", 4],
    ["rate(1 hour)", 1],
    ["rate(1 day)", 24],
    ["rate(30 days)", 720],
    ["rate(0 hours)", undefined],
    ["rate(4 minutes)", undefined],
    ["cron(0 */4 * * ? *)", 4],
    ["cron(0 */2 * * ? *)", 2],
    ["cron(0 1,13 * * ? *)", 12],
    ["cron(0 22,1 * * ? *)", 3],
    ["cron(0 8-20/6 ? * MON-FRI *)", 6],
    ["cron(0 3 ? * SUN *)", 24],
    ["cron(30 3 * * ? *)", undefined], // minutes must be 0
    ["cron(0 3 * * * *)", undefined], // one of DoM/DoW must be ?
    ["cron(0 3 * * ? 2030)", undefined], // year must be *
    ["cron(0 25 * * ? *)", undefined],
    ["every 4 hours", undefined],
  ];
  for (const [expression, hours] of cases) {
    it(`reads ${expression} as ${hours === undefined ? "malformed" : `${hours} hours`}`, () => {
      assert.strictEqual(scheduleIntervalHours(expression), hours);
    });
  }
});
