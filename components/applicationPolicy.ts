// The IAM policy document an application role needs to read one database's secret at run time (the
// client library, ECS secret injection, a Lambda extension): nothing more. Pure, like rotationPolicy.ts,
// so the document is tested without mocks; RotatedDatabase outputs it and grantRead attaches it.
import type { PolicyDocument, PolicyStatement } from "./rotationPolicy";

/**
 * What a reader calls: GetSecretValue (AWSCURRENT, and AWSPENDING for the client's single-user
 * fallback: a version stage is no IAM resource, so the same permission covers both) and DescribeSecret
 * (the client's cheap version check before each fetch). No ListSecrets, no write.
 */
export const APPLICATION_SECRET_ACTIONS = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"] as const;

/** Decrypting a secret under a customer key; Secrets Manager never needs GenerateDataKey for a reader. */
export const APPLICATION_KMS_ACTIONS = ["kms:Decrypt"] as const;

export interface ApplicationPolicyInputs {
  /** The secret applications read (for `managed`, the RDS-managed master secret). */
  secretArn: string;
  /** The customer KMS key the secret is encrypted with, when one is used. */
  kmsKeyArn?: string;
  /** Region, for the `kms:ViaService` condition. */
  region: string;
}

/** The least-privilege policy for roles of applications that read the secret. */
export function buildApplicationPolicy(p: ApplicationPolicyInputs): PolicyDocument {
  const statements: PolicyStatement[] = [
    { Sid: "ReadDatabaseSecret", Effect: "Allow", Action: [...APPLICATION_SECRET_ACTIONS], Resource: p.secretArn },
  ];
  if (p.kmsKeyArn) {
    statements.push({
      Sid: "DecryptDatabaseSecret",
      Effect: "Allow",
      Action: [...APPLICATION_KMS_ACTIONS],
      Resource: p.kmsKeyArn,
      // Only as Secrets Manager's caller: the role cannot decrypt anything else under the key (the storage, snapshots).
      Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${p.region}.amazonaws.com` } },
    });
  }
  return { Version: "2012-10-17", Statement: statements };
}

/**
 * The name of the RolePolicy that grantRead attaches: `<database>-read-<role>`, so two databases granting
 * one role, or one database granting two roles, never collide.
 */
export function readGrantName(databaseName: string, roleName: string): string {
  return `${databaseName}-read-${roleName}`;
}
