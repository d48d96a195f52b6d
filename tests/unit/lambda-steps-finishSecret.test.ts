// finishSecret without services: AWSCURRENT moves to the token's version in one call, taking it off
// the old version (which Secrets Manager then labels AWSPREVIOUS); nothing happens when it is there already.
import { strict as assert } from "assert";
import { finishSecret } from "../../rotation-lambda/steps/finishSecret";
import { AWSCURRENT, AWSPENDING, AWSPREVIOUS } from "../support/fakeSecretsManager";
import { CURRENT_VERSION, RotationHarness, TOKEN } from "../support/rotationHarness";

function rotation(): RotationHarness {
  const h = new RotationHarness();
  h.seed("ver-0000", h.secret({ username: "app", password: "previous-password-0000" }), [AWSPREVIOUS]);
  h.seedCurrent(h.secret({ username: "app", password: "current-password-0001" }));
  h.seed(TOKEN, h.secret({ username: "app", password: "pending-password-0002" }), [AWSPENDING]);
  return h;
}

describe("finishSecret", () => {
  it("moves AWSCURRENT to the token with RemoveFromVersionId naming the old version", async () => {
    const h = rotation();
    await finishSecret(await h.context());
    assert.deepEqual(h.sm.calls, [
      {
        command: "UpdateSecretVersionStage",
        input: { SecretId: h.arn, VersionStage: AWSCURRENT, MoveToVersionId: TOKEN, RemoveFromVersionId: CURRENT_VERSION },
      },
    ]);
    assert.deepEqual(h.sm.stages(h.arn), { [CURRENT_VERSION]: [AWSPREVIOUS], [TOKEN]: [AWSCURRENT, AWSPENDING] });
    assert.deepEqual(h.logs(), [{ level: "info", message: "moved AWSCURRENT to the new version", secretArn: h.arn }]);
  });

  it("does nothing when the token is AWSCURRENT already (a retry after it moved)", async () => {
    const h = rotation();
    await finishSecret(await h.context());
    h.sm.resetCalls();
    h.logLines.length = 0;
    await finishSecret(await h.context());
    assert.deepEqual(h.sm.calls, []);
    assert.deepEqual(h.logSummary(), ["version is already AWSCURRENT"]);
  });

  it("moves AWSCURRENT without RemoveFromVersionId when no version carries it", async () => {
    const h = new RotationHarness();
    h.seed(TOKEN, h.secret({ username: "app", password: "pending-password-0002" }), [AWSPENDING]);
    await finishSecret(await h.context());
    assert.deepEqual(h.sm.calls, [{ command: "UpdateSecretVersionStage", input: { SecretId: h.arn, VersionStage: AWSCURRENT, MoveToVersionId: TOKEN } }]);
    assert.deepEqual(h.sm.stages(h.arn), { [TOKEN]: [AWSCURRENT, AWSPENDING] });
  });

  it("fails as AWS does when AWSCURRENT moved since DescribeSecret, leaving the labels alone", async () => {
    const h = rotation();
    const ctx = await h.context();
    await h.sm.api().updateStage(h.arn, AWSCURRENT, { toVersionId: "ver-0000", fromVersionId: CURRENT_VERSION });
    const before = h.sm.stages(h.arn);
    await assert.rejects(finishSecret(ctx), { name: "InvalidParameterException", message: `The staging label AWSCURRENT is not attached to version ${CURRENT_VERSION}.` });
    assert.deepEqual(h.sm.stages(h.arn), before);
  });

  it("the fake refuses to move AWSCURRENT without RemoveFromVersionId, as AWS does", async () => {
    const h = rotation();
    await assert.rejects(h.sm.api().updateStage(h.arn, AWSCURRENT, { toVersionId: TOKEN }), {
      name: "InvalidParameterException",
      message: `The parameter RemoveFromVersionId can't be empty. Staging label AWSCURRENT is currently attached to version ${CURRENT_VERSION}, so you must explicitly reference that version in RemoveFromVersionId.`,
    });
    await assert.rejects(h.sm.api().updateStage(h.arn, AWSCURRENT, { fromVersionId: CURRENT_VERSION }), { name: "InvalidParameterException" });
  });
});
