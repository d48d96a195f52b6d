// `rotate [--wait]`: starts a rotation; with --wait, follows it to the end.
import type { CommandContext } from "../context";
import { BadArgumentError, RotationDisabledError, RotationFailedError } from "../errors";
import { followRotation } from "../rotate/followRotation";
import { describeSecret } from "../secret/readSecret";
import { stuckRotation, statusReport, type SecretDescription } from "../status/statusReport";

/** How long --wait follows a rotation by default: four steps of a function whose timeout is ~2 minutes. */
export const DEFAULT_WAIT_TIMEOUT_SECONDS = 600;

export interface RotateFlags {
  wait?: boolean;
  timeout?: string;
}

export function parseTimeoutSeconds(value: string | undefined): number {
  if (value === undefined) return DEFAULT_WAIT_TIMEOUT_SECONDS;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new BadArgumentError(`--timeout must be a whole number of seconds (1 or more), got ${JSON.stringify(value)}`);
  return Number(value);
}

export async function rotateCommand(ctx: CommandContext, flags: RotateFlags): Promise<number> {
  const timeoutSeconds = parseTimeoutSeconds(flags.timeout);
  const secretId = ctx.secretId();
  const described = (await describeSecret(ctx.aws, secretId)) as SecretDescription;
  const name = described.Name ?? secretId;
  if (described.RotationEnabled !== true || !described.RotationLambdaARN) {
    throw new RotationDisabledError(
      `rotation is disabled for secret ${JSON.stringify(name)}${described.RotationEnabled === true ? " (no rotation function)" : ""}: enable it with a rotation function first; "rotated-rds doctor" shows what is missing`,
    );
  }
  const report = statusReport(described);
  const stuck = stuckRotation(report.versions);
  if (stuck) {
    throw new RotationFailedError(
      `a rotation is already in progress or stuck: AWSPENDING is on version ${stuck.versionId}; Secrets Manager refuses a new one until it finishes or the label is removed. "rotated-rds status" says how; "rotated-rds doctor" finds the cause`,
    );
  }
  const previous = report.versions.find((v) => v.stages.includes("AWSCURRENT"))?.versionId;
  const { versionId } = await ctx.deps.startRotation(ctx.aws, secretId);
  const json = ctx.output === "json";
  if (!flags.wait) {
    if (json) ctx.io.stdout.write(`${JSON.stringify({ secret: name, versionId, previousVersionId: previous ?? null, status: "started" }, null, 2)}\n`);
    else ctx.io.stdout.write(`Rotation started: version ${versionId} is AWSPENDING. Follow it with "rotated-rds status" or "rotated-rds rotate --wait".\n`);
    return 0;
  }
  // With JSON on stdout, progress goes to stderr so stdout stays one document.
  await followRotation(ctx.aws, ctx.deps, { secretId, versionId, ...(previous ? { previous } : {}), timeoutMs: timeoutSeconds * 1000, out: json ? ctx.io.stderr : ctx.io.stdout });
  if (json) ctx.io.stdout.write(`${JSON.stringify({ secret: name, versionId, previousVersionId: previous ?? null, status: "finished" }, null, 2)}\n`);
  return 0;
}
