// SecretsManagerEndpoint: the interface VPC endpoint through which rotation functions without internet
// access reach Secrets Manager. Only one endpoint per service and VPC can carry private DNS, so every
// database in a VPC shares one; each database grants its rotation group access with `allowFrom`.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { claimEndpointVpc, endpointConflict } from "./endpointClaims";
import { childName } from "./naming";
import { HTTPS_PORT, RuleSpec, endpointIngressRule } from "./securityGroupRules";

/** Arguments of {@link SecretsManagerEndpoint}. */
export interface SecretsManagerEndpointArgs {
  /** The VPC to serve. */
  vpcId: pulumi.Input<string>;
  /** Subnets to place the endpoint's network interfaces in: one per availability zone that runs rotation functions. */
  subnetIds: pulumi.Input<string>[];
  /**
   * Security groups allowed to call the endpoint on 443 from the start. RotatedDatabase adds its own
   * rotation group with {@link SecretsManagerEndpoint.allowFrom}.
   * @default []
   */
  allowedSecurityGroupIds?: pulumi.Input<string>[];
  /**
   * Tags for the endpoint, its security group and its rules.
   * @default {}
   */
  tags?: Record<string, string>;
}

/** The type token. */
export const SECRETS_MANAGER_ENDPOINT_TYPE = "rotated-rds:index:SecretsManagerEndpoint";

/** The Secrets Manager service name in a region. */
export function secretsManagerServiceName(region: string): string {
  return `com.amazonaws.${region}.secretsmanager`;
}

/** A shared interface endpoint for Secrets Manager with private DNS and its own security group. */
export class SecretsManagerEndpoint extends pulumi.ComponentResource {
  /** The endpoint's security group: ingress 443 only from granted groups, no egress. */
  readonly securityGroupId: pulumi.Output<string>;
  /** The VPC endpoint id. */
  readonly endpointId: pulumi.Output<string>;
  /** The VPC it serves. */
  readonly vpcId: pulumi.Output<string>;

  private readonly securityGroup: aws.ec2.SecurityGroup;
  private readonly tags: Record<string, string>;
  /** The endpoint itself, for `dependsOn` of resources that need it reachable. */
  readonly endpoint: aws.ec2.VpcEndpoint;

  constructor(name: string, args: SecretsManagerEndpointArgs, opts?: pulumi.ComponentResourceOptions) {
    super(SECRETS_MANAGER_ENDPOINT_TYPE, name, {}, opts);
    if (!Array.isArray(args.subnetIds) || args.subnetIds.length < 1) {
      throw new pulumi.ResourceError(`subnetIds must list at least 1 subnet for the endpoint; got ${JSON.stringify(args.subnetIds)}`, this);
    }
    const conflict = endpointConflict(args.vpcId, name);
    if (conflict) throw new pulumi.ResourceError(`SecretsManagerEndpoint "${name}": ${conflict}`, this);
    claimEndpointVpc(args.vpcId, name);
    this.tags = { ...(args.tags ?? {}), "rotated-rds:endpoint": name };
    const region = aws.getRegionOutput({}, { parent: this }).region;

    // No inline rules: the provider then removes AWS's default allow-all egress, and interface
    // endpoints need none (responses are stateful).
    this.securityGroup = new aws.ec2.SecurityGroup(childName(name, "sg"), {
      vpcId: args.vpcId,
      description: "Secrets Manager VPC endpoint: 443 from granted security groups only",
      tags: { ...this.tags, Name: childName(name, "sg") },
    }, { parent: this });
    (args.allowedSecurityGroupIds ?? []).forEach((id, i) => {
      this.ingress(childName(name, `allow-${i}`), endpointIngressRule(id, `Granted security group ${i}`), { parent: this });
    });

    this.endpoint = new aws.ec2.VpcEndpoint(childName(name, "endpoint"), {
      vpcId: args.vpcId,
      serviceName: region.apply(secretsManagerServiceName),
      vpcEndpointType: "Interface",
      privateDnsEnabled: true,
      subnetIds: args.subnetIds,
      securityGroupIds: [this.securityGroup.id],
      tags: { ...this.tags, Name: childName(name, "endpoint") },
    }, { parent: this });

    this.securityGroupId = this.securityGroup.id;
    this.endpointId = this.endpoint.id;
    this.vpcId = pulumi.output(args.vpcId);
    this.registerOutputs({ securityGroupId: this.securityGroupId, endpointId: this.endpointId, vpcId: this.vpcId });
  }

  /**
   * Lets `sourceSecurityGroupId` call the endpoint on 443. The rule is parented to `opts.parent`
   * (the database that needs it), so it goes away with that database, and carries `opts.tags` (that
   * database's) besides the endpoint's; `name` must be unique in the stack.
   */
  allowFrom(
    name: string,
    sourceSecurityGroupId: pulumi.Input<string>,
    opts: { parent: pulumi.Resource; tags?: Record<string, string> },
  ): aws.vpc.SecurityGroupIngressRule {
    return this.ingress(name, endpointIngressRule(sourceSecurityGroupId, `Granted to ${name}`), opts);
  }

  private ingress(name: string, rule: RuleSpec<pulumi.Input<string>>, opts: { parent: pulumi.Resource; tags?: Record<string, string> }): aws.vpc.SecurityGroupIngressRule {
    if (!("securityGroupId" in rule.peer) || rule.port !== HTTPS_PORT) throw new Error("endpoint rules admit 443 from security groups only");
    return new aws.vpc.SecurityGroupIngressRule(name, {
      securityGroupId: this.securityGroup.id,
      referencedSecurityGroupId: rule.peer.securityGroupId,
      ipProtocol: "tcp",
      fromPort: rule.port,
      toPort: rule.port,
      description: rule.description,
      tags: { ...this.tags, ...opts.tags },
    }, { parent: opts.parent });
  }
}
