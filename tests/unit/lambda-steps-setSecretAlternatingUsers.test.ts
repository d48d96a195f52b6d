// alternating-users setSecret without services: logged in as the master user, it makes the pending
// twin exist with the pending password and the current user's privileges, or bootstraps it on the
// first rotation; and it refuses a master secret it cannot use.
import { strict as assert } from "assert";
import { AuthenticationError, DatabaseOperationError, DatabaseUnreachableError, InvalidSecretError } from "../../rotation-lambda/errors";
import { setSecret } from "../../rotation-lambda/steps/setSecret";
import { AWSCURRENT, AWSPENDING } from "../support/fakeSecretsManager";
import { fingerprint as fp } from "../support/fingerprint";
import { MYSQL_SHAPE, type EngineShape } from "../support/recordingEngine";
import { HOST, RotationHarness, TOKEN } from "../support/rotationHarness";

const CURRENT = "current-password-0001";
const PENDING = "pending-password-0002";
const MASTER = "master-password-0003";
const PRIVILEGES = ["SELECT ON app.*", "INSERT ON app.*"];

interface Setup {
  current?: string;
  pending?: string;
  master?: Record<string, unknown>;
  shape?: EngineShape;
  fields?: Record<string, unknown>;
}

/** Secret `app-db` rotating `current` → `pending` with master secret `master`; the database has the master user only. */
function rotation(setup: Setup = {}): { h: RotationHarness; masterArn: string; what: string } {
  const h = new RotationHarness({ ...(setup.shape ? { shape: setup.shape } : {}) });
  const masterArn = h.sm.addSecret("master");
  const master = setup.master ?? { username: "admin", password: MASTER };
  h.sm.seedVersion(masterArn, "m-1", { secretString: JSON.stringify(master) }, [AWSCURRENT]);
  const fields = { masterarn: masterArn, ...setup.fields };
  h.seedCurrent(h.secret({ username: setup.current ?? "app", password: CURRENT, ...fields }));
  h.seed(TOKEN, h.secret({ username: setup.pending ?? "app_clone", password: PENDING, ...fields }), [AWSPENDING]);
  h.db.addUser("admin", MASTER);
  return { h, masterArn, what: `master secret ${masterArn} (masterarn of ${h.arn})` };
}

