// Instance class rules: the shape every RDS class has, and what an Aurora cluster's instances may
// use (Serverless v2, or a provisioned class its engine still offers).
import { SERVERLESS_INSTANCE_CLASS } from "./serverlessScaling";
import type { ClusterEngine } from "./types";

/** RDS instance classes: `db.<family>.<size>`. */
export const INSTANCE_CLASS_PATTERN = /^db\.[a-z0-9]+\.[a-z0-9]+$/;

/**
 * Classes an Aurora engine no longer offers, by family (`t2`) or by exact class (`db.t3.small`). Only
 * what is known to be gone is refused here; RDS stays the authority on the rest (it checks the class
 * per version and Region). Previous-generation t1, t2 and m1-m3 run no current Aurora version; Aurora
 * MySQL 3 also dropped db.r3, db.r4, db.t2 and db.t3.small ("Comparing Aurora MySQL version 2 and
 * version 3", Instance class support), and 3 is the only Aurora MySQL this package accepts.
 */
export const AURORA_UNAVAILABLE_CLASSES: Readonly<Record<ClusterEngine, { families: readonly string[]; classes: readonly string[]; note: string }>> = {
  "aurora-postgresql": {
    families: ["t1", "t2", "m1", "m2", "m3"],
    classes: [],
    note: "a previous-generation class that no current Aurora version offers",
  },
  "aurora-mysql": {
    families: ["t1", "t2", "m1", "m2", "m3", "r3", "r4"],
    classes: ["db.t3.small"],
    note: "a class Aurora MySQL version 3 does not offer (it dropped db.r3, db.r4, db.t2 and db.t3.small)",
  },
};

const show = (v: unknown): string => JSON.stringify(v) ?? String(v);

/** The instance class of a cluster's writer and readers. */
export function clusterInstanceClassError(engine: ClusterEngine, instanceClass: unknown): string | undefined {
  const allowed = `instanceClass must be ${show(SERVERLESS_INSTANCE_CLASS)} (Serverless v2) or a provisioned Aurora class like "db.r7g.large"`;
  if (instanceClass === SERVERLESS_INSTANCE_CLASS) return undefined;
  if (typeof instanceClass !== "string" || !INSTANCE_CLASS_PATTERN.test(instanceClass)) return `${allowed}; got ${show(instanceClass)}`;
  const unavailable = AURORA_UNAVAILABLE_CLASSES[engine];
  const family = instanceClass.split(".")[1];
  if (unavailable.families.includes(family) || unavailable.classes.includes(instanceClass)) {
    return `${allowed}; got ${show(instanceClass)}, ${unavailable.note}`;
  }
  return undefined;
}
