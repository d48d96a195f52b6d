// The entry program, importable without running it (index.ts at the repository root runs it).
export { main } from "./main";
export { DatabaseConfigError } from "./DatabaseConfigError";
export { plannedNetwork, preflightError } from "./preflight";
export type { DatabaseOutputs, StackOutputs } from "./main";
export { databaseArgs, needsEndpoint } from "./databaseArgs";
export { clusterArgs } from "./clusterArgs";
export { stackSuppliedArgs } from "./stackSuppliedArgs";
export type { StackSuppliedArgs } from "./stackSuppliedArgs";
export { configuredSecretsManagerAccess, createdVpcArgs, declareNetwork, declareSecretsManagerAccess } from "./network";
export type { StackNetwork, StackSecretsManagerAccess } from "./network";
