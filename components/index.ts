// The public API of the component library.
export { RotatedDatabase, ROTATED_DATABASE_TYPE, DATABASE_TAG } from "./rotatedDatabase";
export type { EcsEnvironmentEntry } from "./componentOutputs";
export { SecretsManagerEndpoint, SECRETS_MANAGER_ENDPOINT_TYPE } from "./secretsManagerEndpoint";
export type { SecretsManagerEndpointArgs } from "./secretsManagerEndpoint";
export type {
  AlertArgs,
  DatabaseEngine,
  EcsSecretEntry,
  ExistingEndpointArgs,
  RotatedDatabaseArgs,
  RotationArgs,
  RotationStrategy,
  SecretsManagerAccess,
} from "./types";
export { resolveRotatedDatabaseArgs, validateRotatedDatabaseArgs } from "./validate";
export type { Resolution } from "./validate";
export { withDefaults } from "./defaults";
export { APPLICATION_KMS_ACTIONS, APPLICATION_SECRET_ACTIONS, buildApplicationPolicy } from "./applicationPolicy";
export type { ApplicationPolicyInputs } from "./applicationPolicy";
export type { ResolvedDatabaseArgs } from "./defaults";
export { RotatedCluster, ROTATED_CLUSTER_TYPE } from "./rotatedCluster";
export type { ClusterEngine, RotatedClusterArgs, ServerlessV2ScalingArgs, DatabaseProxyArgs } from "./types";
export { resolveRotatedClusterArgs, validateRotatedClusterArgs } from "./validate";
export { withClusterDefaults } from "./defaults";
export type { ResolvedClusterArgs } from "./defaults";
