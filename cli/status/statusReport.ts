// What `status` shows, computed from DescribeSecret and ListSecretVersionIds answers. Pure: the
// answers are plain data, so tests can build them and the text is the same for any source.

/** The subset of DescribeSecret the CLI reads. */
export interface SecretDescription {
  ARN?: string;
  Name?: string;
  RotationEnabled?: boolean;
  RotationLambdaARN?: string;
  RotationRules?: { AutomaticallyAfterDays?: number; Duration?: string; ScheduleExpression?: string };
  LastRotatedDate?: Date;
  NextRotationDate?: Date;
  VersionIdsToStages?: Record<string, string[]>;
  OwningService?: string;
}

/** The subset of a ListSecretVersionIds entry the CLI reads. */
export interface VersionEntry {
  VersionId?: string;
  VersionStages?: string[];
  CreatedDate?: Date;
}

export interface VersionStatus {
  versionId: string;
  stages: string[];
  created?: Date;
}

export interface StuckRotation {
  /** The version carrying AWSPENDING. */
  versionId: string;
  /** The version carrying AWSCURRENT. */
  currentVersionId?: string;
  /** When the pending version was created: the rotation has been stuck since then. */
  since?: Date;
}

export interface StatusReport {
  arn: string;
  name: string;
  rotationEnabled: boolean;
  /** `rate(4 hours)`, `cron(...)` or `every N days`; undefined without rotation rules. */
  schedule?: string;
  /** The rotation window (`Duration`), e.g. `3h`. */
  window?: string;
  functionArn?: string;
  lastRotated?: Date;
  nextRotation?: Date;
  versions: VersionStatus[];
  stuck?: StuckRotation;
}

/** The schedule as written in the rotation rules. */
export function scheduleOf(rules: SecretDescription["RotationRules"]): string | undefined {
  if (!rules) return undefined;
  if (rules.ScheduleExpression) return rules.ScheduleExpression;
  if (rules.AutomaticallyAfterDays) return `every ${rules.AutomaticallyAfterDays} day${rules.AutomaticallyAfterDays === 1 ? "" : "s"}`;
  return undefined;
}

const STAGE_ORDER = ["AWSCURRENT", "AWSPENDING", "AWSPREVIOUS"];

function stageRank(stages: string[]): number {
  const ranks = stages.map((s) => STAGE_ORDER.indexOf(s)).filter((r) => r >= 0);
  return ranks.length > 0 ? Math.min(...ranks) : STAGE_ORDER.length;
}

/** AWSPENDING on a version that is not AWSCURRENT: a rotation started and did not finish. */
export function stuckRotation(versions: VersionStatus[]): StuckRotation | undefined {
  const pending = versions.find((v) => v.stages.includes("AWSPENDING"));
  if (!pending || pending.stages.includes("AWSCURRENT")) return undefined;
  const current = versions.find((v) => v.stages.includes("AWSCURRENT"));
  return {
    versionId: pending.versionId,
    ...(current ? { currentVersionId: current.versionId } : {}),
    ...(pending.created ? { since: pending.created } : {}),
  };
}

/**
 * Merges the two answers. Versions come from DescribeSecret's stage map (which also shows a pending
 * version with no value yet), with creation dates from the version list where it has them.
 */
export function statusReport(secret: SecretDescription, list: VersionEntry[] = []): StatusReport {
  const created = new Map(list.filter((v) => v.VersionId).map((v) => [v.VersionId as string, v.CreatedDate]));
  const stageMap = secret.VersionIdsToStages ?? Object.fromEntries(list.filter((v) => v.VersionId).map((v) => [v.VersionId as string, v.VersionStages ?? []]));
  const versions: VersionStatus[] = Object.entries(stageMap)
    .map(([versionId, stages]) => {
      const date = created.get(versionId);
      return { versionId, stages: [...stages].sort((a, b) => stageRank([a]) - stageRank([b]) || a.localeCompare(b)), ...(date ? { created: date } : {}) };
    })
    .sort((a, b) => stageRank(a.stages) - stageRank(b.stages) || (b.created?.getTime() ?? 0) - (a.created?.getTime() ?? 0) || a.versionId.localeCompare(b.versionId));
  const report: StatusReport = {
    arn: secret.ARN ?? "",
    name: secret.Name ?? "",
    rotationEnabled: secret.RotationEnabled === true,
    versions,
  };
  const schedule = scheduleOf(secret.RotationRules);
  if (schedule) report.schedule = schedule;
  if (secret.RotationRules?.Duration) report.window = secret.RotationRules.Duration;
  if (secret.RotationLambdaARN) report.functionArn = secret.RotationLambdaARN;
  if (secret.LastRotatedDate) report.lastRotated = secret.LastRotatedDate;
  if (secret.NextRotationDate) report.nextRotation = secret.NextRotationDate;
  const stuck = stuckRotation(versions);
  if (stuck) report.stuck = stuck;
  return report;
}
