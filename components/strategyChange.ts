// Refuses a change of rotation strategy on a database that exists. No strategy can become another
// through a plain update: RDS demands a master password when manageMasterUserPassword is turned off,
// and the secret's JSON would keep the wrong user and no `masterarn` (its value is written once per
// database). The instance (or cluster) carries its strategy in a tag; before it is touched, the
// program asks RDS for one of this stack and component tagged with another strategy. The lookup is a
// list: on a first deploy it finds nothing instead of failing as a read of one named resource would,
// and `pulumi preview` (the first half of every `pulumi up`) runs it too, so the refusal comes before
// anything changes. Instances: aws.rds.getInstances filters by tags. Clusters: deployedClusters.ts
// (the tagging API, confirmed by getClusters: a deleted cluster still listed by the tagging API
// would refuse the documented migration "destroy, then deploy with the new strategy").
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { DeployedCluster } from "./deployedClusters";
import { ROTATION_STRATEGIES } from "./rotationStrategies";
import type { RotationStrategy } from "./types";

/** What the lookup looks for: a RotatedDatabase's instance or a RotatedCluster's cluster. */
export type StrategyLookupKind = "instance" | "cluster";

const COMPONENT_OF: Record<StrategyLookupKind, { component: string; noun: string }> = {
  instance: { component: "RotatedDatabase", noun: "database" },
  cluster: { component: "RotatedCluster", noun: "cluster" },
};

/** The message for a change from `previous` to `next`; undefined when they are the same. */
export function strategyChangeError(name: string, previous: RotationStrategy, next: RotationStrategy, kind: StrategyLookupKind = "instance"): string | undefined {
  if (previous === next) return undefined;
  const { component, noun } = COMPONENT_OF[kind];
  return `${component} "${name}": rotation.strategy cannot change from "${previous}" to "${next}" on an existing ${noun} ` +
    `(RDS needs a master password to stop managing it, and the secret would keep the wrong user and fields). ` +
    `To migrate: keep "${previous}" and deploy a second ${component} with "${next}" under a new name, move the data ` +
    `(snapshot restore or dump), switch the applications to the new secret, then remove the old database; ` +
    `or, for a database without data, remove it first (pulumi destroy, or delete it from the program and pulumi up) and deploy again with "${next}".`;
}

/** The instance (or cluster) tags the lookup matches on. */
export interface StrategyTags {
  /** Tag key and value naming the component (DATABASE_TAG). */
  database: [string, string];
  /** Tag key and value naming the project and stack. */
  stack: [string, string];
  /** Tag key for the strategy. */
  strategyKey: string;
}

/**
 * Resolves once RDS holds no instance of this component tagged with another strategy (or, given
 * `clusters`, the deployed clusters of this component, from deployedClusters.ts, carry none); fails
 * the deployment with strategyChangeError otherwise. Make the database depend on it.
 */
export function checkStrategyUnchanged(
  name: string,
  next: RotationStrategy,
  tags: StrategyTags,
  parent: pulumi.Resource,
  clusters?: pulumi.Output<DeployedCluster[]>,
): pulumi.Output<RotationStrategy> {
  const others = ROTATION_STRATEGIES.filter((s) => s !== next);
  const kind: StrategyLookupKind = clusters === undefined ? "instance" : "cluster";
  const previous = clusters === undefined
    ? instanceStrategies(others, tags, parent)
    : clusters.apply((found) => found.map((c) => c.tags[tags.strategyKey] as RotationStrategy));
  return previous.apply((found) => {
    const strategy = others.find((s) => found.includes(s));
    if (strategy) throw new pulumi.ResourceError(strategyChangeError(name, strategy, next, kind)!, parent);
    return next;
  });
}

/** The strategies among `others` that an instance of this component is tagged with. */
function instanceStrategies(others: RotationStrategy[], tags: StrategyTags, parent: pulumi.Resource): pulumi.Output<RotationStrategy[]> {
  const found = others.map((strategy) => aws.rds.getInstancesOutput({
    tags: { [tags.database[0]]: tags.database[1], [tags.stack[0]]: tags.stack[1], [tags.strategyKey]: strategy },
  }, { parent }).apply((r) => ({ strategy, count: (r.instanceArns ?? []).length })));
  return pulumi.all(found).apply((results) => results.filter((r) => r.count > 0).map((r) => r.strategy));
}
