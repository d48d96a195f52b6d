// Scenarios 1-3 of the issue for one strategy: full rotation, five in a row, every step twice.
import { strict as assert } from "assert";
import { STEP_ORDER } from "./driver";
import type { ScenarioEnv, Strategy } from "./scenarioEnv";

export function rotationScenarios(getEnv: () => ScenarioEnv, strategy: Strategy): void {
  it("rotates: the new AWSCURRENT logs in, unknown fields survive, the old version becomes AWSPREVIOUS", async () => {
    const env = getEnv();
    const { secret, value } = await env.makeSecret(strategy);
    const oldVersion = await env.driver.versionWith(secret, "AWSCURRENT");
    const rotation = await env.driver.rotate(env.invoke, secret);
    const current = await env.assertCurrentLogsIn(secret);
    assert.equal(await env.driver.versionWith(secret, "AWSCURRENT"), rotation.token);
    assert.equal(await env.driver.versionWith(secret, "AWSPREVIOUS"), oldVersion);
    assert.notEqual(current.password, value.password);
    assert.equal(current.team, "payments");
    assert.equal(current.dbInstanceIdentifier, "test-instance");
    if (strategy === "single-user") {
      assert.equal(current.username, value.username);
      assert.equal(await env.fixture.canLogin(value.username, value.password), false, "the old password still logs in");
    } else {
      assert.equal(current.username, `${value.username}_clone`);
      assert.equal(current.masterarn, value.masterarn);
      assert.ok(await env.fixture.canLogin(value.username, value.password), "the previous user no longer logs in");
    }
  });

  it("survives five consecutive rotations, each with a new password that logs in", async () => {
    const env = getEnv();
    const { secret, value } = await env.makeSecret(strategy);
    const passwords = new Set([value.password]);
    for (let i = 0; i < 5; i++) {
      await env.driver.rotate(env.invoke, secret);
      const current = await env.assertCurrentLogsIn(secret);
      passwords.add(current.password);
      if (strategy === "alternating-users") assert.equal(current.username, i % 2 === 0 ? `${value.username}_clone` : value.username);
    }
    assert.equal(passwords.size, 6);
  });

  it("ends in the same state when every step is invoked twice", async () => {
    const env = getEnv();
    const { secret } = await env.makeSecret(strategy);
    const oldVersion = await env.driver.versionWith(secret, "AWSCURRENT");
    const rotation = env.driver.startRotation(secret);
    let pendingAfterFirstCreate: string | undefined;
    for (const step of STEP_ORDER) {
      await env.invoke(env.driver.event(secret, rotation, step));
      if (step === "createSecret") pendingAfterFirstCreate = (await env.driver.value(secret, { versionId: rotation.token })).password;
      await env.invoke(env.driver.event(secret, rotation, step));
      if (step === "createSecret") {
        assert.equal((await env.driver.value(secret, { versionId: rotation.token })).password, pendingAfterFirstCreate, "createSecret changed the pending value");
      }
    }
    const stages = await env.driver.stages(secret);
    assert.deepEqual([...(stages[rotation.token] ?? [])].sort(), ["AWSCURRENT", "AWSPENDING"]);
    assert.deepEqual(stages[oldVersion as string], ["AWSPREVIOUS"]);
    assert.equal(Object.keys(stages).length, 2);
    const current = await env.assertCurrentLogsIn(secret);
    assert.equal(current.password, pendingAfterFirstCreate);
  });

  if (strategy === "alternating-users") {
    it("copies privileges: the clone gets the original user's grants, including one made after the first rotation", async () => {
      const env = getEnv();
      const { secret, value } = await env.makeSecret(strategy);
      const before = env.uniqueName("t_before");
      const later = env.uniqueName("t_later");
      await env.fixture.grantSelect(value.username, before);
      await env.driver.rotate(env.invoke, secret);
      const clone = await env.assertCurrentLogsIn(secret);
      assert.ok(await env.fixture.canSelect(clone.username, clone.password, before), "the clone lacks the original user's grant");
      await env.fixture.grantSelect(value.username, later);
      await env.driver.rotate(env.invoke, secret); // back to the original user
      const original = await env.assertCurrentLogsIn(secret);
      assert.equal(original.username, value.username);
      assert.ok(await env.fixture.canSelect(original.username, original.password, later));
      await env.driver.rotate(env.invoke, secret); // the clone again
      const clone2 = await env.assertCurrentLogsIn(secret);
      assert.ok(await env.fixture.canSelect(clone2.username, clone2.password, before));
      assert.ok(await env.fixture.canSelect(clone2.username, clone2.password, later), "a later grant did not reach the clone");
      assert.ok(await env.fixture.canLogin(original.username, original.password), "the other user stopped working");
    });

    it("bootstraps the pending user when the current user does not exist yet (first rotation after deploy)", async () => {
      const env = getEnv();
      const { secret, value } = await env.makeSecret(strategy, { createUser: false });
      await env.driver.rotate(env.invoke, secret);
      const clone = await env.assertCurrentLogsIn(secret);
      assert.equal(clone.username, `${value.username}_clone`);
      const table = env.uniqueName("t_boot");
      await env.fixture.grantSelect(clone.username, table);
      await env.driver.rotate(env.invoke, secret);
      const original = await env.assertCurrentLogsIn(secret);
      assert.equal(original.username, value.username);
      assert.ok(await env.fixture.canSelect(original.username, original.password, table), "privileges were not copied from the bootstrapped user");
    });

    it("refuses with a clear error when the clone name exceeds the engine's limit", async () => {
      const env = getEnv();
      const username = "u".repeat(env.fixture.maxUsernameLength - 3);
      const { secret } = await env.makeSecret(strategy, { username, createUser: false });
      const before = await env.driver.versionWith(secret, "AWSCURRENT");
      const rotation = env.driver.startRotation(secret);
      const { expectRejection } = await import("./driver");
      await expectRejection(env.invoke(env.driver.event(secret, rotation, "createSecret")), new RegExp(`would be ${username.length + 6} .* allows at most ${env.fixture.maxUsernameLength}`));
      assert.equal(await env.driver.versionWith(secret, "AWSCURRENT"), before);
    });
  }
}
