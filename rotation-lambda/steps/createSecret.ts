// createSecret: makes sure the AWSPENDING version for this token holds a complete new secret.
// Reuses it when it does; never overwrites an existing version's value (AWS refuses to); and
// takes AWSPENDING off a version whose value is unusable so the next rotation can start clean.
import type { DatabaseSecret } from "../contract";
import { InvalidSecretError } from "../errors";
import { AWSPENDING } from "../guard";
import { alternateUsername, parseDatabaseSecret, serializeSecret, strategyOf } from "../secret";
import type { StepContext } from "./stepContext";
import { describeVersion, readCurrent, readSecretString } from "./versions";

/** Alternating-users: the pending user is the other twin; refused when the engine cannot hold the name. */
function pendingUsername(ctx: StepContext, current: DatabaseSecret): string {
  if (strategyOf(current) === "single-user") return current.username;
  const next = alternateUsername(current.username);
  const driver = ctx.engines(current.engine);
  const max = driver.maxUsernameLength(current.engine);
  const { length, unit } = driver.usernameLength(next);
  if (length > max) {
    throw new InvalidSecretError(
      `alternating-users: user name "${next}" would be ${length} ${unit} long; ` +
        `${current.engine} allows at most ${max}. Shorten the user name in secret ${ctx.secretArn}`,
    );
  }
  return next;
}

export async function createSecret(ctx: StepContext): Promise<void> {
  const select = { versionId: ctx.token, stage: AWSPENDING };
  const existing = await readSecretString(ctx, select);
  if (existing !== undefined) {
    try {
      parseDatabaseSecret(existing, describeVersion(ctx, select));
    } catch (err) {
      // Retrying cannot fix a stored value and AWS will not let us replace it: free the label so
      // the next rotation (a new token) starts from a clean state, and fail this one clearly.
      await ctx.sm.updateStage(ctx.secretArn, AWSPENDING, { fromVersionId: ctx.token });
      throw new InvalidSecretError(
        `${(err as Error).message}; removed its AWSPENDING label so the next rotation can start over`,
        { cause: err },
      );
    }
    ctx.log.info("pending version already holds a secret; reusing it");
    return;
  }

  const current = await readCurrent(ctx);
  const username = pendingUsername(ctx, current);
  const password = await ctx.sm.randomPassword(ctx.config.passwordLength, ctx.config.excludeCharacters);
  ctx.redactor.add(password);
  const pending: DatabaseSecret = { ...current, username, password };
  await ctx.sm.putPendingValue(ctx.secretArn, ctx.token, serializeSecret(pending), ctx.rotationToken);
  ctx.log.info("created pending version", { username, strategy: strategyOf(current) });
}
