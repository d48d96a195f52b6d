// Public argument and output types of the components. Defaults are applied in one place
// (`withDefaults` in defaults.ts); the values documented here with @default are those constants.
import * as pulumi from "@pulumi/pulumi";
import type { SecretsManagerEndpoint } from "./secretsManagerEndpoint";

/** RDS engine strings this package supports for instances (the exact values RDS and the secret JSON use). */
export type DatabaseEngine = "postgres" | "mysql" | "mariadb";

/** Aurora engine strings this package supports for clusters (RDS's own strings, which the secret JSON carries too). */
export type ClusterEngine = "aurora-postgresql" | "aurora-mysql";

/** Every engine string a component of this package declares: instances' and clusters'. */
export type AnyEngine = DatabaseEngine | ClusterEngine;

/**
 * Who rotates the password (design.md section 2).
 * - `single-user`: our Lambda rotates the master user's password in our secret.
 * - `alternating-users`: our Lambda, logging in as the master user, alternates an application user
 *   and its `<user>_clone` twin; old connections and readers of the old secret keep working.
 * - `managed`: RDS rotates the master password itself (`manageMasterUserPassword`); no Lambda.
 */
export type RotationStrategy = "single-user" | "alternating-users" | "managed";

/**
 * How the rotation function and the applications, which run inside the VPC, reach the Secrets Manager
 * API. The rotation group and the client group get egress 443 to it; an endpoint's group admits 443
 * from the rotation group, the client group and `allowedSecurityGroupIds`.
 * - `{ endpoint }`: share a SecretsManagerEndpoint declared in this program (one per VPC carries
 *   private DNS, so every database in a VPC must share one).
 * - `{ createEndpoint: true }`: create an endpoint for this database alone (none with `managed`).
 * - `{ existingEndpoint: { endpointId, securityGroupId } }`: a Secrets Manager endpoint that already
 *   serves the VPC, made outside this program; its security group gets this database's ingress rules.
 * - `{ natGateway: true }`: the subnets route to the internet through NAT; you assert that knowingly.
 *   The rotation and client groups then need egress on 443 to 0.0.0.0/0 (Secrets Manager's public
 *   addresses change and have no prefix list); they still reach nothing else.
 */
export type SecretsManagerAccess =
  | { endpoint: SecretsManagerEndpoint }
  | { createEndpoint: true }
  | { existingEndpoint: ExistingEndpointArgs }
  | { natGateway: true };

/** A Secrets Manager interface endpoint that exists outside this program (`secretsManagerAccess.existingEndpoint`). */
export interface ExistingEndpointArgs {
  /** The endpoint's id, `vpce-` and 8 to 17 hex digits; it must serve the database's VPC with private DNS. */
  endpointId: pulumi.Input<string>;
  /**
   * A security group attached to the endpoint, `sg-` and 8 to 17 hex digits: the database adds its
   * 443 ingress rules to it (they go away with the database) and changes nothing else in it.
   */
  securityGroupId: pulumi.Input<string>;
}

/** Rotation settings. */
export interface RotationArgs {
  /**
   * Rotation strategy.
   * @default "single-user"
   */
  strategy?: RotationStrategy;
  /**
   * Schedule expression: `rate(N hours|days)` or `cron(0 H DoM Mon DoW *)` in UTC, at most every 4 hours.
   * @default "rate(4 hours)"
   */
  schedule?: string;
  /**
   * Rotation window, like `"1h"`: 1 to 24 hours and shorter than the schedule's interval.
   * @default "1h"
   */
  duration?: string;
  /**
   * Rotate once as soon as the secret exists, so any password copy in Pulumi state is dead within minutes.
   * @default true
   */
  rotateImmediately?: boolean;
  /**
   * Length of generated passwords: 16 to 128 (postgres) or 41 (mysql, mariadb, aurora-postgresql, aurora-mysql). Refused with `managed`.
   * @default 32
   */
  passwordLength?: number;
  /**
   * Characters generated passwords never contain. Must include `/`, `"` and `@` (RDS refuses them)
   * and leave every character class. Refused with `managed`.
   * @default "\"'@/\\`:;,?#%&[]{}()<>|~$ " (characters that break connection URLs, shells or SQL literals)
   */
  excludeCharacters?: string;
  /**
   * The application user that alternating-users rotates (with its `<user>_clone` twin, which must
   * fit the engine's limit: 57 characters on postgres, 26 on mysql, 74 on mariadb).
   * Required for `alternating-users`, refused otherwise.
   * @default - none
   */
  applicationUsername?: string;
}

