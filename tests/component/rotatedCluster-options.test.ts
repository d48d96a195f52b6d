// RotatedCluster's options and later deployments: deletion protection (protect and retain on the
// cluster, its instances and its secret), final snapshots, major upgrades, refusals before anything
// registers, a changed strategy refused on an existing cluster (also past a deleted one the tagging
// API still lists), the running engine version kept after RDS upgraded the minor itself, and a
// replaced cluster getting a new first password and secret value.
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { RotatedCluster, RotatedDatabase } from "../../components";
import { STACK_TAG, STRATEGY_TAG } from "../../components/databaseResources";
import { PROXY_ALTERNATING_USERS_REFUSAL } from "../../components/proxyValidation";
import type { RotatedClusterArgs } from "../../components/types";
import { writeOnlyVersion } from "../../components/writeOnlyVersion";
import { mockedAccount } from "../../plan/realisticOutputs";
import { recordProgram, unwrapSecrets } from "../../plan/recorder";
import { Recorded, SUBNETS, T, VPC } from "./records";

const run = async (args: Partial<RotatedClusterArgs>): Promise<Recorded> =>
  new Recorded(await recordProgram(() => { new RotatedCluster("orders", { vpcId: VPC, subnetIds: SUBNETS, ...args }); }));

describe("RotatedCluster with deletion protection", () => {
  let rec: Recorded;
  before(async () => { rec = await run({ deletionProtection: true, readers: 1, skipFinalSnapshot: true }); });

  it("turns on the cluster's deletion protection and skips the final snapshot as asked", () => {
    const c = rec.one(T.cluster).inputs;
    assert.deepStrictEqual([c.deletionProtection, c.skipFinalSnapshot, c.finalSnapshotIdentifier], [true, true, undefined]);
  });
  it("protects and retains the cluster, its writer, its readers and its secret", () => {
    for (const [type, name] of [[T.cluster, "orders-cluster"], [T.clusterInstance, "orders-writer"], [T.clusterInstance, "orders-reader-1"], [T.secret, "orders-secret"]]) {
      const o = rec.options(type, name);
      assert.deepStrictEqual([o.protect, o.retainOnDelete], [true, true], `${type} ${name}`);
    }
  });
  it("leaves the rest unprotected (protect unset, so the component's own protect still reaches them)", () => {
    for (const [type, name] of [[T.subnetGroup, "orders-subnets"], [T.clusterParameterGroup, "orders-cluster-params"], [T.fn, "orders-rotation"]]) {
      assert.strictEqual(rec.options(type, name).protect, undefined, `${type} ${name}`);
    }
  });
});

describe("RotatedCluster on a major upgrade", () => {
  it("names the instance parameter group on the cluster only with allowMajorVersionUpgrade, so RDS moves the instances with it", async () => {
    const rec = await run({ engineVersion: "16.9", allowMajorVersionUpgrade: true, applyImmediately: true });
    const c = rec.one(T.cluster).inputs;
    assert.deepStrictEqual(
      [c.engineVersion, c.allowMajorVersionUpgrade, c.applyImmediately, c.dbInstanceParameterGroupName],
      ["16.9", true, true, rec.out(T.parameterGroup, "orders-instance-params", "name")],
    );
    assert.deepStrictEqual([rec.one(T.clusterParameterGroup).inputs.family, rec.one(T.parameterGroup, "orders-instance-params").inputs.family], ["aurora-postgresql16", "aurora-postgresql16"]);
    assert.strictEqual(rec.one(T.clusterInstance, "orders-writer").inputs.applyImmediately, true);
  });
});

