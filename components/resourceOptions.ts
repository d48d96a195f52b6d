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
 * The rotation: the first rotation runs as soon as this resource exists, so everything it touches
 * must be ready first: the invoke permission, the role's policy, the network path to Secrets
 * Manager (endpoint and rules), the database and the initial secret value.
 */
export function rotationOptions(parent: pulumi.Resource, ready: pulumi.Resource[]): pulumi.CustomResourceOptions {
  return { parent, dependsOn: ready };
}

/** The function: its log group must exist before it logs, and its role must carry the VPC permissions before Lambda validates them. */
export function functionOptions(parent: pulumi.Resource, ready: pulumi.Resource[]): pulumi.CustomResourceOptions {
  return { parent, dependsOn: ready };
}
