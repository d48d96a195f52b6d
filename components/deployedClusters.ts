// Finds the Aurora clusters this stack already deployed for a component, by their tags: the Resource
// Groups Tagging API lists the tagged clusters (aws.rds.getClusters has no tag filter), then
// getClusters keeps those that still exist, as the tagging API goes on listing a deleted cluster for a
// while. Both are lists: a first deploy finds nothing instead of failing, and `pulumi preview` runs them too.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** The tagging API's type for Aurora clusters (`service:resourceType`). */
export const CLUSTER_RESOURCE_TYPE = "rds:cluster";

/** One tag filter: the key, and the values any of which matches (keys must all match). */
export interface TagFilter {
  key: string;
  values: string[];
}

/** A deployed cluster: its ARN and tags. */
export interface DeployedCluster {
  arn: string;
  tags: Record<string, string>;
}

/** The existing clusters carrying every tag of `tagFilters`. */
export function deployedClusters(tagFilters: TagFilter[], parent: pulumi.Resource): pulumi.Output<DeployedCluster[]> {
  const tagged = aws.resourcegroupstaggingapi.getResourcesOutput({ resourceTypeFilters: [CLUSTER_RESOURCE_TYPE], tagFilters }, { parent });
  return tagged.apply(async (r) => {
    const mappings = r.resourceTagMappingLists ?? [];
    if (mappings.length === 0) return [];
    // The db-cluster-id filter takes ARNs as well as identifiers.
    const existing = await aws.rds.getClusters({ filters: [{ name: "db-cluster-id", values: mappings.map((m) => m.resourceArn) }] }, { parent });
    const arns = new Set(existing.clusterArns ?? []);
    return mappings.filter((m) => arns.has(m.resourceArn)).map((m) => ({ arn: m.resourceArn, tags: m.tags ?? {} }));
  });
}

/**
 * The engine version the one deployed cluster among `clusters` runs; undefined when there is none (a
 * first deploy) or more than one (a replacement that stopped half-way: the arguments' version is used).
 */
export function deployedEngineVersion(clusters: pulumi.Output<DeployedCluster[]>, parent: pulumi.Resource): pulumi.Output<string | undefined> {
  return clusters.apply(async (found) => {
    if (found.length !== 1) return undefined;
    const cluster = await aws.rds.getCluster({ clusterIdentifier: found[0].arn.split(":").pop()! }, { parent });
    return cluster.engineVersion;
  });
}
