// The rotation half of a RotatedDatabase or RotatedCluster: the secret and its initial version, the
// rotation Lambda with its role, policy, log group and invoke permission, and the SecretRotation that
// schedules it. For the managed strategy only the SecretRotation, on the RDS-managed secret, is
// created. The database is seen through SecretDatabase only, so an instance and a cluster share it.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  ENV,
  LAMBDA_RDS_CA_BUNDLE,
  ROTATION_FUNCTION_TIMEOUT_SECONDS,
} from "../rotation-lambda/contract";
import type { ResolvedCommonArgs } from "./defaults";
import { childName, rotationFunctionName, rotationLogGroupName } from "./naming";
import { FirstRotationPrerequisites, firstRotationDependencies } from "./firstRotationDependencies";
import { locateRotationBundle, rotationBundleLayout, runningUnderMocks } from "./rotationBundle";
import { buildRotationPolicy, buildVpcAccessPolicy, lambdaTrustPolicy } from "./rotationPolicy";
import { buildSecretJson } from "./secretJson";
import { writeOnlyVersion } from "./writeOnlyVersion";

/** The Lambda runtime and architecture the bundle targets (design.md section 4). */
export const ROTATION_RUNTIME = "nodejs22.x";
export const ROTATION_ARCHITECTURE = "arm64";
export const ROTATION_HANDLER = "index.handler";
/** Memory also buys CPU: SCRAM verifiers and TLS handshakes finish well within the timeout at 256 MB. */
export const ROTATION_MEMORY_MB = 256;
/**
 * The staging labels of the initial version. The custom label keeps the version from losing every
 * label after two rotations; Secrets Manager deletes unlabelled versions, and the provider would then
 * recreate it as AWSCURRENT on the next refresh (terraform-provider-aws#37302).
 */
export const INITIAL_VERSION_STAGES = ["AWSCURRENT", "ROTATED_RDS_INITIAL"];

interface Common {
  tags: Record<string, string>;
  parent: pulumi.Resource;
}

/**
 * What the secret says about its database, and what makes it another database: an RDS instance
 * (its address and dbInstanceIdentifier) or an Aurora cluster (its writer endpoint and dbClusterIdentifier).
 */
export interface SecretDatabase {
  /** The `host` field: the instance's address, or the cluster's writer endpoint. */
  host: pulumi.Output<string>;
  port: pulumi.Output<number>;
  /** The field naming the database, and the identifier it holds. */
  identifier: { field: "dbInstanceIdentifier" | "dbClusterIdentifier"; value: pulumi.Output<string> };
  /** RDS's id of this incarnation of the database (an instance's resourceId, a cluster's clusterResourceId): new on every replacement. */
  resourceId: pulumi.Output<string>;
}

/** An RDS instance as its secret sees it. */
export function instanceSecretDatabase(instance: aws.rds.Instance): SecretDatabase {
  return {
    host: instance.address,
    port: instance.port,
    identifier: { field: "dbInstanceIdentifier", value: instance.identifier },
    resourceId: instance.resourceId,
  };
}

