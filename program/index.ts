// The entry program, importable without running it (index.ts at the repository root runs it).
export { DatabaseConfigError, main } from "./main";
export type { DatabaseOutputs, StackOutputs } from "./main";
export { databaseArgs, needsEndpoint } from "./databaseArgs";
export { configuredSecretsManagerAccess, createdVpcArgs, declareNetwork, declareSecretsManagerAccess } from "./network";
export type { StackNetwork, StackSecretsManagerAccess } from "./network";
