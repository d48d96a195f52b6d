// AWS refuses a second ingress rule with the same group, port and source ("the same permission must not
// appear multiple times"), and two databases in one VPC may name the same application group in
// `allowedSecurityGroupIds`, or the endpoint may already admit it. This remembers, per program run,
// which source groups each endpoint group already admits, so a grant that exists is reused instead of
// failing the deploy. Ids are recognised as endpointClaims.ts recognises VPCs: the same string or the
// same Output object; two different Outputs for one group cannot be compared before deployment.
import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const grantsByRun = new WeakMap<object, Map<unknown, Map<unknown, aws.vpc.SecurityGroupIngressRule>>>();
const outsideRun = {};

function grants(): Map<unknown, Map<unknown, aws.vpc.SecurityGroupIngressRule>> {
  const run = (pulumi.runtime.getMonitor() as object | undefined) ?? outsideRun;
  let map = grantsByRun.get(run);
  if (!map) grantsByRun.set(run, (map = new Map()));
  return map;
}

/** The rule that already admits `sourceSecurityGroupId` into `endpointGroupId` in this run, if any. */
export function existingEndpointGrant(endpointGroupId: pulumi.Input<string>, sourceSecurityGroupId: pulumi.Input<string>): aws.vpc.SecurityGroupIngressRule | undefined {
  return grants().get(endpointGroupId)?.get(sourceSecurityGroupId);
}

/** Records that `rule` admits `sourceSecurityGroupId` into `endpointGroupId`. */
export function recordEndpointGrant(endpointGroupId: pulumi.Input<string>, sourceSecurityGroupId: pulumi.Input<string>, rule: aws.vpc.SecurityGroupIngressRule): void {
  let bySource = grants().get(endpointGroupId);
  if (!bySource) grants().set(endpointGroupId, (bySource = new Map()));
  bySource.set(sourceSecurityGroupId, rule);
}
