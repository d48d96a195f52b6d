// testSecret: proves the pending credentials log in to the secret's database and can run a query.
import { AuthenticationError } from "../errors";
import type { StepContext } from "./stepContext";
import { loginParams, readPending, tryLogin } from "./versions";

export async function testSecret(ctx: StepContext): Promise<void> {
  const pending = await readPending(ctx);
  const driver = ctx.engines(pending.engine);
  const session = await tryLogin(ctx, driver, loginParams(pending, driver), "pending");
  if (!session) {
    throw new AuthenticationError(`the pending version ${ctx.token} of secret ${ctx.secretArn} does not log in as "${pending.username}"`);
  }
  try {
    await session.ping();
  } finally {
    await session.close();
  }
  ctx.log.info("pending credentials log in");
}
