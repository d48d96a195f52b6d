// SecretsManagerEndpoint: the interface VPC endpoint through which rotation functions and applications
// without internet access reach Secrets Manager. Only one endpoint per service and VPC can carry private
// DNS, and that DNS answers for the whole VPC, so every database in a VPC shares one; each database
// grants its rotation group, its client group and its allowedSecurityGroupIds access with `allowFrom`.
import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { EndpointResources, createSecretsManagerEndpoint, grantEndpointAccess } from "./endpointResources";
import { endpointIngressRule } from "./securityGroupRules";

export { secretsManagerServiceName } from "./endpointResources";

/** Arguments of {@link SecretsManagerEndpoint}. */
export interface SecretsManagerEndpointArgs {
  /** The VPC to serve. */
  vpcId: pulumi.Input<string>;
  /** Subnets to place the endpoint's network interfaces in: one per availability zone that runs rotation functions. */
  subnetIds: pulumi.Input<string>[];
  /**
   * Security groups allowed to call the endpoint on 443 from the start: workloads in the VPC that used
   * Secrets Manager before (its private DNS redirects them here). RotatedDatabase adds its rotation
   * group, client group and allowedSecurityGroupIds with {@link SecretsManagerEndpoint.allowFrom}.
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

/** A shared interface endpoint for Secrets Manager with private DNS and its own security group. */
export class SecretsManagerEndpoint extends pulumi.ComponentResource {
  /** The endpoint's security group: ingress 443 only from granted groups, no egress. */
  readonly securityGroupId: pulumi.Output<string>;
  /** The VPC endpoint id. */
  readonly endpointId: pulumi.Output<string>;
  /** The VPC it serves. */
  readonly vpcId: pulumi.Output<string>;

  /** The endpoint itself, for `dependsOn` of resources that need it reachable. */
  readonly endpoint: aws.ec2.VpcEndpoint;
  private readonly resources: EndpointResources;

  constructor(name: string, args: SecretsManagerEndpointArgs, opts?: pulumi.ComponentResourceOptions) {
    super(SECRETS_MANAGER_ENDPOINT_TYPE, name, {}, opts);
    this.resources = createSecretsManagerEndpoint(name, args, this);
    this.endpoint = this.resources.endpoint;
    this.securityGroupId = this.resources.securityGroup.id;
    this.endpointId = this.endpoint.id;
    this.vpcId = pulumi.output(args.vpcId);
    this.registerOutputs({ securityGroupId: this.securityGroupId, endpointId: this.endpointId, vpcId: this.vpcId });
  }

  /**
   * Lets `sourceSecurityGroupId` call the endpoint on 443. The rule is parented to `opts.parent`
   * (the database that needs it), so it goes away with that database, and carries `opts.tags` (that
   * database's) besides the endpoint's; `name` must be unique in the stack. A group already admitted
   * in this program gets the existing rule back: AWS refuses a duplicate.
   */
  allowFrom(
    name: string,
    sourceSecurityGroupId: pulumi.Input<string>,
    opts: { parent: pulumi.Resource; tags?: Record<string, string> },
  ): aws.vpc.SecurityGroupIngressRule {
    return grantEndpointAccess(this.resources, name, endpointIngressRule(sourceSecurityGroupId, `Granted to ${name}`), opts);
  }
}
