// The database half of a RotatedDatabase: subnet group, a parameter group that refuses unencrypted
// connections, and the instance (encrypted, private, final snapshot unless skipped). With the
// single-user strategy the initial master password goes in write-only; otherwise RDS manages the
// master password itself and no master password ever exists in Pulumi state.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { ResolvedDatabaseArgs } from "./defaults";
import { STORAGE_TYPE } from "./defaults";
import { ENGINE_FACTS } from "./engines";
import { childName, finalSnapshotIdentifier } from "./naming";

/** Version of the write-only master password: stays 1, since rotation owns the password afterwards. */
export const PASSWORD_WO_VERSION = 1;

/** The parameter group's family and the TLS-forcing parameter for an engine and version. */
export function tlsParameterGroupSpec(engine: ResolvedDatabaseArgs["engine"], version: string) {
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
  p: { securityGroupId: pulumi.Input<string>; masterPassword?: pulumi.Output<string>; tags: Record<string, string>; parent: pulumi.Resource },
): DatabaseResources {
  const { parent, tags } = p;
  const subnetGroup = new aws.rds.SubnetGroup(childName(name, "subnets"), {
    subnetIds: r.subnetIds,
    description: `Private subnets of database ${name}`,
    tags,
  }, { parent });
  const tls = tlsParameterGroupSpec(r.engine, r.engineVersion);
  const parameterGroup = new aws.rds.ParameterGroup(childName(name, "params"), {
    family: tls.family,
    description: `Database ${name}: TLS required`,
    parameters: tls.parameters,
    tags,
  }, { parent });

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
    finalSnapshotIdentifier: r.skipFinalSnapshot ? undefined : finalSnapshotIdentifier(pulumi.getProject(), pulumi.getStack(), name),
    autoMinorVersionUpgrade: true,
    tags,
  }, {
    parent,
    // Rotation owns the password after the first run, and the generated one is fetched anew on every
    // run: Pulumi must never push it again.
    ignoreChanges: ["password", "passwordWo"],
    // With deletion protection, `pulumi destroy` refuses to delete the database, and removing it from
    // the program leaves it running rather than deleting it. Without, protect stays unset rather than
    // false: a child inherits only an unset protect, and `protect` on the component must reach the
    // database too.
    protect: r.deletionProtection || undefined,
    retainOnDelete: r.deletionProtection,
  });
  return { subnetGroup, parameterGroup, instance };
}
