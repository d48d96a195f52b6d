// The resources of a SecretsManagerEndpoint: its security group (created without inline rules, so it
// has no egress: an interface endpoint answers statefully), 443 ingress for each granted group, and
// the interface endpoint with private DNS. Before creating anything: the arguments (endpointArgs.ts)
// and the one-endpoint-per-VPC claim (endpointClaims.ts).
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { resolveSecretsManagerEndpointArgs } from "./endpointArgs";
import { claimEndpointVpc, endpointConflict } from "./endpointClaims";
import { existingEndpointGrant, recordEndpointGrant } from "./endpointGrants";
import { childName } from "./naming";
import type { SecretsManagerEndpointArgs } from "./secretsManagerEndpoint";
import { RuleResourceOptions, createIngressRule } from "./securityGroupRuleResources";
import { HTTPS_PORT, RuleSpec, endpointIngressRule } from "./securityGroupRules";

/** Tag put on every child of an endpoint, and on every rule granted on it, naming the endpoint. */
export const ENDPOINT_TAG = "rotated-rds:endpoint";

/** The Secrets Manager service name in a region. */
export function secretsManagerServiceName(region: string): string {
  return `com.amazonaws.${region}.secretsmanager`;
}

/**
 * What a grant on an endpoint needs: its security group (one this package created, or the group of an
 * endpoint that already exists) and the tags every rule granted on it carries.
 */
export interface EndpointGroup {
  securityGroupId: pulumi.Input<string>;
  tags: Record<string, string>;
}

/** What an endpoint is made of. */
export interface EndpointResources extends EndpointGroup {
  securityGroup: aws.ec2.SecurityGroup;
  endpoint: aws.ec2.VpcEndpoint;
}

/** Checks `args` and the VPC's claim, then creates the endpoint's group, granted rules and endpoint under `parent`. */
export function createSecretsManagerEndpoint(name: string, args: SecretsManagerEndpointArgs, parent: pulumi.Resource): EndpointResources {
  const resolved = resolveSecretsManagerEndpointArgs(args);
  if (!resolved.ok) throw new pulumi.ResourceError(resolved.errors.join("; "), parent);
  const a = resolved.value;
  const conflict = endpointConflict(a.vpcId, name);
  if (conflict) throw new pulumi.ResourceError(`SecretsManagerEndpoint "${name}": ${conflict}`, parent);
  claimEndpointVpc(a.vpcId, name);

  const tags = { ...a.tags, [ENDPOINT_TAG]: name };
  const region = aws.getRegionOutput({}, { parent }).region;
  const securityGroup = new aws.ec2.SecurityGroup(childName(name, "sg"), {
    vpcId: a.vpcId,
    description: "Secrets Manager VPC endpoint: 443 from granted security groups only",
    tags: { ...tags, Name: childName(name, "sg") },
  }, { parent });
  a.allowedSecurityGroupIds.forEach((id, i) => {
    grantEndpointAccess({ securityGroupId: securityGroup.id, tags }, childName(name, `allow-${i}`), endpointIngressRule(id, `Granted security group ${i}`), { parent });
  });
  const endpoint = new aws.ec2.VpcEndpoint(childName(name, "endpoint"), {
    vpcId: a.vpcId,
    serviceName: region.apply(secretsManagerServiceName),
    vpcEndpointType: "Interface",
    privateDnsEnabled: true,
    subnetIds: a.subnetIds,
    securityGroupIds: [securityGroup.id],
    tags: { ...tags, Name: childName(name, "endpoint") },
  }, { parent });
  return { securityGroup, securityGroupId: securityGroup.id, endpoint, tags };
}

/**
 * Creates the ingress rule `rule` on the endpoint's group, parented to `opts.parent` and tagged with
 * the endpoint's tags plus `opts.tags`. Only 443 from security groups: the endpoint serves nothing else.
 * A source the group already admits in this program (another database named the same application
 * group) gets the existing rule back instead of a duplicate that AWS would refuse (endpointGrants.ts).
 */
export function grantEndpointAccess(
  endpoint: EndpointGroup,
  name: string,
  rule: RuleSpec<pulumi.Input<string>>,
  opts: { parent: RuleResourceOptions["parent"]; tags?: Record<string, string> },
): aws.vpc.SecurityGroupIngressRule {
  if (!("securityGroupId" in rule.peer) || rule.port !== HTTPS_PORT) throw new Error("endpoint rules admit 443 from security groups only");
  const source = rule.peer.securityGroupId;
  const existing = existingEndpointGrant(endpoint.securityGroupId, source);
  if (existing) return existing;
  const created = createIngressRule(name, endpoint.securityGroupId, rule, { parent: opts.parent, tags: { ...endpoint.tags, ...opts.tags } });
  recordEndpointGrant(endpoint.securityGroupId, source, created);
  return created;
}
