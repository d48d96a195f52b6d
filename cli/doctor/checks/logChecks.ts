// Recent errors in the rotation function's log group: the timeout of a function that cannot reach
// Secrets Manager shows up here as "Task timed out", the function's own failures as error lines.
import { isoSecond } from "../../status/formatStatus";
import { functionUnavailable, notChecked, ok, warning, type CheckResult, type DoctorSnapshot } from "../snapshot";

/** Longest log line quoted in a check's one line. */
const QUOTE_LENGTH = 200;

/** Lines that count as errors: Lambda's own (`Task timed out`, `ERROR`), and JSON logs at level error. */
export function isErrorLine(message: string): boolean {
  return /Task timed out|"level"\s*:\s*"error"|\bERROR\b|"errorType"|\[ERROR\]/.test(message);
}

export function checkFunctionLogs(s: DoctorSnapshot): CheckResult {
  const id = "function-logs";
  const title = "No recent errors in the function's log group";
  if (!s.logs) return warning(id, title, functionUnavailable(s));
  if (!s.logs.ok) return notChecked(id, title, s.logs.error);
  const logs = s.logs.value;
  if (!logs.exists) return warning(id, title, `log group ${logs.group} does not exist: the function never ran, or may not write logs`, "check the function's role allows logs:CreateLogStream and logs:PutLogEvents");
  if (logs.errors.length === 0) return ok(id, title, `no error lines in ${logs.group} since ${isoSecond(logs.since)}`);
  const latest = logs.errors[0];
  const line = latest.message.replace(/\s+/g, " ").trim();
  const quoted = line.length > QUOTE_LENGTH ? `${line.slice(0, QUOTE_LENGTH)}…` : line;
  return warning(
    id,
    title,
    `${logs.errors.length} error line${logs.errors.length > 1 ? "s" : ""} in ${logs.group} since ${isoSecond(logs.since)}; latest at ${isoSecond(latest.timestamp)}: ${quoted}`,
    "read the log group around that time: aws logs tail " + logs.group + " --since 24h",
  );
}
