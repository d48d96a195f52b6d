// Runs the real entry program (index.ts, whose export is `main`) for one stack under the recorder's
// mocks: no cloud calls, no Pulumi CLI. The config is what the CLI would hand the program
// (stackFile.ts), so the plan shows what `pulumi up` would declare for that stack.
import main = require("../index");
import { ProgramRecord, recordProgram, RecordedResource } from "./recorder";
import { readStackFile, StackFileConfig } from "./stackFile";

export interface Plan {
  project: string;
  stack: string;
  region: string;
  resources: RecordedResource[];
  calls: ProgramRecord["calls"];
  /** Stack outputs as the mocks resolved them. */
  outputs: unknown;
}

/** Default region when a stack file sets none, as the AWS provider would need one. */
export const DEFAULT_PLAN_REGION = "us-east-1";

/** Plans a stack from its config (as read by `readStackFile`). */
export async function planConfig(stackConfig: StackFileConfig): Promise<Plan> {
  const region = stackConfig.config["aws:region"] ?? DEFAULT_PLAN_REGION;
  const record = await recordProgram(() => main(), {
    project: stackConfig.project,
    stack: stackConfig.stack,
    config: stackConfig.config,
    secretKeys: stackConfig.secretKeys,
    region,
  });
  return {
    project: stackConfig.project,
    stack: stackConfig.stack,
    region,
    resources: record.resources,
    calls: record.calls,
    outputs: record.result,
  };
}

/** Plans `dir/Pulumi.<stack>.yaml`. */
export async function planStack(dir: string, stack: string): Promise<Plan> {
  return planConfig(readStackFile(dir, stack));
}
