// index.ts, the module Pulumi loads. Its export is main() itself: Pulumi's Node.js runtime calls an
// exported function inside the stack and takes its result as the stack outputs. Loaded here and run
// as that runtime does, once per stack file, under mocks.
import * as assert from "assert";
import * as path from "path";
import { listStacks, readStackFile } from "../../plan";
import { loadStackConfig } from "../../config";
import { recordProgram } from "../../plan/recorder";
import { main } from "../../program";
import { assertStackOutputs, REPO_ROOT } from "./helpers";

const entry = path.join(REPO_ROOT, "index.ts");

/** What @pulumi/pulumi's cmd/run/run.js does with the entry module's export. */
function runAsPulumiDoes(programExport: unknown): unknown {
  return programExport instanceof Function ? programExport() : programExport;
}

describe("index.ts (the Pulumi entry point)", () => {
  it("exports main() itself and declares nothing when loaded", async () => {
    const { resources, result } = await recordProgram(() => require(entry) as unknown, { stack: "dev", config: readStackFile(REPO_ROOT, "dev").config });
    assert.strictEqual(result, main);
    assert.deepStrictEqual(resources, []);
  });

  for (const stack of listStacks(REPO_ROOT)) {
    it(`runs once for stack ${stack}, and its result is the stack outputs`, async () => {
      const file = readStackFile(REPO_ROOT, stack);
      const { resources, result } = await recordProgram(() => runAsPulumiDoes(require(entry)), { stack, config: file.config });
      const components = resources.filter((r) => r.type === "rotated-rds:index:RotatedDatabase" || r.type === "rotated-rds:index:RotatedCluster")
        .map((r) => `${r.type.split(":").pop()}::${r.name}`);
      const kinds = loadStackConfig(file.config).databases.map((db) => `${db.cluster === undefined ? "RotatedDatabase" : "RotatedCluster"}::${db.name}`);
      assert.deepStrictEqual(components, kinds, "one component per configured database, of its kind, in order");
      assertStackOutputs(result, resources, file.config);
    });
  }
});