/** Where rotation failures are reported. */
export interface AlertArgs {
  /**
   * An existing SNS topic to notify. When omitted a topic is created. Its policy must let
   * `events.amazonaws.com` and `cloudwatch.amazonaws.com` publish (a created topic gets such a policy).
   * @default - a new SNS topic
   */
  topicArn?: pulumi.Input<string>;
  /**
   * E-mail address subscribed to the created topic. Refused together with `topicArn`: subscribe to
   * your own topic yourself.
   * @default - no subscription
   */
  email?: string;
}

/** Arguments of {@link RotatedDatabase}. */
export interface RotatedDatabaseArgs {
  // --- Network ---------------------------------------------------------------------------
  /** The VPC the database and the rotation function live in. */
  vpcId: pulumi.Input<string>;
  /** Private subnets, in at least 2 availability zones, for the database and the rotation function. */
  subnetIds: pulumi.Input<string>[];
  /**
   * Security groups of applications allowed to connect to the database port; with `proxy`, to the
   * proxy only, unless `proxy.directAccess`.
   * @default [] (apps attach the output `clientSecurityGroupId` instead)
   */
  allowedSecurityGroupIds?: pulumi.Input<string>[];
  /**
   * CIDR ranges allowed to connect to the database port: IPv4 or IPv6, each written as the network
   * address of its range (`10.0.0.0/16`, not `10.0.0.5/16`). `0.0.0.0/0`, `::/0` and any other `/0` are refused.
   * With `proxy`, they reach the proxy only, unless `proxy.directAccess`.
   * @default []
   */
  allowedCidrBlocks?: string[];
  /**
   * How the rotation function and the applications reach Secrets Manager. With `managed` there is no
   * rotation function: `createEndpoint` then creates nothing, and the other choices only open the client group's way.
   * @default { createEndpoint: true }
   */
  secretsManagerAccess?: SecretsManagerAccess;

  // --- Database --------------------------------------------------------------------------
  /**
   * Database engine.
   * @default "postgres"
   */
  engine?: DatabaseEngine;
  /**
   * Engine version: major (`"17"`) for postgres, major.minor (`"8.4"`) for mysql/mariadb, optionally
   * more precise. The parameter-group family derives from it. Oldest accepted: postgres 13, mysql 8.0, mariadb 10.5.
   * @default "17" for postgres, "8.4" for mysql, "11.4" for mariadb
   */
  engineVersion?: string;
  /**
   * RDS instance class.
   * @default "db.t4g.micro"
   */
  instanceClass?: string;
  /**
   * Allocated storage in GiB.
   * @default 20
   */
  allocatedStorage?: number;
  /**
   * Name of the database created on the instance: letters, digits and underscores starting with a
   * letter, at most 63 (postgres) or 64 (mysql, mariadb) characters, not one every instance has.
   * @default "app"
   */
  dbName?: string;
  /**
   * Master user name: 1-16 letters, digits or underscores, starting with a letter, not reserved by
   * the engine or RDS (e.g. `rdsadmin`, `rds_*`, `root` on MySQL/MariaDB).
   * @default "dbadmin"
   */
  masterUsername?: string;
  /**
   * Run a standby in a second availability zone.
   * @default false
   */
  multiAz?: boolean;
  /**
   * Refuse deletion of the instance.
   * @default false
   */
  deletionProtection?: boolean;
  /**
   * Apply changes to the instance (class, storage, Multi-AZ, engine version, parameter group) at
   * once rather than in the next maintenance window. Until a waiting change is applied the provider
   * reads the old values back, and every `pulumi up` shows the same diff again.
   * @default false (a production database restarts only in its maintenance window; the dev stack file sets true)
   */
  applyImmediately?: boolean;
  /**
   * Allow a change of `engineVersion` to a new major version (`"16"` to `"17"`); RDS refuses one
   * without it. A major upgrade also replaces the parameter group (a new family): it needs
   * `applyImmediately: true`, or the old group stays in use and its deletion fails.
   * @default false (a major upgrade, including one from a new default engineVersion of this package, is a deliberate step)
   */
  allowMajorVersionUpgrade?: boolean;
  /**
   * Days of automated backups (0-35).
   * @default 7
   */
  backupRetentionDays?: number;
  /**
   * Delete without a final snapshot. Leave false for anything holding data.
   * @default false
   */
  skipFinalSnapshot?: boolean;
  /**
   * Customer-managed KMS key ARN for storage, the secret and (alternating-users, managed) the
   * RDS-managed master secret; the rotation function may use it through Secrets Manager only.
   * @default - the AWS-managed keys (aws/rds, aws/secretsmanager)
   */
  kmsKeyArn?: pulumi.Input<string>;