/** The secret our Lambda rotates, holding the design.md section 3 JSON, and its initial version. */
export function createRotatedSecret(
  name: string,
  r: ResolvedCommonArgs,
  p: Common & { database: SecretDatabase; username: string; password: pulumi.Output<string>; masterSecretArn?: pulumi.Output<string> },
): { secret: aws.secretsmanager.Secret; version: aws.secretsmanager.SecretVersion } {
  const secret = new aws.secretsmanager.Secret(childName(name, "secret"), {
    description: `Credentials of database ${name} (${r.engine}), rotated by rotated-rds (${r.rotation.strategy})`,
    kmsKeyId: r.kmsKeyArn,
    tags: p.tags,
  }, {
    parent: p.parent,
    // It holds the credentials of a database that lives on: protected and retained with the instance
    // or cluster (protect unset rather than false, as there, so the component's own protect reaches it).
    protect: r.deletionProtection || undefined,
    retainOnDelete: r.deletionProtection,
  });
  const db = p.database;
  const json = pulumi
    .all([db.host, db.port, db.identifier.value, p.password, p.masterSecretArn])
    .apply(([host, port, identifier, password, masterarn]) => JSON.stringify(buildSecretJson({
      engine: r.engine, host, port, username: p.username, password, dbname: r.dbName, masterarn,
      ...(db.identifier.field === "dbClusterIdentifier" ? { dbClusterIdentifier: identifier } : { dbInstanceIdentifier: identifier }),
    })));
  const version = new aws.secretsmanager.SecretVersion(childName(name, "secret-initial"), {
    secretId: secret.id,
    secretStringWo: pulumi.secret(json),
    // The first value follows the database: the same instance (or cluster) keeps its number (the
    // provider writes nothing, whatever this run's password), a replacement brings a new resourceId,
    // a new number, and a new AWSCURRENT version with the new host, identifier, master secret and the
    // password the new database was created with in this same run.
    secretStringWoVersion: db.resourceId.apply(writeOnlyVersion),
    versionStages: INITIAL_VERSION_STAGES,
  }, {
    parent: p.parent,
    // Rotation moves AWSCURRENT to versions Pulumi never created: ignoring the stages means a later
    // `pulumi up` (even with --refresh) never moves AWSCURRENT back to the dead initial password.
    // `secretStringWo` is not ignored: an ignored input keeps its old value, and the version written
    // for a replaced database would then hold the old database's host and password.
    ignoreChanges: ["secretString", "versionStages"],
    // secretStringWoVersion is ForceNew in the provider: a replaced database replaces this version.
    // Its delete removes the custom label from the version it was created as; created first, the
    // new version would already hold that label and the delete would fail at the end of the
    // `pulumi up`. Deleted first, the old version gives the label up and the new one takes it
    // (AWSCURRENT stays on the last rotated version in between).
    deleteBeforeReplace: true,
  });
  return { secret, version };
}

/** The function's code: the esbuild bundle, found (or built) lazily; under mocks only its path. */
export function rotationCode(componentDir: string): pulumi.Input<pulumi.asset.Archive> {
  const archive = (file: string) => new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.FileAsset(file) });
  if (runningUnderMocks(pulumi.runtime.getMonitor())) return archive(rotationBundleLayout(componentDir).bundlePath);
  const located = locateRotationBundle(componentDir);
  return typeof located === "string" ? archive(located) : pulumi.output(located).apply(archive);
}

/** The function's execution role, with the network-interface permissions it needs in the VPC. */
export interface RotationRole {
  role: aws.iam.Role;
  /**
   * The EC2 network-interface permissions, a policy of their own. The rotation security group
   * depends on it, so `pulumi destroy` deletes it only after the group, which AWS deletes only once
   * Lambda has deleted the function's interfaces with these very permissions. In one policy with the
   * rest it would go right after the function, and the group's deletion would wait 45 minutes for
   * interfaces nobody may delete any more, then fail.
   */
  vpcPolicy: aws.iam.RolePolicy;
}

export interface RotationFunction extends RotationRole {
  fn: aws.lambda.Function;
  policy: aws.iam.RolePolicy;
  logGroup: aws.cloudwatch.LogGroup;
  permission: aws.lambda.Permission;
}

/** The execution role and its VPC policy; created before the network, whose rotation group depends on the policy. */
export function createRotationRole(name: string, p: Common & { accountId: pulumi.Output<string> }): RotationRole {
  const { parent, tags } = p;
  const role = new aws.iam.Role(childName(name, "rotation-role"), {
    description: `Rotation function of database ${name}`,
    assumeRolePolicy: p.accountId.apply((id) => JSON.stringify(lambdaTrustPolicy(id))),
    tags,
  }, { parent });
  const vpcPolicy = new aws.iam.RolePolicy(childName(name, "rotation-vpc-policy"), {
    role: role.name,
    policy: JSON.stringify(buildVpcAccessPolicy()),
  }, { parent });
  return { role, vpcPolicy };
}

