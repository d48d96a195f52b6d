// Resource options of the children whose lifecycle matters, as pure functions: Pulumi's mocks never
// see options, so these are tested directly.
import * as pulumi from "@pulumi/pulumi";

/**
 * The initial secret version. Rotation moves AWSCURRENT to versions Pulumi never created; ignoring
 * the value and the stages means a later `pulumi up` (even with --refresh) never moves AWSCURRENT back
 * to the dead initial password.
 */
export function initialSecretVersionOptions(parent: pulumi.Resource): pulumi.CustomResourceOptions {
  return { parent, ignoreChanges: ["secretString", "secretStringWo", "versionStages"] };
}

/**
 * The staging labels of the initial version. The custom label keeps the version from losing every
 * label after two rotations; Secrets Manager deletes unlabelled versions, and the provider would then
 * recreate it as AWSCURRENT on the next refresh (terraform-provider-aws#37302).
 */
export const INITIAL_VERSION_STAGES = ["AWSCURRENT", "ROTATED_RDS_INITIAL"];

/**
 * The instance and the secret that holds its credentials: the password changes under rotation, so
 * Pulumi must not push its initial value again; with deletion protection both are protected from
 * `pulumi destroy` and retained if removed from the program (losing the secret would lose the
 * credentials of a database that lives on).
 */
export function dataResourceOptions(
  parent: pulumi.Resource,
  deletionProtection: boolean,
  extra: pulumi.CustomResourceOptions = {},
): pulumi.CustomResourceOptions {
  return { ...extra, parent, protect: deletionProtection, retainOnDelete: deletionProtection };
}

/** The instance: never push the initial password again (rotation owns it from then on). */
export function instanceOptions(parent: pulumi.Resource, deletionProtection: boolean): pulumi.CustomResourceOptions {
  return dataResourceOptions(parent, deletionProtection, { ignoreChanges: ["password", "passwordWo"] });
}

/**
 * What the first rotation touches. With `rotateImmediately` it starts the moment the SecretRotation
 * exists, and Pulumi only orders resources by the values passed between them: none of these feed
 * the rotation's inputs, so without `dependsOn` the rotation could race them and fail on the first
 * deploy.
 */
export interface FirstRotationPrerequisites {
  /** The instance: the function logs in to it (managed: RDS rotates its own secret on it). */
  instance: pulumi.Resource;
  /** The initial secret version: the rotation reads it as AWSCURRENT. Absent for managed. */
  initialVersion?: pulumi.Resource;
  /** The function with what it needs to run: Secrets Manager's invoke permission and the role's policy. Absent for managed. */
  rotationFunction?: { fn: pulumi.Resource; permission: pulumi.Resource; policy: pulumi.Resource };
  /** The security-group rules on the paths database <- function -> Secrets Manager (incl. the endpoint's ingress rule). */
  networkRules?: readonly pulumi.Resource[];
  /** The VPC endpoint the function reaches Secrets Manager through; absent with NAT or managed. */
  endpoint?: pulumi.Resource;
}

/** The resources the first rotation must wait for, in a stable order. */
export function firstRotationDependencies(p: FirstRotationPrerequisites): pulumi.Resource[] {
  const f = p.rotationFunction;
  return [
    ...(f ? [f.permission, f.policy, f.fn] : []),
    p.instance,
    ...(p.initialVersion ? [p.initialVersion] : []),
    ...(p.networkRules ?? []),
    ...(p.endpoint ? [p.endpoint] : []),
  ];
}

/** The rotation: waits for everything its immediate first run touches (see {@link FirstRotationPrerequisites}). */
export function rotationOptions(parent: pulumi.Resource, prerequisites: FirstRotationPrerequisites): pulumi.CustomResourceOptions {
  return { parent, dependsOn: firstRotationDependencies(prerequisites) };
}

/** The function: its log group must exist before it logs, and its role must carry the VPC permissions before Lambda validates them. */
export function functionOptions(parent: pulumi.Resource, ready: pulumi.Resource[]): pulumi.CustomResourceOptions {
  return { parent, dependsOn: ready };
}
