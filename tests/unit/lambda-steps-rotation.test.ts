// Whole rotations through the handler, with no server: the test plays the rotation service
// (RotateSecret's AWSPENDING placeholder, then the four steps with one token and RotationToken),
// and Secrets Manager's retries after a crash.
import { strict as assert } from "assert";
import { DatabaseOperationError } from "../../rotation-lambda/errors";
import { ROTATION_STEPS } from "../../rotation-lambda/event";
import { AWSCURRENT, AWSPENDING, AWSPREVIOUS } from "../support/fakeSecretsManager";
import { fingerprint as fp } from "../support/fingerprint";
import { CURRENT_VERSION, RotationHarness } from "../support/rotationHarness";

const FIRST = "first-password-0001";
const MASTER = "master-password-0003";
const rotationToken = (token: string): string => `rotation-token-for-${token}`;

/** Starts a rotation as RotateSecret does and runs every step; returns the error of the first failing step. */
async function rotate(h: RotationHarness, token: string, options: { placeholder?: boolean } = {}): Promise<Error | undefined> {
  if (options.placeholder !== false) h.sm.seedPlaceholder(h.arn, token);
  const handler = h.handler();
  for (const Step of ROTATION_STEPS) {
    try {
      await handler({ Step, SecretId: h.arn, ClientRequestToken: token, RotationToken: rotationToken(token) });
    } catch (err) {
      return err as Error;
    }
  }
  return undefined;
}

function singleUser(): RotationHarness {
  const h = new RotationHarness();
  h.seedCurrent(h.secret({ username: "app", password: FIRST }));
  h.db.addUser("app", FIRST);
  return h;
}

/** No password, master password or RotationToken in any log line. */
function assertCleanLogs(h: RotationHarness, secrets: string[]): void {
  for (const value of secrets) {
    assert.ok(!h.logLines.some((l) => l.includes(value)), `a log line holds the value with fingerprint ${fp(value)}`);
  }
}

describe("a rotation through the handler, without services", () => {
  it("single-user: the database and AWSCURRENT end on the new password, the old version AWSPREVIOUS", async () => {
    const h = singleUser();
    assert.equal(await rotate(h, "tok-1"), undefined);

    const next = h.value("tok-1");
    assert.equal(h.db.passwordOf("app"), fp(next.password));
    assert.deepEqual(h.sm.stages(h.arn), { [CURRENT_VERSION]: [AWSPREVIOUS], "tok-1": [AWSCURRENT, AWSPENDING] });
    assert.deepEqual(
      h.db.logins.map((l) => `${l.username} ${l.password === fp(FIRST) ? "first" : l.password === fp(next.password) ? "new" : "?"} ${l.outcome}`),
      ["app first ok", "app new ok"],
      "setSecret logs in once with the current password, testSecret once with the new one",
    );
    const put = h.sm.calls.find((c) => c.command === "PutSecretValue");
    assert.equal(put?.input.RotationToken, fp(rotationToken("tok-1")));
    assert.equal(h.logs().filter((l) => l.message === "step finished").length, 4);
    assertCleanLogs(h, [FIRST, next.password, rotationToken("tok-1")]);
  });

  it("every step run again after the rotation finished is a no-op: one DescribeSecret each, no login", async () => {
    const h = singleUser();
    await rotate(h, "tok-1");
    h.sm.resetCalls();
    const logins = h.db.logins.length;
    h.logLines.length = 0;
    const handler = h.handler();
    for (const Step of ROTATION_STEPS) await handler({ Step, SecretId: h.arn, ClientRequestToken: "tok-1" });
    assert.deepEqual(h.sm.commandNames(), ["DescribeSecret", "DescribeSecret", "DescribeSecret", "DescribeSecret"]);
    assert.equal(h.db.logins.length, logins);
    assert.deepEqual(h.logSummary(), Array(4).fill("version is already AWSCURRENT; nothing to do"));
  });

  it("single-user: Secrets Manager's retry after setSecret died with the password changed completes the rotation", async () => {
    const h = singleUser();
    h.db.failStatement("setOwnPassword", new DatabaseOperationError("server closed the connection unexpectedly"), "after");
    const failed = await rotate(h, "tok-1");
    assert.ok(failed instanceof DatabaseOperationError, String(failed));
    assert.equal(failed.message, `setSecret failed for secret ${h.arn} version tok-1: server closed the connection unexpectedly`);
    assert.deepEqual(h.sm.stages(h.arn)[CURRENT_VERSION], [AWSCURRENT], "AWSCURRENT has not moved");

    const before = h.db.logins.length;
    assert.equal(await rotate(h, "tok-1", { placeholder: false }), undefined);
    assert.deepEqual(h.db.logins.slice(before).map((l) => l.outcome), ["refused", "ok", "ok"], "setSecret: current refused, pending works; testSecret: pending");
    assert.equal(h.db.passwordOf("app"), fp(h.value("tok-1").password));
    assert.deepEqual(h.sm.stages(h.arn)["tok-1"], [AWSCURRENT, AWSPENDING]);
  });

  it("single-user: two rotations in a row each start from the last one's password", async () => {
    const h = singleUser();
    await rotate(h, "tok-1");
    assert.equal(await rotate(h, "tok-2"), undefined);
    assert.equal(h.db.passwordOf("app"), fp(h.value("tok-2").password));
    assert.deepEqual(h.sm.stages(h.arn), { "tok-1": [AWSPREVIOUS], "tok-2": [AWSCURRENT, AWSPENDING] });
  });

  it("alternating-users: the users take turns and the previous one keeps working", async () => {
    const h = new RotationHarness();
    const masterArn = h.sm.addSecret("master");
    h.sm.seedVersion(masterArn, "m-1", { secretString: JSON.stringify({ username: "admin", password: MASTER }) }, [AWSCURRENT]);
    h.seedCurrent(h.secret({ username: "app", password: FIRST, masterarn: masterArn }));
    h.db.addUser("admin", MASTER);

    const users: string[] = [];
    for (const token of ["tok-1", "tok-2", "tok-3"]) {
      assert.equal(await rotate(h, token), undefined, `rotation ${token}`);
      const current = h.value(token);
      users.push(current.username);
      assert.equal(h.db.passwordOf(current.username), fp(current.password), `${token}: the new user has the new password`);
    }
    assert.deepEqual(users, ["app_clone", "app", "app_clone"]);
    assert.equal(h.db.passwordOf("app"), fp(h.value("tok-2").password), "the previous user still logs in with the AWSPREVIOUS version");
    assert.deepEqual(h.db.privilegesOf("app"), h.db.privilegesOf("app_clone"));
    assert.deepEqual(h.db.privilegesOf("app_clone"), ["ALL ON app", "CONNECT ON app"], "bootstrapped once, then copied");
    assertCleanLogs(h, [FIRST, MASTER, ...["tok-1", "tok-2", "tok-3"].map((t) => h.value(t).password)]);
  });
});
