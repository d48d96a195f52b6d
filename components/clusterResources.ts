// The database half of a RotatedCluster: subnet group, a cluster parameter group that refuses
// unencrypted connections, an instance parameter group of the same family, the Aurora cluster
// (encrypted, private, a final snapshot named uniquely per cluster unless skipped), its writer and its
// readers. As for an instance (databaseResources.ts): with single-user the first master password goes
// in write-only; otherwise RDS manages the master password and none ever exists in Pulumi state.
//
// What replaces the cluster (the AWS provider's ForceNew inputs of aws_rds_cluster among those set
// here): engine, database_name, master_username, kms_key_id, storage_encrypted (always true),
// engine_mode (always provisioned) and db_subnet_group_name, which, unlike an instance's, a cluster
// cannot change in place. clusterReplacementKey (naming.ts) follows exactly these, so the first
// password, the final snapshot's name and the secret's first version follow a replacement.
// availability_zones is ForceNew too: it is left unset (RDS chooses, the provider keeps what it
// reads), since a list that differs from what RDS chose would replace the cluster. The instances are
// replaced with the cluster (cluster_identifier, engine and db_subnet_group_name are ForceNew on
// aws_rds_cluster_instance); their class, parameter group and promotion tier change in place.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PASSWORD_WO_VERSION, tlsParameterGroupSpec } from "./databaseResources";
import type { ResolvedClusterArgs } from "./defaults";
import { ENGINE_FACTS } from "./engines";
import { engineVersionFloor } from "./engineVersionFloor";
import { childName, clusterReplacementKey, finalSnapshotIdentifier } from "./naming";

/** Aurora's provisioned engine mode: the one Serverless v2 (`db.serverless` instances) runs in too. */
export const ENGINE_MODE = "provisioned";

/** The writer's promotion tier: 0, first in line, so a failover that returns gives the writer role back to it. */
export const WRITER_PROMOTION_TIER = 0;

export interface ClusterResources {
  subnetGroup: aws.rds.SubnetGroup;
  clusterParameterGroup: aws.rds.ClusterParameterGroup;
  instanceParameterGroup: aws.rds.ParameterGroup;
  cluster: aws.rds.Cluster;
  /** The first instance, created before any reader: RDS makes it the writer. */
  writer: aws.rds.ClusterInstance;
  /** `<name>-reader-1` .. `<name>-reader-<readers>`, in order. */
  readers: aws.rds.ClusterInstance[];
  /** clusterReplacementKey of this cluster: what the first passwords follow. */
  replacementKey: pulumi.Output<string>;
  /** The password the cluster was created with (single-user); undefined when RDS manages it. */
  masterPassword: pulumi.Output<string> | undefined;
}

/** Logical name of the i-th reader (from 1). */
export function readerName(name: string, i: number): string {
  return childName(name, `reader-${i}`);
}

/**
 * Creates the cluster and its instances. `masterPassword` is given for single-user only: it draws the
 * password (a Pulumi secret) for the cluster's replacement key, which needs the subnet group's name;
 * without it the cluster uses `manageMasterUserPassword`.
 */
