// Broken stack configs stop the program before it declares anything, with a message naming the key,
// the value and what is allowed; the offline plan exits non-zero with that same message.
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { planConfig, readStackFile, StackFileConfig } from "../../plan";
import { PLAN_NODE_FLAGS, REPO_ROOT } from "./helpers";

/** The real dev stack's config with some keys replaced (values as the stack file would give them). */
function devWith(overrides: Record<string, unknown>): StackFileConfig {
  const base = readStackFile(REPO_ROOT, "dev");
  const config = { ...base.config };
  for (const [k, v] of Object.entries(overrides)) {
    const key = `rotated-rds:${k}`;
    if (v === undefined) delete config[key];
    else config[key] = typeof v === "string" ? v : JSON.stringify(v);
  }
  return { ...base, config };
}

async function refuses(overrides: Record<string, unknown>, message: string | RegExp): Promise<void> {
  await assert.rejects(planConfig(devWith(overrides)), (err: unknown) => {
    assert.ok(err instanceof Error);
    if (typeof message === "string") assert.strictEqual(err.message, message);
    else assert.match(err.message, message);
    return true;
  });
}

describe("broken stack configs", () => {
  it("refuses an unknown engine", async () => {
    await refuses({ databases: { app: { engine: "oracle" } } },
      'rotated-rds:databases.app.engine must be one of "postgres", "mysql", "mariadb"; got "oracle"');
  });

  it("refuses a 2-hour schedule", async () => {
    await refuses({ databases: { app: { rotation: { schedule: "rate(2 hours)" } } } },
      'rotated-rds:databases.app.rotation.schedule must be rate(N hours) with N >= 4, rate(N days), or cron(0 H DoM Mon DoW *) in UTC with at least 4 hours between rotations; got "rate(2 hours)"');
  });

  it("refuses an existing VPC without a subnet list", async () => {
    await refuses({ vpcId: "vpc-0123456789abcdef0", subnetIds: "[]" },
      "rotated-rds:subnetIds must be a list of at least 2 private subnet ids (in different availability zones) when vpcId is an existing VPC (vpc-0123456789abcdef0); got []");
  });

  it("refuses an open CIDR", async () => {
    await refuses({ databases: { app: { allowedCidrBlocks: ["0.0.0.0/0"] } } },
      'rotated-rds:databases.app.allowedCidrBlocks[0] must be an IPv4 or IPv6 CIDR range such as "10.0.0.0/16"; open ranges (0.0.0.0/0, ::/0) are refused; got "0.0.0.0/0"');
  });

  it("names the database key when the component refuses its arguments", async () => {
    await refuses({ databases: { app: { masterUsername: "rdsadmin" } } }, /^rotated-rds:databases\.app: .*masterUsername.*"rdsadmin"/);
  });

  describe("npm run plan", () => {
    let dir: string;
    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-broken-"));
      fs.copyFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
      fs.writeFileSync(path.join(dir, "Pulumi.broken.yaml"), "config:\n  rotated-rds:databases:\n    app:\n      engine: oracle\n");
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("exits 1 with the program's message and prints no plan", () => {
      const run = spawnSync(process.execPath, [...PLAN_NODE_FLAGS, "scripts/plan.ts", "--stack", "broken", "--dir", dir],
        { cwd: REPO_ROOT, encoding: "utf8" });
      assert.strictEqual(run.status, 1, run.stderr);
      assert.strictEqual(run.stderr.trim(), 'plan failed: rotated-rds:databases.app.engine must be one of "postgres", "mysql", "mariadb"; got "oracle"');
      assert.strictEqual(run.stdout, "");
    });

    it("exits 2 with usage on a bad argument", () => {
      const run = spawnSync(process.execPath, [...PLAN_NODE_FLAGS, "scripts/plan.ts", "--stak", "dev"], { cwd: REPO_ROOT, encoding: "utf8" });
      assert.strictEqual(run.status, 2);
      assert.match(run.stderr, /^plan: unknown argument "--stak"\n\nUsage: npm run plan/);
    });
  });
});
