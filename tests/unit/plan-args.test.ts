// Command-line parsing of `npm run plan`.
import * as assert from "assert";
import { parsePlanArgs, PlanUsageError } from "../../plan";

describe("parsePlanArgs", () => {
  it("reads --stack, --json, --mermaid and --dir", () => {
    assert.deepStrictEqual(parsePlanArgs(["--stack", "dev", "--json", "--mermaid", "out.mmd", "--dir", "/p"]),
      { stack: "dev", json: true, mermaidFile: "out.mmd", dir: "/p" });
  });

  it("accepts --flag=value and -s", () => {
    assert.deepStrictEqual(parsePlanArgs(["--stack=prod", "--mermaid=x.mmd"]), { stack: "prod", json: false, mermaidFile: "x.mmd", dir: "." });
    assert.strictEqual((parsePlanArgs(["-s", "dev"]) as { stack: string }).stack, "dev");
  });

  it("falls back to PULUMI_STACK", () => {
    assert.strictEqual((parsePlanArgs([], { PULUMI_STACK: "dev" }) as { stack: string }).stack, "dev");
  });

  it("returns help for --help", () => {
    assert.strictEqual(parsePlanArgs(["--help"]), "help");
  });

  it("refuses a missing stack, a missing value and an unknown flag", () => {
    assert.throws(() => parsePlanArgs([]), (e: unknown) => e instanceof PlanUsageError && /--stack is required/.test(e.message));
    assert.throws(() => parsePlanArgs(["--stack"]), /--stack needs a value/);
    assert.throws(() => parsePlanArgs(["--mermaid", "--json", "--stack", "dev"]), /--mermaid needs a value/);
    assert.throws(() => parsePlanArgs(["--stack", "dev", "--yaml"]), /unknown argument "--yaml"/);
  });
});
