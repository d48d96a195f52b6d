// The step's deadline: how it is set from Lambda's context or the function timeout, how it clamps
// login and statement timeouts, and that a step out of time stops before logging in.
import { strict as assert } from "assert";
import { MIN_DB_OPERATION_MS, ROTATION_FUNCTION_TIMEOUT_SECONDS, STEP_DEADLINE_SAFETY_MARGIN_MS } from "../../rotation-lambda/contract";
import { Deadline, type DeadlineLabels } from "../../rotation-lambda/deadline";
import type { ConnectOptions } from "../../rotation-lambda/engines";
import { statementTimeout } from "../../rotation-lambda/engines/mysql";
import { mapStatementError } from "../../rotation-lambda/engines/mysqlErrors";
import { queryTimeoutMs } from "../../rotation-lambda/engines/postgres";
import { StepDeadlineError } from "../../rotation-lambda/errors";
import { testSecret } from "../../rotation-lambda/steps/testSecret";
import { tryLogin } from "../../rotation-lambda/steps/versions";
import { AWSPENDING } from "../support/fakeSecretsManager";
import { CONFIG, HOST, RotationHarness, TOKEN } from "../support/rotationHarness";

const ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf";
const LABELS: DeadlineLabels = { step: "setSecret", secretArn: ARN, versionId: TOKEN };
const PASSWORD = "pending-password-s3cret";

