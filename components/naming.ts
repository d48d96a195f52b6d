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

/**
 * Final snapshot identifier: letters, digits and single hyphens, starting with a letter (RDS rules),
 * at most 255 characters. Deterministic so `pulumi up` never sees a diff.
 */
export function finalSnapshotIdentifier(project: string, stack: string, component: string): string {
  const hash = shortHash(project, stack, component);
  let base = `${component}-final`.toLowerCase().replace(/[^a-z0-9-]/g, "-").replace(/-+/g, "-").replace(/^[^a-z]+/, "");
  if (base === "") base = "db-final";
  return `${base.slice(0, 200)}-${hash}`.replace(/-+/g, "-");
}
