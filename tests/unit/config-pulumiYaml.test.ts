// Pulumi.yaml declares exactly the keys the config loader reads, with the same defaults and a
// description each, and the stack files use only those keys.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { CONFIG_KEYS, loadStackConfig, PROJECT } from "../../config";
import { listStacks, readStackFile } from "../../plan";
import { parseYaml } from "../../plan/yaml";

const ROOT = path.resolve(__dirname, "..", "..");

describe("Pulumi.yaml", () => {
  const project = parseYaml(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8"), "Pulumi.yaml") as {
    name: string; main: string; runtime: { name: string; options: { typescript: boolean } };
    config: Record<string, { type?: string; default?: unknown; description?: string; items?: { type: string } }>;
  };

  it("is project rotated-rds, nodejs with TypeScript, running index.ts", () => {
    assert.strictEqual(project.name, PROJECT);
    assert.deepStrictEqual(project.runtime, { name: "nodejs", options: { typescript: true } });
    // package.json's `main` is the library for consumers; the program must be named here.
    assert.strictEqual(project.main, "index.ts");
  });

  it("declares every key the loader reads, with its default and a description", () => {
    assert.deepStrictEqual(Object.keys(project.config), CONFIG_KEYS.map((k) => k.name));
    for (const spec of CONFIG_KEYS) {
      const declared = project.config[spec.name];
      assert.deepStrictEqual(declared.default, spec.default, `default of ${spec.name}`);
      assert.strictEqual(declared.description, spec.description, `description of ${spec.name}`);
      assert.strictEqual(declared.type, spec.type, `type of ${spec.name}`);
      if (spec.type === "array") assert.deepStrictEqual(declared.items, { type: "string" });
    }
  });

  it("has defaults that the loader accepts", () => {
    const raw: Record<string, string> = {};
    for (const spec of CONFIG_KEYS) raw[`${PROJECT}:${spec.name}`] = typeof spec.default === "string" ? spec.default : JSON.stringify(spec.default);
    assert.deepStrictEqual(loadStackConfig(raw), loadStackConfig({}));
  });

  for (const stack of listStacks(ROOT)) {
    it(`Pulumi.${stack}.yaml uses only declared keys and holds nothing secret`, () => {
      const { config, secretKeys } = readStackFile(ROOT, stack);
      assert.deepStrictEqual(secretKeys, []);
      for (const key of Object.keys(config)) {
        assert.ok(key.startsWith("aws:") || key.startsWith(`${PROJECT}:`), key);
      }
      assert.doesNotThrow(() => loadStackConfig(config));
      assert.ok(!/password|secret/i.test(fs.readFileSync(path.join(ROOT, `Pulumi.${stack}.yaml`), "utf8").replace(/^#.*$/gm, "")));
    });
  }
});