describe("RotatedCluster refusals", () => {
  async function refused(args: Partial<RotatedClusterArgs>, before?: () => void): Promise<{ message: string; registered: string[]; calls: number }> {
    let error: unknown;
    const record = await recordProgram(() => {
      before?.();
      try { new RotatedCluster("bad", { vpcId: VPC, subnetIds: SUBNETS, ...args }); } catch (e) { error = e; }
    });
    assert.ok(pulumi.ResourceError.isInstance(error), String(error));
    const own = record.resources.filter((r) => r.name === "bad" || r.name.startsWith("bad-"));
    return { message: (error as Error).message, registered: own.map((r) => `${r.type} ${r.name}`), calls: record.calls.length };
  }

  for (const [what, args, message] of [
    ["auto-pause (minCapacity 0)", { serverlessV2Scaling: { minCapacity: 0, maxCapacity: 4 } }, /serverlessV2Scaling\.minCapacity must be .* 0 turns on auto-pause.*; got 0/],
    ["16 readers", { readers: 16 }, /readers must be a whole number from 0 to 15 .*; got 16/],
    ["Serverless v2 capacity with a provisioned class", { instanceClass: "db.r7g.large", serverlessV2Scaling: { minCapacity: 1, maxCapacity: 2 } }, /serverlessV2Scaling applies only to instanceClass "db\.serverless"/],
    ["an instance engine", { engine: "postgres" as never }, /engine must be one of "aurora-postgresql", "aurora-mysql"; got "postgres"/],
    ["no backups", { backupRetentionDays: 0 }, /backupRetentionDays must be a whole number from 1 to 35 for a cluster/],
    ["a public CIDR", { allowedCidrBlocks: ["0.0.0.0/0"] }, /allowedCidrBlocks\[0\] must be .*got "0\.0\.0\.0\/0"/],
    ["alternating-users behind a proxy", { rotation: { strategy: "alternating-users", applicationUsername: "orders_app" }, proxy: {} }, new RegExp(PROXY_ALTERNATING_USERS_REFUSAL.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))],
  ] as const) {
    it(`refuses ${what} before anything registers, naming the component`, async () => {
      const r = await refused(args as Partial<RotatedClusterArgs>);
      assert.match(r.message, /^RotatedCluster "bad": /);
      assert.match(r.message, message);
      // Only the component itself (its constructor ran up to the check): no child, no lookup.
      assert.deepStrictEqual(r.registered, [`${T.clusterComponent} bad`]);
      assert.strictEqual(r.calls, 0);
    });
  }

  it("refuses its own endpoint next to a database's in the same VPC, before any child registers", async () => {
    const r = await refused({}, () => { new RotatedDatabase("app", { vpcId: VPC, subnetIds: SUBNETS }); });
    assert.match(r.message, /^RotatedCluster "bad": secretsManagerAccess \{"createEndpoint":true\}: VPC "vpc-0123456789abcdef0" already has the Secrets Manager endpoint "app-secretsmanager" in this program/);
    assert.deepStrictEqual(r.registered, [`${T.clusterComponent} bad`]);
  });
});

