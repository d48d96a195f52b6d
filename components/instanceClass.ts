// Instance class rules: the shape every RDS class has, and what an Aurora cluster's instances may
// use (Serverless v2, or a provisioned class of a family Aurora still offers).
import { SERVERLESS_INSTANCE_CLASS } from "./serverlessScaling";

/** RDS instance classes: `db.<family>.<size>`. */
export const INSTANCE_CLASS_PATTERN = /^db\.[a-z0-9]+\.[a-z0-9]+$/;

/**
 * Previous-generation families no current Aurora version offers (Aurora MySQL 3 and Aurora PostgreSQL
 * 14 and later run on r, x and t3/t4g classes, and Serverless v2). Only families known to be gone are
 * refused here; RDS stays the authority on the rest (CreateDBInstance checks the class per version and Region).
 */
export const AURORA_RETIRED_CLASS_FAMILIES = ["t1", "t2", "m1", "m2", "m3"] as const;

const show = (v: unknown): string => JSON.stringify(v) ?? String(v);

/** The instance class of a cluster's writer and readers. */
export function clusterInstanceClassError(instanceClass: unknown): string | undefined {
  const allowed = `instanceClass must be ${show(SERVERLESS_INSTANCE_CLASS)} (Serverless v2) or a provisioned Aurora class like "db.r7g.large"`;
  if (instanceClass === SERVERLESS_INSTANCE_CLASS) return undefined;
  if (typeof instanceClass !== "string" || !INSTANCE_CLASS_PATTERN.test(instanceClass)) return `${allowed}; got ${show(instanceClass)}`;
  const family = instanceClass.split(".")[1];
  if ((AURORA_RETIRED_CLASS_FAMILIES as readonly string[]).includes(family)) {
    return `${allowed}; got ${show(instanceClass)}, a previous-generation class that no current Aurora version offers`;
  }
  return undefined;
}
