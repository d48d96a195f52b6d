// The validated shape of one stack's configuration: what the entry program builds from. Everything
// here has passed `loadStackConfig`, so the program itself does no checking.
import type { DatabaseEngine, RotationStrategy } from "../components/types";

/** Create a VPC with isolated private subnets and no NAT gateway. */
export interface CreatedVpcConfig {
  mode: "create";
  /** IPv4 CIDR of the new VPC. */
  cidrBlock: string;
  /** Availability zones (one isolated subnet each). */
  availabilityZones: number;
}

/** Use a VPC that already exists. */
export interface ExistingVpcConfig {
  mode: "existing";
  vpcId: string;
  /** Private subnets in at least two availability zones. */
  subnetIds: string[];
}

export type VpcConfig = CreatedVpcConfig | ExistingVpcConfig;

/** Rotation settings of one database, as the stack file gives them (unset keys use the component defaults). */
export interface DatabaseRotationConfig {
  strategy?: RotationStrategy;
  schedule?: string;
  duration?: string;
  rotateImmediately?: boolean;
  passwordLength?: number;
  excludeCharacters?: string;
  applicationUsername?: string;
}

/** Alerts of one database. */
export interface DatabaseAlertsConfig {
  /** Existing SNS topic; when unset the component creates one. */
  topicArn?: string;
  /** E-mail subscribed to the created topic. */
  email?: string;
}

/** One entry of `databases`: a RotatedDatabase. Unset keys use the component's defaults. */
export interface DatabaseConfig {
  /** Key in `databases`; names the component, its children and its stack outputs. */
  name: string;
  engine?: DatabaseEngine;
  engineVersion?: string;
  instanceClass?: string;
  allocatedStorage?: number;
  dbName?: string;
  masterUsername?: string;
  multiAz?: boolean;
  deletionProtection?: boolean;
  backupRetentionDays?: number;
  skipFinalSnapshot?: boolean;
  kmsKeyArn?: string;
  allowedSecurityGroupIds?: string[];
  allowedCidrBlocks?: string[];
  rotation?: DatabaseRotationConfig;
  alerts?: DatabaseAlertsConfig;
  logRetentionDays?: number;
  tags?: Record<string, string>;
}

/** One stack's validated configuration. */
export interface StackConfig {
  vpc: VpcConfig;
  /** Databases in declaration order (at least one). */
  databases: DatabaseConfig[];
  /** Tags for every database (merged under each database's own `tags`). */
  tags: Record<string, string>;
  /** E-mail for every database's alert topic unless the database sets `alerts.email` or `alerts.topicArn`. */
  alertEmail?: string;
}
