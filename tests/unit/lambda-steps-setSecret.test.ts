// setSecret's own checks before it hands over to a strategy: both versions readable, the same
// engine, host and strategy; the strategy read from the secret itself.
import { strict as assert } from "assert";
import { InvalidSecretError } from "../../rotation-lambda/errors";
import { setSecret } from "../../rotation-lambda/steps/setSecret";
import { AWSCURRENT, AWSPENDING } from "../support/fakeSecretsManager";
import { HOST, RotationHarness, TOKEN } from "../support/rotationHarness";

const MASTER_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:master-AbCdEf";

function rotation(current: Record<string, unknown>, pending: Record<string, unknown>): RotationHarness {
  const h = new RotationHarness();
  h.seedCurrent({ ...h.secret({ username: "app", password: "current-password-0001" }), ...current });
  h.seed(TOKEN, { ...h.secret({ username: "app", password: "pending-password-0002" }), ...pending }, [AWSPENDING]);
  h.db.addUser("app", "current-password-0001");
  return h;
}

async function rejects(h: RotationHarness, message: string): Promise<void> {
  await assert.rejects(setSecret(await h.context()), (e: Error) => {
    assert.ok(e instanceof InvalidSecretError, e.name);
    assert.equal(e.message, message);
    return true;
  });
  assert.deepEqual(h.db.logins, [], "no login");
}

describe("setSecret", () => {
  it("reads current and pending, then runs single-user for a secret without masterarn", async () => {
    const h = rotation({}, {});
    await setSecret(await h.context());
    assert.deepEqual(h.logSummary(), ["login current ok", "set the pending password"]);
  });

  it("runs alternating-users for a secret with masterarn", async () => {
    const h = rotation({ masterarn: MASTER_ARN }, { masterarn: MASTER_ARN, username: "app_clone" });
    await assert.rejects(setSecret(await h.context()), { message: `master secret ${MASTER_ARN} (masterarn of ${h.arn}) does not exist or has no current value` });
  });

  it("refuses a pending version on another engine", async () => {
    const h = rotation({}, { engine: "mysql" });
    await rejects(h, `pending version ${TOKEN} of secret ${h.arn} names engine "mysql" but the current version names "postgres"`);
  });

  it("refuses a pending version on another host", async () => {
    const h = rotation({}, { host: "other-db.example.internal" });
    await rejects(h, `pending version ${TOKEN} of secret ${h.arn} names another host than the current version; refusing to rotate`);
  });

  it("refuses a pending version of another strategy, either way", async () => {
    const toAlternating = rotation({}, { masterarn: MASTER_ARN });
    await rejects(toAlternating, `pending version ${TOKEN} of secret ${toAlternating.arn} uses alternating-users but the current version uses single-user`);
    const toSingle = rotation({ masterarn: MASTER_ARN }, {});
    await rejects(toSingle, `pending version ${TOKEN} of secret ${toSingle.arn} uses single-user but the current version uses alternating-users`);
  });

  it("fails naming the version when pending has no value", async () => {
    const h = new RotationHarness();
    h.seedCurrent(h.secret({ username: "app", password: "current-password-0001" }));
    h.sm.seedPlaceholder(h.arn, TOKEN);
    await rejects(h, `AWSPENDING version ${TOKEN} of secret ${h.arn} has no SecretString`);
  });

  it("fails naming AWSCURRENT when current is unreadable", async () => {
    const h = new RotationHarness();
    h.sm.seedVersion(h.arn, "ver-0001", { secretString: "[]" }, [AWSCURRENT]);
    h.seed(TOKEN, { engine: "postgres", host: HOST, username: "app", password: "pending-password-0002" }, [AWSPENDING]);
    await rejects(h, `AWSCURRENT of secret ${h.arn} is not a JSON object`);
  });
});
