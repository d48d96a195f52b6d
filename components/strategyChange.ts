// Refuses a change of rotation strategy on a database that exists. No strategy can become another
// through a plain update: RDS demands a master password when manageMasterUserPassword is turned off,
// and the secret's JSON would keep the wrong user and no `masterarn` (its value is written once per
// instance). The instance carries its strategy in a tag; before the instance is touched, the program
// asks RDS for an instance of this stack and component tagged with another strategy. The lookup is a
// list (aws.rds.getInstances): on a first deploy it finds nothing instead of failing as a read of one
// named resource would, and `pulumi preview` (the first half of every `pulumi up`) runs it too, so the
// refusal comes before anything changes.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ROTATION_STRATEGIES } from "./rotationStrategies";
import type { RotationStrategy } from "./types";

/** The message for a change from `previous` to `next`; undefined when they are the same. */
export function strategyChangeError(name: string, previous: RotationStrategy, next: RotationStrategy): string | undefined {
  if (previous === next) return undefined;
  return `RotatedDatabase "${name}": rotation.strategy cannot change from "${previous}" to "${next}" on an existing database ` +
    `(RDS needs a master password to stop managing it, and the secret would keep the wrong user and fields). ` +
    `To migrate: keep "${previous}" and deploy a second RotatedDatabase with "${next}" under a new name, move the data ` +
    `(snapshot restore or dump), switch the applications to the new secret, then remove the old database; ` +
    `or, for a database without data, remove it first (pulumi destroy, or delete it from the program and pulumi up) and deploy again with "${next}".`;
}

/** The instance tags the lookup matches on. */
export interface StrategyTags {
  /** Tag key and value naming the component (DATABASE_TAG). */
  database: [string, string];
  /** Tag key and value naming the project and stack. */
  stack: [string, string];
  /** Tag key for the strategy. */
  strategyKey: string;
}

/**
 * Resolves once RDS holds no instance of this component tagged with another strategy; fails the
 * deployment with strategyChangeError otherwise. Make the instance depend on it.
 */
export function checkStrategyUnchanged(name: string, next: RotationStrategy, tags: StrategyTags, parent: pulumi.Resource): pulumi.Output<RotationStrategy> {
  const others = ROTATION_STRATEGIES.filter((s) => s !== next);
  const found = others.map((strategy) => aws.rds.getInstancesOutput({
    tags: { [tags.database[0]]: tags.database[1], [tags.stack[0]]: tags.stack[1], [tags.strategyKey]: strategy },
  }, { parent }).apply((r) => ({ strategy, count: (r.instanceArns ?? []).length })));
  return pulumi.all(found).apply((results) => {
    const previous = results.find((r) => r.count > 0);
    if (previous) throw new pulumi.ResourceError(strategyChangeError(name, previous.strategy, next)!, parent);
    return next;
  });
}
