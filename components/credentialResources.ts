// The credentials of a RotatedDatabase or RotatedCluster, per strategy: for `managed` only the
// schedule on the RDS-managed secret; otherwise our secret with its first version, the rotation
// function, and the schedule that waits for everything the first rotation touches. Both components
// call this once they have a network and a database, so the rotation is wired the same way for both.
import type * as pulumi from "@pulumi/pulumi";
import type { ResolvedCommonArgs } from "./defaults";
import type { DatabaseNetwork } from "./networkResources";
import {
  RotationRole,
  SecretDatabase,
  createRotatedSecret,
  createRotationFunction,
  createSecretRotation,
} from "./rotationResources";

export interface CredentialInputs {
  parent: pulumi.Resource;
  tags: Record<string, string>;
  accountId: pulumi.Output<string>;
  region: pulumi.Output<string>;
  network: DatabaseNetwork;
  /** The rotation function's role (createRotationRole); undefined for `managed`. */
  rotationRole: RotationRole | undefined;
  /** The database as its secret describes it. */
  database: SecretDatabase;
  /** What the function logs in to: the instance, or the cluster and its writer. */
  loginTargets: readonly pulumi.Resource[];
  /** The RDS-managed master secret (alternating-users and managed); undefined for single-user. */
  managedSecretArn: pulumi.Output<string> | undefined;
  /** The password the database was created with (single-user only). */
  masterPassword: pulumi.Output<string> | undefined;
  /** Draws the application user's first password (alternating-users): a password the database has never seen. */
  newPassword: () => pulumi.Output<string>;
  /** Set with `functionKind` "cluster" for a RotatedCluster (rotationFunctionName). */
  functionKind?: "cluster";
}

export interface Credentials {
  /** The secret applications read: ours, or for `managed` the RDS-managed one. */
  secretArn: pulumi.Output<string>;
  /** The rotation function; undefined for `managed`. */
  functionArn: pulumi.Output<string> | undefined;
  functionName: pulumi.Output<string> | undefined;
  /**
   * The secret's first version (undefined for `managed`, whose secret RDS writes with the database):
   * whatever reads the secret's value, such as a proxy's target, waits for it.
   */
  initialVersion: pulumi.Resource | undefined;
}

/** Creates the secret (unless managed), the rotation function (unless managed) and the schedule. */
export function createCredentials(name: string, r: ResolvedCommonArgs, p: CredentialInputs): Credentials {
  const { parent, tags } = p;
  const strategy = r.rotation.strategy;
  if (strategy === "managed") {
    const secretArn = p.managedSecretArn!;
    createSecretRotation(name, r, { parent, secretArn, ready: { database: p.loginTargets } });
    return { secretArn, functionArn: undefined, functionName: undefined, initialVersion: undefined };
  }
  const { secret, version } = createRotatedSecret(name, r, {
    parent, tags, database: p.database,
    username: strategy === "single-user" ? r.masterUsername : r.rotation.applicationUsername!,
    // alternating-users: a password the database has never seen; the first rotation creates the user.
    password: p.masterPassword ?? p.newPassword(),
    masterSecretArn: p.managedSecretArn,
  });
  const secretArn = secret.arn;
  const fn = createRotationFunction(name, r, {
    parent, tags, secretArn, masterSecretArn: p.managedSecretArn, accountId: p.accountId, region: p.region,
    securityGroupId: p.network.rotationSecurityGroup!.id, role: p.rotationRole!, kind: p.functionKind,
  });
  createSecretRotation(name, r, {
    parent, secretArn, functionArn: fn.fn.arn,
    ready: { database: p.loginTargets, initialVersion: version, rotationFunction: fn, networkRules: p.network.rules, endpoint: p.network.endpoint?.endpoint },
  });
  return { secretArn, functionArn: fn.fn.arn, functionName: fn.fn.name, initialVersion: version };
}
