// The step tests' fakes hold AWS's rules, not moto's (design.md section 7): if the fake Secrets
// Manager let through what AWS refuses, a step test could pass against behaviour AWS never has.
// The recording database checks logins as a server would.
import { strict as assert } from "assert";
import { AuthenticationError, DatabaseUnreachableError } from "../../rotation-lambda/errors";
import { AWSCURRENT, AWSPENDING, AWSPREVIOUS, FakeSecretsManager } from "../support/fakeSecretsManager";
import { fingerprint } from "../support/fingerprint";
import { FakeDatabase } from "../support/recordingEngine";
import { CONFIG } from "../support/rotationHarness";

function secret(): { sm: FakeSecretsManager; arn: string } {
  const sm = new FakeSecretsManager();
  const arn = sm.addSecret("db");
  sm.seedVersion(arn, "v1", { secretString: "one" }, [AWSCURRENT]);
  return { sm, arn };
}

describe("FakeSecretsManager", () => {
  it("GetSecretValue: by stage, by id, by both only when they match; a placeholder or a missing version is not found", async () => {
    const { sm, arn } = secret();
    sm.seedPlaceholder(arn, "t");
    const api = sm.api();
    assert.equal(await api.getSecretString(arn, {}), "one");
    assert.equal(await api.getSecretString("db", { versionId: "v1" }), "one", "by name too");
    assert.equal(await api.getSecretString(arn, { versionId: "v1", stage: AWSCURRENT }), "one");
    assert.equal(await api.getSecretString(arn, { versionId: "v1", stage: AWSPENDING }), undefined);
    assert.equal(await api.getSecretString(arn, { versionId: "t", stage: AWSPENDING }), undefined, "RotateSecret's placeholder has no value");
    assert.equal(await api.getSecretString(arn, { stage: AWSPREVIOUS }), undefined);
    assert.equal(await api.getSecretString("arn:aws:secretsmanager:us-east-1:123456789012:secret:nope", {}), undefined);
    sm.seedVersion(arn, "b", { secretBinary: new Uint8Array([1]) }, []);
    assert.equal(await api.getSecretString(arn, { versionId: "b" }), "", "binary only reads as empty");
  });

  it("PutSecretValue: fills the placeholder, ignores an identical retry, refuses to change a value, moves stages", async () => {
    const { sm, arn } = secret();
    sm.seedPlaceholder(arn, "t");
    const api = sm.api();
    await api.putPendingValue(arn, "t", "two", "rot");
    await api.putPendingValue(arn, "t", "two");
    await assert.rejects(api.putPendingValue(arn, "t", "three"), { name: "ResourceExistsException" });
    assert.equal(sm.secretString(arn, "t"), "two");
    assert.deepEqual(sm.stages(arn), { v1: [AWSCURRENT], t: [AWSPENDING] });
    assert.deepEqual(sm.calls[0], {
      command: "PutSecretValue",
      input: { SecretId: arn, ClientRequestToken: "t", SecretString: fingerprint("two"), VersionStages: [AWSPENDING], RotationToken: fingerprint("rot") },
    });
    await api.putPendingValue(arn, "t2", "four");
    assert.deepEqual(sm.stages(arn), { v1: [AWSCURRENT], t2: [AWSPENDING] }, "AWSPENDING moved to the new version");
  });

  it("UpdateSecretVersionStage: RemoveFromVersionId must name the holder; AWSCURRENT moves, leaving AWSPREVIOUS, and is never just removed", async () => {
    const { sm, arn } = secret();
    sm.seedVersion(arn, "v0", { secretString: "zero" }, [AWSPREVIOUS]);
    sm.seedVersion(arn, "t", { secretString: "two" }, [AWSPENDING]);
    const api = sm.api();
    await assert.rejects(api.updateStage(arn, AWSCURRENT, { toVersionId: "t" }), { name: "InvalidParameterException" });
    await assert.rejects(api.updateStage(arn, AWSCURRENT, { toVersionId: "t", fromVersionId: "v0" }), {
      name: "InvalidParameterException",
      message: "The staging label AWSCURRENT is not attached to version v0.",
    });
    await assert.rejects(api.updateStage(arn, AWSCURRENT, { fromVersionId: "v1" }), { name: "InvalidParameterException" });
    await assert.rejects(api.updateStage(arn, AWSCURRENT, { toVersionId: "nope", fromVersionId: "v1" }), { name: "ResourceNotFoundException" });
    assert.deepEqual(sm.stages(arn), { v0: [AWSPREVIOUS], v1: [AWSCURRENT], t: [AWSPENDING] }, "refused calls change nothing");

    await api.updateStage(arn, AWSCURRENT, { toVersionId: "t", fromVersionId: "v1" });
    assert.deepEqual(sm.stages(arn), { v1: [AWSPREVIOUS], t: [AWSCURRENT, AWSPENDING] });
    await api.updateStage(arn, AWSPENDING, { fromVersionId: "t" });
    assert.deepEqual(sm.stages(arn), { v1: [AWSPREVIOUS], t: [AWSCURRENT] });
  });

  it("DescribeSecret lists labelled versions only; ListSecretVersionIds pages and includes deprecated ones, newest first through the API", async () => {
    const { sm, arn } = secret();
    sm.seedVersion(arn, "old", { secretString: "x" }, []);
    sm.seedVersion(arn, "t", { secretString: "y" }, [AWSPENDING]);
    const api = sm.api();
    assert.deepEqual((await api.describe(arn)).versionStages, { v1: [AWSCURRENT], t: [AWSPENDING] });
    assert.deepEqual((await api.listVersions(arn)).map((v) => v.versionId), ["t", "old", "v1"]);
    assert.deepEqual(sm.commandNames().slice(1), ["ListSecretVersionIds", "ListSecretVersionIds"], "two pages of two");
  });

  it("GetRandomPassword: the length asked for, none of the excluded characters, a new one each time", async () => {
    const { sm } = secret();
    const api = sm.api();
    const a = await api.randomPassword(64, "abcdefghijklmnopqrstuvwxyz");
    const b = await api.randomPassword(64, "abcdefghijklmnopqrstuvwxyz");
    assert.equal(a.length, 64);
    assert.ok(!/[a-z]/.test(a + b));
    assert.notEqual(fingerprint(a), fingerprint(b));
  });

  it("failNext: before or after the call takes effect, only for matching calls", async () => {
    const { sm, arn } = secret();
    sm.seedPlaceholder(arn, "t");
    const api = sm.api();
    sm.failNext("PutSecretValue", new Error("lost"), { afterEffect: true, when: (input) => input.ClientRequestToken === "t" });
    await assert.rejects(api.putPendingValue(arn, "t", "two"), /lost/);
    assert.equal(sm.secretString(arn, "t"), "two");
  });
});

