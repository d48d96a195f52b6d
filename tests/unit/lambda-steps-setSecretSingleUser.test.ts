// single-user setSecret without services: which versions' passwords it logs in with and in what
// order, that it never tries a version naming another user or another host, the unlabelled-version
// limit, and what it does when it already ran. Passwords appear only as fingerprints.
import { strict as assert } from "assert";
import { MAX_UNLABELLED_VERSIONS_TRIED } from "../../rotation-lambda/contract";
import { AuthenticationError, DatabaseOperationError, DatabaseUnreachableError, InvalidSecretError } from "../../rotation-lambda/errors";
import { setSecret } from "../../rotation-lambda/steps/setSecret";
import { AWSCURRENT, AWSPENDING, AWSPREVIOUS } from "../support/fakeSecretsManager";
import { fingerprint as fp } from "../support/fingerprint";
import { MYSQL_SHAPE, type RecordedLogin } from "../support/recordingEngine";
import { CURRENT_VERSION, HOST, RotationHarness, TOKEN } from "../support/rotationHarness";

const CURRENT = "current-password-0001";
const PENDING = "pending-password-0002";
const PREVIOUS = "previous-password-0000";
const unlabelledPassword = (i: number): string => `unlabelled-password-${i}`;

/** A secret at AWSCURRENT, a pending version for TOKEN, and user `app` whose password is `dbPassword`. */
function rotation(dbPassword: string, options: { previous?: boolean } = {}): RotationHarness {
  const h = new RotationHarness();
  if (options.previous) h.seed("ver-prev", h.secret({ username: "app", password: PREVIOUS }), [AWSPREVIOUS]);
  h.seedCurrent(h.secret({ username: "app", password: CURRENT }));
  h.seed(TOKEN, h.secret({ username: "app", password: PENDING }), [AWSPENDING]);
  h.db.addUser("app", dbPassword);
  return h;
}

/** Unlabelled versions ver-u1 (oldest) .. ver-u<n> (newest), each with its own password. */
function seedUnlabelled(h: RotationHarness, n: number, fields: Record<string, unknown> = {}): void {
  for (let i = 1; i <= n; i++) h.seed(`ver-u${i}`, { ...h.secret({ username: "app", password: unlabelledPassword(i) }), ...fields });
}

/** Which credentials each login used, as `<password fingerprint> <outcome>`. */
const tried = (logins: RecordedLogin[]): string[] => logins.map((l) => `${l.password} ${l.outcome}`);

const noVersionLogsIn = (arn: string): string =>
  `single-user: no version of secret ${arn} logs in as "app" (tried current, pending, previous and recent unlabelled versions)`;

