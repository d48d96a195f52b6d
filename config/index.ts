// The entry program's configuration: one validated loader and the shape it returns.
export { ConfigError, describeValue } from "./ConfigError";
export { CONFIG_KEYS } from "./configKeys";
export type { ConfigKeySpec } from "./configKeys";
export {
  CREATE_VPC, DEFAULT_DATABASES, DEFAULT_SECRETS_MANAGER_ACCESS_MODE, DEFAULT_VPC_CIDR, DEFAULT_VPC_ID, PROJECT, SECRETS_MANAGER_ACCESS_MODES,
  VPC_AVAILABILITY_ZONES,
} from "./defaults";
export { loadStackConfig } from "./loadStackConfig";
export { ALERT_KEYS, DATABASE_KEYS, ROTATION_KEYS, SHARED_DATABASE_KEYS } from "./readDatabase";
export { CLUSTER_KEYS, INSTANCE_ONLY_KEYS, SERVERLESS_V2_SCALING_KEYS } from "./readCluster";
// The component's own lists (one definition each), under the names this module has always exported.
export { CLUSTER_ENGINES, ENGINES } from "../components/engines";
export { ROTATION_STRATEGIES as STRATEGIES } from "../components/rotationStrategies";
export { MIN_ROTATION_INTERVAL_HOURS, validateDuration, validateSchedule } from "./scheduleRules";
export type {
  ClusterDatabaseConfig, ClusterEntrySettingsConfig, ClusterOnlyArg, ClusterSettingsConfig, CreatedVpcConfig, DatabaseAlertsConfig,
  DatabaseConfig, DatabaseProxyConfig, DatabaseRotationConfig, DatabaseSettingsConfig, ExistingVpcConfig, InstanceDatabaseConfig,
  ProgramSuppliedArg, SecretsManagerAccessConfig, ServerlessV2ScalingConfig, StackConfig, StackFileValue, VpcConfig,
} from "./stackConfig";
