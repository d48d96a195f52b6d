// An Aurora secret against its cluster: the engine string is one the cluster's engine admits (the RDS
// string the JetBrains AWS Toolkit compares, or the postgres/mysql AWS's templates write), `host` is
// the writer (cluster) endpoint, and the port is the cluster's. And, for instances and clusters alike,
// the master password RDS manages (manageMasterUserPassword) is not rotated by a second rotator.
import { failure, notChecked, ok, warning, type CheckResult, type DoctorSnapshot } from "../snapshot";
import { currentJson } from "./secretChecks";

export const CLUSTER_HOST_TITLE = "engine and host match the Aurora cluster (JetBrains AWS Toolkit, RDS Proxy)";

/**
 * The `engine` strings a secret of a cluster may carry: the cluster's RDS engine string, AWS's
 * templates' spelling, and (Aurora MySQL) the retired `aurora` of version 1.
 */
export function acceptedClusterEngines(clusterEngine: string): string[] {
  if (clusterEngine === "aurora-postgresql") return ["aurora-postgresql", "postgres"];
  if (clusterEngine === "aurora-mysql") return ["aurora-mysql", "mysql", "aurora"];
  return [clusterEngine];
}

function rotatedByFunction(s: DoctorSnapshot): boolean {
  return s.secret.ok && s.secret.value.RotationEnabled === true && !!s.secret.value.RotationLambdaARN;
}

/** The engine-host check for a secret that names (or turned out to point at) an Aurora cluster. */
export function checkClusterEngineAndHost(s: DoctorSnapshot, json: Record<string, unknown>, engine: string): CheckResult {
  const id = "engine-host";
  const title = CLUSTER_HOST_TITLE;
  if (!s.cluster) return warning(id, title, "not checked: no cluster lookup was made");
  if (!s.cluster.ok) return notChecked(id, title, s.cluster.error);
  const c = s.cluster.value;
  if (!c) {
    const what = typeof json.dbClusterIdentifier === "string" ? `dbClusterIdentifier ${JSON.stringify(json.dbClusterIdentifier)}` : `an endpoint ${JSON.stringify(json.host)}`;
    return warning(id, title, `no Aurora cluster with ${what} in ${s.region}`, "check host (the cluster's writer endpoint) and dbClusterIdentifier; a cluster in another region is not checked");
  }
  const host = json.host;
  const failures: string[] = [];
  const warnings: string[] = [];
  const fixes: string[] = [];
  const accepted = acceptedClusterEngines(c.engine);
  if (!accepted.includes(engine)) {
    failures.push(`engine is ${JSON.stringify(engine)} but cluster ${c.identifier} runs ${JSON.stringify(c.engine)}`);
    fixes.push(`set "engine": "${c.engine}"`);
  }
  if (typeof json.dbClusterIdentifier === "string" && json.dbClusterIdentifier !== c.identifier) {
    failures.push(`dbClusterIdentifier is ${JSON.stringify(json.dbClusterIdentifier)} but host belongs to cluster ${c.identifier}`);
    fixes.push(`set "dbClusterIdentifier": "${c.identifier}"`);
  }
  const member = s.database?.ok && s.database.value?.clusterIdentifier === c.identifier ? s.database.value : undefined;
  const writerFix = c.endpoint ? `set "host": "${c.endpoint}" (the cluster endpoint, which always reaches the writer)` : "set host to the cluster endpoint";
  if (c.endpoint && host === c.endpoint) {
    // the writer endpoint: what it should be
  } else if (c.readerEndpoint && host === c.readerEndpoint) {
    const why = `host is cluster ${c.identifier}'s reader endpoint ${c.readerEndpoint}, which reaches read-only replicas`;
    if (rotatedByFunction(s)) failures.push(`${why}: the rotation function's ALTER of the password fails there`);
    else warnings.push(`${why}: a client of this secret cannot write`);
    fixes.push(writerFix);
  } else if (member && host === member.address) {
    const role = c.members.find((m) => m.identifier === member.identifier)?.writer ? "the writer today" : "a reader today";
    warnings.push(`host is the endpoint of instance ${member.identifier} (${role}), not the cluster endpoint: instances change roles on a failover, the cluster endpoint follows the writer`);
    fixes.push(writerFix);
  } else {
    failures.push(`host is ${JSON.stringify(host)} but cluster ${c.identifier}'s writer endpoint is ${JSON.stringify(c.endpoint ?? "unknown")}`);
    fixes.push(writerFix);
  }
  const port = typeof json.port === "string" ? Number(json.port) : json.port;
  if (c.port !== undefined && port !== undefined && port !== c.port) {
    failures.push(`port is ${String(json.port)} but the cluster listens on ${c.port}`);
    fixes.push(`set "port": ${c.port}`);
  }
  if (failures.length > 0) return failure(id, title, [...failures, ...warnings].join("; "), `${fixes.join(", ")} in the secret`);
  if (warnings.length > 0) return warning(id, title, warnings.join("; "), `${fixes.join(", ")} in the secret`);
  const spelling = engine === c.engine ? "" : ` (engine ${engine} is AWS's templates' spelling; the JetBrains AWS Toolkit compares engine with the cluster's ${c.engine} and asks before it connects)`;
  return ok(id, title, `engine ${engine} and host ${String(host)} are cluster ${c.identifier}'s writer endpoint${spelling}`);
}

/**
 * RDS manages the master password of an instance or cluster with manageMasterUserPassword, in its
 * own secret: a second secret rotating the same user fights it, and alternating-users must log in
 * with RDS's secret. Undefined when RDS does not manage the master password.
 */
export function checkManagedMaster(s: DoctorSnapshot): CheckResult | undefined {
  const id = "managed-master";
  const title = "The master password RDS manages is rotated by RDS only";
  const cluster = s.cluster?.ok ? s.cluster.value : undefined;
  const instance = s.database?.ok ? s.database.value : undefined;
  const owner = cluster ?? instance;
  if (!owner?.masterUserSecretArn) return undefined;
  const label = cluster ? `cluster ${cluster.identifier}` : `instance ${instance?.identifier}`;
  const managed = owner.masterUserSecretArn;
  const arn = s.secret.ok ? (s.secret.value.ARN ?? s.secretId) : s.secretId;
  if (arn === managed) return ok(id, title, `this is ${label}'s master secret, managed and rotated by RDS`);
  const json = currentJson(s);
  if (typeof json?.masterarn === "string") {
    if (json.masterarn !== managed) {
      return failure(
        id,
        title,
        `masterarn names ${json.masterarn}, but RDS keeps ${label}'s master password in ${managed}: alternating-users logs in with a stale master password once RDS rotates it`,
        `set "masterarn": "${managed}"`,
      );
    }
    return ok(id, title, `masterarn is ${label}'s RDS-managed master secret`);
  }
  if (typeof json?.username === "string" && json.username === owner.masterUsername && rotatedByFunction(s)) {
    return failure(
      id,
      title,
      `this secret rotates ${label}'s master user ${owner.masterUsername}, whose password RDS manages and rotates in ${managed}: the two rotations undo each other and one secret is always stale`,
      "use RDS's secret for the master user (the managed strategy), or turn manageMasterUserPassword off before rotating it here",
    );
  }
  return ok(id, title, `RDS manages ${label}'s master password in ${managed}; this secret is for user ${typeof json?.username === "string" ? json.username : "?"}`);
}
