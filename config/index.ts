// The entry program's configuration: one validated loader and the shape it returns.
export { ConfigError, describeValue } from "./ConfigError";
export { CONFIG_KEYS } from "./configKeys";
export type { ConfigKeySpec } from "./configKeys";
export {
  CREATE_VPC, DEFAULT_DATABASES, DEFAULT_SECRETS_MANAGER_ACCESS_MODE, DEFAULT_VPC_CIDR, DEFAULT_VPC_ID, PROJECT, SECRETS_MANAGER_ACCESS_MODES,
  VPC_AVAILABILITY_ZONES,
} from "./defaults";
export { loadStackConfig } from "./loadStackConfig";
export { ALERT_KEYS, DATABASE_KEYS, ROTATION_KEYS } from "./readDatabase";
// The component's own lists (one definition each), under the names this module has always exported.
export { ENGINES } from "../components/engines";
export { ROTATION_STRATEGIES as STRATEGIES } from "../components/rotationStrategies";
export { MIN_ROTATION_INTERVAL_HOURS, validateDuration, validateSchedule } from "./scheduleRules";
export type {
  CreatedVpcConfig, DatabaseAlertsConfig, DatabaseConfig, DatabaseRotationConfig, DatabaseSettingsConfig, ExistingVpcConfig,
  ProgramSuppliedArg, SecretsManagerAccessConfig, StackConfig, StackFileValue, VpcConfig,
} from "./stackConfig";