/** The rotation Lambda in the database subnets, with least-privilege role and a retained log group. */
export function createRotationFunction(
  name: string,
  r: ResolvedCommonArgs,
  p: Common & {
    secretArn: pulumi.Output<string>;
    masterSecretArn?: pulumi.Output<string>;
    securityGroupId: pulumi.Input<string>;
    accountId: pulumi.Output<string>;
    region: pulumi.Output<string>;
    /** The role from createRotationRole. */
    role: RotationRole;
    /** "cluster" for a RotatedCluster (rotationFunctionName). */
    kind?: "cluster";
  },
): RotationFunction {
  const { parent, tags } = p;
  const { role, vpcPolicy } = p.role;
  const functionName = rotationFunctionName(pulumi.getProject(), pulumi.getStack(), name, p.kind);
  const logGroup = new aws.cloudwatch.LogGroup(childName(name, "rotation-logs"), {
    name: rotationLogGroupName(functionName),
    retentionInDays: r.logRetentionDays,
    tags,
  }, { parent });
  const policy = new aws.iam.RolePolicy(childName(name, "rotation-policy"), {
    role: role.name,
    policy: pulumi
      .all([p.secretArn, p.masterSecretArn, r.kmsKeyArn, logGroup.arn, p.region])
      .apply(([secretArn, masterSecretArn, kmsKeyArn, logGroupArn, region]) =>
        JSON.stringify(buildRotationPolicy({ secretArn, masterSecretArn, kmsKeyArn, logGroupArn, region }))),
  }, { parent });
  const fn = new aws.lambda.Function(childName(name, "rotation"), {
    name: functionName,
    description: `Rotates the credentials of database ${name} (${r.rotation.strategy})`,
    runtime: ROTATION_RUNTIME,
    architectures: [ROTATION_ARCHITECTURE],
    handler: ROTATION_HANDLER,
    code: rotationCode(__dirname),
    role: role.arn,
    timeout: ROTATION_FUNCTION_TIMEOUT_SECONDS,
    memorySize: ROTATION_MEMORY_MB,
    vpcConfig: { subnetIds: r.subnetIds, securityGroupIds: [p.securityGroupId] },
    loggingConfig: { logFormat: "JSON", logGroup: logGroup.name },
    // SECRETS_MANAGER_ENDPOINT stays unset: the SDK's regional endpoint resolves to the VPC endpoint
    // through its private DNS (or to the public API through NAT).
    environment: {
      variables: {
        [ENV.EXCLUDE_CHARACTERS]: r.rotation.excludeCharacters,
        [ENV.PASSWORD_LENGTH]: String(r.rotation.passwordLength),
        [ENV.NODE_EXTRA_CA_CERTS]: LAMBDA_RDS_CA_BUNDLE,
      },
    },
    tags,
  }, {
    parent,
    // Lambda checks the role's VPC permissions when it creates the function, and the policies are not
    // among its inputs. (The log group is one, through loggingConfig, so it already exists first.)
    dependsOn: [policy, vpcPolicy],
  });
  const permission = new aws.lambda.Permission(childName(name, "rotation-invoke"), {
    action: "lambda:InvokeFunction",
    function: fn.name,
    principal: "secretsmanager.amazonaws.com",
    sourceArn: p.secretArn,
    sourceAccount: p.accountId,
  }, { parent });
  return { fn, role, vpcPolicy, policy, logGroup, permission };
}

/**
 * The schedule. With a function, Secrets Manager invokes it; without one (managed), RDS rotates its
 * own secret on this schedule. `ready` names what the first rotation needs (firstRotationDependencies.ts).
 */
export function createSecretRotation(
  name: string,
  r: ResolvedCommonArgs,
  p: { parent: pulumi.Resource; secretArn: pulumi.Input<string>; functionArn?: pulumi.Input<string>; ready: FirstRotationPrerequisites },
): aws.secretsmanager.SecretRotation {
  return new aws.secretsmanager.SecretRotation(childName(name, "rotation-schedule"), {
    secretId: p.secretArn,
    rotationLambdaArn: p.functionArn,
    rotationRules: { scheduleExpression: r.rotation.schedule, duration: r.rotation.duration },
    rotateImmediately: r.rotation.rotateImmediately,
  }, { parent: p.parent, dependsOn: firstRotationDependencies(p.ready) });
}
