// Names of child resources. Logical names derive from the component's name, so two databases in one
// stack never collide; the few physical names AWS needs up front (the Lambda function, whose log
// group must be named after it, and the final snapshot) add a hash of project, stack and component so
// two stacks in one account never collide either.
import { createHash } from "crypto";

/** Logical name of a child: `<component>-<suffix>`. */
export function childName(component: string, suffix: string): string {
  return `${component}-${suffix}`;
}

function shortHash(...parts: string[]): string {
  return createHash("sha256").update(parts.join("/")).digest("hex").slice(0, 8);
}

/** Lambda names: 1-64 of letters, digits, `-` and `_`. */
export const LAMBDA_NAME_MAX = 64;

/**
 * Physical name of the rotation function: `<component>-rotation-<hash>`, at most 64 characters.
 * `kind` is given for a RotatedCluster, so a cluster and a database of the same name in one stack
 * (their children's URNs differ by the parent's type) do not claim one Lambda name.
 */
export function rotationFunctionName(project: string, stack: string, component: string, kind?: "cluster"): string {
  const hash = kind === undefined ? shortHash(project, stack, component) : shortHash(project, stack, component, kind);
  const base = `${component}-rotation`.replace(/[^A-Za-z0-9_-]/g, "-");
  return `${base.slice(0, LAMBDA_NAME_MAX - hash.length - 1)}-${hash}`;
}

/** The log group Lambda writes to by default; the component creates it first, with retention. */
export function rotationLogGroupName(functionName: string): string {
  return `/aws/lambda/${functionName}`;
}

/** RDS snapshot identifiers: 1-255 letters, digits and hyphens, a letter first, no `--`, no `-` at the end. */
export const SNAPSHOT_IDENTIFIER_MAX = 255;

/**
 * The instance inputs the AWS provider marks ForceNew among those RotatedDatabase sets (engine,
 * db_name, username, kms_key_id; storage_encrypted is always true): a new value means a new instance.
 */
export interface InstanceReplacementInputs {
  engine: string;
  dbName: string;
  username: string;
  kmsKeyArn: string | undefined;
}

/** A key that changes exactly when the provider replaces the instance. */
export function instanceReplacementKey(p: InstanceReplacementInputs): string {
  return JSON.stringify([p.engine, p.dbName, p.username, p.kmsKeyArn ?? ""]);
}

/**
 * The Aurora cluster inputs the AWS provider marks ForceNew among those RotatedCluster sets: the
 * instance's four (engine, database_name, master_username, kms_key_id) and db_subnet_group_name,
 * which a cluster cannot change in place (an instance can). storage_encrypted is always true,
 * engine_mode always provisioned, and the identifier is Pulumi's auto-name, new only with a replacement.
 */
export interface ClusterReplacementInputs extends InstanceReplacementInputs {
  /** The subnet group's physical (auto-generated) name. */
  subnetGroupName: string;
}

/** A key that changes exactly when the provider replaces the cluster (never equal to an instance's). */
export function clusterReplacementKey(p: ClusterReplacementInputs): string {
  return JSON.stringify(["cluster", p.engine, p.dbName, p.username, p.kmsKeyArn ?? "", p.subnetGroupName]);
}

/**
 * Final snapshot identifier, unique per instance and stable for one instance: a hash of project,
 * stack and component, of the subnet group's auto-generated name (new on every deployment after a
 * `pulumi destroy`) and of the instance's replacement key (new on every replacement). RDS refuses a
 * second snapshot with a name that exists (DBSnapshotAlreadyExists), which would stop a destroy or a
 * replacement half-way. A cluster's final snapshot (a DB cluster snapshot, same identifier rules,
 * DBClusterSnapshotAlreadyExistsFault) takes the cluster's replacement key.
 */
export function finalSnapshotIdentifier(project: string, stack: string, component: string, instance: { subnetGroupName: string; replacementKey: string }): string {
  const hash = createHash("sha256").update([project, stack, component, instance.subnetGroupName, instance.replacementKey].join("/")).digest("hex").slice(0, 16);
  let base = `${component}-final`.toLowerCase().replace(/[^a-z0-9-]/g, "-").replace(/-+/g, "-").replace(/^[^a-z]+/, "");
  if (base === "") base = "db-final";
  return `${base.slice(0, SNAPSHOT_IDENTIFIER_MAX - hash.length - 1)}-${hash}`.replace(/-+/g, "-");
}