export function createCluster(
  name: string,
  r: ResolvedClusterArgs,
  p: {
    securityGroupId: pulumi.Input<string>;
    masterPassword?: (replacementKey: pulumi.Output<string>) => pulumi.Output<string>;
    tags: Record<string, string>;
    parent: pulumi.Resource;
    /** Resources the cluster must wait for (the strategy-change check). */
    dependsOn?: pulumi.Input<pulumi.Resource[]>;
    /** Tags only the cluster carries (strategy and stack). */
    clusterTags?: Record<string, string>;
    /** The engine version the deployed cluster runs (deployedClusters.ts); undefined on a first deploy. */
    runningEngineVersion?: pulumi.Input<string | undefined>;
  },
): ClusterResources {
  const { parent, tags } = p;
  const subnetGroup = new aws.rds.SubnetGroup(childName(name, "subnets"), {
    subnetIds: r.subnetIds,
    description: `Private subnets of cluster ${name}`,
    tags,
  }, { parent });
  // The cluster parameter group carries the TLS rule for every instance; the instance group, of the
  // same family, exists so a major upgrade can move the instances with the cluster (below). Neither has
  // a fixed name, as for the instance: a new family replaces them create-before-delete under new names.
  const tls = tlsParameterGroupSpec(r.engine, r.engineVersion);
  const clusterParameterGroup = new aws.rds.ClusterParameterGroup(childName(name, "cluster-params"), {
    family: tls.family,
    description: `Cluster ${name}: TLS required`,
    parameters: tls.parameters,
    tags,
  }, { parent });
  const instanceParameterGroup = new aws.rds.ParameterGroup(childName(name, "instance-params"), {
    family: ENGINE_FACTS[r.engine].family(r.engineVersion),
    description: `Instances of cluster ${name}`,
    tags,
  }, { parent });

  const replacementKey = pulumi.all([subnetGroup.name, r.kmsKeyArn]).apply(([subnetGroupName, kmsKeyArn]) =>
    clusterReplacementKey({ engine: r.engine, dbName: r.dbName, username: r.masterUsername, kmsKeyArn, subnetGroupName }));
  const finalSnapshot = r.skipFinalSnapshot
    ? undefined
    : pulumi.all([subnetGroup.name, replacementKey]).apply(([subnetGroupName, key]) =>
      finalSnapshotIdentifier(pulumi.getProject(), pulumi.getStack(), name, { subnetGroupName, replacementKey: key }));

  const masterPassword = p.masterPassword?.(replacementKey);
  const credentials = masterPassword
    ? { masterPasswordWo: masterPassword, masterPasswordWoVersion: PASSWORD_WO_VERSION }
    : { manageMasterUserPassword: true, masterUserSecretKmsKeyId: r.kmsKeyArn };
  const engineVersion = p.runningEngineVersion === undefined
    ? r.engineVersion
    : pulumi.output(p.runningEngineVersion).apply((running) => engineVersionFloor(r.engine, r.engineVersion, running));
  const protection = { protect: r.deletionProtection || undefined, retainOnDelete: r.deletionProtection };
  const cluster = new aws.rds.Cluster(childName(name, "cluster"), {
    engine: r.engine,
    engineVersion,
    engineMode: ENGINE_MODE,
    databaseName: r.dbName,
    masterUsername: r.masterUsername,
    ...credentials,
    port: r.port,
    storageEncrypted: true,
    kmsKeyId: r.kmsKeyArn,
    dbSubnetGroupName: subnetGroup.name,
    dbClusterParameterGroupName: clusterParameterGroup.name,
    // Only valid with allowMajorVersionUpgrade (ModifyDBCluster DBInstanceParameterGroupName): on a
    // major upgrade RDS moves every instance to this group of the new family in the same operation.
    // The provider sends it on every modify while set and drops it itself when RDS refuses it for a
    // minor upgrade (terraform-provider-aws#30605).
    dbInstanceParameterGroupName: r.allowMajorVersionUpgrade ? instanceParameterGroup.name : undefined,
    vpcSecurityGroupIds: [p.securityGroupId],
    backupRetentionPeriod: r.backupRetentionDays,
    copyTagsToSnapshot: true,
    deletionProtection: r.deletionProtection,
    skipFinalSnapshot: r.skipFinalSnapshot,
    finalSnapshotIdentifier: finalSnapshot,
    applyImmediately: r.applyImmediately,
    allowMajorVersionUpgrade: r.allowMajorVersionUpgrade,
    serverlessv2ScalingConfiguration: r.serverlessV2Scaling && {
      minCapacity: r.serverlessV2Scaling.minCapacity,
      maxCapacity: r.serverlessV2Scaling.maxCapacity,
    },
    tags: { ...tags, ...p.clusterTags },
  }, {
    parent,
    // `masterPassword` is never set; `masterPasswordWo` is not ignored, for the instance's reason
    // (databaseResources.ts): an ignored input keeps its old value in a replacement too, and a
    // write-only value alone makes no diff while PASSWORD_WO_VERSION never changes.
    ignoreChanges: ["masterPassword"],
    dependsOn: p.dependsOn,
    // With deletion protection, `pulumi destroy` refuses and removing it from the program leaves it
    // running; protect unset rather than false otherwise, so the component's own protect reaches it.
    ...protection,
  });

  const instance = (instanceName: string, promotionTier: number, dependsOn?: pulumi.Resource[]) =>
    new aws.rds.ClusterInstance(instanceName, {
      clusterIdentifier: cluster.id,
      // Required and ForceNew on an instance; its version follows the cluster's (none is set here, so
      // no instance diffs after the cluster's upgrades).
      engine: r.engine,
      instanceClass: r.instanceClass,
      dbParameterGroupName: instanceParameterGroup.name,
      // Must match the cluster's.
      dbSubnetGroupName: subnetGroup.name,
      publiclyAccessible: false,
      promotionTier,
      autoMinorVersionUpgrade: true,
      applyImmediately: r.applyImmediately,
      copyTagsToSnapshot: true,
      tags,
    }, {
      parent,
      dependsOn,
      // A protected cluster keeps its instances: a cluster left without them accepts no connection.
      ...protection,
    });
  const writer = instance(childName(name, "writer"), WRITER_PROMOTION_TIER);
  // Readers wait for the writer: RDS makes the first instance of a cluster its writer.
  const readers = Array.from({ length: r.readers }, (_, i) => instance(readerName(name, i + 1), WRITER_PROMOTION_TIER + i + 1, [writer]));
  return { subnetGroup, clusterParameterGroup, instanceParameterGroup, cluster, writer, readers, replacementKey, masterPassword };
}
