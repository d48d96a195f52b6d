// What RotatedDatabase and RotatedCluster output about their proxy, in one place so both give the
// same names and meanings: the proxy outputs (undefined without a proxy) and grantConnect, which
// attaches the `rds-db:connect` policy to an application role (only with `proxy.iamAuth`). The ECS
// entries that send applications to the proxy are componentOutputs.ts's, given the proxy's endpoint
// as the host (ecsEnvironmentOutput) and told to leave DB_HOST out (ecsSecretsOutput's withoutHost).
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { resourceName } from "./componentOutputs";
import { connectGrantName } from "./proxyPolicy";
import type { DatabaseProxy } from "./proxyResources";

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
 * RolePolicy named `<component>-connect-<role's resource name>` (or `<component>-connect-<opts.name>`),
 * parented to the component, as ReadGrants does for grantRead. Refused without `proxy.iamAuth`, and
 * for the same role (or name) twice.
 */
export class ConnectGrants {
  private readonly granted = new Set<string>();

  /** `label` names the component in messages: `RotatedDatabase "app"`; `proxy` is the resolved `proxy` argument. */
  constructor(
    private readonly component: pulumi.ComponentResource,
    private readonly componentName: string,
    private readonly label: string,
    private readonly proxy: { iamAuth: boolean } | undefined,
    private readonly policyDocument: pulumi.Output<string> | undefined,
  ) {}

  grant(role: aws.iam.Role, opts?: { name?: string }): aws.iam.RolePolicy {
    const refusal = grantConnectRefusal(this.proxy) ?? (this.policyDocument === undefined ? "grantConnect has no policy document" : undefined);
    if (refusal !== undefined) throw new pulumi.ResourceError(`${this.label}: ${refusal}`, this.component);
    const roleName = opts?.name ?? resourceName(role);
    if (roleName === undefined || roleName === "") {
      throw new pulumi.ResourceError(`${this.label}: grantConnect cannot name the policy for this role; pass opts.name`, this.component);
    }
    const name = connectGrantName(this.componentName, roleName);
    if (this.granted.has(name)) {
      throw new pulumi.ResourceError(`${this.label}: grantConnect already attached ${name}; a role needs one grant per database`, this.component);
    }
    this.granted.add(name);
    return new aws.iam.RolePolicy(name, { role: role.id, policy: this.policyDocument! }, { parent: this.component });
  }
}
