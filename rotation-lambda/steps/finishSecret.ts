// finishSecret: moves AWSCURRENT to the token's version, taking it off the old one (Secrets Manager
// then labels the old one AWSPREVIOUS). Uses the guard's DescribeSecret answer: one call in all.
import { AWSCURRENT, versionWithStage } from "../guard";
import type { StepContext } from "./stepContext";

export async function finishSecret(ctx: StepContext): Promise<void> {
  const currentVersion = versionWithStage(ctx.description, AWSCURRENT);
  if (currentVersion === ctx.token) {
    ctx.log.info("version is already AWSCURRENT");
    return;
  }
  await ctx.sm.updateStage(ctx.secretArn, AWSCURRENT, {
    toVersionId: ctx.token,
    ...(currentVersion ? { fromVersionId: currentVersion } : {}),
  });
  ctx.log.info("moved AWSCURRENT to the new version");
}
