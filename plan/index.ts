// The offline plan: run the entry program under mocks for one stack, then render what it declared as
// a tree and summary, JSON, or a Mermaid diagram. recorder.ts and realisticOutputs.ts are the mocks.
export { parsePlanArgs, PLAN_USAGE, PlanUsageError } from "./planArgs";
export type { PlanArgs } from "./planArgs";
export { planJsonOptions, redactSecrets, renderJson, REDACTED, toPlanJson } from "./renderJson";
export type { PlanJson, PlanJsonOptions, PlanJsonResource } from "./renderJson";
export { renderMermaid } from "./renderMermaid";
export { renderPlan } from "./renderPlan";
export { renderSummary } from "./renderSummary";
export { renderTree } from "./renderTree";
export { ENDPOINT_TYPE, ResourceIndex, ROTATED_DATABASE_TYPE, shortType } from "./resourceIndex";
export { DEFAULT_PLAN_REGION, planConfig, planStack } from "./runPlan";
export type { Plan } from "./runPlan";
export { listStacks, readStackFile, StackFileError } from "./stackFile";
export type { StackFileConfig } from "./stackFile";
