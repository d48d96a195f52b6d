// testSecret without services: the pending credentials must log in and run a query.
import { strict as assert } from "assert";
import { AuthenticationError, DatabaseOperationError, DatabaseUnreachableError, InvalidSecretError } from "../../rotation-lambda/errors";
import { testSecret } from "../../rotation-lambda/steps/testSecret";
import { AWSPENDING } from "../support/fakeSecretsManager";
import { fingerprint as fp } from "../support/fingerprint";
import { HOST, RotationHarness, TOKEN } from "../support/rotationHarness";

const PENDING = "pending-password-0002";

function rotation(dbPassword: string): RotationHarness {
  const h = new RotationHarness();
  h.seedCurrent(h.secret({ username: "app", password: "current-password-0001" }));
  h.seed(TOKEN, h.secret({ username: "app", password: PENDING }), [AWSPENDING]);
  h.db.addUser("app", dbPassword);
  return h;
}

describe("testSecret", () => {
  it("logs in with the pending version, runs a query and closes the session", async () => {
    const h = rotation(PENDING);
    await testSecret(await h.context());
    assert.deepEqual(h.db.logins, [{ host: HOST, port: 5432, username: "app", dbname: "app", password: fp(PENDING), outcome: "ok" }]);
    assert.deepEqual(h.db.statements, [
      { as: "app", op: "ping", args: [] },
      { as: "app", op: "close", args: [] },
    ]);
    assert.deepEqual(h.sm.calls, [{ command: "GetSecretValue", input: { SecretId: h.arn, VersionId: TOKEN, VersionStage: AWSPENDING } }]);
    assert.deepEqual(h.logs(), [
      { level: "info", message: "login", secretArn: h.arn, credentials: "pending", username: "app", outcome: "ok" },
      { level: "info", message: "pending credentials log in", secretArn: h.arn },
    ]);
  });

  it("is a read-only check: running it twice changes nothing", async () => {
    const h = rotation(PENDING);
    await testSecret(await h.context());
    await testSecret(await h.context());
    assert.deepEqual(h.db.operations(), ["app ping", "app ping"]);
    assert.equal(h.db.passwordOf("app"), fp(PENDING));
  });

  it("refuses when the database does not take the pending password, without trying another", async () => {
    const h = rotation("current-password-0001");
    await assert.rejects(testSecret(await h.context()), (e: Error) => {
      assert.ok(e instanceof AuthenticationError, e.name);
      assert.equal(e.message, `the pending version ${TOKEN} of secret ${h.arn} does not log in as "app"`);
      return true;
    });
    assert.deepEqual(h.db.logins.map((l) => l.outcome), ["refused"]);
    assert.deepEqual(h.db.statements, []);
    assert.deepEqual(h.logSummary(), ["login pending refused"]);
  });

  it("closes the session when the query fails", async () => {
    const h = rotation(PENDING);
    h.db.failStatement("ping", new DatabaseOperationError("permission denied for database app"));
    await assert.rejects(testSecret(await h.context()), { message: "permission denied for database app" });
    assert.equal(h.db.openSessions(), 0);
    assert.deepEqual(h.db.statements.map((s) => s.op), ["ping", "close"]);
    assert.ok(!h.logSummary().includes("pending credentials log in"));
  });

  it("lets an unreachable server through as such", async () => {
    const h = rotation(PENDING);
    h.db.down = true;
    await assert.rejects(testSecret(await h.context()), (e: Error) => e instanceof DatabaseUnreachableError);
    assert.deepEqual(h.logSummary(), ["login pending unreachable"]);
  });

  it("fails naming the version when pending is unreadable", async () => {
    const h = new RotationHarness();
    h.sm.seedPlaceholder(h.arn, TOKEN);
    await assert.rejects(testSecret(await h.context()), (e: Error) =>
      e instanceof InvalidSecretError && e.message === `AWSPENDING version ${TOKEN} of secret ${h.arn} has no SecretString`);
  });
});
