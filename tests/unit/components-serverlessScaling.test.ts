// Serverless v2 capacity rules: AWS's half-ACU steps and 256 ACU ceiling, no auto-pause (0), min <= max,
// only with db.serverless, unknown keys refused.
import * as assert from "assert";
import {
  AUTO_PAUSE_REFUSAL,
  SERVERLESS_INSTANCE_CLASS,
  SERVERLESS_V2_MAX_CAPACITY,
  SERVERLESS_V2_MIN_CAPACITY,
  capacityError,
  isCapacity,
  serverlessScalingErrors,
} from "../../components/serverlessScaling";

const scaling = (minCapacity: number, maxCapacity: number) => ({ minCapacity, maxCapacity });
const errorsOf = (min: number, max: number) => serverlessScalingErrors(SERVERLESS_INSTANCE_CLASS, scaling(min, max), scaling(min, max));
const minRule = "serverlessV2Scaling.minCapacity must be a number of Aurora capacity units from 0.5 to 256 in steps of 0.5";
const maxRule = "serverlessV2Scaling.maxCapacity must be a number of Aurora capacity units from 1 to 256 in steps of 0.5";

describe("serverlessScaling", () => {
  it("states AWS's limits and this package's floor", () => {
    assert.deepStrictEqual(SERVERLESS_V2_MIN_CAPACITY, { min: 0.5, max: 256, step: 0.5 });
    assert.deepStrictEqual(SERVERLESS_V2_MAX_CAPACITY, { min: 1, max: 256, step: 0.5 });
    assert.strictEqual(SERVERLESS_INSTANCE_CLASS, "db.serverless");
  });

  it("accepts the boundaries: 0.5 and 256 for min, 1 and 256 for max, min equal to max", () => {
    assert.deepStrictEqual(errorsOf(0.5, 1), []);
    assert.deepStrictEqual(errorsOf(256, 256), []);
    assert.deepStrictEqual(errorsOf(0.5, 256), []);
    assert.deepStrictEqual(errorsOf(2.5, 2.5), []);
  });

  it("refuses minCapacity 0 with the auto-pause reason", () => {
    assert.deepStrictEqual(errorsOf(0, 4), [`${minRule}: ${AUTO_PAUSE_REFUSAL}; got 0`]);
    assert.match(AUTO_PAUSE_REFUSAL, /auto-pause.*rotation function waits for a login/);
  });

  it("refuses values off the half-ACU steps and out of range", () => {
    assert.deepStrictEqual(errorsOf(0.25, 4), [`${minRule}; got 0.25`]);
    assert.deepStrictEqual(errorsOf(1, 4.2), [`${maxRule}; got 4.2`]);
    assert.deepStrictEqual(errorsOf(256.5, 256.5), [`${minRule}; got 256.5`, `${maxRule}; got 256.5`]);
    assert.deepStrictEqual(errorsOf(0.5, 0.5), [`${maxRule}; got 0.5`]);
    assert.deepStrictEqual(errorsOf(-1, 4), [`${minRule}; got -1`]);
  });

  it("refuses min above max, naming both", () => {
    assert.deepStrictEqual(errorsOf(8, 4), ["serverlessV2Scaling.minCapacity must be at most maxCapacity; got minCapacity 8 and maxCapacity 4"]);
  });

  it("refuses non-numbers and missing capacities", () => {
    assert.strictEqual(isCapacity("1", SERVERLESS_V2_MAX_CAPACITY), false);
    assert.strictEqual(isCapacity(Number.NaN, SERVERLESS_V2_MAX_CAPACITY), false);
    assert.strictEqual(isCapacity(Number.POSITIVE_INFINITY, SERVERLESS_V2_MAX_CAPACITY), false);
    assert.strictEqual(capacityError("serverlessV2Scaling.maxCapacity", "8", SERVERLESS_V2_MAX_CAPACITY), `${maxRule}; got "8"`);
    const given = { maxCapacity: 8 };
    assert.deepStrictEqual(serverlessScalingErrors(SERVERLESS_INSTANCE_CLASS, given, given as never), [`${minRule}; got undefined`]);
  });

  it("refuses unknown keys and a value that is not a mapping", () => {
    const given = { minCapacity: 1, maxCapacity: 4, secondsUntilAutoPause: 300 };
    assert.deepStrictEqual(serverlessScalingErrors(SERVERLESS_INSTANCE_CLASS, given, given), ['serverlessV2Scaling takes only minCapacity, maxCapacity; got ["secondsUntilAutoPause"]']);
    assert.deepStrictEqual(serverlessScalingErrors(SERVERLESS_INSTANCE_CLASS, [1, 4], undefined), ["serverlessV2Scaling must be { minCapacity, maxCapacity } in Aurora capacity units; got [1,4]"]);
  });

  it("refuses scaling with a provisioned class, and needs none there", () => {
    assert.deepStrictEqual(serverlessScalingErrors("db.r7g.large", scaling(0.5, 4), undefined), [
      'serverlessV2Scaling applies only to instanceClass "db.serverless" (Serverless v2); drop it, or use "db.serverless" instead of "db.r7g.large"',
    ]);
    assert.deepStrictEqual(serverlessScalingErrors("db.r7g.large", undefined, undefined), []);
  });
});
