// The offline plan: run the entry program under mocks for one stack, then render what it declared as
// a tree and summary, JSON, or a Mermaid diagram. recorder.ts and realisticOutputs.ts are the mocks.
export { parsePlanArgs, PLAN_USAGE, PlanUsageError } from "./planArgs";
export type { PlanArgs } from "./planArgs";
export { planJsonOptions, redactSecrets, renderJson, REDACTED, toPlanJson } from "./renderJson";
export type { PlanJson, PlanJsonOptions, PlanJsonResource } from "./renderJson";
export { collectDatabases } from "./databaseSummary";
export type { DatabaseFacts, DatabaseMember, TlsFacts } from "./databaseSummary";
export { collectProxies } from "./proxySummary";
export type { ProxyAuthFacts, ProxyFacts, ProxyHop, ProxyTargetFacts } from "./proxySummary";
export { renderDatabases, renderProxies } from "./renderDatabases";
export { renderMermaid } from "./renderMermaid";
export { renderPlan } from "./renderPlan";
export { renderSummary } from "./renderSummary";
export { renderTree } from "./renderTree";
export { DATABASE_COMPONENT_TYPES, ENDPOINT_TYPE, ResourceIndex, ROTATED_CLUSTER_TYPE, ROTATED_DATABASE_TYPE, shortType } from "./resourceIndex";
export { DEFAULT_PLAN_REGION, planConfig, planStack } from "./runPlan";
export type { Plan } from "./runPlan";
export { listStacks, readStackFile, StackFileError } from "./stackFile";
export type { StackFileConfig } from "./stackFile";
