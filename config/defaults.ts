// Stack-level defaults of the entry program, applied in one place (`loadStackConfig`). Pulumi.yaml
// declares the same defaults for the CLI; tests/unit/config-pulumiYaml.test.ts keeps the two equal.
// Per-database settings have no defaults here: RotatedDatabase applies its own (components/defaults.ts),
// so the program never restates them.

/** Sentinel value of `vpcId` meaning "create a VPC for this stack". */
export const CREATE_VPC = "create";

/** Create the VPC by default: the cheap, locked-down layout works without any existing network. */
export const DEFAULT_VPC_ID = CREATE_VPC;

/** A /16 leaves room for more subnets later; RDS needs only two small ones. */
export const DEFAULT_VPC_CIDR = "10.0.0.0/16";

/** How the VPC reaches Secrets Manager: one endpoint this stack creates and every database shares. */
export const SECRETS_MANAGER_ACCESS_MODES = ["endpoint", "existing-endpoint", "nat"] as const;

/**
 * Create the endpoint by default: the created VPC has no NAT, so an endpoint is its only way to the API.
 * In an existing VPC that already has one (with private DNS, only one can), choose "existing-endpoint".
 */
export const DEFAULT_SECRETS_MANAGER_ACCESS_MODE = "endpoint";

/** Prefix lengths of the created VPC: awsx cuts one /24 subnet per zone from it, and a VPC is /16 to /28. */
export const VPC_PREFIX_LENGTHS = { min: 16, max: 24 } as const;

/** RDS subnet groups need at least two availability zones; more only costs endpoint ENIs. */
export const VPC_AVAILABILITY_ZONES = 2;

/** One database called `app`: the smallest stack that shows the whole design. */
export const DEFAULT_DATABASES: Readonly<Record<string, Readonly<Record<string, unknown>>>> = { app: {} };

/** Project name: the namespace of every config key. Must equal `name` in Pulumi.yaml. */
export const PROJECT = "rotated-rds";