  /**
   * An RDS Proxy in front of the database. Refused with `alternating-users`: the proxy authenticates
   * clients with the user name in the secret, which that strategy changes at every rotation.
   * @default - no proxy
   */
  proxy?: DatabaseProxyArgs;

  // --- Rotation, alerts, housekeeping -----------------------------------------------------
  /**
   * Rotation settings.
   * @default { strategy: "single-user", schedule: "rate(4 hours)", duration: "1h", rotateImmediately: true }
   */
  rotation?: RotationArgs;
  /**
   * Rotation failure alerts.
   * @default - a new SNS topic with no subscription
   */
  alerts?: AlertArgs;
  /**
   * Retention of the rotation function's log group, in days.
   * @default 30
   */
  logRetentionDays?: number;
  /**
   * Tags applied to every taggable child resource.
   * @default {}
   */
  tags?: Record<string, string>;
}

/** Arguments of {@link RotatedCluster}: an Aurora cluster with a writer and zero or more readers. */
export interface RotatedClusterArgs {
  // --- Network ---------------------------------------------------------------------------
  /** The VPC the cluster and the rotation function live in. */
  vpcId: pulumi.Input<string>;
  /** Private subnets, in at least 2 availability zones, for the cluster's instances and the rotation function. */
  subnetIds: pulumi.Input<string>[];
  /**
   * Security groups of applications allowed to connect to the cluster port; with `proxy`, to the
   * proxy only, unless `proxy.directAccess`.
   * @default [] (apps attach the output `clientSecurityGroupId` instead)
   */
  allowedSecurityGroupIds?: pulumi.Input<string>[];
  /**
   * CIDR ranges allowed to connect to the cluster port, as for {@link RotatedDatabaseArgs.allowedCidrBlocks}
   * (with `proxy`, to the proxy only, unless `proxy.directAccess`).
   * @default []
   */
  allowedCidrBlocks?: string[];
  /**
   * How the rotation function and the applications reach Secrets Manager, as for {@link RotatedDatabaseArgs.secretsManagerAccess}.
   * @default { createEndpoint: true }
   */
  secretsManagerAccess?: SecretsManagerAccess;

  // --- Cluster ---------------------------------------------------------------------------
  /**
   * Aurora engine.
   * @default "aurora-postgresql"
   */
  engine?: ClusterEngine;
  /**
   * Aurora engine version: major.minor (`"17.7"`) or a major alone (`"17"`) for aurora-postgresql;
   * the full `"8.0.mysql_aurora.3.10.3"` or the MySQL major.minor alone (`"8.0"`) for aurora-mysql. A
   * major alone gets that major's current default from RDS. The cluster and instance parameter-group
   * families derive from it (`aurora-postgresql17`, `aurora-mysql8.0`). Oldest accepted (Aurora
   * standard support): aurora-postgresql 14, aurora-mysql 8.0.mysql_aurora.3.08.
   * @default "17.7" for aurora-postgresql, "8.0.mysql_aurora.3.10.3" for aurora-mysql (AWS's default versions)
   */
  engineVersion?: string;
  /**
   * Instance class of the writer and every reader: a provisioned class (`db.r7g.large`) or
   * `db.serverless` for Serverless v2.
   * @default "db.serverless"
   */
  instanceClass?: string;
  /**
   * Serverless v2 capacity, used by `db.serverless` instances; refused with a provisioned class.
   * @default { minCapacity: 0.5, maxCapacity: 4 } with "db.serverless"
   */
  serverlessV2Scaling?: ServerlessV2ScalingArgs;
  /**
   * Reader instances besides the writer: 0 to 15.
   * @default 0
   */
  readers?: number;
  /**
   * Name of the database created in the cluster, with the same rules as {@link RotatedDatabaseArgs.dbName}.
   * @default "app"
   */
  dbName?: string;
  /**
   * Master user name, with the same rules as {@link RotatedDatabaseArgs.masterUsername}.
   * @default "dbadmin"
   */
  masterUsername?: string;
  /**
   * Refuse deletion of the cluster (and keep its secret when it leaves the program).
   * @default false
   */
  deletionProtection?: boolean;
  /**
   * Apply changes to the cluster and its instances at once rather than in the next maintenance window.
   * @default false (the dev stack file sets true)
   */
  applyImmediately?: boolean;
  /**
   * Allow a change of `engineVersion` to a new major version; needs `applyImmediately: true`, as for {@link RotatedDatabaseArgs.allowMajorVersionUpgrade}.
   * @default false
   */
  allowMajorVersionUpgrade?: boolean;
  /**
   * Days of automated backups: 1 to 35 (Aurora always keeps at least one day).
   * @default 7
   */
  backupRetentionDays?: number;
  /**
   * Delete without a final snapshot. Leave false for anything holding data.
   * @default false
   */
  skipFinalSnapshot?: boolean;
  /**
   * Customer-managed KMS key ARN for storage, the secret and the RDS-managed master secret, as for {@link RotatedDatabaseArgs.kmsKeyArn}.
   * @default - the AWS-managed keys (aws/rds, aws/secretsmanager)
   */
  kmsKeyArn?: pulumi.Input<string>;
  /**
   * An RDS Proxy in front of the cluster's writer. Refused with `alternating-users`, as for {@link RotatedDatabaseArgs.proxy}.
   * @default - no proxy
   */
  proxy?: DatabaseProxyArgs;

