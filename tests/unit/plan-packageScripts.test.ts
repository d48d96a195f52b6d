// The plan's command line is run the same way by package.json, the benchmark and the tests.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { PLAN_NODE_FLAGS } from "../program/helpers";

describe("plan scripts", () => {
  const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, "..", "..", "package.json"), "utf8")) as { scripts: Record<string, string> };

  it("package.json's plan script uses the flags the tests use", () => {
    assert.strictEqual(pkg.scripts.plan, `node ${PLAN_NODE_FLAGS.join(" ")} scripts/plan.ts`);
  });

  it("the benchmark uses the same flags", () => {
    const bench = fs.readFileSync(path.resolve(__dirname, "..", "..", "scripts", "bench-plan.ts"), "utf8");
    assert.ok(bench.includes(`const NODE_FLAGS = ${JSON.stringify(PLAN_NODE_FLAGS).replace(/,/g, ", ")};`), "bench-plan.ts NODE_FLAGS differ from package.json");
  });
});
