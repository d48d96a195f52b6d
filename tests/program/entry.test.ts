// index.ts, the module Pulumi loads: it runs main() once and its exports are the stack outputs. Run
// here under mocks with the dev stack's config (it can run only once per process: require caches it).
import * as assert from "assert";
import * as path from "path";
import { readStackFile } from "../../plan";
import { recordProgram } from "../../plan/recorder";
import { REPO_ROOT } from "./helpers";

describe("index.ts (the Pulumi entry point)", () => {
  it("declares the dev stack when loaded and exports its outputs", async () => {
    const dev = readStackFile(REPO_ROOT, "dev");
    const entry = path.join(REPO_ROOT, "index.ts");
    const { resources, result } = await recordProgram(() => require(entry) as unknown, { stack: "dev", config: dev.config });
    assert.ok(resources.some((r) => r.type === "rotated-rds:index:RotatedDatabase" && r.name === "app"));
    const outputs = result as { databases: Record<string, { secretArn: string }>; vpcId: string };
    assert.deepStrictEqual(Object.keys(outputs).sort(), ["databases", "secretsManagerEndpointId", "subnetIds", "vpcId"]);
    assert.match(outputs.databases.app.secretArn, /^arn:aws:secretsmanager:eu-west-1:/);
  });
});
