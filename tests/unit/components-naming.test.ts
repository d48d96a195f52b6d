// The rotation function's physical name: Lambda's character set, and a hash that tells apart every
// project/stack/component triple, even ones whose parts join to the same text.
import * as assert from "assert";
import { rotationFunctionName } from "../../components/naming";

describe("rotationFunctionName", () => {
  it("replaces characters Lambda refuses with hyphens", () => {
    assert.match(rotationFunctionName("p", "s", "my.db"), /^my-db-rotation-[0-9a-f]{8}$/);
  });
  it("differs for parts that only join to the same text", () => {
    assert.notStrictEqual(rotationFunctionName("ab", "c", "db"), rotationFunctionName("a", "bc", "db"));
  });
});
