// The database half of a RotatedDatabase: subnet group, a parameter group that refuses unencrypted
// connections, and the instance (encrypted, private, a final snapshot named uniquely per instance
// unless skipped). With the single-user strategy the initial master password goes in write-only;
// otherwise RDS manages the master password itself and no master password ever exists in Pulumi state.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { ResolvedDatabaseArgs } from "./defaults";
import { STORAGE_TYPE } from "./defaults";
import { ENGINE_FACTS } from "./engines";
import { childName, finalSnapshotIdentifier, instanceReplacementKey } from "./naming";
import type { AnyEngine } from "./types";

/**
 * Version of the write-only master password: stays 1. A new instance is created with the password it
 * is given whatever the number; the same instance must never get a new password from Pulumi, since
 * rotation owns it afterwards. The password itself follows the instance (generatedPassword.ts: kept in
 * state, new with the instance's ForceNew inputs), and so does the secret's first version
 * (rotationResources.ts: its version number derives from the instance's resourceId).
 */
export const PASSWORD_WO_VERSION = 1;

/** Tag on the instance naming the rotation strategy it was deployed with (read back by strategyChange.ts). */
export const STRATEGY_TAG = "rotated-rds:strategy";
/** Tag on the instance naming `<project>/<stack>`, so a lookup by tags finds this stack's instance only. */
export const STACK_TAG = "rotated-rds:stack";

/**
 * The parameter group's family and the TLS-forcing parameter for an engine and version: an instance's
 * DB parameter group, or an Aurora cluster's cluster parameter group (clusterResources.ts).
 */
export function tlsParameterGroupSpec(engine: AnyEngine, version: string) {
  const facts = ENGINE_FACTS[engine];
  return {
    family: facts.family(version),
    // pending-reboot works for static and dynamic parameters alike; a new instance starts with it.
    parameters: [{ name: facts.tlsParameter.name, value: facts.tlsParameter.value, applyMethod: "pending-reboot" }],
  };
}

export interface DatabaseResources {
  subnetGroup: aws.rds.SubnetGroup;
  parameterGroup: aws.rds.ParameterGroup;
  instance: aws.rds.Instance;
}

/**
 * Creates the instance. `masterPassword` is given for single-user only (a Pulumi secret); without it
 * the instance uses `manageMasterUserPassword`.
 */
export function createDatabase(
  name: string,
  r: ResolvedDatabaseArgs,
  p: {
    securityGroupId: pulumi.Input<string>;
    masterPassword?: pulumi.Output<string>;
    tags: Record<string, string>;
    parent: pulumi.Resource;
    /** Resources the instance must wait for (the strategy-change check). */
    dependsOn?: pulumi.Input<pulumi.Resource[]>;
    /** Tags only the instance carries (strategy and stack). */
    instanceTags?: Record<string, string>;
  },
): DatabaseResources {
  const { parent, tags } = p;
  const subnetGroup = new aws.rds.SubnetGroup(childName(name, "subnets"), {
    subnetIds: r.subnetIds,
    description: `Private subnets of database ${name}`,
    tags,
  }, { parent });
  const tls = tlsParameterGroupSpec(r.engine, r.engineVersion);
  // No fixed name, and deleteBeforeReplace left unset: a new family (a major upgrade) replaces the
  // group create-before-delete under a new auto-name, the instance moves to the new group in its
  // update, and the old group is deleted last, when nothing uses it any more.
  const parameterGroup = new aws.rds.ParameterGroup(childName(name, "params"), {
    family: tls.family,
    description: `Database ${name}: TLS required`,
    parameters: tls.parameters,
    tags,
  }, { parent });
  const finalSnapshot = r.skipFinalSnapshot
    ? undefined
    : pulumi.all([subnetGroup.name, r.kmsKeyArn]).apply(([subnetGroupName, kmsKeyArn]) =>
      finalSnapshotIdentifier(pulumi.getProject(), pulumi.getStack(), name, {
        subnetGroupName,
        replacementKey: instanceReplacementKey({ engine: r.engine, dbName: r.dbName, username: r.masterUsername, kmsKeyArn }),
      }));

  const credentials = p.masterPassword
    ? { passwordWo: p.masterPassword, passwordWoVersion: PASSWORD_WO_VERSION }
    : { manageMasterUserPassword: true, masterUserSecretKmsKeyId: r.kmsKeyArn };
  const instance = new aws.rds.Instance(childName(name, "db"), {
    engine: r.engine,
    engineVersion: r.engineVersion,
    instanceClass: r.instanceClass,
    allocatedStorage: r.allocatedStorage,
    storageType: STORAGE_TYPE,
    storageEncrypted: true,
    kmsKeyId: r.kmsKeyArn,
    dbName: r.dbName,
    username: r.masterUsername,
    ...credentials,
    port: r.port,
    dbSubnetGroupName: subnetGroup.name,
    parameterGroupName: parameterGroup.name,
    vpcSecurityGroupIds: [p.securityGroupId],
    publiclyAccessible: false,
    multiAz: r.multiAz,
    deletionProtection: r.deletionProtection,
    backupRetentionPeriod: r.backupRetentionDays,
    copyTagsToSnapshot: true,
    skipFinalSnapshot: r.skipFinalSnapshot,
    finalSnapshotIdentifier: finalSnapshot,
    autoMinorVersionUpgrade: true,
    applyImmediately: r.applyImmediately,
    allowMajorVersionUpgrade: r.allowMajorVersionUpgrade,
    tags: { ...tags, ...p.instanceTags },
  }, {
    parent,
    // `password` is never set. `passwordWo` is not ignored: an ignored input keeps its value from
    // state, also for a replacement, which would create the new instance with the old run's password
    // while the secret's new first version carries this run's. A changed write-only value alone makes
    // no diff; only PASSWORD_WO_VERSION could, and it never changes.
    ignoreChanges: ["password"],
    dependsOn: p.dependsOn,
    // With deletion protection, `pulumi destroy` refuses to delete the database, and removing it from
    // the program leaves it running rather than deleting it. Without, protect stays unset rather than
    // false: a child inherits only an unset protect, and `protect` on the component must reach the
    // database too.
    protect: r.deletionProtection || undefined,
    retainOnDelete: r.deletionProtection,
  });
  return { subnetGroup, parameterGroup, instance };
}
