// What RotatedDatabase and RotatedCluster output about their proxy, in one place so both give the
// same names and meanings: the proxy outputs (undefined without a proxy), the ECS settings that send
// applications to the proxy instead of the database, and grantConnect, which attaches the
// `rds-db:connect` policy to an application role (only with `proxy.iamAuth`).
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { connectGrantName } from "./proxyPolicy";
import type { DatabaseProxy } from "./proxyResources";
import { ECS_SECRET_KEYS } from "./secretJson";

/** The proxy outputs both components declare; each is undefined without a proxy. */
export interface ProxyOutputs {
  /** The proxy's endpoint (the host applications connect to). */
  proxyEndpoint: pulumi.Output<string> | undefined;
  /** The proxy's ARN. */
  proxyArn: pulumi.Output<string> | undefined;
  /** The proxy's own security group. */
  proxySecurityGroupId: pulumi.Output<string> | undefined;
  /** `rds-db:connect` on the proxy for application roles; undefined without `proxy.iamAuth`. */
  proxyConnectPolicyDocument: pulumi.Output<string> | undefined;
}

/** The outputs of `proxy` (or none). */
export function proxyOutputs(proxy: DatabaseProxy | undefined): ProxyOutputs {
  return {
    proxyEndpoint: proxy?.endpoint,
    proxyArn: proxy?.proxy.arn,
    proxySecurityGroupId: proxy?.securityGroup.id,
    proxyConnectPolicyDocument: proxy?.connectPolicyDocument,
  };
}

/**
 * The secret keys `ecsSecrets` reads (ecsSecretEntries' `keys`; undefined: all of ECS_SECRET_KEYS).
 * Behind a proxy `host` is left out: the secret's host is the database, which applications must not
 * bypass the proxy for, and the proxy's endpoint comes from `ecsEnvironment` instead.
 */
export function ecsSecretKeys(keys: readonly string[] | undefined, proxied: boolean): readonly string[] | undefined {
  if (!proxied) return keys;
  return (keys ?? ECS_SECRET_KEYS.map(([, key]) => key)).filter((key) => key !== "host");
}

/** A plain ECS environment entry. */
export interface EnvironmentEntry {
  name: string;
  value: string;
}

/** DB_HOST, DB_PORT and DB_NAME as plain values; `host` is the proxy's endpoint when there is a proxy. */
export function ecsEnvironmentEntries(host: string, port: number, dbName: string): EnvironmentEntry[] {
  return [
    { name: "DB_HOST", value: host },
    { name: "DB_PORT", value: String(port) },
    { name: "DB_NAME", value: dbName },
  ];
}

/** Why a component refuses grantConnect, or undefined when it grants. */
export function grantConnectRefusal(proxy: { iamAuth: boolean } | undefined): string | undefined {
  if (proxy === undefined) {
    return "grantConnect needs a proxy with iamAuth: true, and this database has none; use grantRead to let the role read the secret";
  }
  if (!proxy.iamAuth) {
    return "grantConnect needs proxy.iamAuth: true; this proxy's clients log in with the secret's password, so give the role grantRead instead, or set proxy.iamAuth: true";
  }
  return undefined;
}

/**
 * The grantConnect of one component: attaches its `proxyConnectPolicyDocument` to a role as an inline
 * RolePolicy named `<component>-connect-<role's resource name or opts.name>`, parented to the
 * component. Refused without `proxy.iamAuth`, and for the same role (or name) twice.
 */
export class ConnectGrants {
  private readonly granted = new Set<string>();

  constructor(
    private readonly owner: pulumi.Resource,
    /** How messages name the component, e.g. `RotatedDatabase "orders"`. */
    private readonly label: string,
    private readonly componentName: string,
    private readonly proxy: { iamAuth: boolean } | undefined,
    private readonly document: pulumi.Output<string> | undefined,
  ) {}

  /** Attaches the policy to `role`; `roleName` is the role's resource name when the caller knows it. */
  grant(role: aws.iam.Role, roleName: string | undefined, opts?: { name?: string }): aws.iam.RolePolicy {
    const refusal = grantConnectRefusal(this.proxy);
    if (refusal !== undefined || this.document === undefined) {
      throw new pulumi.ResourceError(`${this.label}: ${refusal ?? "grantConnect has no policy document"}`, this.owner);
    }
    const suffix = opts?.name ?? roleName;
    if (suffix === undefined || suffix === "") {
      throw new pulumi.ResourceError(`${this.label}: grantConnect cannot name the policy for this role; pass opts.name`, this.owner);
    }
    const name = connectGrantName(this.componentName, suffix);
    if (this.granted.has(name)) {
      throw new pulumi.ResourceError(`${this.label}: grantConnect already attached ${name}; a role needs one grant per database`, this.owner);
    }
    this.granted.add(name);
    return new aws.iam.RolePolicy(name, { role: role.id, policy: this.document }, { parent: this.owner });
  }
}
