// Scenarios 4-8 of the issue for one strategy: crash recovery, a stuck AWSPENDING, bad input,
// an unreachable database and TLS without the CA. After every failure AWSCURRENT is unchanged and
// some version still logs in.
import { strict as assert } from "assert";
import * as net from "net";
import { ROTATION_FUNCTION_TIMEOUT_SECONDS } from "../../rotation-lambda/contract";
import { assertLogSearch } from "../services";
import { expectRejection, type StepInvoker, type TestSecret } from "./driver";
import { crashAfterPasswordChange, type ScenarioEnv, type Strategy } from "./scenarioEnv";

async function assertCurrentUnchanged(env: ScenarioEnv, secret: TestSecret, versionId: string | undefined): Promise<void> {
  assert.equal(await env.driver.versionWith(secret, "AWSCURRENT"), versionId, "AWSCURRENT moved");
  await env.assertCurrentLogsIn(secret);
}

export function failureScenarios(getEnv: () => ScenarioEnv, strategy: Strategy): void {
  const crashPoints: { name: string; arm: (env: ScenarioEnv) => StepInvoker }[] = [
    { name: "after PutSecretValue", arm: (env) => (env.proxy.injectFault("PutSecretValue", "after"), env.invoke) },
    { name: "after the password change in the database", arm: (env) => env.invoker({ engines: crashAfterPasswordChange() }) },
    { name: "just before UpdateSecretVersionStage", arm: (env) => (env.proxy.injectFault("UpdateSecretVersionStage", "before"), env.invoke) },
  ];
  for (const point of crashPoints) {
    it(`recovers from a crash ${point.name}: a retry with the same token succeeds, no lockout at any moment`, async () => {
      const env = getEnv();
      const { secret } = await env.makeSecret(strategy);
      const rotation = env.driver.startRotation(secret);
      const check = async (): Promise<void> => env.assertSomeVersionLogsIn(secret);
      const crashing = point.arm(env);
      try {
        await expectRejection(env.driver.runSteps(crashing, secret, rotation, { afterStep: check }), /injected/);
      } finally {
        env.proxy.clearFaults();
      }
      await env.driver.runSteps(env.invoke, secret, rotation, { afterStep: check });
      assert.equal(await env.driver.versionWith(secret, "AWSCURRENT"), rotation.token);
      await env.assertCurrentLogsIn(secret);
    });
  }

  it("rotates past a stuck AWSPENDING left by an earlier rotation with another token", async () => {
    const env = getEnv();
    const { secret } = await env.makeSecret(strategy);
    const stuck = env.driver.startRotation(secret);
    await env.driver.runSteps(env.invoke, secret, stuck, { steps: ["createSecret"] });
    const rotation = await env.driver.rotate(env.invoke, secret);
    const stages = await env.driver.stages(secret);
    assert.deepEqual(stages[stuck.token], []);
    assert.ok(stages[rotation.token]?.includes("AWSCURRENT"));
    await env.assertCurrentLogsIn(secret);
  });

  if (strategy === "single-user") {
    it("does not lock the user out when a rotation died after the password change and an operator cleared AWSPENDING", async () => {
      const env = getEnv();
      const { secret, value } = await env.makeSecret(strategy);
      const died = env.driver.startRotation(secret);
      await env.driver.runSteps(env.invoke, secret, died, { steps: ["createSecret", "setSecret"] });
      await env.driver.clearPendingLabel(secret, died.token);
      assert.equal(await env.fixture.canLogin(value.username, value.password), false, "precondition: AWSCURRENT no longer logs in");
      const rotation = await env.driver.rotate(env.invoke, secret);
      assert.equal(await env.driver.versionWith(secret, "AWSCURRENT"), rotation.token);
      await env.assertCurrentLogsIn(secret);
    });
  }

  describe("rejects bad input with a clear error and leaves AWSCURRENT unchanged", () => {
    it("a token that is not a version of the secret", async () => {
      const env = getEnv();
      const { secret } = await env.makeSecret(strategy);
      const before = await env.driver.versionWith(secret, "AWSCURRENT");
      const event = env.driver.event(secret, { token: "00000000-0000-4000-8000-000000000000", rotationToken: "rt-x-unused" }, "createSecret");
      await expectRejection(env.invoke(event), /Version 00000000-0000-4000-8000-000000000000 is not a version of secret/);
      await assertCurrentUnchanged(env, secret, before);
    });

    it("a token that is not AWSPENDING", async () => {
      const env = getEnv();
      const { secret } = await env.makeSecret(strategy);
      const previous = await env.driver.versionWith(secret, "AWSCURRENT");
      await env.driver.rotate(env.invoke, secret);
      const current = await env.driver.versionWith(secret, "AWSCURRENT");
      const event = env.driver.event(secret, { token: previous as string, rotationToken: "rt-y-unused" }, "setSecret");
      await expectRejection(env.invoke(event), /is not labelled AWSPENDING/);
      await assertCurrentUnchanged(env, secret, current);
    });

    it("rotation disabled", async () => {
      const env = getEnv();
      const { value } = await env.makeSecret(strategy);
      const secret = await env.driver.createSecret(value, { rotationEnabled: false });
      const before = await env.driver.versionWith(secret, "AWSCURRENT");
      const rotation = env.driver.startRotation(secret);
      await expectRejection(env.invoke(env.driver.event(secret, rotation, "createSecret")), /is not enabled for rotation/);
      await assertCurrentUnchanged(env, secret, before);
    });

    const badValues: { name: string; value: (v: Record<string, unknown>) => string; error: RegExp }[] = [
      { name: "secret JSON that is not JSON", value: (v) => `{"password":"${String(v.password)}", not json`, error: /AWSCURRENT of secret .* is not valid JSON/ },
      { name: "secret JSON that lacks a field", value: (v) => JSON.stringify({ ...v, host: undefined }), error: /lacks the field "host"/ },
      { name: "secret JSON that names the wrong engine", value: (v) => JSON.stringify({ ...v, engine: "oracle-ee" }), error: /names engine "oracle-ee"; supported engines are postgres, mysql, mariadb/ },
    ];
    for (const bad of badValues) {
      it(bad.name, async () => {
        const env = getEnv();
        const { value } = await env.makeSecret(strategy);
        const secret = await env.driver.createSecret(bad.value(value));
        const before = await env.driver.versionWith(secret, "AWSCURRENT");
        const rotation = env.driver.startRotation(secret);
        const err = await expectRejection(env.invoke(env.driver.event(secret, rotation, "createSecret")), bad.error);
        assert.ok(!err.message.includes(value.password), "the error message carries the password");
        assert.equal(await env.driver.versionWith(secret, "AWSCURRENT"), before);
        assert.ok(await env.fixture.canLogin(value.username, value.password), "the password changed");
      });
    }

    it("a pending version for this token whose value is unreadable: fails clearly, and the next rotation succeeds", async () => {
      const env = getEnv();
      const { secret } = await env.makeSecret(strategy);
      const before = await env.driver.versionWith(secret, "AWSCURRENT");
      const rotation = env.driver.startRotation(secret);
      await env.driver.putVersion(secret, rotation.token, "{corrupt", ["AWSPENDING"]);
      await expectRejection(env.invoke(env.driver.event(secret, rotation, "createSecret")), /is not valid JSON; removed its AWSPENDING label/);
      await assertCurrentUnchanged(env, secret, before);
      await env.driver.rotate(env.invoke, secret);
      await env.assertCurrentLogsIn(secret);
    });

    if (strategy === "alternating-users") {
      const masters: { name: string; make: (env: ScenarioEnv) => Promise<string>; error: RegExp }[] = [
        { name: "a masterarn naming a missing secret", make: async () => "arn:aws:secretsmanager:us-east-1:123456789012:secret:no-such-master-AbCdEf", error: /master secret .*no-such-master-AbCdEf.* does not exist/ },
        { name: "a masterarn naming an unreadable secret", make: async (env) => (await env.driver.createSecret("not json at all", { rotationEnabled: false, prefix: "badmaster" })).arn, error: /master secret .* is not valid JSON/ },
      ];
      for (const m of masters) {
        it(`${m.name} (neither user's password changes)`, async () => {
          const env = getEnv();
          const { secret, value } = await env.makeSecret(strategy, { masterArn: await m.make(env) });
          const before = await env.driver.versionWith(secret, "AWSCURRENT");
          const rotation = env.driver.startRotation(secret);
          await env.driver.runSteps(env.invoke, secret, rotation, { steps: ["createSecret"] });
          await expectRejection(env.invoke(env.driver.event(secret, rotation, "setSecret")), m.error);
          await assertCurrentUnchanged(env, secret, before);
          assert.ok(await env.fixture.canLogin(value.username, value.password), "the current user's password changed");
          assert.equal(await env.fixture.userExists(`${value.username}_clone`), false, "the clone was created");
        });
      }
    }

    it("a user name with quotes, semicolons and SQL in it is quoted safely, never executed", async () => {
      const env = getEnv();
      const canary = env.uniqueName("canary");
      await env.fixture.grantSelect(env.fixture.admin.username, canary);
      const hostile = `${strategy === "single-user" ? "s" : "a"}'"; DROP TABLE ${canary};--`.slice(0, env.fixture.maxUsernameLength - 6);
      const { secret } = await env.makeSecret(strategy, { username: hostile });
      await env.driver.rotate(env.invoke, secret);
      await env.driver.rotate(env.invoke, secret);
      const current = await env.assertCurrentLogsIn(secret);
      assert.equal(current.username, hostile);
      assert.ok(await env.fixture.tableExists(canary), "the hostile user name was executed");
    });
  });

  it("fails inside the timeout when the database is unreachable, leaving AWSCURRENT untouched", async function () {
    this.timeout((ROTATION_FUNCTION_TIMEOUT_SECONDS + 10) * 1000);
    const env = getEnv();
    // Accepts TCP and never answers: the connect timeout, not a quick refusal, has to end the login.
    const sockets = new Set<net.Socket>();
    const blackhole = net.createServer((s) => sockets.add(s));
    await new Promise<void>((r) => blackhole.listen(0, "127.0.0.1", r));
    try {
      const port = (blackhole.address() as net.AddressInfo).port;
      const master = strategy === "alternating-users" ? await env.makeMasterSecret() : undefined;
      const value = {
        engine: env.fixture.engine, host: "127.0.0.1", port, username: env.uniqueName("app"), password: "unused-password-1234",
        dbname: env.fixture.dbname, ...(master ? { masterarn: master.arn } : {}),
      };
      const secret = await env.driver.createSecret(value);
      const before = await env.driver.versionWith(secret, "AWSCURRENT");
      const rotation = env.driver.startRotation(secret);
      await env.driver.runSteps(env.invoke, secret, rotation, { steps: ["createSecret"] });
      // The login's own connect timeout ends the step with an error (a hang would fail on mocha's timeout).
      await expectRejection(env.invoke(env.driver.event(secret, rotation, "setSecret")), /could not be reached|timeout|timed out/i);
      assert.equal(await env.driver.versionWith(secret, "AWSCURRENT"), before);
    } finally {
      for (const s of sockets) s.destroy();
      blackhole.close();
    }
  });

  it("fails over TLS without the CA: no plaintext attempt, no change to the database or AWSCURRENT", async () => {
    const env = getEnv();
    const { secret, value } = await env.makeSecret(strategy);
    const before = await env.driver.versionWith(secret, "AWSCURRENT");
    const withoutCa = env.invoker({ extraCaPem: undefined });
    await env.fixture.flushLog();
    const mark = env.fixture.serverLog().length;
    await expectRejection(env.driver.rotate(withoutCa, secret), /certificate|could not be reached/i);
    // The server accepts plaintext: a client that fell back to it would get in, as the control does.
    const control = await env.fixture.logInWithoutTls();
    const marker = await env.fixture.flushLog();
    assertLogSearch({
      source: `${env.fixture.serverLogName} during the rotation`,
      log: env.fixture.serverLog().slice(mark),
      mustFind: [
        { name: "the flush marker", value: marker },
        { name: "the control account's login without TLS", value: env.fixture.plaintextLogin({ user: control }) },
      ],
      mustNotFind: [
        { name: `a login without TLS as ${value.username}`, value: env.fixture.plaintextLogin({ user: value.username }) },
        { name: "a login without TLS by anyone but the control account", value: env.fixture.plaintextLogin({ anyoneBut: control }) },
        { name: "the secret's password", value: value.password },
      ],
    });
    await assertCurrentUnchanged(env, secret, before);
    assert.ok(await env.fixture.canLogin(value.username, value.password), "the password changed");
  });
}
