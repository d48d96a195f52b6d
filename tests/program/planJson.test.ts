// `npm run plan -- --stack dev --json`, run as a user would, parses and lists every resource the
// program registers (compared with a recording made here), with its resource options and with secrets
// redacted.
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PlanJson, planJsonOptions, readStackFile } from "../../plan";
import { recordProgram, RecordedResource, unwrapSecrets } from "../../plan/recorder";
import { main } from "../../program";
import { PLAN_NODE_FLAGS, REPO_ROOT } from "./helpers";

function runPlan(args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [...PLAN_NODE_FLAGS, "scripts/plan.ts", ...args],
    { cwd: REPO_ROOT, encoding: "utf8" });
}

describe("plan --json for dev", () => {
  let json: PlanJson;
  let registered: RecordedResource[];
  let mermaidFile: string;

  before(async () => {
    mermaidFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "plan-")), "dev.mmd");
    const run = runPlan(["--stack", "dev", "--json", "--mermaid", mermaidFile]);
    assert.strictEqual(run.status, 0, run.stderr);
    json = JSON.parse(run.stdout) as PlanJson;
    const dev = readStackFile(REPO_ROOT, "dev");
    registered = (await recordProgram(() => main(), { stack: "dev", config: dev.config })).resources;
  });
  after(() => fs.rmSync(path.dirname(mermaidFile), { recursive: true, force: true }));

  it("names the stack and lists every registered resource once", () => {
    assert.strictEqual(json.stack, "dev");
    assert.deepStrictEqual(json.resources.map((r) => r.urn).sort(), registered.map((r) => r.urn).sort());
    assert.strictEqual(new Set(json.resources.map((r) => r.urn)).size, json.resources.length);
  });

  it("gives each resource urn, type, name, parent URN, id, inputs and options", () => {
    const urns = new Set(json.resources.map((r) => r.urn));
    for (const r of json.resources) {
      assert.deepStrictEqual(Object.keys(r), ["urn", "type", "name", "parent", "id", "inputs", "options"]);
      assert.ok(r.parent === null || urns.has(r.parent), `${r.urn}: parent ${r.parent} is not in the plan`);
      const rec = registered.find((x) => x.urn === r.urn)!;
      assert.strictEqual(r.id, rec.id ?? null);
    }
  });

  it("shows each resource's options as the program registered them", () => {
    for (const r of json.resources) {
      const rec = registered.find((x) => x.urn === r.urn)!;
      assert.deepStrictEqual(r.options, planJsonOptions(rec.options), `${r.type} ${r.name}: options`);
    }
    const one = (type: string) => json.resources.find((r) => r.type === type)!;
    const shows = (type: string, expected: Record<string, unknown>) =>
      assert.deepStrictEqual(one(type).options, expected, `the dev plan must show ${type} ${one(type).name} with options ${JSON.stringify(expected)}`);
    // dev sets no deletion protection: protect is left unset (so a protected component would still
    // reach them) and retainOnDelete is false.
    shows("aws:rds/instance:Instance", { retainOnDelete: false, ignoreChanges: ["password"] });
    shows("aws:secretsmanager/secret:Secret", { retainOnDelete: false });
    shows("aws:secretsmanager/secretVersion:SecretVersion", { ignoreChanges: ["secretString", "versionStages"], deleteBeforeReplace: true });
    const policy = (name: string) => json.resources.find((r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.name === name)!.urn;
    shows("aws:lambda/function:Function", { dependsOn: [policy("app-rotation-policy"), policy("app-rotation-vpc-policy")] });
  });

  it("names the first rotation's dependencies by URN, each a resource in the plan", () => {
    const rotation = json.resources.find((r) => r.type === "aws:secretsmanager/secretRotation:SecretRotation")!;
    const byUrn = new Map(json.resources.map((r) => [r.urn, r]));
    const dependsOn = rotation.options.dependsOn ?? [];
    assert.deepStrictEqual(dependsOn.filter((urn) => !byUrn.has(urn)), []);
    const types = new Set(dependsOn.map((urn) => byUrn.get(urn)!.type));
    for (const type of ["aws:lambda/permission:Permission", "aws:iam/rolePolicy:RolePolicy", "aws:rds/instance:Instance",
      "aws:secretsmanager/secretVersion:SecretVersion", "aws:ec2/vpcEndpoint:VpcEndpoint", "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"]) {
      assert.ok(types.has(type), `the rotation's dependsOn names no ${type}`);
    }
  });

  it("lets references be followed back: the instance's security group is a declared group's id", () => {
    const instance = json.resources.find((r) => r.type === "aws:rds/instance:Instance")!;
    const [sgId] = instance.inputs.vpcSecurityGroupIds as string[];
    const sg = json.resources.find((r) => r.id === sgId);
    assert.strictEqual(sg?.type, "aws:ec2/securityGroup:SecurityGroup");
  });

  it("shows which file the rotation Lambda's code archive would upload", () => {
    const fn = json.resources.find((r) => r.type === "aws:lambda/function:Function")!;
    assert.deepStrictEqual(fn.inputs.code, {
      kind: "AssetArchive",
      assets: { "index.js": { kind: "FileAsset", path: path.join(REPO_ROOT, "dist", "rotation-lambda", "index.js") } },
    });
  });

  it("shows secrets as [secret] only", () => {
    const text = JSON.stringify(json);
    assert.ok(text.includes('"[secret]"'));
    // The plan is the same on every run: the recording here drew the same generated passwords.
    const generated = registered.filter((r) => r.type === "pulumi-nodejs:dynamic/rotated-rds:GeneratedPassword")
      .map((r) => String(unwrapSecrets(r.state.password)));
    assert.ok(generated.length >= 1 && generated.every((p) => p.length >= 16));
    for (const p of generated) assert.ok(!text.includes(p), "a generated password in the clear");
  });

  it("writes a Mermaid diagram with the network paths", () => {
    const diagram = fs.readFileSync(mermaidFile, "utf8");
    assert.match(diagram, /flowchart LR/);
    assert.match(diagram, /-->\|"tcp 5432"\|/);
    assert.match(diagram, /-->\|"tcp 443"\|/);
  });
});
