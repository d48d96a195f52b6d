// `status`: the database behind the secret (engine, instance or cluster, endpoints, proxy), the
// secret's versions and stages, rotation schedule and function, last and next rotation, and a stuck
// rotation in words.
import type { CommandContext } from "../context";
import { describeSecret, listVersions, secretValue } from "../secret/readSecret";
import { databaseFacts, type DatabaseFactsResult } from "../status/databaseFacts";
import { formatStatusJson, formatStatusText } from "../status/formatStatus";
import { statusReport, type SecretDescription, type VersionEntry } from "../status/statusReport";

export async function statusCommand(ctx: CommandContext): Promise<number> {
  const secretId = ctx.secretId();
  // The value only feeds the database facts: status still works for a caller who may not read it.
  const value = secretValue(ctx.aws, secretId).then(
    (v): DatabaseFactsResult => databaseFacts(v.text, ctx.endpoints()),
    (err: unknown): DatabaseFactsResult => ({ ok: false, reason: err instanceof Error ? err.message : String(err) }),
  );
  const [described, versions, database] = await Promise.all([describeSecret(ctx.aws, secretId), listVersions(ctx.aws, secretId), value]);
  const report = statusReport(described as SecretDescription, (versions ?? []) as VersionEntry[]);
  ctx.io.stdout.write(ctx.output === "json" ? formatStatusJson(report, database) : formatStatusText(report, database));
  return 0;
}