describe("alternating-users setSecret", () => {
  it("when the clone is missing: creates it with the pending password and copies the current user's privileges", async () => {
    const { h, masterArn } = rotation();
    h.db.addUser("app", CURRENT, PRIVILEGES);
    await setSecret(await h.context());

    assert.deepEqual(h.db.logins, [{ host: HOST, port: 5432, username: "admin", dbname: "app", password: fp(MASTER), outcome: "ok" }]);
    assert.deepEqual(h.db.statements, [
      { as: "admin", op: "userExists", args: ["app"] },
      { as: "admin", op: "createOrUpdateUser", args: ["app_clone", fp(PENDING)] },
      { as: "admin", op: "copyPrivileges", args: ["app", "app_clone"] },
      { as: "admin", op: "close", args: [] },
    ]);
    assert.equal(h.db.passwordOf("app_clone"), fp(PENDING));
    assert.deepEqual(h.db.privilegesOf("app_clone"), h.db.privilegesOf("app"));
    assert.equal(h.db.passwordOf("app"), fp(CURRENT), "the current user keeps working");
    assert.deepEqual(h.sm.calls.at(-1), { command: "GetSecretValue", input: { SecretId: masterArn } });
    assert.deepEqual(h.logs(), [
      { level: "info", message: "login", secretArn: h.arn, credentials: "master", username: "admin", outcome: "ok" },
      { level: "info", message: "set the pending user", secretArn: h.arn, username: "app_clone" },
    ]);
  });

  it("when the clone exists: sets its password and copies the privileges again", async () => {
    const { h } = rotation();
    h.db.addUser("app", CURRENT, PRIVILEGES).addUser("app_clone", "old-clone-password", ["SELECT ON app.*"]);
    await setSecret(await h.context());
    assert.deepEqual(h.db.operations(), ["admin userExists", "admin createOrUpdateUser", "admin copyPrivileges"]);
    assert.equal(h.db.passwordOf("app_clone"), fp(PENDING));
    assert.deepEqual(h.db.privilegesOf("app_clone"), [...PRIVILEGES].sort());
  });

  it("rotating back from the clone to the original user", async () => {
    const { h } = rotation({ current: "app_clone", pending: "app" });
    h.db.addUser("app_clone", CURRENT, PRIVILEGES).addUser("app", "old-password");
    await setSecret(await h.context());
    assert.deepEqual(h.db.statements.slice(0, 3).map((s) => s.args), [["app_clone"], ["app", fp(PENDING)], ["app_clone", "app"]]);
    assert.equal(h.db.passwordOf("app"), fp(PENDING));
  });

  it("first rotation (the current user does not exist yet): bootstraps the pending user with access to the secret's database", async () => {
    const { h } = rotation();
    await setSecret(await h.context());
    assert.deepEqual(h.db.statements, [
      { as: "admin", op: "userExists", args: ["app"] },
      { as: "admin", op: "createOrUpdateUser", args: ["app_clone", fp(PENDING)] },
      { as: "admin", op: "grantDatabaseAccess", args: ["app_clone", "app"] },
      { as: "admin", op: "close", args: [] },
    ]);
    assert.ok(!h.db.hasUser("app"));
    assert.deepEqual(h.logSummary(), [
      "login master ok",
      "current user does not exist yet; bootstrapped the pending user with access to the database",
      "set the pending user",
    ]);
    assert.equal(h.logs()[1]!.username, "app_clone");
  });

  it("first rotation without a dbname: grants on the engine's default database", async () => {
    const { h } = rotation({ fields: { dbname: undefined } });
    await setSecret(await h.context());
    assert.deepEqual(h.db.statements.find((s) => s.op === "grantDatabaseAccess")?.args, ["app_clone", "postgres"]);
    assert.equal(h.db.logins[0]!.dbname, "postgres");
  });

  it("a second call leaves the same state: the password and privileges it set", async () => {
    const { h } = rotation();
    h.db.addUser("app", CURRENT, PRIVILEGES);
    await setSecret(await h.context());
    h.db.statements.length = 0;
    await setSecret(await h.context());
    assert.deepEqual(h.db.operations(), ["admin userExists", "admin createOrUpdateUser", "admin copyPrivileges"]);
    assert.equal(h.db.passwordOf("app_clone"), fp(PENDING));
    assert.deepEqual(h.db.privilegesOf("app_clone"), [...PRIVILEGES].sort());
    assert.equal(h.db.openSessions(), 0);
  });

  it("after a crash while copying privileges, closes the session and the retry completes", async () => {
    const { h } = rotation();
    h.db.addUser("app", CURRENT, PRIVILEGES);
    h.db.failStatement("copyPrivileges", new DatabaseOperationError("lost connection"));
    await assert.rejects(setSecret(await h.context()), { message: "lost connection" });
    assert.equal(h.db.openSessions(), 0);
    assert.deepEqual(h.db.privilegesOf("app_clone"), []);
    assert.ok(!h.logSummary().includes("set the pending user"));

    await setSecret(await h.context());
    assert.deepEqual(h.db.privilegesOf("app_clone"), [...PRIVILEGES].sort());
  });

  it("uses the host and port of our secret for an RDS-managed master secret (username and password only)", async () => {
    const { h } = rotation({ shape: MYSQL_SHAPE, fields: { port: undefined } });
    h.db.addUser("app", CURRENT);
    await setSecret(await h.context());
    assert.deepEqual(h.db.logins.map((l) => [l.host, l.port, l.username, l.outcome]), [[HOST, 3306, "admin", "ok"]]);
  });

  it("uses the master secret's own port when it names one", async () => {
    const { h } = rotation({ master: { username: "admin", password: MASTER, host: HOST, port: 6543 } });
    await assert.rejects(setSecret(await h.context()), (e: Error) => e instanceof DatabaseUnreachableError);
    assert.deepEqual(h.db.logins.map((l) => [l.host, l.port, l.outcome]), [[HOST, 6543, "unreachable"]]);
  });

  it("accepts a master secret that names the same host", async () => {
    const { h } = rotation({ master: { username: "admin", password: MASTER, host: HOST, port: 5432 } });
    await setSecret(await h.context());
    assert.equal(h.db.passwordOf("app_clone"), fp(PENDING));
  });

  it("registers the master password with the redactor", async () => {
    const { h } = rotation();
    const ctx = await h.context();
    await setSecret(ctx);
    assert.equal(ctx.redactor.scrub(MASTER), "[redacted]");
  });

  describe("refuses", () => {
    it("a pending user that is not the twin of the current one, before reading the master secret", async () => {
      const { h } = rotation({ pending: "other" });
      await assert.rejects(setSecret(await h.context()), (e: Error) => {
        assert.ok(e instanceof InvalidSecretError, e.name);
        assert.equal(e.message, `alternating-users: pending version ${TOKEN} of secret ${h.arn} must name the twin of the current user`);
        return true;
      });
      assert.equal(h.sm.calls.length, 2);
      assert.deepEqual(h.db.logins, []);
    });

    it("a master secret it may not read, naming the error's class only", async () => {
      const { h, masterArn, what } = rotation();
      const denied = Object.assign(new Error(`User is not authorized to access ${masterArn}`), { name: "AccessDeniedException" });
      h.sm.failNext("GetSecretValue", denied, { when: (input) => input.SecretId === masterArn });
      await assert.rejects(setSecret(await h.context()), (e: Error) => {
        assert.ok(e instanceof InvalidSecretError, e.name);
        assert.equal(e.message, `cannot read ${what}: AccessDeniedException`);
        assert.equal(e.cause, denied);
        return true;
      });
      assert.deepEqual(h.db.logins, []);
    });

    it("a master secret without a current value", async () => {
      const { h, masterArn, what } = rotation();
      h.sm.clearStages(masterArn, "m-1");
      await assert.rejects(setSecret(await h.context()), (e: Error) =>
        e instanceof InvalidSecretError && e.message === `${what} does not exist or has no current value`);
    });

    it("a master secret that does not exist", async () => {
      const { h } = rotation({ fields: { masterarn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:gone-AbCdEf" } });
      await assert.rejects(setSecret(await h.context()), {
        message: `master secret arn:aws:secretsmanager:us-east-1:123456789012:secret:gone-AbCdEf (masterarn of ${h.arn}) does not exist or has no current value`,
      });
    });

    it("a master secret lacking its password", async () => {
      const { h, what } = rotation({ master: { username: "admin" } });
      await assert.rejects(setSecret(await h.context()), { message: `${what} lacks the field "password" (a non-empty string)` });
      assert.deepEqual(h.db.logins, []);
    });

    it("a master secret naming another host, before any login", async () => {
      const { h, what } = rotation({ master: { username: "admin", password: MASTER, host: "other-db.example.internal" } });
      await assert.rejects(setSecret(await h.context()), (e: Error) =>
        e instanceof InvalidSecretError && e.message === `${what} names another host than secret ${h.arn}; refusing to rotate`);
      assert.deepEqual(h.db.logins, [], "the master password went nowhere");
    });

    it("master credentials the database refuses", async () => {
      const { h, what } = rotation({ master: { username: "admin", password: "wrong-master-password" } });
      await assert.rejects(setSecret(await h.context()), (e: Error) =>
        e instanceof AuthenticationError && e.message === `the database refused the credentials in ${what}`);
      assert.deepEqual(h.logSummary(), ["login master refused"]);
      assert.deepEqual(h.db.statements, []);
    });
  });
});