describe("single-user setSecret", () => {
  describe("on the normal path", () => {
    it("logs in with the current password, sets the pending one, closes the session: one login", async () => {
      const h = rotation(CURRENT);
      await setSecret(await h.context());
      assert.deepEqual(h.db.logins, [{ host: HOST, port: 5432, username: "app", dbname: "app", password: fp(CURRENT), outcome: "ok" }]);
      assert.deepEqual(h.db.statements, [
        { as: "app", op: "setOwnPassword", args: [fp(PENDING)] },
        { as: "app", op: "close", args: [] },
      ]);
      assert.equal(h.db.passwordOf("app"), fp(PENDING), "the database now has the pending password");
      assert.equal(h.db.openSessions(), 0);
      assert.deepEqual(h.sm.calls, [
        { command: "GetSecretValue", input: { SecretId: h.arn, VersionStage: AWSCURRENT } },
        { command: "GetSecretValue", input: { SecretId: h.arn, VersionId: TOKEN, VersionStage: AWSPENDING } },
      ], "no version listing on the normal path");
      assert.deepEqual(h.logs(), [
        { level: "info", message: "login", secretArn: h.arn, credentials: "current", username: "app", outcome: "ok" },
        { level: "info", message: "set the pending password", secretArn: h.arn, username: "app" },
      ]);
    });

    it("uses the engine's port and database when the secret names none", async () => {
      const h = new RotationHarness();
      h.seedCurrent({ engine: "postgres", host: HOST, username: "app", password: CURRENT, dbname: "" });
      h.seed(TOKEN, { engine: "postgres", host: HOST, username: "app", password: PENDING, dbname: "" }, [AWSPENDING]);
      h.db.addUser("app", CURRENT);
      await setSecret(await h.context());
      assert.deepEqual(h.db.logins.map((l) => [l.port, l.dbname]), [[5432, "postgres"]]);
    });

    it("MySQL: no database when the secret names none and the engine has no default", async () => {
      const h = new RotationHarness({ shape: MYSQL_SHAPE });
      h.seedCurrent({ engine: "mysql", host: HOST, username: "app", password: CURRENT });
      h.seed(TOKEN, { engine: "mysql", host: HOST, username: "app", password: PENDING }, [AWSPENDING]);
      h.db.addUser("app", CURRENT);
      await setSecret(await h.context());
      assert.deepEqual(h.db.logins, [{ host: HOST, port: 3306, username: "app", password: fp(CURRENT), outcome: "ok" }], "no dbname key at all");
    });
  });

  describe("when it already ran", () => {
    it("a second call finds the pending password working and changes nothing", async () => {
      const h = rotation(CURRENT);
      await setSecret(await h.context());
      h.db.statements.length = 0;
      h.logLines.length = 0;

      await setSecret(await h.context());
      assert.deepEqual(tried(h.db.logins.slice(1)), [`${fp(CURRENT)} refused`, `${fp(PENDING)} ok`], "current first, then pending");
      assert.deepEqual(h.db.statements, [{ as: "app", op: "close", args: [] }], "no password change");
      assert.deepEqual(h.logSummary(), ["login current refused", "login pending ok", "pending credentials already log in; nothing to set"]);
      assert.ok(!h.sm.commandNames().includes("ListSecretVersionIds"), "no other version looked at");
      assert.equal(h.db.openSessions(), 0);
    });

    it("after a crash once the password change took effect, the retry is a no-op", async () => {
      const h = rotation(CURRENT);
      h.db.failStatement("setOwnPassword", new DatabaseOperationError("connection reset"), "after");
      await assert.rejects(setSecret(await h.context()), { message: "connection reset" });
      assert.equal(h.db.openSessions(), 0, "the session is closed even when the statement fails");
      assert.equal(h.db.passwordOf("app"), fp(PENDING));

      h.db.statements.length = 0;
      await setSecret(await h.context());
      assert.deepEqual(h.db.operations(), []);
    });

    it("after a password change that failed before taking effect, the retry sets it", async () => {
      const h = rotation(CURRENT);
      h.db.failStatement("setOwnPassword", new DatabaseOperationError("statement timeout"), "before");
      await assert.rejects(setSecret(await h.context()), { message: "statement timeout" });
      assert.equal(h.db.passwordOf("app"), fp(CURRENT));
      assert.equal(h.db.openSessions(), 0);

      await setSecret(await h.context());
      assert.equal(h.db.passwordOf("app"), fp(PENDING));
    });
  });

  describe("which versions it tries, in order", () => {
    it("current, pending, then previous, and sets the password through the one that works", async () => {
      const h = rotation(PREVIOUS, { previous: true });
      const ctx = await h.context();
      const started = Date.now();
      await setSecret(ctx);
      const elapsed = Date.now() - started;
      for (const line of h.logLines.map((l) => JSON.parse(l) as { message: string; durationMs?: number }).filter((l) => l.message === "login")) {
        assert.ok(line.durationMs !== undefined && line.durationMs >= 0 && line.durationMs <= elapsed, `login durationMs ${line.durationMs} within the call's ${elapsed} ms`);
      }
      assert.deepEqual(tried(h.db.logins), [`${fp(CURRENT)} refused`, `${fp(PENDING)} refused`, `${fp(PREVIOUS)} ok`]);
      assert.deepEqual(h.db.operations(), ["app setOwnPassword"]);
      assert.equal(h.db.passwordOf("app"), fp(PENDING));
      assert.deepEqual(h.logSummary(), ["login current refused", "login pending refused", "login previous ok", "set the pending password"]);
      assert.deepEqual(h.sm.commandNames(), ["GetSecretValue", "GetSecretValue", "ListSecretVersionIds", "ListSecretVersionIds", "GetSecretValue"]);
      assert.deepEqual(h.sm.calls.at(-1)!.input, { SecretId: h.arn, VersionId: "ver-prev" });
    });

    it("then unlabelled versions, newest first, after previous", async () => {
      const h = rotation(unlabelledPassword(2), { previous: true });
      seedUnlabelled(h, 3);
      await setSecret(await h.context());
      assert.deepEqual(tried(h.db.logins), [
        `${fp(CURRENT)} refused`,
        `${fp(PENDING)} refused`,
        `${fp(PREVIOUS)} refused`,
        `${fp(unlabelledPassword(3))} refused`,
        `${fp(unlabelledPassword(2))} ok`,
      ]);
      assert.deepEqual(h.logSummary().slice(3), ["login unlabelled refused", "login unlabelled ok", "set the pending password"]);
      assert.ok(!h.sm.calls.some((c) => c.input.VersionId === "ver-u1"), "stops reading once one works");
      assert.equal(h.db.passwordOf("app"), fp(PENDING));
    });

    it(`tries at most ${MAX_UNLABELLED_VERSIONS_TRIED} unlabelled versions, then fails naming what it tried`, async () => {
      const h = rotation(unlabelledPassword(2));
      seedUnlabelled(h, MAX_UNLABELLED_VERSIONS_TRIED + 2);
      await assert.rejects(setSecret(await h.context()), (e: Error) => {
        assert.ok(e instanceof AuthenticationError, e.name);
        assert.equal(e.message, noVersionLogsIn(h.arn));
        return true;
      });
      assert.deepEqual(
        tried(h.db.logins),
        [`${fp(CURRENT)} refused`, `${fp(PENDING)} refused`, ...[5, 4, 3].map((i) => `${fp(unlabelledPassword(i))} refused`)],
        "the 4th newest unlabelled version holds the database's password but is past the limit",
      );
      const read = h.sm.calls.filter((c) => c.command === "GetSecretValue").map((c) => c.input.VersionId ?? c.input.VersionStage);
      assert.deepEqual(read, [AWSCURRENT, TOKEN, "ver-u5", "ver-u4", "ver-u3"]);
      assert.deepEqual(h.db.operations(), []);
    });

    it("the limit counts only unlabelled versions: previous comes on top", async () => {
      const h = rotation(unlabelledPassword(1), { previous: true });
      seedUnlabelled(h, MAX_UNLABELLED_VERSIONS_TRIED);
      await setSecret(await h.context());
      assert.equal(h.db.logins.length, 3 + MAX_UNLABELLED_VERSIONS_TRIED);
      assert.equal(h.db.logins.at(-1)!.outcome, "ok");
    });

    it("skips versions it cannot read or parse and goes on to the next", async () => {
      const h = rotation(unlabelledPassword(1));
      seedUnlabelled(h, 1);
      h.sm.seedVersion(h.arn, "ver-binary", { secretBinary: new Uint8Array([1]) }, []);
      h.sm.seedVersion(h.arn, "ver-empty", {}, []);
      h.sm.seedVersion(h.arn, "ver-text", { secretString: "not json" }, [AWSPREVIOUS]);
      await setSecret(await h.context());
      assert.deepEqual(tried(h.db.logins), [`${fp(CURRENT)} refused`, `${fp(PENDING)} refused`, `${fp(unlabelledPassword(1))} ok`]);
      const read = h.sm.calls.filter((c) => c.command === "GetSecretValue").slice(2).map((c) => c.input.VersionId);
      assert.deepEqual(read, ["ver-text", "ver-empty", "ver-binary", "ver-u1"]);
    });

    it("never tries the pending version again, even when it also carries AWSPREVIOUS", async () => {
      const h = new RotationHarness();
      h.seedCurrent(h.secret({ username: "app", password: CURRENT }));
      h.seed(TOKEN, h.secret({ username: "app", password: PENDING }), [AWSPENDING, AWSPREVIOUS]);
      h.db.addUser("app", "some-other-password");
      await assert.rejects(setSecret(await h.context()), { message: noVersionLogsIn(h.arn) });
      assert.deepEqual(tried(h.db.logins), [`${fp(CURRENT)} refused`, `${fp(PENDING)} refused`]);
    });

    it("tries each version once when labels change after DescribeSecret", async () => {
      const h = rotation("some-other-password", { previous: true });
      const ctx = await h.context();
      // Between DescribeSecret and the listing, an operator clears the labels of previous and pending.
      h.sm.beforeNext("ListSecretVersionIds", () => {
        h.sm.clearStages(h.arn, "ver-prev");
        h.sm.clearStages(h.arn, TOKEN);
      });
      await assert.rejects(setSecret(ctx), { message: noVersionLogsIn(h.arn) });
      assert.deepEqual(tried(h.db.logins), [`${fp(CURRENT)} refused`, `${fp(PENDING)} refused`, `${fp(PREVIOUS)} refused`]);
      const listed = h.sm.calls.filter((c) => c.command === "GetSecretValue").map((c) => c.input.VersionId ?? c.input.VersionStage);
      assert.deepEqual(listed, [AWSCURRENT, TOKEN, "ver-prev"], "previous read once, pending not again");
    });
  });

  describe("never tries a version naming another user or another host", () => {
    // The database's password for "app" is the one in the foreign version: trying it would work,
    // so only the check keeps setSecret from using it.
    for (const [what, fields] of [
      ["another user", { username: "admin" }],
      ["another host", { host: "other-db.example.internal" }],
    ] as const) {
      for (const label of ["unlabelled", "previous"] as const) {
        it(`skips a${label === "unlabelled" ? "n unlabelled" : " previous"} version naming ${what}`, async () => {
          const h = rotation("foreign-password-9999");
          h.seed("ver-foreign", { ...h.secret({ username: "app", password: "foreign-password-9999" }), ...fields }, label === "previous" ? [AWSPREVIOUS] : []);
          const outcome = await setSecret(await h.context()).then(
            () => "succeeded",
            (e: Error) => e.message,
          );
          const foreign = h.db.logins.filter((l) => l.password === fp("foreign-password-9999"));
          assert.deepEqual(
            foreign,
            [],
            `single-user setSecret tried the password of a version naming ${what} (${JSON.stringify(fields)}): ` +
              "the check that skips versions of another user or host is missing",
          );
          assert.equal(outcome, noVersionLogsIn(h.arn));
          assert.equal(h.db.passwordOf("app"), fp("foreign-password-9999"), "password unchanged");
        });
      }

      it(`control: the same version without ${what} is tried and works`, async () => {
        const h = rotation("foreign-password-9999");
        h.seed("ver-foreign", h.secret({ username: "app", password: "foreign-password-9999" }), []);
        await setSecret(await h.context());
        assert.deepEqual(h.db.logins.at(-1), { host: HOST, port: 5432, username: "app", dbname: "app", password: fp("foreign-password-9999"), outcome: "ok" });
      });
    }
  });

  describe("refuses", () => {
    it("a pending version naming another user than the current one, before any login", async () => {
      const h = new RotationHarness();
      h.seedCurrent(h.secret({ username: "app", password: CURRENT }));
      h.seed(TOKEN, h.secret({ username: "admin", password: PENDING }), [AWSPENDING]);
      h.db.addUser("app", CURRENT).addUser("admin", CURRENT);
      await assert.rejects(setSecret(await h.context()), (e: Error) => {
        assert.ok(e instanceof InvalidSecretError, e.name);
        assert.equal(e.message, `single-user: pending version ${TOKEN} of secret ${h.arn} names another user than the current version`);
        return true;
      });
      assert.deepEqual(h.db.logins, []);
    });

    it("stops at an unreachable server: no other password would help", async () => {
      const h = rotation(PREVIOUS, { previous: true });
      h.db.down = true;
      await assert.rejects(setSecret(await h.context()), (e: Error) => e instanceof DatabaseUnreachableError);
      assert.deepEqual(tried(h.db.logins), [`${fp(CURRENT)} unreachable`]);
      assert.deepEqual(h.logSummary(), ["login current unreachable"]);
    });

    it("stops when the server becomes unreachable while trying older versions", async () => {
      const h = rotation(PREVIOUS, { previous: true });
      seedUnlabelled(h, 2);
      const ctx = await h.context();
      h.sm.beforeNext("ListSecretVersionIds", () => void (h.db.down = true));
      await assert.rejects(setSecret(ctx), (e: Error) => e instanceof DatabaseUnreachableError);
      assert.deepEqual(tried(h.db.logins), [`${fp(CURRENT)} refused`, `${fp(PENDING)} refused`, `${fp(PREVIOUS)} unreachable`]);
    });

    it("fails naming the user when no version logs in, and registers every password it read with the redactor", async () => {
      const h = rotation("unknown-password-0000", { previous: true });
      seedUnlabelled(h, 1);
      const ctx = await h.context();
      await assert.rejects(setSecret(ctx), (e: Error) => e instanceof AuthenticationError && e.message === noVersionLogsIn(h.arn));
      for (const password of [CURRENT, PENDING, PREVIOUS, unlabelledPassword(1)]) {
        assert.equal(ctx.redactor.scrub(password), "[redacted]", `the password with fingerprint ${fp(password)} is registered`);
      }
      assert.deepEqual(h.logSummary(), ["login current refused", "login pending refused", "login previous refused", "login unlabelled refused"]);
    });
  });
});
