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

/** Physical name of the rotation function: `<component>-rotation-<hash>`, at most 64 characters. */
export function rotationFunctionName(project: string, stack: string, component: string): string {
  const hash = shortHash(project, stack, component);
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
 * Final snapshot identifier, unique per instance and stable for one instance: a hash of project,
 * stack and component, of the subnet group's auto-generated name (new on every deployment after a
 * `pulumi destroy`) and of the instance's replacement key (new on every replacement). RDS refuses a
 * second snapshot with a name that exists (DBSnapshotAlreadyExists), which would stop a destroy or a
 * replacement half-way.
 */
export function finalSnapshotIdentifier(project: string, stack: string, component: string, instance: { subnetGroupName: string; replacementKey: string }): string {
  const hash = createHash("sha256").update([project, stack, component, instance.subnetGroupName, instance.replacementKey].join("/")).digest("hex").slice(0, 16);
  let base = `${component}-final`.toLowerCase().replace(/[^a-z0-9-]/g, "-").replace(/-+/g, "-").replace(/^[^a-z]+/, "");
  if (base === "") base = "db-final";
  return `${base.slice(0, SNAPSHOT_IDENTIFIER_MAX - hash.length - 1)}-${hash}`.replace(/-+/g, "-");
}