/** A clock the test moves by hand. */
function manualClock(start = 1_000_000): { now: () => number; advance(ms: number): void } {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

/** A secret whose pending version logs in as "app" on the fake database. */
function rotation(): RotationHarness {
  const h = new RotationHarness();
  h.seedCurrent(h.secret({ username: "app", password: "current-password-0001" }));
  h.seed(TOKEN, h.secret({ username: "app", password: PASSWORD }), [AWSPENDING]);
  h.db.addUser("app", PASSWORD);
  return h;
}

describe("Deadline", () => {
  it("gives an operation its full timeout when there is time", () => {
    const clock = manualClock();
    const deadline = new Deadline(clock.now() + 60_000, LABELS, clock.now);
    assert.equal(deadline.timeoutFor(5_000, "logging in"), 5_000);
  });

  it("clamps an operation's timeout to the time left", () => {
    const clock = manualClock();
    const deadline = new Deadline(clock.now() + 10_000, LABELS, clock.now);
    clock.advance(7_500);
    assert.equal(deadline.remainingMs(), 2_500);
    assert.equal(deadline.timeoutFor(5_000, "logging in"), 2_500);
  });

  it("stops with a StepDeadlineError naming the step, secret, version and operation when too little time is left", () => {
    const clock = manualClock();
    const deadline = new Deadline(clock.now() + 999, LABELS, clock.now);
    assert.throws(
      () => deadline.timeoutFor(5_000, "PostgreSQL: GRANT role"),
      (e: Error) =>
        e instanceof StepDeadlineError &&
        e.name === "StepDeadlineError" &&
        e.message ===
          `setSecret for secret ${ARN} version ${TOKEN} stopped before PostgreSQL: GRANT role: ` +
            `999 ms left before the step's deadline, at least ${MIN_DB_OPERATION_MS} ms needed; ` +
            "stopping now so Lambda does not kill the function mid-step",
    );
  });

  it("reports 0 ms left once the deadline has passed", () => {
    const clock = manualClock();
    const deadline = new Deadline(clock.now(), LABELS, clock.now);
    clock.advance(4_000);
    assert.throws(() => deadline.timeoutFor(5_000, "logging in"), /: 0 ms left before the step's deadline/);
  });

  it("ends a safety margin before Lambda's remaining time when the handler has a context", () => {
    const clock = manualClock();
    const deadline = Deadline.forInvocation(LABELS, clock.now() - 2_000, { getRemainingTimeInMillis: () => 40_000 }, clock.now);
    assert.equal(deadline.endsAt, clock.now() + 40_000 - STEP_DEADLINE_SAFETY_MARGIN_MS);
  });

  it("counts the function timeout from the invocation's start when there is no context", () => {
    const clock = manualClock();
    const started = clock.now() - 2_000;
    const deadline = Deadline.forInvocation(LABELS, started, undefined, clock.now);
    assert.equal(deadline.endsAt, started + ROTATION_FUNCTION_TIMEOUT_SECONDS * 1000 - STEP_DEADLINE_SAFETY_MARGIN_MS);
  });
});

describe("engine statement timeouts and the deadline", () => {
  const clock = manualClock();
  const options = (left: number): ConnectOptions => ({ ...CONFIG.connect, deadline: new Deadline(clock.now() + left, LABELS, clock.now) });

  it("MySQL/MariaDB: clamps each statement's timeout to the time left", () => {
    assert.equal(statementTimeout(CONFIG.connect, "test query"), 5_000);
    assert.equal(statementTimeout(options(60_000), "test query"), 5_000);
    assert.equal(statementTimeout(options(1_800), "test query"), 1_800);
    assert.throws(() => statementTimeout(options(500), "copying privileges (statement 3 of 9)"), (e: Error) =>
      e instanceof StepDeadlineError && e.message.includes("stopped before MySQL/MariaDB: copying privileges (statement 3 of 9): 500 ms left"));
  });

  it("MySQL/MariaDB: a deadline error keeps its class and message through the statement error mapping", () => {
    const original = new StepDeadlineError("setSecret for secret x version y stopped before GRANT");
    assert.equal(mapStatementError(original, "copying privileges", true), original);
  });

  it("PostgreSQL: clamps each query's client-side timeout to the time left", () => {
    assert.equal(queryTimeoutMs(CONFIG.connect, "GRANT role"), 6_000);
    assert.equal(queryTimeoutMs(options(60_000), "GRANT role"), 6_000);
    assert.equal(queryTimeoutMs(options(2_200), "GRANT role"), 2_200);
    assert.throws(() => queryTimeoutMs(options(10), "GRANT role"), (e: Error) =>
      e instanceof StepDeadlineError && e.message.includes("stopped before PostgreSQL: GRANT role: 10 ms left"));
  });
});

describe("tryLogin and the step deadline", () => {
  it("clamps the connect timeout to the time left and hands the session the deadline", async () => {
    const clock = manualClock();
    const h = rotation();
    const deadline = new Deadline(clock.now() + 3_200, LABELS, clock.now);
    const login = { host: HOST, port: 5432, username: "app", password: PASSWORD };
    const session = await tryLogin(await h.context(TOKEN, { deadline }), h.db.driver(), login, "current");
    assert.ok(session);
    assert.equal(h.db.logins.length, 1);
    assert.equal(h.db.connectOptions[0]!.connectTimeoutMs, 3_200);
    assert.equal(h.db.connectOptions[0]!.statementTimeoutMs, 5_000);
    assert.equal(h.db.connectOptions[0]!.deadline, deadline);
    assert.equal(CONFIG.connect.connectTimeoutMs, 5_000, "the shared config is not modified");
  });

  it("keeps the configured connect timeout when there is time", async () => {
    const clock = manualClock();
    const h = rotation();
    const login = { host: HOST, port: 5432, username: "app", password: PASSWORD };
    await tryLogin(await h.context(TOKEN, { deadline: new Deadline(clock.now() + 100_000, LABELS, clock.now) }), h.db.driver(), login, "current");
    assert.equal(h.db.connectOptions[0]!.connectTimeoutMs, 5_000);
  });
});

describe("a step past its deadline", () => {
  it("throws the deadline error before logging in", async () => {
    const clock = manualClock();
    const h = rotation();
    const deadline = new Deadline(clock.now() - 1, { ...LABELS, step: "testSecret" }, clock.now);
    await assert.rejects(testSecret(await h.context(TOKEN, { deadline })), (e: Error) => {
      assert.ok(e instanceof StepDeadlineError, e.name);
      assert.equal(
        e.message,
        `testSecret for secret ${ARN} version ${TOKEN} stopped before logging in as "app" with the pending credentials: ` +
          `0 ms left before the step's deadline, at least ${MIN_DB_OPERATION_MS} ms needed; ` +
          "stopping now so Lambda does not kill the function mid-step",
      );
      assert.ok(!e.message.includes(PASSWORD));
      return true;
    });
    assert.equal(h.db.logins.length, 0, "no login attempted");
    assert.ok(!h.logLines.some((l) => l.includes('"login"')), "no login logged");
  });

  it("fails through the handler with Lambda's context nearly spent, without logging in", async () => {
    const clock = manualClock();
    const h = rotation();
    const ARN = h.arn;
    const handler = h.handler({ clock: clock.now });
    const event = { Step: "testSecret", SecretId: ARN, ClientRequestToken: TOKEN };
    const context = { getRemainingTimeInMillis: () => STEP_DEADLINE_SAFETY_MARGIN_MS + 400 };
    await assert.rejects(handler(event, context), (e: Error) => {
      assert.ok(e instanceof StepDeadlineError, e.name);
      assert.match(e.message, new RegExp(`^testSecret failed for secret ${ARN} version ${TOKEN}: testSecret for secret ${ARN} version ${TOKEN} stopped before logging in as "app" with the pending credentials: 400 ms left`));
      assert.ok(!e.message.includes(PASSWORD));
      return true;
    });
    assert.equal(h.db.logins.length, 0);
    const failure = JSON.parse(h.logLines.at(-1)!) as Record<string, string>;
    assert.equal(failure.errorName, "StepDeadlineError");
  });

  it("runs the step when the context leaves enough time", async () => {
    const clock = manualClock();
    const h = rotation();
    const handler = h.handler({ clock: clock.now });
    await handler({ Step: "testSecret", SecretId: h.arn, ClientRequestToken: TOKEN }, { getRemainingTimeInMillis: () => 30_000 });
    assert.deepEqual(h.db.logins.map((l) => l.outcome), ["ok"]);
    assert.equal(h.db.connectOptions[0]!.connectTimeoutMs, 5_000);
  });
});
