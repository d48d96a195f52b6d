// Rotation configuration and history: enabled with a function, no stuck AWSPENDING, and the last
// rotation no older than the schedule allows.
import { isoSecond, stuckAdvice } from "../../status/formatStatus";
import { scheduleOf, statusReport } from "../../status/statusReport";
import { failure, notChecked, ok, warning, type CheckResult, type DoctorSnapshot } from "../snapshot";

/** Slack on top of interval and window before a rotation counts as overdue (Secrets Manager starts within the window). */
const OVERDUE_GRACE_MS = 60 * 60 * 1000;
/** Rotation window when the rules name none: Secrets Manager's default is the rest of the day (24 h at most). */
const DEFAULT_WINDOW_MS = 24 * 60 * 60 * 1000;

export function checkRotationEnabled(s: DoctorSnapshot): CheckResult {
  const id = "rotation-enabled";
  const title = "Rotation is enabled with a function";
  if (!s.secret.ok) return warning(id, title, "not checked: the secret could not be described");
  const secret = s.secret.value;
  if (secret.RotationEnabled !== true) {
    if (secret.OwningService === "rds") return ok(id, title, "managed by RDS (manageMasterUserPassword): RDS rotates it without a function");
    return failure(id, title, "rotation is disabled", `enable it: aws secretsmanager rotate-secret --secret-id ${secret.ARN ?? s.secretId} --rotation-lambda-arn <function> --rotation-rules ScheduleExpression="rate(4 hours)"`);
  }
  if (!secret.RotationLambdaARN) {
    if (secret.OwningService === "rds") return ok(id, title, `managed by RDS, ${scheduleOf(secret.RotationRules) ?? "no schedule"}`);
    return failure(id, title, "rotation is enabled but names no rotation function", "set the function with rotate-secret --rotation-lambda-arn");
  }
  return ok(id, title, `${scheduleOf(secret.RotationRules) ?? "no schedule"}${secret.RotationRules?.Duration ? `, window ${secret.RotationRules.Duration}` : ""}, function ${secret.RotationLambdaARN}`);
}

export function checkPending(s: DoctorSnapshot): CheckResult {
  const id = "pending";
  const title = "No rotation stuck in AWSPENDING";
  if (!s.secret.ok) return warning(id, title, "not checked: the secret could not be described");
  if (s.versions && !s.versions.ok) return notChecked(id, title, s.versions.error);
  const report = statusReport(s.secret.value, s.versions?.ok ? s.versions.value : []);
  const stuck = report.stuck;
  if (!stuck) return ok(id, title, "AWSPENDING is on no version other than AWSCURRENT");
  const since = stuck.since ? ` since ${isoSecond(stuck.since)}` : "";
  return failure(id, title, `AWSPENDING is on version ${stuck.versionId}${since}, not on AWSCURRENT: a rotation started and did not finish`, stuckAdvice(report.arn, stuck.versionId));
}

/** The schedule's interval in milliseconds, when it has a fixed one (rate or days; cron has none). */
export function scheduleIntervalMs(rules: { AutomaticallyAfterDays?: number; ScheduleExpression?: string } | undefined): number | undefined {
  if (!rules) return undefined;
  const rate = rules.ScheduleExpression?.match(/^rate\((\d+) (hour|hours|day|days)\)$/);
  if (rate) return Number(rate[1]) * (rate[2].startsWith("hour") ? 3_600_000 : 86_400_000);
  if (!rules.ScheduleExpression && rules.AutomaticallyAfterDays) return rules.AutomaticallyAfterDays * 86_400_000;
  return undefined;
}

/** `3h` → 3 hours in milliseconds. */
export function windowMs(duration: string | undefined): number {
  const m = duration?.match(/^(\d+)h$/);
  return m ? Number(m[1]) * 3_600_000 : DEFAULT_WINDOW_MS;
}

function ago(now: Date, then: Date): string {
  const hours = (now.getTime() - then.getTime()) / 3_600_000;
  return hours < 48 ? `${Math.max(0, Math.round(hours))} h ago` : `${Math.round(hours / 24)} days ago`;
}

export function checkLastRotation(s: DoctorSnapshot): CheckResult {
  const id = "last-rotation";
  const title = "Last rotation is within the schedule";
  if (!s.secret.ok) return warning(id, title, "not checked: the secret could not be described");
  const secret = s.secret.value;
  if (secret.RotationEnabled !== true) return warning(id, title, "not checked: rotation is disabled");
  const last = secret.LastRotatedDate;
  const schedule = scheduleOf(secret.RotationRules) ?? "no schedule";
  if (!last) return warning(id, title, `never rotated (${schedule})`, `start one: rotated-rds rotate --wait --secret-id ${secret.ARN ?? s.secretId}`);
  const slack = windowMs(secret.RotationRules?.Duration) + OVERDUE_GRACE_MS;
  const interval = scheduleIntervalMs(secret.RotationRules);
  const dueBy = secret.NextRotationDate ? new Date(secret.NextRotationDate.getTime() + slack) : interval ? new Date(last.getTime() + interval + slack) : undefined;
  if (dueBy && s.now > dueBy) {
    return failure(id, title, `last rotated ${isoSecond(last)} (${ago(s.now, last)}); with ${schedule} the next one was due by ${isoSecond(dueBy)}: rotations are failing or not starting`, "see the pending, network and log checks above; retry with rotated-rds rotate --wait");
  }
  return ok(id, title, `last rotated ${isoSecond(last)} (${ago(s.now, last)}), ${schedule}`);
}