describe("FakeDatabase", () => {
  it("logs in only with the right host, port, user and password, recording fingerprints", async () => {
    const db = new FakeDatabase("db.internal").addUser("app", "pw-app-1234");
    const driver = db.driver();
    const login = { host: "db.internal", port: 5432, username: "app", password: "pw-app-1234", dbname: "app" };
    await (await driver.connect(login, CONFIG.connect)).close();
    await assert.rejects(driver.connect({ ...login, password: "wrong-1234" }, CONFIG.connect), (e: Error) => e instanceof AuthenticationError);
    await assert.rejects(driver.connect({ ...login, username: "nobody" }, CONFIG.connect), (e: Error) => e instanceof AuthenticationError);
    await assert.rejects(driver.connect({ ...login, port: 5433 }, CONFIG.connect), (e: Error) => e instanceof DatabaseUnreachableError);
    await assert.rejects(driver.connect({ ...login, host: "other" }, CONFIG.connect), (e: Error) => e instanceof DatabaseUnreachableError);
    assert.deepEqual(db.logins.map((l) => l.outcome), ["ok", "refused", "refused", "unreachable", "unreachable"]);
    assert.equal(db.logins[1]!.password, fingerprint("wrong-1234"));
    assert.ok(!JSON.stringify(db.logins).includes("pw-app-1234"), "no plaintext recorded");
  });

  it("sessions refuse use after close and a second close", async () => {
    const db = new FakeDatabase("db.internal").addUser("app", "pw-app-1234");
    const session = await db.driver().connect({ host: "db.internal", port: 5432, username: "app", password: "pw-app-1234" }, CONFIG.connect);
    await session.close();
    await assert.rejects(session.ping(), /closed session/);
    await assert.rejects(session.close(), /closed twice/);
    assert.equal(db.openSessions(), 0);
  });
});
