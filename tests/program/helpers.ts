// Shared by the program tests: the repository's stack files, and walking recorded inputs.
import * as path from "path";
import { RecordedSecret } from "../../plan/recorder";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** The node flags of package.json's `plan` script, to run scripts/plan.ts as `npm run plan` does. */
export const PLAN_NODE_FLAGS = ["--max-semi-space-size=32", "-r", "./scripts/register-typescript.js"];

/** Every leaf of a recorded value with its path; secrets are leaves (never opened). */
export function leaves(v: unknown, at = ""): Array<{ path: string; value: unknown }> {
  if (v instanceof RecordedSecret) return [{ path: at, value: v }];
  if (Array.isArray(v)) return v.flatMap((x, i) => leaves(x, `${at}[${i}]`));
  if (typeof v === "object" && v !== null) return Object.entries(v).flatMap(([k, x]) => leaves(x, at ? `${at}.${k}` : k));
  return [{ path: at, value: v }];
}

export function countByType(resources: ReadonlyArray<{ type: string }>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of resources) counts[r.type] = (counts[r.type] ?? 0) + 1;
  return counts;
}
