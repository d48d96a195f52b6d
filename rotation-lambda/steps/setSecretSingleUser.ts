// single-user setSecret: the user changes its own password. It needs a login that still works:
// current, pending (then an earlier attempt already set it and there is nothing to do), previous, and finally recent versions that carry
// no label, which is where the password lives when an earlier rotation died after changing it and
// an operator then cleared its AWSPENDING label. AWS's samples lock the user out in that case.
import { MAX_UNLABELLED_VERSIONS_TRIED, type DatabaseSecret } from "../contract";
import type { DatabaseSession } from "../engines";
import { AuthenticationError, InvalidSecretError } from "../errors";
import { AWSPREVIOUS } from "../guard";
import { parseDatabaseSecret } from "../secret";
import type { StepContext } from "./stepContext";
import { describeVersion, loginParams, readSecretString, tryLogin } from "./versions";


/** Versions other than `current` whose credentials could still be the database's password. */
async function* fallbackPasswords(ctx: StepContext, pending: DatabaseSecret): AsyncGenerator<{ password: string; credentials: string }> {
  const candidates: { versionId: string; credentials: string }[] = [];
  // Stryker disable next-line OptionalChaining: equivalent, every id comes from Object.keys of the same record, so its entry exists
  const previous = Object.keys(ctx.description.versionStages).find((id) => ctx.description.versionStages[id]?.includes(AWSPREVIOUS));
  if (previous && previous !== ctx.token) candidates.push({ versionId: previous, credentials: "previous" });
  const unlabelled = (await ctx.sm.listVersions(ctx.secretArn))
    .filter((v) => v.stages.length === 0 && v.versionId !== ctx.token && v.versionId !== previous)
    .slice(0, MAX_UNLABELLED_VERSIONS_TRIED);
  for (const v of unlabelled) candidates.push({ versionId: v.versionId, credentials: "unlabelled" });

  for (const c of candidates) {
    const select = { versionId: c.versionId };
    let secret: DatabaseSecret;
    try {
      secret = parseDatabaseSecret(await readSecretString(ctx, select), describeVersion(ctx, select));
    } catch {
      continue;
    }
    // Another user's or another server's password must never be tried here.
    if (secret.username !== pending.username || secret.host !== pending.host) continue;
    yield { password: secret.password, credentials: c.credentials };
  }
}

export async function setSecretSingleUser(ctx: StepContext, current: DatabaseSecret, pending: DatabaseSecret): Promise<void> {
  if (pending.username !== current.username) {
    throw new InvalidSecretError(
      `single-user: pending version ${ctx.token} of secret ${ctx.secretArn} names another user than the current version`,
    );
  }
  const driver = ctx.engines(pending.engine);
  // Current first: on the normal path it logs in, so a rotation costs one login here and no failed
  // authentication shows in the database's log. Only when it fails can a retry have set the pending
  // password already (one user has one password, so both can never work).
  let session: DatabaseSession | undefined = await tryLogin(ctx, driver, loginParams(pending, driver, current.password), "current");
  if (!session) {
    const already = await tryLogin(ctx, driver, loginParams(pending, driver), "pending");
    if (already) {
      await already.close();
      ctx.log.info("pending credentials already log in; nothing to set");
      return;
    }
    for await (const candidate of fallbackPasswords(ctx, pending)) {
      session = await tryLogin(ctx, driver, loginParams(pending, driver, candidate.password), candidate.credentials);
      if (session) break;
    }
  }
  if (!session) {
    throw new AuthenticationError(
      `single-user: no version of secret ${ctx.secretArn} logs in as "${pending.username}" (tried current, pending, previous and recent unlabelled versions)`,
    );
  }
  try {
    await session.setOwnPassword(pending.password);
  } finally {
    await session.close();
  }
  ctx.log.info("set the pending password", { username: pending.username });
}
