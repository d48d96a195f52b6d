// withDefaults keeps an argument the user set, whichever way the default points: an explicit true
// against a false default, an explicit false against a true one.
import * as assert from "assert";
import { withDefaults } from "../../components/defaults";

describe("withDefaults with explicit arguments", () => {
  const base = { vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"] };

  it("keeps true for the arguments that default to false", () => {
    const r = withDefaults({ ...base, multiAz: true, deletionProtection: true, skipFinalSnapshot: true, applyImmediately: true, allowMajorVersionUpgrade: true });
    assert.deepStrictEqual(
      [r.multiAz, r.deletionProtection, r.skipFinalSnapshot, r.applyImmediately, r.allowMajorVersionUpgrade],
      [true, true, true, true, true],
    );
  });
  it("keeps rotateImmediately false, and defaults it to true", () => {
    assert.strictEqual(withDefaults({ ...base, rotation: { rotateImmediately: false } }).rotation.rotateImmediately, false);
    assert.strictEqual(withDefaults({ ...base, rotation: {} }).rotation.rotateImmediately, true);
  });
});
