// `npm run plan -- --stack dev [--json] [--mermaid FILE]`: the offline plan's command line. The work
// is in plan/; this file parses arguments, prints, and turns errors into exit codes (2 for usage, 1
// for a config or program error, with the program's own message). package.json runs it with
// scripts/register-typescript.js (esbuild, faster to start than ts-node) and `--max-semi-space-size=32`:
// the SDK allocates many short-lived promises per resource, and a larger young generation cuts
// garbage-collection time by about a fifth on a 100-database stack.
import * as fs from "fs";
import * as path from "path";
import { parsePlanArgs, PLAN_USAGE, PlanUsageError } from "../plan/planArgs";
import { renderJson } from "../plan/renderJson";
import { renderMermaid } from "../plan/renderMermaid";
import { renderPlan } from "../plan/renderPlan";
import { ResourceIndex } from "../plan/resourceIndex";
import { planStack } from "../plan/runPlan";

async function run(): Promise<number> {
  let args;
  try {
    args = parsePlanArgs(process.argv.slice(2), process.env);
  } catch (err) {
    if (!(err instanceof PlanUsageError)) throw err;
    process.stderr.write(`plan: ${err.message}\n\n${PLAN_USAGE}\n`);
    return 2;
  }
  if (args === "help") {
    process.stdout.write(`${PLAN_USAGE}\n`);
    return 0;
  }
  const plan = await planStack(path.resolve(args.dir), args.stack);
  if (args.mermaidFile) {
    const title = `rotated-rds stack ${plan.stack} (declared, offline)`;
    fs.writeFileSync(args.mermaidFile, renderMermaid(new ResourceIndex(plan.resources), title));
  }
  process.stdout.write(args.json ? `${renderJson(plan.stack, plan.resources)}\n` : renderPlan(plan));
  if (args.mermaidFile && !args.json) process.stdout.write(`\nMermaid diagram written to ${args.mermaidFile}\n`);
  return 0;
}

run().then(
  (code) => { process.exitCode = code; },
  (err: unknown) => {
    // The program's own message (ConfigError names key, value and what is allowed); no stack trace.
    process.stderr.write(`plan failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
