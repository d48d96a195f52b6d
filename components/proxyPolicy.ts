// The IAM documents of an RDS Proxy, pure like rotationPolicy.ts and applicationPolicy.ts: the proxy
// role's trust policy, the policy that lets the proxy read the one secret it logs in with (and decrypt
// it through Secrets Manager with a customer key), and the `rds-db:connect` policy application roles
// need to authenticate to the proxy with IAM. Facts and sources: docs/proxy.md.
import type { PolicyDocument, PolicyStatement, TrustPolicyDocument } from "./rotationPolicy";

/** What the proxy calls on its secret: RDS's documented minimum (rds-proxy-iam-setup). */
export const PROXY_SECRET_ACTIONS = ["secretsmanager:GetSecretValue"] as const;

/** Decrypting the secret under a customer key; the proxy never writes the secret. */
export const PROXY_KMS_ACTIONS = ["kms:Decrypt"] as const;

/** What an application role needs to sign an IAM authentication token for the proxy. */
export const PROXY_CONNECT_ACTIONS = ["rds-db:connect"] as const;

/** The service RDS Proxy assumes its role as. */
export const RDS_SERVICE_PRINCIPAL = "rds.amazonaws.com";

/**
 * Lets RDS assume the proxy's role. No aws:SourceAccount / aws:SourceArn condition: RDS's proxy
 * documentation, CDK's DatabaseProxy and terraform-aws-modules' rds-proxy all trust the bare service
 * principal, and AWS does not document that RDS Proxy sends those keys when it assumes the role (a
 * condition it does not send would leave the proxy unable to read its secret). The role is still
 * useless to anyone else: its only permission is reading one secret.
 */
export function proxyTrustPolicy(): TrustPolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [{ Sid: "RdsProxyAssumesRole", Effect: "Allow", Principal: { Service: RDS_SERVICE_PRINCIPAL }, Action: "sts:AssumeRole" }],
  };
}

export interface ProxySecretPolicyInputs {
  /** The secret the proxy logs in to the database with (for `managed`, the RDS-managed master secret). */
  secretArn: string;
  /** The customer KMS key the secret is encrypted with, when one is used. */
  kmsKeyArn?: string;
  /** Region, for the `kms:ViaService` condition. */
  region: string;
}

/** The proxy role's policy: read exactly one secret, and decrypt it only through Secrets Manager. */
export function buildProxySecretPolicy(p: ProxySecretPolicyInputs): PolicyDocument {
  const statements: PolicyStatement[] = [
    { Sid: "ReadDatabaseSecret", Effect: "Allow", Action: [...PROXY_SECRET_ACTIONS], Resource: p.secretArn },
  ];
  if (p.kmsKeyArn) {
    statements.push({
      Sid: "DecryptDatabaseSecret",
      Effect: "Allow",
      Action: [...PROXY_KMS_ACTIONS],
      Resource: p.kmsKeyArn,
      // Only as Secrets Manager's caller: the proxy cannot decrypt the storage or snapshots under the same key.
      Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${p.region}.amazonaws.com` } },
    });
  }
  return { Version: "2012-10-17", Statement: statements };
}

const PROXY_ARN = /^arn:([a-z-]+):rds:[^:]*:[^:]*:db-proxy:(prx-[0-9a-z]+)$/;

function parseProxyArn(proxyArn: string): { partition: string; resourceId: string } {
  const match = PROXY_ARN.exec(proxyArn);
  if (!match) throw new Error(`not an RDS Proxy ARN (arn:aws:rds:<region>:<account>:db-proxy:prx-...): ${JSON.stringify(proxyArn)}`);
  return { partition: match[1], resourceId: match[2] };
}

/**
 * The proxy's resource id (`prx-...`), the last part of its ARN
 * (`arn:aws:rds:<region>:<account>:db-proxy:prx-...`): IAM names the proxy by it in `rds-db:connect`.
 */
export function proxyResourceId(proxyArn: string): string {
  return parseProxyArn(proxyArn).resourceId;
}

export interface ProxyConnectPolicyInputs {
  region: string;
  accountId: string;
  /** The proxy's ARN; its resource id goes into the `dbuser` ARN. */
  proxyArn: string;
  /** The database user clients log in as through the proxy (the secret's user). */
  username: string;
}

/** `arn:<partition>:rds-db:<region>:<account>:dbuser:<prx-id>/<user>`: the one user on the one proxy (partition as the proxy's). */
export function proxyDbUserArn(p: ProxyConnectPolicyInputs): string {
  const { partition, resourceId } = parseProxyArn(p.proxyArn);
  return `arn:${partition}:rds-db:${p.region}:${p.accountId}:dbuser:${resourceId}/${p.username}`;
}

/**
 * The least-privilege policy for application roles that authenticate to the proxy with IAM: one
 * action, on one user of one proxy. The role never needs the secret: the proxy holds the password.
 */
export function buildProxyConnectPolicy(p: ProxyConnectPolicyInputs): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [{ Sid: "ConnectThroughProxy", Effect: "Allow", Action: [...PROXY_CONNECT_ACTIONS], Resource: proxyDbUserArn(p) }],
  };
}

/** The name of the RolePolicy grantConnect attaches: `<database>-connect-<role>`, as grantRead's `<database>-read-<role>`. */
export function connectGrantName(databaseName: string, roleName: string): string {
  return `${databaseName}-connect-${roleName}`;
}
