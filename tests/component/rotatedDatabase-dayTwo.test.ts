// The second `pulumi up` and later ones: the same program run again under mocks, with the mock
// answering as AWS would for what changed (a new resourceId for a replaced instance, instances the
// account already holds). Replacement keeps the secret matched to the instance, final snapshots get
// names of their own, upgrades are allowed only in a form that can finish, and a strategy change is
// refused before anything changes.
import * as assert from "assert";
import { RotatedDatabase } from "../../components";
import { STACK_TAG, STRATEGY_TAG } from "../../components/databaseResources";
import type { RotatedDatabaseArgs } from "../../components/types";
import { generatedPasswordProvider } from "../../components/generatedPasswordProvider";
import { writeOnlyVersion } from "../../components/writeOnlyVersion";
import { mockedAccount } from "../../plan/realisticOutputs";
import { recordProgram, unwrapSecrets } from "../../plan/recorder";
import { Recorded, SUBNETS, T, VPC, isSecret } from "./records";

const run = async (args: Partial<RotatedDatabaseArgs>): Promise<Recorded> =>
  new Recorded(await recordProgram(() => { new RotatedDatabase("app", { vpcId: VPC, subnetIds: SUBNETS, ...args }); }));

/**
 * Runs the program and waits for the component's rotationStrategy, rejecting as the deployment would
 * fail. (The recorder's promiseOf resolves only; an Output's own promise also rejects.)
 */
async function strategyOfRun(args: Partial<RotatedDatabaseArgs>): Promise<unknown> {
  let db: RotatedDatabase | undefined;
  const recording = recordProgram(() => { db = new RotatedDatabase("app", { vpcId: VPC, subnetIds: SUBNETS, ...args }); });
  void recording.catch(() => undefined);
  while (db === undefined) await new Promise((r) => setImmediate(r));
  return (db.rotationStrategy as unknown as { promise(): Promise<unknown> }).promise();
}

/** What the secret's first version and the instance were given, side by side. */
function firstValue(rec: Recorded) {
  const version = rec.one(T.secretVersion, "app-secret-initial").inputs;
  const instance = rec.one(T.instance, "app-db");
  return {
    woVersion: version.secretStringWoVersion,
    json: JSON.parse(String(unwrapSecrets(version.secretStringWo))) as Record<string, unknown>,
    resourceId: String(unwrapSecrets(instance.state.resourceId)),
    passwordWo: unwrapSecrets(instance.inputs.passwordWo),
    passwordWoVersion: instance.inputs.passwordWoVersion,
    address: unwrapSecrets(instance.state.address),
    identifier: unwrapSecrets(instance.state.identifier),
    masterSecretArn: (unwrapSecrets(instance.state.masterUserSecrets) as Array<{ secretArn: string }> | undefined)?.[0]?.secretArn,
    finalSnapshot: instance.inputs.finalSnapshotIdentifier,
  };
}

/** The stateful password of a run: its id, its triggers as sent and the state Pulumi keeps. */
function passwordOf(rec: Recorded) {
  const p = rec.one(T.password, "app-password");
  const { __provider: _provider, ...inputs } = unwrapSecrets(p.inputs) as Record<string, unknown>;
  return { id: String(p.id), inputs, state: unwrapSecrets(p.state) as Record<string, unknown>, password: String(unwrapSecrets(p.state.password)) };
}

/** What the next `pulumi up` does with the password resource of `before`: the provider's own diff against the new inputs. */
async function nextUp(before: Recorded, after: Recorded): Promise<{ changes?: boolean; replaces?: string[] }> {
  const [b, a] = [passwordOf(before), passwordOf(after)];
  return generatedPasswordProvider.diff!(b.id, b.state, a.inputs);
}

