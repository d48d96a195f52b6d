// Turns a rule spec (securityGroupRules.ts) into its security-group rule resource, in one place for
// every group the package manages: a database's groups (networkResources.ts) and the Secrets Manager
// endpoint's (endpointResources.ts). One aws.vpc rule resource per spec, never inline rules: groups
// created without inline rules lose AWS's default allow-all egress, so only the listed rules exist.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { RulePeer, RuleSpec } from "./securityGroupRules";

type Id = pulumi.Input<string>;

/** Where a rule resource lives and what it carries. */
export interface RuleResourceOptions {
  /** The component that owns the rule (it goes away with that component). */
  parent: pulumi.Resource;
  tags: Record<string, string>;
}

/** The arguments ingress and egress rules share: a TCP port to or from one peer. */
export type SecurityGroupRuleArgs = aws.vpc.SecurityGroupIngressRuleArgs & aws.vpc.SecurityGroupEgressRuleArgs;

function peerArgs(peer: RulePeer<Id>): Pick<SecurityGroupRuleArgs, "referencedSecurityGroupId" | "cidrIpv4" | "cidrIpv6"> {
  if ("securityGroupId" in peer) return { referencedSecurityGroupId: peer.securityGroupId };
  if ("cidrIpv4" in peer) return { cidrIpv4: peer.cidrIpv4 };
  return { cidrIpv6: peer.cidrIpv6 };
}

/** The provider arguments of `rule` on the group `securityGroupId`. */
export function securityGroupRuleArgs(securityGroupId: Id, rule: RuleSpec<Id>, tags: Record<string, string>): SecurityGroupRuleArgs {
  return {
    securityGroupId,
    ipProtocol: "tcp",
    fromPort: rule.port,
    toPort: rule.port,
    description: rule.description,
    ...peerArgs(rule.peer),
    tags,
  };
}

/** An ingress rule resource named `name` on `securityGroupId`. */
export function createIngressRule(name: string, securityGroupId: Id, rule: RuleSpec<Id>, opts: RuleResourceOptions): aws.vpc.SecurityGroupIngressRule {
  return new aws.vpc.SecurityGroupIngressRule(name, securityGroupRuleArgs(securityGroupId, rule, opts.tags), { parent: opts.parent });
}

/** An egress rule resource named `name` on `securityGroupId`. */
export function createEgressRule(name: string, securityGroupId: Id, rule: RuleSpec<Id>, opts: RuleResourceOptions): aws.vpc.SecurityGroupEgressRule {
  return new aws.vpc.SecurityGroupEgressRule(name, securityGroupRuleArgs(securityGroupId, rule, opts.tags), { parent: opts.parent });
}
