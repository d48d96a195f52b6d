// What the SecretRotation must wait for. With `rotateImmediately` the first rotation starts the moment
// the SecretRotation exists, and Pulumi orders resources only by the values passed between them and
// by `dependsOn`: most of what that rotation touches feeds none of its inputs, so without `dependsOn`
// it could race them and fail on the first deploy.
import * as pulumi from "@pulumi/pulumi";

/** What the first rotation touches. */
export interface FirstRotationPrerequisites {
  /**
   * The database the function logs in to (managed: RDS rotates its own secret on it): the instance,
   * or the cluster and its writer instance (a cluster without an instance accepts no login).
   */
  database: readonly pulumi.Resource[];
  /** The initial secret version: the rotation reads it as AWSCURRENT. Absent for managed. */
  initialVersion?: pulumi.Resource;
  /** The function with what it needs to run: Secrets Manager's invoke permission and the role's policies. Absent for managed. */
  rotationFunction?: { fn: pulumi.Resource; permission: pulumi.Resource; policy: pulumi.Resource; vpcPolicy: pulumi.Resource };
  /** The security-group rules on the paths database <- function -> Secrets Manager (incl. the endpoint's ingress rule). */
  networkRules?: readonly pulumi.Resource[];
  /** The VPC endpoint the function reaches Secrets Manager through; absent with NAT or managed. */
  endpoint?: pulumi.Resource;
}

/** The resources the first rotation must wait for (the SecretRotation's `dependsOn`). */
export function firstRotationDependencies(p: FirstRotationPrerequisites): pulumi.Resource[] {
  const f = p.rotationFunction;
  return [
    ...(f ? [f.permission, f.policy, f.vpcPolicy, f.fn] : []),
    ...p.database,
    ...(p.initialVersion ? [p.initialVersion] : []),
    ...(p.networkRules ?? []),
    ...(p.endpoint ? [p.endpoint] : []),
  ];
}
