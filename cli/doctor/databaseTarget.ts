// The database the rotation function logs in to, whichever kind the secret names: an Aurora cluster
// (through its writer endpoint; its instances carry the cluster's security groups) or an RDS
// instance. The network checks judge the path to it the same way for both.
import type { DoctorSnapshot } from "./snapshot";

export interface DatabaseTarget {
  kind: "cluster" | "instance";
  identifier: string;
  /** `cluster orders` / `instance orders-db`, as messages name it. */
  label: string;
  engine: string;
  port?: number;
  status?: string;
  vpcId?: string;
  subnetIds: string[];
  securityGroupIds: string[];
}

export function databaseTarget(s: DoctorSnapshot): DatabaseTarget | undefined {
  const cluster = s.cluster?.ok ? s.cluster.value : undefined;
  if (cluster) {
    return {
      kind: "cluster",
      identifier: cluster.identifier,
      label: `cluster ${cluster.identifier}`,
      engine: cluster.engine,
      ...(cluster.port !== undefined ? { port: cluster.port } : {}),
      ...(cluster.status ? { status: cluster.status } : {}),
      ...(cluster.vpcId ? { vpcId: cluster.vpcId } : {}),
      subnetIds: cluster.subnetIds,
      securityGroupIds: cluster.securityGroupIds,
    };
  }
  const db = s.database?.ok ? s.database.value : undefined;
  if (!db) return undefined;
  return {
    kind: "instance",
    identifier: db.identifier,
    label: `instance ${db.identifier}`,
    engine: db.engine,
    ...(db.port !== undefined ? { port: db.port } : {}),
    ...(db.status ? { status: db.status } : {}),
    ...(db.vpcId ? { vpcId: db.vpcId } : {}),
    subnetIds: db.subnetIds,
    securityGroupIds: db.securityGroupIds,
  };
}

/** Why there is no target, for a check's "not checked" line. */
export function noTargetReason(s: DoctorSnapshot): string {
  if (s.cluster && !s.cluster.ok) return `could not check: ${s.cluster.error.message}`;
  if (s.database && !s.database.ok) return `could not check: ${s.database.error.message}`;
  return s.cluster ? "not checked: no Aurora cluster matches the secret" : "not checked: no RDS instance matches the secret";
}

/** The failed lookup behind a missing target, if one failed. */
export function targetLookupFailure(s: DoctorSnapshot) {
  if (s.cluster && !s.cluster.ok) return s.cluster.error;
  if (s.database && !s.database.ok) return s.database.error;
  return undefined;
}