describe("RotatedCluster on a later pulumi up", () => {
  afterEach(() => { mockedAccount.rdsClusters = []; });

  /** The account after `rec`: its cluster, with the tags, identifier and ARN the mock gave it. */
  function deployed(rec: Recorded, extra: Partial<(typeof mockedAccount.rdsClusters)[number]> = {}) {
    const c = rec.one(T.cluster, "orders-cluster");
    mockedAccount.rdsClusters = [{
      arn: String(unwrapSecrets(c.state.arn)), identifier: String(c.id), tags: c.inputs.tags as Record<string, string>, ...extra,
    }];
  }

  /** Runs the program and waits for rotationStrategy, rejecting as the deployment would fail. */
  async function strategyOfRun(args: Partial<RotatedClusterArgs>): Promise<unknown> {
    let cluster: RotatedCluster | undefined;
    const recording = recordProgram(() => { cluster = new RotatedCluster("orders", { vpcId: VPC, subnetIds: SUBNETS, ...args }); });
    void recording.catch(() => undefined);
    while (cluster === undefined) await new Promise((r) => setImmediate(r));
    return (cluster.rotationStrategy as unknown as { promise(): Promise<unknown> }).promise();
  }

  it("deploys again with the same strategy", async () => {
    deployed(await run({}));
    assert.strictEqual(await strategyOfRun({}), "single-user");
  });
  for (const [from, to] of [["single-user", "managed"], ["managed", "alternating-users"], ["alternating-users", "single-user"]] as const) {
    it(`refuses ${from} -> ${to} on an existing cluster, naming both and how to migrate`, async () => {
      const rotation = (s: typeof from | typeof to) => (s === "alternating-users" ? { strategy: s, applicationUsername: "orders_app" } : { strategy: s });
      deployed(await run({ rotation: rotation(from) }));
      await assert.rejects(strategyOfRun({ rotation: rotation(to) }), (err: Error) => {
        assert.match(err.message, new RegExp(`^RotatedCluster "orders": rotation\\.strategy cannot change from "${from}" to "${to}" on an existing cluster`));
        assert.match(err.message, /To migrate: keep .* deploy a second RotatedCluster .* under a new name/);
        return true;
      });
    });
  }
  it("deploys with a new strategy once the old cluster is deleted, although the tagging API still lists it", async () => {
    deployed(await run({}), { deleted: true });
    assert.strictEqual(await strategyOfRun({ rotation: { strategy: "managed" } }), "managed");
  });
  it("ignores clusters of another stack", async () => {
    deployed(await run({}));
    mockedAccount.rdsClusters = mockedAccount.rdsClusters.map((c) => ({ ...c, tags: { ...c.tags, [STACK_TAG]: "rotated-rds/other" } }));
    assert.strictEqual(await strategyOfRun({ rotation: { strategy: "managed" } }), "managed");
  });

  describe("after RDS upgraded the minor version itself", () => {
    const versionAfter = async (configured: string | undefined, runningVersion: string): Promise<unknown> => {
      const first = await run(configured === undefined ? {} : { engineVersion: configured });
      deployed(first, { engineVersion: runningVersion });
      return (await run(configured === undefined ? {} : { engineVersion: configured })).one(T.cluster).inputs.engineVersion;
    };
    it("asks for the running version, so no provider asks RDS for a downgrade", async () => {
      assert.strictEqual(await versionAfter("17.4", "17.9"), "17.9");
    });
    it("asks for a newer configured version as written (an upgrade)", async () => {
      assert.strictEqual(await versionAfter("17.9", "17.4"), "17.9");
    });
    it("keeps a major alone, which the provider already matches against any of its minors", async () => {
      assert.strictEqual(await versionAfter("17", "17.9"), "17");
    });
    it("asks for another family as written (a major upgrade)", async () => {
      assert.strictEqual(await versionAfter("18.1", "17.9"), "18.1");
    });
    it("reads the running version only from this stack's cluster of this component", async () => {
      const first = await run({ engineVersion: "17.4" });
      deployed(first, { engineVersion: "17.9" });
      mockedAccount.rdsClusters = mockedAccount.rdsClusters.map((c) => ({ ...c, tags: { ...c.tags, [STACK_TAG]: "rotated-rds/other" } }));
      assert.strictEqual((await run({ engineVersion: "17.4" })).one(T.cluster).inputs.engineVersion, "17.4");
    });
  });

  it("a replaced cluster (new dbName) gets a new password, a new first secret value and a final snapshot name of its own", async () => {
    const value = (rec: Recorded) => ({
      version: rec.one(T.secretVersion).inputs.secretStringWoVersion,
      resourceId: String(rec.out(T.cluster, "orders-cluster", "clusterResourceId")),
      password: unwrapSecrets(rec.one(T.cluster).inputs.masterPasswordWo),
      json: JSON.parse(String(unwrapSecrets(rec.one(T.secretVersion).inputs.secretStringWo))) as Record<string, unknown>,
      snapshot: rec.one(T.cluster).inputs.finalSnapshotIdentifier,
    });
    const [a, again, b] = [value(await run({})), value(await run({})), value(await run({ dbName: "sales" }))];
    assert.deepStrictEqual(again, a, "the same cluster keeps its password, first value and snapshot name");
    assert.notStrictEqual(b.resourceId, a.resourceId, "the mock answers a replacement with a new clusterResourceId");
    assert.strictEqual(b.version, writeOnlyVersion(b.resourceId));
    assert.notStrictEqual(b.version, a.version);
    assert.notStrictEqual(b.password, a.password);
    assert.strictEqual(b.json.password, b.password);
    assert.notStrictEqual(b.snapshot, a.snapshot);
  });

  it("tags the cluster with its strategy and stack", async () => {
    const tags = (await run({ rotation: { strategy: "managed" } })).one(T.cluster).inputs.tags as Record<string, string>;
    assert.deepStrictEqual([tags[STRATEGY_TAG], tags[STACK_TAG]], ["managed", "rotated-rds/test"]);
  });
});
