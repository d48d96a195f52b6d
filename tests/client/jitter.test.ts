// Jitter and backoff, with the random source fixed at its extremes.
import { strict as assert } from "assert";
import { backoffDelay, jittered } from "../../client/jitter";

const LOWEST = () => 0;
const HIGHEST = () => 0.999999;

describe("jittered", () => {
  it("spreads the interval over ±fraction of itself", () => {
    assert.equal(jittered(300_000, 0.1, LOWEST), 270_000);
    assert.ok(Math.abs(jittered(300_000, 0.1, HIGHEST) - 330_000) < 1);
    assert.equal(jittered(300_000, 0.1, () => 0.5), 300_000);
  });

  it("rejects a fraction outside [0, 1]", () => {
    assert.throws(() => jittered(1000, 1.5), /jitter fraction must be between 0 and 1, got 1.5/);
  });
});

describe("backoffDelay", () => {
  it("doubles per attempt from the base, half of it fixed", () => {
    assert.deepEqual([0, 1, 2, 3].map((a) => backoffDelay(a, 200, 5000, LOWEST)), [100, 200, 400, 800]);
    assert.ok(Math.abs(backoffDelay(0, 200, 5000, HIGHEST) - 200) < 1);
  });

  it("never exceeds the cap, however many attempts", () => {
    assert.ok(backoffDelay(10, 200, 5000, HIGHEST) <= 5000);
    assert.ok(backoffDelay(1000, 200, 5000, HIGHEST) <= 5000);
    assert.equal(backoffDelay(1000, 200, 5000, LOWEST), 2500);
  });

  it("rejects a negative or fractional attempt", () => {
    assert.throws(() => backoffDelay(-1, 200, 5000), /attempt must be a non-negative integer, got -1/);
  });
});
