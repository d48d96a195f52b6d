// doctor's output: one block per check (status, title, why, and the fix on failure or warning), then
// a summary line; or the same as JSON.
import type { CheckResult } from "./snapshot";

const MARK: Record<CheckResult["status"], string> = { ok: "ok     ", warning: "warning", failure: "FAILURE" };

export function formatReportText(secretId: string, results: CheckResult[]): string {
  const lines = [`doctor: ${secretId}`];
  for (const r of results) {
    lines.push(`${MARK[r.status]}  ${r.title}`);
    lines.push(`         ${r.why}`);
    if (r.fix && r.status !== "ok") lines.push(`         fix: ${r.fix}`);
  }
  const count = (status: CheckResult["status"]) => results.filter((r) => r.status === status).length;
  lines.push(`${count("ok")} ok, ${count("warning")} warning${count("warning") === 1 ? "" : "s"}, ${count("failure")} failure${count("failure") === 1 ? "" : "s"}`);
  return `${lines.join("\n")}\n`;
}

export function formatReportJson(secretId: string, results: CheckResult[]): string {
  return `${JSON.stringify(
    {
      secretId,
      ok: !results.some((r) => r.status === "failure"),
      checks: results.map((r) => ({ id: r.id, title: r.title, status: r.status, why: r.why, fix: r.fix ?? null })),
    },
    null,
    2,
  )}\n`;
}