  // --- Rotation, alerts, housekeeping -----------------------------------------------------
  /**
   * Rotation settings, as for {@link RotatedDatabaseArgs.rotation}; `passwordLength` is at most 41 on
   * both Aurora engines (CreateDBCluster's limit, PostgreSQL included).
   * @default { strategy: "single-user", schedule: "rate(4 hours)", duration: "1h", rotateImmediately: true }
   */
  rotation?: RotationArgs;
  /**
   * Rotation failure alerts.
   * @default - a new SNS topic with no subscription
   */
  alerts?: AlertArgs;
  /**
   * Retention of the rotation function's log group, in days.
   * @default 30
   */
  logRetentionDays?: number;
  /**
   * Tags applied to every taggable child resource.
   * @default {}
   */
  tags?: Record<string, string>;
}

/** Arguments both components take with the same meaning (the rest describe an instance or a cluster). */
export type SharedDatabaseArgKey = Extract<keyof RotatedDatabaseArgs, keyof RotatedClusterArgs>;

/**
 * RDS Proxy in front of the database (`proxy` on both components; off unless given). The proxy
 * requires TLS from clients, reads the secret's `username` and `password` with a role of its own, and
 * sits in a security group of its own: the client group (and `allowedSecurityGroupIds`,
 * `allowedCidrBlocks`) may reach it on the database port, it may reach the database on the database
 * port, and nothing else opens: the database admits only the proxy and the rotation function, unless
 * `directAccess` keeps the clients' direct path.
 */
export interface DatabaseProxyArgs {
  /**
   * Clients authenticate to the proxy with IAM (a `rds-db:connect` token) instead of the password:
   * the proxy still logs in to the database with the secret. With IAM the applications never hold
   * the password, so a rotation cannot reach them at all.
   * @default false (clients authenticate with the secret's user name and password)
   */
  iamAuth?: boolean;
  /**
   * Keeps the direct path to the database, beside the proxy, for the client group,
   * `allowedSecurityGroupIds` and `allowedCidrBlocks`: for a migration to the proxy, for sessions the
   * proxy would pin, or for people whose tools log in with the password while the proxy requires IAM.
   * A cluster's reader endpoint, which the proxy does not serve, is reachable only this way.
   * @default false (the clients reach the database only through the proxy)
   */
  directAccess?: boolean;
  /**
   * Seconds a client connection may stay idle before the proxy closes it: 1 to 28800.
   * @default 1800 (RDS Proxy's own default)
   */
  idleClientTimeout?: number;
  /**
   * Share of the database's `max_connections` the proxy's pool may open: 1 to 100.
   * @default 90 (leaves room for the rotation function and a human)
   */
  maxConnectionsPercent?: number;
  /**
   * Seconds a client waits for a pooled connection before the proxy gives up: 0 to 3600.
   * @default 120 (RDS Proxy's own default)
   */
  connectionBorrowTimeout?: number;
}

/** Serverless v2 capacity of a cluster's `db.serverless` instances, in Aurora capacity units (ACU). */
export interface ServerlessV2ScalingArgs {
  /**
   * Smallest capacity: 0.5 to 256 in steps of 0.5, at most `maxCapacity`. 0 (auto-pause) is refused:
   * a paused cluster takes longer to resume than the rotation function waits for a login.
   */
  minCapacity: number;
  /** Largest capacity: 1 to 256 in steps of 0.5, at least `minCapacity`. */
  maxCapacity: number;
}

/** One entry of an ECS task definition's `containerDefinitions[].secrets`. */
export interface EcsSecretEntry {
  /** Environment variable name in the container, e.g. `DB_PASSWORD`. */
  name: string;
  /** `<secret ARN>:<json key>::`, read by ECS at task start. */
  valueFrom: string;
}
