// The validated shape of one stack's configuration: what the entry program builds from. Everything
// here has passed `loadStackConfig`, so the program itself does no checking.
import type * as pulumi from "@pulumi/pulumi";
import type {
  AlertArgs, DatabaseProxyArgs, RotatedClusterArgs, RotatedDatabaseArgs, RotationArgs, ServerlessV2ScalingArgs,
} from "../components/types";

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

/**
 * How the VPC reaches Secrets Manager (stack key `secretsManagerAccess`): an endpoint the stack creates
 * and every database shares, an endpoint that already serves the VPC, or the subnets' NAT gateway.
 */
export type SecretsManagerAccessConfig =
  | { mode: "endpoint" }
  | { mode: "existing-endpoint"; endpointId: string; securityGroupId: string }
  | { mode: "nat" };

/**
 * A component argument as a stack file can give it: plain values where the component accepts
 * `pulumi.Input`s (a stack file holds no Outputs), e.g. `kmsKeyArn: string`, `allowedSecurityGroupIds: string[]`.
 */
export type StackFileValue<T> = pulumi.Unwrap<T>;

/** Rotation settings of one database: RotatedDatabase's `rotation` argument (unset keys use its defaults). */
export type DatabaseRotationConfig = StackFileValue<RotationArgs>;

/** The proxy of one database: the component's `proxy` argument (`{}` turns it on with its defaults). */
export type DatabaseProxyConfig = StackFileValue<DatabaseProxyArgs>;

/** Alerts of one database: RotatedDatabase's `alerts` argument, with a plain topic ARN. */
export type DatabaseAlertsConfig = StackFileValue<AlertArgs>;

/**
 * RotatedDatabase arguments a stack file sets per database. The program supplies the rest: the
 * network (`vpcId`, `subnetIds`) and the shared endpoint (`secretsManagerAccess`).
 */
export type DatabaseSettingsConfig = StackFileValue<Omit<RotatedDatabaseArgs, ProgramSuppliedArg>>;

/** Component arguments the program derives from the stack rather than reading per database. */
export type ProgramSuppliedArg = "vpcId" | "subnetIds" | "secretsManagerAccess";

/**
 * RotatedCluster arguments only a cluster has, or whose values differ from an instance's (Aurora
 * engines, `db.serverless`): a cluster entry sets them under `cluster:`, so the entry's top level
 * means the same for an instance and a cluster.
 */
export type ClusterOnlyArg = "engine" | "engineVersion" | "instanceClass" | "serverlessV2Scaling" | "readers";

/** `databases.<name>.cluster`: the cluster-only arguments (`{}` for RotatedCluster's defaults). */
export type ClusterSettingsConfig = StackFileValue<Pick<RotatedClusterArgs, ClusterOnlyArg>>;

/** Serverless v2 capacity of a cluster (`cluster.serverlessV2Scaling`), in ACUs. */
export type ServerlessV2ScalingConfig = StackFileValue<ServerlessV2ScalingArgs>;

/** RotatedCluster arguments a cluster entry sets at its top level, each meaning what it means for an instance. */
export type ClusterEntrySettingsConfig = StackFileValue<Omit<RotatedClusterArgs, ProgramSuppliedArg | ClusterOnlyArg>>;

/** An entry of `databases` without `cluster`: a RotatedDatabase. Unset keys use the component's defaults. */
export type InstanceDatabaseConfig = DatabaseSettingsConfig & {
  /** Key in `databases`; names the component, its children and its stack outputs. */
  name: string;
  cluster?: undefined;
};

/** An entry of `databases` with `cluster`: a RotatedCluster. Unset keys use the component's defaults. */
export type ClusterDatabaseConfig = ClusterEntrySettingsConfig & {
  /** Key in `databases`; names the component, its children and its stack outputs. */
  name: string;
  /** What only a cluster has; its presence makes the entry a cluster. */
  cluster: ClusterSettingsConfig;
};

/** One entry of `databases`: an RDS instance, or an Aurora cluster when it has `cluster`. */
export type DatabaseConfig = InstanceDatabaseConfig | ClusterDatabaseConfig;

/** One stack's validated configuration. */
export interface StackConfig {
  vpc: VpcConfig;
  /** How the VPC reaches Secrets Manager. */
  secretsManager: SecretsManagerAccessConfig;
  /** Databases in declaration order (at least one). */
  databases: DatabaseConfig[];
  /** Tags for every database (merged under each database's own `tags`). */
  tags: Record<string, string>;
  /** E-mail for every database's alert topic unless the database sets `alerts.email` or `alerts.topicArn`. */
  alertEmail?: string;
}
