// createSecret without services: what it writes, when it reuses what is there, and how it frees a
// pending version it can never use.
import { strict as assert } from "assert";
import { ResourceNotFoundException } from "@aws-sdk/client-secrets-manager";
import { InvalidSecretError } from "../../rotation-lambda/errors";
import { createSecret } from "../../rotation-lambda/steps/createSecret";
import { AWSCURRENT, AWSPENDING, AWSPREVIOUS } from "../support/fakeSecretsManager";
import { fingerprint } from "../support/fingerprint";
import { MYSQL_SHAPE, POSTGRES_SHAPE } from "../support/recordingEngine";
import { CURRENT_VERSION, RotationHarness, TOKEN } from "../support/rotationHarness";

const OLD = "current-password-0001";
const MASTER_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:master-XyZ";

function singleUser(): RotationHarness {
  const h = new RotationHarness();
  h.seedCurrent(h.secret({ username: "app", password: OLD, dbInstanceIdentifier: "app-db", extra: { keep: true } }));
  h.sm.seedPlaceholder(h.arn, TOKEN);
  return h;
}

const readPendingCall = { command: "GetSecretValue", input: { SecretId: "", VersionId: TOKEN, VersionStage: AWSPENDING } };

describe("createSecret", () => {
  it("writes a new password under AWSPENDING, keeping every other field of the current version", async () => {
    const h = singleUser();
    await createSecret(await h.context(TOKEN, { rotationToken: "rotation-token-xyz" }));

    const pending = h.value(TOKEN);
    const current = h.value(CURRENT_VERSION);
    assert.deepEqual({ ...pending, password: "<new>" }, { ...current, password: "<new>" }, "every field but the password kept");
    assert.equal(pending.password.length, 32);
    assert.notEqual(fingerprint(pending.password), fingerprint(OLD), "a new password");
    assert.deepEqual(h.sm.stages(h.arn), { [CURRENT_VERSION]: [AWSCURRENT], [TOKEN]: [AWSPENDING] });
    assert.deepEqual(h.sm.calls, [
      { ...readPendingCall, input: { ...readPendingCall.input, SecretId: h.arn } },
      { command: "GetSecretValue", input: { SecretId: h.arn, VersionStage: AWSCURRENT } },
      { command: "GetRandomPassword", input: { PasswordLength: 32 } },
      {
        command: "PutSecretValue",
        input: {
          SecretId: h.arn,
          ClientRequestToken: TOKEN,
          SecretString: fingerprint(h.sm.secretString(h.arn, TOKEN)!),
          VersionStages: [AWSPENDING],
          RotationToken: fingerprint("rotation-token-xyz"),
        },
      },
    ]);
    assert.deepEqual(h.logs().at(-1), {
      level: "info",
      message: "created pending version",
      secretArn: h.arn,
      username: "app",
      strategy: "single-user",
    });
  });

  it("asks for the configured password length and excluded characters", async () => {
    const h = singleUser();
    h.config = { ...h.config, passwordLength: 40, excludeCharacters: "abc" };
    await createSecret(await h.context());
    assert.deepEqual(h.sm.calls.find((c) => c.command === "GetRandomPassword")?.input, { PasswordLength: 40, ExcludeCharacters: "abc" });
    assert.equal(h.value(TOKEN).password.length, 40);
  });

  it("sends no RotationToken when the event had none", async () => {
    const h = singleUser();
    await createSecret(await h.context());
    const put = h.sm.calls.find((c) => c.command === "PutSecretValue");
    assert.ok(put && !("RotationToken" in put.input), JSON.stringify(put?.input));
  });

  it("registers the new password with the redactor before anything can log it", async () => {
    const h = singleUser();
    const ctx = await h.context();
    await createSecret(ctx);
    const password = h.value(TOKEN).password;
    assert.equal(ctx.redactor.scrub(`x ${password} y`), "x [redacted] y");
    assert.equal(ctx.redactor.scrub(`x ${OLD} y`), "x [redacted] y", "the current password read is registered too");
    assert.ok(!h.logLines.some((l) => l.includes(password) || l.includes(OLD)));
  });

  it("reuses a pending version that already holds a valid secret: a second call is a no-op", async () => {
    const h = singleUser();
    await createSecret(await h.context());
    const first = h.sm.secretString(h.arn, TOKEN);
    h.logLines.length = 0;

    await createSecret(await h.context());
    assert.equal(h.sm.secretString(h.arn, TOKEN), first, "pending value unchanged");
    assert.deepEqual(h.sm.calls, [{ command: "GetSecretValue", input: { SecretId: h.arn, VersionId: TOKEN, VersionStage: AWSPENDING } }]);
    assert.deepEqual(h.logSummary(), ["pending version already holds a secret; reusing it"]);
  });

  it("after a PutSecretValue that failed before writing, the retry writes", async () => {
    const h = singleUser();
    h.sm.failNext("PutSecretValue", new Error("socket hang up"));
    await assert.rejects(createSecret(await h.context()), /socket hang up/);
    assert.equal(h.sm.secretString(h.arn, TOKEN), undefined, "the failed call wrote nothing");

    await createSecret(await h.context());
    assert.equal(h.value(TOKEN).username, "app");
    assert.deepEqual(h.sm.commandNames(), ["GetSecretValue", "GetSecretValue", "GetRandomPassword", "PutSecretValue"]);
  });

  it("after a crash once PutSecretValue had written, the retry reuses what was written", async () => {
    const h = singleUser();
    h.sm.failNext("PutSecretValue", new Error("socket hang up"), { afterEffect: true });
    await assert.rejects(createSecret(await h.context()), /socket hang up/);
    const written = h.sm.secretString(h.arn, TOKEN);
    assert.ok(written, "the write landed");

    await createSecret(await h.context());
    assert.equal(h.sm.secretString(h.arn, TOKEN), written);
    assert.deepEqual(h.sm.commandNames(), ["GetSecretValue"], "the retry only read");
  });

  for (const [what, seed, message] of [
    ["not JSON", { secretString: "not json" }, `AWSPENDING version ${TOKEN} of secret <arn> is not valid JSON`],
    ["binary only", { secretBinary: new Uint8Array([1, 2, 3]) }, `AWSPENDING version ${TOKEN} of secret <arn> has no SecretString`],
    [
      "missing a field",
      { secretString: JSON.stringify({ engine: "postgres", host: "h", username: "app" }) },
      `AWSPENDING version ${TOKEN} of secret <arn> lacks the field "password" (a non-empty string)`,
    ],
  ] as const) {
    it(`frees AWSPENDING and fails clearly when the pending version is ${what}`, async () => {
      const h = new RotationHarness();
      h.seedCurrent(h.secret({ username: "app", password: OLD }));
      h.sm.seedVersion(h.arn, TOKEN, seed, [AWSPENDING]);
      await assert.rejects(createSecret(await h.context()), (e: Error) => {
        assert.ok(e instanceof InvalidSecretError, e.name);
        assert.equal(e.message, `${message.replace("<arn>", h.arn)}; removed its AWSPENDING label so the next rotation can start over`);
        assert.ok(e.cause instanceof InvalidSecretError, "the parse error is the cause");
        return true;
      });
      assert.deepEqual(h.sm.calls.slice(1), [
        { command: "UpdateSecretVersionStage", input: { SecretId: h.arn, VersionStage: AWSPENDING, RemoveFromVersionId: TOKEN } },
      ]);
      assert.deepEqual(h.sm.stages(h.arn), { [CURRENT_VERSION]: [AWSCURRENT] }, "no version is AWSPENDING any more");
    });
  }

  it("lets a Secrets Manager failure reading the pending version through, touching nothing", async () => {
    const h = singleUser();
    h.sm.failNext("GetSecretValue", Object.assign(new Error("denied"), { name: "AccessDeniedException" }));
    await assert.rejects(createSecret(await h.context()), { name: "AccessDeniedException", message: "denied" });
    assert.deepEqual(h.sm.commandNames(), ["GetSecretValue"]);
  });

  it("fails naming AWSCURRENT when the current version is unreadable", async () => {
    const h = new RotationHarness();
    h.sm.seedVersion(h.arn, CURRENT_VERSION, { secretString: "{}" }, [AWSCURRENT]);
    h.sm.seedPlaceholder(h.arn, TOKEN);
    await assert.rejects(
      createSecret(await h.context()),
      (e: Error) => e instanceof InvalidSecretError && e.message === `AWSCURRENT of secret ${h.arn} lacks the field "engine" (a non-empty string)`,
    );
    assert.deepEqual(h.sm.commandNames(), ["GetSecretValue", "GetSecretValue"], "nothing written");
  });

  it("treats a missing current version as unreadable", async () => {
    const h = new RotationHarness();
    h.sm.seedPlaceholder(h.arn, TOKEN);
    await assert.rejects(createSecret(await h.context()), { message: `AWSCURRENT of secret ${h.arn} has no SecretString` });
  });

  describe("alternating-users", () => {
    function alternating(username: string, shape = MYSQL_SHAPE): RotationHarness {
      const h = new RotationHarness({ shape });
      h.seedCurrent(h.secret({ username, password: OLD, masterarn: MASTER_ARN }));
      h.sm.seedPlaceholder(h.arn, TOKEN);
      return h;
    }

    it("names the clone when the current user is the original", async () => {
      const h = alternating("app");
      await createSecret(await h.context());
      const pending = h.value(TOKEN);
      assert.equal(pending.username, "app_clone");
      assert.equal(pending.masterarn, MASTER_ARN);
      assert.deepEqual(h.logs().at(-1), { level: "info", message: "created pending version", secretArn: h.arn, username: "app_clone", strategy: "alternating-users" });
    });

    it("names the original when the current user is the clone", async () => {
      const h = alternating("app_clone");
      await createSecret(await h.context());
      assert.equal(h.value(TOKEN).username, "app");
    });

    it("accepts a clone name exactly as long as the engine allows", async () => {
      const h = alternating("u".repeat(32 - "_clone".length));
      await createSecret(await h.context());
      assert.equal(h.value(TOKEN).username.length, 32);
    });

    it("refuses a clone name longer than the engine allows, in the engine's unit, before generating a password", async () => {
      const name = "u".repeat(33 - "_clone".length);
      const h = alternating(name);
      await assert.rejects(createSecret(await h.context()), (e: Error) => {
        assert.ok(e instanceof InvalidSecretError, e.name);
        assert.equal(
          e.message,
          `alternating-users: user name "${name}_clone" would be 33 characters long; mysql allows at most 32. Shorten the user name in secret ${h.arn}`,
        );
        return true;
      });
      assert.deepEqual(h.sm.commandNames(), ["GetSecretValue", "GetSecretValue"]);
    });

    it("measures the clone name in the engine's unit (PostgreSQL: bytes)", async () => {
      const name = "é".repeat(29); // 58 bytes, 29 characters
      const h = alternating(name, POSTGRES_SHAPE);
      await assert.rejects(createSecret(await h.context()), {
        message: `alternating-users: user name "${name}_clone" would be 64 bytes long; postgres allows at most 63. Shorten the user name in secret ${h.arn}`,
      });
    });

    it("a single-user secret keeps its user name whatever its length", async () => {
      const h = new RotationHarness({ shape: MYSQL_SHAPE });
      h.seedCurrent(h.secret({ username: "u".repeat(40), password: OLD }));
      h.sm.seedPlaceholder(h.arn, TOKEN);
      await createSecret(await h.context());
      assert.equal(h.value(TOKEN).username, "u".repeat(40));
    });
  });

  it("the fake refuses to change an existing version's value, as AWS does", async () => {
    const h = singleUser();
    await createSecret(await h.context());
    await assert.rejects(h.sm.api().putPendingValue(h.arn, TOKEN, "{}"), (e: Error) => e.name === "ResourceExistsException");
    await h.sm.api().putPendingValue(h.arn, TOKEN, h.sm.secretString(h.arn, TOKEN)!);
    assert.deepEqual(h.sm.stages(h.arn)[TOKEN], [AWSPENDING], "an identical retry is ignored");
    assert.ok(!Object.values(h.sm.stages(h.arn)).flat().includes(AWSPREVIOUS));
    assert.equal(await h.sm.api().getSecretString(h.arn, { versionId: "nope" }), undefined);
    h.sm.failNext("GetSecretValue", new ResourceNotFoundException({ message: "gone", $metadata: {} }));
    assert.equal(await h.sm.api().getSecretString(h.arn, { stage: AWSCURRENT }), undefined);
  });
});
