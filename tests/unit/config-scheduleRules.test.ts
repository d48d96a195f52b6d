// The config loader's schedule checks: the component's parser decides, the error names the config key.
import * as assert from "assert";
import { ConfigError, validateDuration, validateSchedule } from "../../config";

describe("validateSchedule (config)", () => {
  for (const ok of ["rate(4 hours)", "rate(1 day)", "rate(30 days)", "cron(0 */4 * * ? *)", "cron(0 1,13 * * ? *)", "cron(0 3 ? * SUN *)"]) {
    it(`accepts ${ok}`, () => {
      assert.strictEqual(validateSchedule("k", ok).expression, ok);
    });
  }
  for (const bad of ["rate(2 hours)", "rate(0 hours)", "rate(4 minutes)", "cron(0 */2 * * ? *)", "cron(0 22,1 * * ? *)",
    "cron(30 3 * * ? *)", "cron(0 3 * * * *)", "cron(0 3 * * ? 2030)", "every 4 hours"]) {
    it(`refuses ${bad}, naming the key`, () => {
      assert.throws(() => validateSchedule("rotated-rds:databases.a.rotation.schedule", bad), (e: unknown) =>
        e instanceof ConfigError && e.key === "rotated-rds:databases.a.rotation.schedule" && e.value === bad &&
        e.message.endsWith(`; got ${JSON.stringify(bad)}`));
    });
  }
});

describe("validateDuration (config)", () => {
  it("accepts a window shorter than the interval", () => {
    assert.doesNotThrow(() => validateDuration("k", "3h", validateSchedule("s", "rate(4 hours)")));
    assert.doesNotThrow(() => validateDuration("k", "24h", validateSchedule("s", "rate(2 days)")));
  });

  it("refuses a window as long as the interval, saying the largest allowed", () => {
    assert.throws(() => validateDuration("rotated-rds:databases.a.rotation.duration", "6h", validateSchedule("s", "rate(6 hours)")),
      { message: 'rotated-rds:databases.a.rotation.duration must be a window like "2h" from 1h to 5h (1-24 hours and shorter than the 6-hour interval of "rate(6 hours)"); got "6h"' });
  });

  it("refuses a malformed window", () => {
    assert.throws(() => validateDuration("k", "90m", validateSchedule("s", "rate(4 hours)")), /k must be a window like "2h" from 1h to 3h/);
  });
});
