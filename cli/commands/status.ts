// `status`: the secret's versions and stages, rotation schedule and function, last and next rotation,
// and a stuck rotation in words.
import type { CommandContext } from "../context";
import { describeSecret, listVersions } from "../secret/readSecret";
import { formatStatusJson, formatStatusText } from "../status/formatStatus";
import { statusReport, type SecretDescription, type VersionEntry } from "../status/statusReport";

export async function statusCommand(ctx: CommandContext): Promise<number> {
  const secretId = ctx.secretId();
  const [described, versions] = await Promise.all([describeSecret(ctx.aws, secretId), listVersions(ctx.aws, secretId)]);
  const report = statusReport(described as SecretDescription, (versions ?? []) as VersionEntry[]);
  ctx.io.stdout.write(ctx.output === "json" ? formatStatusJson(report) : formatStatusText(report));
  return 0;
}