describe("RotatedDatabase on a later pulumi up: replacement of the instance", () => {
  it("single-user: the same instance keeps its first secret version (the provider writes nothing again)", async () => {
    const [a, b] = [firstValue(await run({})), firstValue(await run({}))];
    assert.strictEqual(a.resourceId, b.resourceId);
    assert.strictEqual(a.woVersion, b.woVersion);
    assert.strictEqual(a.woVersion, writeOnlyVersion(a.resourceId));
    assert.strictEqual(a.finalSnapshot, b.finalSnapshot, "one instance keeps one final snapshot name: no diff on every up");
  });

  for (const [input, change] of [
    ["dbName", { dbName: "orders" }],
    ["masterUsername", { masterUsername: "owner" }],
    ["engine", { engine: "mysql" }],
    ["kmsKeyArn", { kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" }],
  ] as const) {
    it(`single-user: a new ${input} (ForceNew) gives the new instance a new first secret version with its password, host and identifier`, async () => {
      const before = firstValue(await run({}));
      const after = firstValue(await run(change));
      assert.notStrictEqual(after.resourceId, before.resourceId, "the mock answers a replacement with a new resourceId");
      assert.notStrictEqual(after.woVersion, before.woVersion, "a new instance must get a new secretStringWoVersion, or the secret keeps the old instance's value");
      assert.strictEqual(after.woVersion, writeOnlyVersion(after.resourceId));
      // The new instance is created with this run's passwordWo (a create always sends it); the
      // secret's new version carries the same value, from the same run.
      assert.strictEqual(after.json.password, after.passwordWo);
      assert.deepStrictEqual([after.json.host, after.json.dbInstanceIdentifier], [after.address, after.identifier]);
      assert.strictEqual(after.passwordWoVersion, before.passwordWoVersion, "the instance's own version never changes: the same instance never gets a password from Pulumi again");
      assert.notStrictEqual(after.finalSnapshot, before.finalSnapshot, "the new instance's final snapshot needs a name of its own");
    });
  }

  it("alternating-users: a replaced instance's new first version points masterarn at the new instance's RDS-managed secret", async () => {
    const rotation = { strategy: "alternating-users", applicationUsername: "app_user" } as const;
    const before = firstValue(await run({ rotation }));
    const after = firstValue(await run({ rotation, dbName: "orders" }));
    assert.notStrictEqual(after.masterSecretArn, before.masterSecretArn);
    assert.strictEqual(after.json.masterarn, after.masterSecretArn);
    assert.notStrictEqual(after.woVersion, before.woVersion);
    assert.strictEqual(after.json.username, "app_user");
  });
});

describe("RotatedDatabase on a later pulumi up: the password follows the instance", () => {
  it("two runs with the same inputs: Pulumi keeps the password, and instance and secret get the same one", async () => {
    const [a, b] = [await run({}), await run({})];
    assert.deepStrictEqual(await nextUp(a, b), { changes: false, replaces: [], deleteBeforeReplace: false });
    const [fa, fb] = [firstValue(a), firstValue(b)];
    assert.strictEqual(fb.passwordWo, passwordOf(a).password);
    assert.strictEqual(fb.json.password, fb.passwordWo);
    assert.strictEqual(fa.passwordWo, fb.passwordWo);
  });

  for (const [input, change] of [
    ["dbName", { dbName: "orders" }],
    ["masterUsername", { masterUsername: "owner" }],
    ["engine", { engine: "mysql" }],
    ["kmsKeyArn", { kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" }],
  ] as const) {
    it(`a new ${input} (ForceNew) replaces the password: the new instance and the secret's new first version get the same new one`, async () => {
      const [before, after] = [await run({}), await run(change)];
      assert.deepStrictEqual((await nextUp(before, after)).replaces, ["instance"]);
      const [b, a] = [firstValue(before), firstValue(after)];
      assert.notStrictEqual(a.passwordWo, b.passwordWo, "a replaced instance needs a password of its own");
      assert.strictEqual(a.passwordWo, passwordOf(after).password);
      assert.strictEqual(a.json.password, a.passwordWo);
      assert.notStrictEqual(a.woVersion, b.woVersion);
    });
  }

  it("a first deploy that stopped after the instance: the next run writes the secret with the instance's password", async () => {
    // Run 1 got as far as the instance: what Pulumi state holds of it is the password resource and
    // the instance created with its value. Run 2 is the whole program again.
    const stopped = await run({});
    const createdWith = firstValue(stopped).passwordWo;
    const next = await run({});
    // Pulumi keeps the password resource (its provider sees no change) and replays its state.
    assert.deepStrictEqual((await nextUp(stopped, next)).changes, false);
    assert.strictEqual(passwordOf(next).password, passwordOf(stopped).password);
    const again = firstValue(next);
    assert.strictEqual(again.resourceId, firstValue(stopped).resourceId, "the same instance");
    assert.strictEqual(again.json.password, createdWith, "the first secret version holds the password the instance was created with");
    assert.deepStrictEqual(next.record.calls.filter((c) => /getRandomPassword/.test(c.token)), [], "no invoke draws a new password on every run");
  });

  it("the password resource belongs to the database, and its value leaves it only as a secret", async () => {
    const rec = await run({ rotation: { strategy: "alternating-users", applicationUsername: "app_user" } });
    const p = rec.one(T.password, "app-password");
    assert.strictEqual(p.parent, rec.one(T.db, "app").urn);
    assert.ok(isSecret(p.state.password));
    assert.ok(isSecret(rec.one(T.secretVersion, "app-secret-initial").inputs.secretStringWo));
    assert.strictEqual(firstValue(rec).json.password, passwordOf(rec).password);
    assert.strictEqual((await run({ rotation: { strategy: "managed" } })).all(T.password).length, 0, "managed: RDS makes every password");
  });
});

describe("RotatedDatabase on a later pulumi up: changes that wait, and upgrades", () => {
  it("passes applyImmediately and allowMajorVersionUpgrade to the instance, both false by default", async () => {
    const defaults = (await run({})).one(T.instance).inputs;
    assert.deepStrictEqual([defaults.applyImmediately, defaults.allowMajorVersionUpgrade], [false, false]);
    const set = (await run({ applyImmediately: true, allowMajorVersionUpgrade: true })).one(T.instance).inputs;
    assert.deepStrictEqual([set.applyImmediately, set.allowMajorVersionUpgrade], [true, true]);
  });

  it("a major upgrade replaces the parameter group create-before-delete and moves the instance to the new one", async () => {
    const upgrade = { applyImmediately: true, allowMajorVersionUpgrade: true } as const;
    const [v16, v17] = [await run({ ...upgrade, engineVersion: "16" }), await run({ ...upgrade, engineVersion: "17" })];
    const family = (rec: Recorded) => rec.one(T.parameterGroup, "app-params").inputs.family;
    assert.deepStrictEqual([family(v16), family(v17)], ["postgres16", "postgres17"]);
    // No fixed name: Pulumi auto-names the replacement, so both groups can exist at once. With
    // deleteBeforeReplace the old group would be deleted while the instance still uses it.
    const pg = v17.one(T.parameterGroup, "app-params");
    assert.strictEqual(pg.inputs.name, undefined);
    assert.strictEqual(pg.inputs.namePrefix, undefined);
    assert.notStrictEqual(v17.options(T.parameterGroup, "app-params").deleteBeforeReplace, true);
    // The instance reads the group's name: it is updated to the new group before the old one is deleted.
    assert.strictEqual(v17.one(T.instance).inputs.parameterGroupName, v17.out(T.parameterGroup, "app-params", "name"));
    assert.ok(v17.dependencies(T.instance, "app-db").includes(`${T.parameterGroup} app-params`));
  });

  it("refuses allowMajorVersionUpgrade without applyImmediately before creating anything", async () => {
    await assert.rejects(run({ allowMajorVersionUpgrade: true }), (err: Error) => {
      assert.match(err.message, /allowMajorVersionUpgrade needs applyImmediately: true .*got allowMajorVersionUpgrade true, applyImmediately false/);
      return true;
    });
  });
});

describe("RotatedDatabase on a later pulumi up: a changed rotation strategy", () => {
  afterEach(() => { mockedAccount.rdsInstances = []; });

  /** Plays the account after a first run: its instance, with the tags that run gave it. */
  function deployed(rec: Recorded): void {
    const i = rec.one(T.instance, "app-db");
    mockedAccount.rdsInstances = [{
      arn: String(unwrapSecrets(i.state.arn)), identifier: String(i.id), tags: i.inputs.tags as Record<string, string>,
    }];
  }

  it("tags the instance with its strategy and stack", async () => {
    const tags = (await run({})).one(T.instance).inputs.tags as Record<string, string>;
    assert.deepStrictEqual([tags[STRATEGY_TAG], tags[STACK_TAG]], ["single-user", "rotated-rds/test"]);
  });

  it("deploys again with the same strategy", async () => {
    deployed(await run({}));
    assert.strictEqual((await run({})).all(T.instance).length, 1);
    assert.strictEqual(await strategyOfRun({}), "single-user");
  });

  for (const [from, to] of [
    ["single-user", "managed"],
    ["managed", "alternating-users"],
    ["alternating-users", "single-user"],
  ] as const) {
    it(`refuses ${from} -> ${to}, naming both and how to migrate`, async () => {
      const rotation = (s: typeof from | typeof to) => (s === "alternating-users" ? { strategy: s, applicationUsername: "app_user" } : { strategy: s });
      deployed(await run({ rotation: rotation(from) }));
      await assert.rejects(strategyOfRun({ rotation: rotation(to) }), (err: Error) => {
        assert.match(err.message, new RegExp(`rotation\\.strategy cannot change from "${from}" to "${to}" on an existing database`));
        assert.match(err.message, /To migrate: keep .* deploy a second RotatedDatabase .* under a new name/);
        return true;
      });
    });
  }

  it("ignores instances of another stack or another component", async () => {
    deployed(await run({}));
    mockedAccount.rdsInstances = mockedAccount.rdsInstances.map((i) => ({ ...i, tags: { ...i.tags, [STACK_TAG]: "rotated-rds/other" } }));
    assert.strictEqual((await run({ rotation: { strategy: "managed" } })).all(T.instance).length, 1);
  });
});
