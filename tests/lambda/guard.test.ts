// Engine-agnostic checks of the handler's guard and event handling against moto: no database is
// involved (the engine registry's logins fail the test if a step reaches the database).
import { strict as assert } from "assert";
import { SECRETS_MANAGER_ACTIONS } from "../../rotation-lambda/contract";
import { defaultEngineRegistry, type EngineRegistry } from "../../rotation-lambda/engines";
import { MOTO_INSTALL, requireService, startMoto, type MotoService } from "../services";
import { expectRejection, inProcessInvoker, newCapture, RotationDriver, STEP_ORDER, type Capture, type StepInvoker } from "./driver";
import { SecretsManagerProxy } from "./secretsManagerProxy";

const noDatabase: EngineRegistry = (engine) => ({
  ...defaultEngineRegistry(engine),
  connect: () => Promise.reject(new Error("the step reached the database")),
});

const value = { engine: "postgres", host: "127.0.0.1", port: 1, username: "app", password: "guard-test-password-1" };

describe("rotation Lambda guard and event handling (moto, no database)", function () {
  this.timeout(60_000);
  let moto: MotoService | undefined;
  let proxy: SecretsManagerProxy;
  let driver: RotationDriver;
  let invoke: StepInvoker;
  let capture: Capture;

  before(async function () {
    moto = await requireService(this, "moto", MOTO_INSTALL, () => startMoto());
    proxy = await new SecretsManagerProxy(moto.endpoint).start();
    capture = newCapture();
    driver = new RotationDriver(moto.endpoint, proxy, capture);
    invoke = inProcessInvoker({ proxy, capture, engines: noDatabase });
  });

  after(async () => {
    await proxy?.stop();
    await moto?.stop();
  });

  it("makes every step a no-op, with one DescribeSecret each, when the token is already AWSCURRENT", async () => {
    const secret = await driver.createSecret(value);
    const current = (await driver.versionWith(secret, "AWSCURRENT")) as string;
    const mark = proxy.operations.length;
    for (const step of STEP_ORDER) await invoke(driver.event(secret, { token: current, rotationToken: "rt-guard-1" }, step));
    assert.deepEqual(proxy.operationsSince(mark), STEP_ORDER.map(() => "secretsmanager:DescribeSecret"));
  });

  for (const step of STEP_ORDER) {
    it(`refuses ${step} for a token that is not AWSPENDING, touching nothing`, async () => {
      const secret = await driver.createSecret(value);
      const first = (await driver.versionWith(secret, "AWSCURRENT")) as string;
      await driver.putVersion(secret, "11111111-2222-4333-8444-555555555555", JSON.stringify({ ...value, password: "other-password-123" }), ["AWSCURRENT"]);
      const mark = proxy.operations.length;
      await expectRejection(invoke(driver.event(secret, { token: first, rotationToken: "rt-guard-2" }, step)), /is not labelled AWSPENDING/);
      assert.deepEqual(proxy.operationsSince(mark), ["secretsmanager:DescribeSecret"]);
    });
  }

  it("rejects a malformed event before calling Secrets Manager", async () => {
    const mark = proxy.operations.length;
    await expectRejection(invoke({ Step: "createSecret", SecretId: "arn:x" } as never), /rotation event rejected: Invalid rotation event: ClientRequestToken is missing/);
    await expectRejection(invoke({ Step: "rotateSecret", SecretId: "arn:x", ClientRequestToken: "t" } as never), /Step must be one of/);
    assert.equal(proxy.operations.length, mark);
  });

  it("passes the event's RotationToken to PutSecretValue, and sends none when the event has none", async () => {
    const secret = await driver.createSecret(value);
    const withToken = driver.startRotation(secret);
    await invoke(driver.event(secret, withToken, "createSecret"));
    const puts = proxy.requests.filter((r) => r.operation === "PutSecretValue");
    assert.equal(puts.at(-1)?.input.RotationToken, withToken.rotationToken);
    assert.equal(puts.at(-1)?.input.ClientRequestToken, withToken.token);

    const other = await driver.createSecret(value);
    const rotation = driver.startRotation(other);
    const { RotationToken: _omitted, ...event } = driver.event(other, rotation, "createSecret");
    await invoke(event);
    assert.equal(proxy.requests.filter((r) => r.operation === "PutSecretValue").at(-1)?.input.RotationToken, undefined);
  });

  it("generates the password with GetRandomPassword using the configured length and exclusions", async () => {
    const secret = await driver.createSecret(value);
    await invoke(driver.event(secret, driver.startRotation(secret), "createSecret"));
    const req = proxy.requests.filter((r) => r.operation === "GetRandomPassword").at(-1);
    assert.equal(req?.input.PasswordLength, 32);
    assert.equal(req?.input.ExcludeCharacters, ":/@\"'\\`");
    const pending = await driver.value(secret, { stage: "AWSPENDING" });
    assert.equal(pending.password.length, 32);
    assert.doesNotMatch(pending.password, /[:/@"'\\`]/);
  });

  it("treats a pending version that holds only SecretBinary as unreadable: fails clearly, frees AWSPENDING, the next createSecret works", async () => {
    const secret = await driver.createSecret(value);
    const bad = driver.startRotation(secret);
    await driver.putVersion(secret, bad.token, new Uint8Array([1, 2, 3]), ["AWSPENDING"]);
    await expectRejection(invoke(driver.event(secret, bad, "createSecret")), /has no SecretString; removed its AWSPENDING label/);
    assert.deepEqual((await driver.stages(secret))[bad.token], []);
    const next = driver.startRotation(secret);
    await invoke(driver.event(secret, next, "createSecret"));
    assert.equal((await driver.value(secret, { versionId: next.token })).username, value.username);
  });

  it("uses PASSWORD_LENGTH and EXCLUDE_CHARACTERS when they are set", async () => {
    const configured = inProcessInvoker({ proxy, capture, engines: noDatabase, env: { PASSWORD_LENGTH: "20", EXCLUDE_CHARACTERS: "abcdefABCDEF0123%!" } });
    const secret = await driver.createSecret(value);
    await configured(driver.event(secret, driver.startRotation(secret), "createSecret"));
    const req = proxy.requests.filter((r) => r.operation === "GetRandomPassword").at(-1);
    assert.equal(req?.input.PasswordLength, 20);
    assert.equal(req?.input.ExcludeCharacters, "abcdefABCDEF0123%!");
    const pending = await driver.value(secret, { stage: "AWSPENDING" });
    assert.equal(pending.password.length, 20);
    assert.doesNotMatch(pending.password, /[a-fA-F0-3%!]/);
  });

  // Both refusals come before any login: the engine registry here fails the test if a step reaches it.
  it("refuses setSecret when the pending version names another host than the current one", async () => {
    const masterarn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:unused-AbCdEf";
    for (const current of [value, { ...value, masterarn }]) {
      const secret = await driver.createSecret(current);
      const before = await driver.versionWith(secret, "AWSCURRENT");
      const rotation = driver.startRotation(secret);
      const username = current === value ? value.username : `${value.username}_clone`;
      const redirected = { ...current, username, password: "pending-password-123", host: "db.elsewhere.internal" };
      await driver.putVersion(secret, rotation.token, JSON.stringify(redirected), ["AWSPENDING"]);
      await expectRejection(invoke(driver.event(secret, rotation, "setSecret")), /names another host than the current version; refusing to rotate/);
      assert.equal(await driver.versionWith(secret, "AWSCURRENT"), before);
    }
  });

  it("refuses alternating-users setSecret when the master secret names another host", async () => {
    const master = await driver.createSecret({ username: "master", password: "master-password-123", host: "db.elsewhere.internal" }, { rotationEnabled: false, prefix: "master" });
    const secret = await driver.createSecret({ ...value, masterarn: master.arn });
    const rotation = driver.startRotation(secret);
    await invoke(driver.event(secret, rotation, "createSecret"));
    await expectRejection(invoke(driver.event(secret, rotation, "setSecret")), /names another host than secret .*; refusing to rotate/);
  });

  it("sent only operations that are in SECRETS_MANAGER_ACTIONS", () => {
    assert.deepEqual([...new Set(proxy.operations)].filter((op) => !SECRETS_MANAGER_ACTIONS.includes(op)), []);
  });
});
