// The step's deadline: how it is set from Lambda's context or the function timeout, how it clamps
// login and statement timeouts, and that a step out of time stops before logging in.
import { strict as assert } from "assert";
import type { RotationConfig } from "../../rotation-lambda/config";
import { MIN_DB_OPERATION_MS, ROTATION_FUNCTION_TIMEOUT_SECONDS, STEP_DEADLINE_SAFETY_MARGIN_MS } from "../../rotation-lambda/contract";
import { Deadline, type DeadlineLabels } from "../../rotation-lambda/deadline";
import type { ConnectOptions, DatabaseEngineDriver, DatabaseSession, LoginParams } from "../../rotation-lambda/engines";
import { statementTimeout } from "../../rotation-lambda/engines/mysql";
import { mapStatementError } from "../../rotation-lambda/engines/mysqlErrors";
import { queryTimeoutMs } from "../../rotation-lambda/engines/postgres";
import { StepDeadlineError } from "../../rotation-lambda/errors";
import type { SecretDescription } from "../../rotation-lambda/guard";
import { createHandler } from "../../rotation-lambda/handler";
import { Logger } from "../../rotation-lambda/logger";
import { Redactor } from "../../rotation-lambda/redactor";
import type { SecretsManagerApi } from "../../rotation-lambda/secretsManager";
import type { StepContext } from "../../rotation-lambda/steps";
import { testSecret } from "../../rotation-lambda/steps/testSecret";
import { tryLogin } from "../../rotation-lambda/steps/versions";

const ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf";
const TOKEN = "tok-0001";
const LABELS: DeadlineLabels = { step: "setSecret", secretArn: ARN, versionId: TOKEN };
const PASSWORD = "pending-password-s3cret";
const PENDING = JSON.stringify({ engine: "postgres", host: "db.example.internal", port: 5432, username: "app", password: PASSWORD });

/** A clock the test moves by hand. */
function manualClock(start = 1_000_000): { now: () => number; advance(ms: number): void } {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

const CONFIG: RotationConfig = {
  secretsManagerEndpoint: undefined,
  passwordLength: 32,
  excludeCharacters: "",
  connect: { tls: { verify: true }, connectTimeoutMs: 5_000, statementTimeoutMs: 5_000 },
};

/** A driver that records every login and never reaches a database. */
function recordingDriver(): DatabaseEngineDriver & { logins: Array<{ login: LoginParams; options: ConnectOptions }> } {
  const logins: Array<{ login: LoginParams; options: ConnectOptions }> = [];
  const session: DatabaseSession = {
    ping: async () => undefined,
    setOwnPassword: async () => undefined,
    userExists: async () => false,
    createOrUpdateUser: async () => undefined,
    copyPrivileges: async () => undefined,
    grantDatabaseAccess: async () => undefined,
    close: async () => undefined,
  };
  return {
    logins,
    engines: ["postgres"],
    defaultPort: 5432,
    defaultDbName: "postgres",
    maxUsernameLength: () => 63,
    usernameLength: (u) => ({ length: u.length, unit: "bytes" }),
    connect: async (login, options) => {
      logins.push({ login, options });
      return session;
    },
  };
}

const DESCRIPTION: SecretDescription = { arn: ARN, rotationEnabled: true, versionStages: { v1: ["AWSCURRENT"], [TOKEN]: ["AWSPENDING"] } };

function fakeSecretsManager(): SecretsManagerApi {
  return {
    describe: async () => DESCRIPTION,
    getSecretString: async () => PENDING,
    putPendingValue: async () => undefined,
    updateStage: async () => undefined,
    randomPassword: async () => "x".repeat(32),
    listVersions: async () => [],
  } as unknown as SecretsManagerApi;
}

function stepContext(driver: DatabaseEngineDriver, deadline: Deadline, logLines: string[] = []): StepContext {
  const redactor = new Redactor();
  return {
    secretArn: ARN,
    token: TOKEN,
    description: DESCRIPTION,
    sm: fakeSecretsManager(),
    engines: () => driver,
    config: CONFIG,
    log: new Logger((line) => logLines.push(line), redactor),
    redactor,
    deadline,
  };
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
    const driver = recordingDriver();
    const deadline = new Deadline(clock.now() + 3_200, LABELS, clock.now);
    const login = { host: "db.example.internal", port: 5432, username: "app", password: PASSWORD };
    const session = await tryLogin(stepContext(driver, deadline), driver, login, "current");
    assert.ok(session);
    assert.equal(driver.logins.length, 1);
    assert.equal(driver.logins[0]!.options.connectTimeoutMs, 3_200);
    assert.equal(driver.logins[0]!.options.statementTimeoutMs, 5_000);
    assert.equal(driver.logins[0]!.options.deadline, deadline);
    assert.equal(CONFIG.connect.connectTimeoutMs, 5_000, "the shared config is not modified");
  });

  it("keeps the configured connect timeout when there is time", async () => {
    const clock = manualClock();
    const driver = recordingDriver();
    const login = { host: "db.example.internal", port: 5432, username: "app", password: PASSWORD };
    await tryLogin(stepContext(driver, new Deadline(clock.now() + 100_000, LABELS, clock.now)), driver, login, "current");
    assert.equal(driver.logins[0]!.options.connectTimeoutMs, 5_000);
  });
});

describe("a step past its deadline", () => {
  it("throws the deadline error before logging in", async () => {
    const clock = manualClock();
    const driver = recordingDriver();
    const logLines: string[] = [];
    const deadline = new Deadline(clock.now() - 1, { ...LABELS, step: "testSecret" }, clock.now);
    await assert.rejects(testSecret(stepContext(driver, deadline, logLines)), (e: Error) => {
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
    assert.equal(driver.logins.length, 0, "no login attempted");
    assert.ok(!logLines.some((l) => l.includes('"login"')), "no login logged");
  });

  it("fails through the handler with Lambda's context nearly spent, without logging in", async () => {
    const clock = manualClock();
    const driver = recordingDriver();
    const logLines: string[] = [];
    const handler = createHandler({
      config: CONFIG,
      secretsManager: fakeSecretsManager(),
      engines: () => driver,
      logSink: (line) => logLines.push(line),
      clock: clock.now,
    });
    const event = { Step: "testSecret", SecretId: ARN, ClientRequestToken: TOKEN };
    const context = { getRemainingTimeInMillis: () => STEP_DEADLINE_SAFETY_MARGIN_MS + 400 };
    await assert.rejects(handler(event, context), (e: Error) => {
      assert.ok(e instanceof StepDeadlineError, e.name);
      assert.match(e.message, new RegExp(`^testSecret failed for secret ${ARN} version ${TOKEN}: testSecret for secret ${ARN} version ${TOKEN} stopped before logging in as "app" with the pending credentials: 400 ms left`));
      assert.ok(!e.message.includes(PASSWORD));
      return true;
    });
    assert.equal(driver.logins.length, 0);
    const failure = JSON.parse(logLines.at(-1)!) as Record<string, string>;
    assert.equal(failure.errorName, "StepDeadlineError");
  });

  it("runs the step when the context leaves enough time", async () => {
    const clock = manualClock();
    const driver = recordingDriver();
    const handler = createHandler({ config: CONFIG, secretsManager: fakeSecretsManager(), engines: () => driver, logSink: () => undefined, clock: clock.now });
    await handler({ Step: "testSecret", SecretId: ARN, ClientRequestToken: TOKEN }, { getRemainingTimeInMillis: () => 30_000 });
    assert.equal(driver.logins.length, 1);
    assert.equal(driver.logins[0]!.options.connectTimeoutMs, 5_000);
  });
});
