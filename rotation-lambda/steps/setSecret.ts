// setSecret: makes the database accept the pending credentials. The strategy is read from the
// secret itself (a `masterarn` field means alternating-users), as AWS's own templates do.
import { InvalidSecretError } from "../errors";
import { strategyOf } from "../secret";
import { setSecretAlternatingUsers } from "./setSecretAlternatingUsers";
import { setSecretSingleUser } from "./setSecretSingleUser";
import type { StepContext } from "./stepContext";
import { readCurrent, readPending } from "./versions";

export async function setSecret(ctx: StepContext): Promise<void> {
  const [current, pending] = await Promise.all([readCurrent(ctx), readPending(ctx)]);
  if (pending.engine !== current.engine) {
    throw new InvalidSecretError(
      `pending version ${ctx.token} of secret ${ctx.secretArn} names engine "${pending.engine}" but the current version names "${current.engine}"`,
    );
  }
  if (pending.host !== current.host) {
    throw new InvalidSecretError(
      `pending version ${ctx.token} of secret ${ctx.secretArn} names another host than the current version; refusing to rotate`,
    );
  }
  if (strategyOf(pending) !== strategyOf(current)) {
    throw new InvalidSecretError(
      `pending version ${ctx.token} of secret ${ctx.secretArn} uses ${strategyOf(pending)} but the current version uses ${strategyOf(current)}`,
    );
  }
  if (strategyOf(current) === "alternating-users") await setSecretAlternatingUsers(ctx, current, pending);
  else await setSecretSingleUser(ctx, current, pending);
}
