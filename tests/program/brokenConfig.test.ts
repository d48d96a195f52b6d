// Broken stack configs stop the program before it declares anything, with a message naming the key,
// the value and what is allowed; the offline plan exits non-zero with that same message. "Before it
// declares anything" is checked on the recording: a refusal must leave no resource registered, not even
// the VPC, since what a program registers is created while it runs.
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { planConfig, readStackFile, StackFileConfig } from "../../plan";
import { recordProgram } from "../../plan/recorder";
import { main } from "../../program";
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
  // The same run, recorded: the program threw before registering anything.
  const file = devWith(overrides);
  let refusal: unknown;
  const { resources } = await recordProgram(() => {
    try {
      main();
    } catch (err) {
      refusal = err;
    }
  }, { stack: file.stack, config: file.config });
  assert.ok(refusal instanceof Error, "the program did not refuse");
  assert.deepStrictEqual(resources.map((r) => `${r.type}::${r.name}`), [], "registered before refusing");
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

  describe("Aurora clusters and proxies", () => {
    it("refuses an instance engine in cluster.engine", async () => {
      await refuses({ databases: { orders: { cluster: { engine: "postgres" } } } },
        'rotated-rds:databases.orders.cluster.engine must be one of "aurora-postgresql", "aurora-mysql"; got "postgres"');
    });

    it("refuses engine next to cluster, saying where it goes", async () => {
      await refuses({ databases: { orders: { cluster: {}, engine: "aurora-postgresql" } } },
        'rotated-rds:databases.orders.engine must be absent in a cluster entry: set cluster.engine instead (one of "aurora-postgresql", "aurora-mysql"); got "aurora-postgresql"');
    });

    it("refuses allocatedStorage next to cluster: Aurora storage grows on its own", async () => {
      await refuses({ databases: { orders: { cluster: { engine: "aurora-mysql" }, allocatedStorage: 100 } } },
        "rotated-rds:databases.orders.allocatedStorage must be absent in a cluster entry: allocatedStorage has no meaning for an Aurora cluster: Aurora storage grows on its own; got 100");
    });

    it("refuses Serverless v2 auto-pause (minCapacity 0)", async () => {
      await refuses({ databases: { orders: { cluster: { serverlessV2Scaling: { minCapacity: 0, maxCapacity: 4 } } } } },
        /^rotated-rds:databases\.orders\.cluster\.serverlessV2Scaling\.minCapacity must be a number of Aurora capacity units from 0\.5 to 256 in steps of 0\.5 \(not 0: 0 turns on auto-pause, .*\); got 0$/);
    });

    it("refuses 16 readers", async () => {
      await refuses({ databases: { orders: { cluster: { readers: 16 } } } }, "rotated-rds:databases.orders.cluster.readers must be an integer from 0 to 15; got 16");
    });

    it("refuses what only RotatedCluster's own rules catch (capacity below its minimum, scaling on a provisioned class), naming the entry", async () => {
      await refuses({ databases: { orders: { cluster: { serverlessV2Scaling: { minCapacity: 8, maxCapacity: 4 } } } } },
        'rotated-rds:databases.orders: RotatedCluster "orders": serverlessV2Scaling.minCapacity must be at most maxCapacity; got minCapacity 8 and maxCapacity 4');
      await refuses({ databases: { orders: { cluster: { instanceClass: "db.r7g.large", serverlessV2Scaling: { minCapacity: 1, maxCapacity: 4 } } } } },
        /^rotated-rds:databases\.orders: RotatedCluster "orders": serverlessV2Scaling applies only to instanceClass "db\.serverless"/);
    });

    it("refuses a proxy with alternating-users, before anything is created, saying what to use instead", async () => {
      await refuses({ databases: { app: { proxy: {}, rotation: { strategy: "alternating-users", applicationUsername: "app_user" } } } },
        /^rotated-rds:databases\.app: RotatedDatabase "app": proxy cannot be used with the "alternating-users" strategy: .*Use "single-user" \(with proxy\.iamAuth: true .*\) or "managed" behind a proxy/);
      await refuses({ databases: { orders: { cluster: {}, proxy: { iamAuth: true }, rotation: { strategy: "alternating-users", applicationUsername: "app_user" } } } },
        /^rotated-rds:databases\.orders: RotatedCluster "orders": proxy cannot be used with the "alternating-users" strategy/);
    });

    it("refuses a proxy setting out of RDS Proxy's range", async () => {
      await refuses({ databases: { app: { proxy: { maxConnectionsPercent: 101 } } } }, "rotated-rds:databases.app.proxy.maxConnectionsPercent must be an integer from 1 to 100; got 101");
    });

    it("declares nothing, not even the databases before it, when a later entry is refused", async () => {
      await refuses({ databases: { billing: {}, orders: { cluster: { engine: "aurora-mysql", engineVersion: "5.7.mysql_aurora.2.11.2" } } } },
        /^rotated-rds:databases\.orders: RotatedCluster "orders": engineVersion /);
    });
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
