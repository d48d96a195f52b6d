// The network half of a RotatedDatabase or RotatedCluster: the database, client and rotation security groups, the rules
// between them (listed in securityGroupRules.ts, created by securityGroupRuleResources.ts), and the
// route to Secrets Manager (a shared, created or existing endpoint, or NAT) for the rotation function
// and the clients. Groups are created
// without inline rules, so the provider strips AWS's default allow-all egress and only the listed
// rules exist.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { ResolvedCommonArgs } from "./defaults";
import { endpointConflict } from "./endpointClaims";
import { childName } from "./naming";
import { SecretsManagerEndpoint } from "./secretsManagerEndpoint";
import { EndpointGroup, grantEndpointAccess } from "./endpointResources";
import { clientsReachDatabaseDirectly } from "./proxyRules";
import { createEgressRule, createIngressRule } from "./securityGroupRuleResources";
import {
  RuleSpec,
  SecretsManagerRoute,
  clientEgressRules,
  databaseIngressRules,
  endpointGrants,
  endpointIngressRule,
  rotationEgressRules,
} from "./securityGroupRules";

type Id = pulumi.Input<string>;

export interface DatabaseNetwork {
  databaseSecurityGroup: aws.ec2.SecurityGroup;
  clientSecurityGroup: aws.ec2.SecurityGroup;
  /** Absent for the managed strategy (no rotation function). */
  rotationSecurityGroup?: aws.ec2.SecurityGroup;
  /** The endpoint declared in this program that the database uses; absent with NAT, an existing endpoint, or `managed` without `{ endpoint }`. */
  endpoint?: SecretsManagerEndpoint;
  /** Every rule created (including the grants on the endpoint's group), for `dependsOn` of the first rotation. */
  rules: pulumi.Resource[];
}

function securityGroup(name: string, description: string, r: ResolvedCommonArgs, tags: Record<string, string>, parent: pulumi.Resource, dependsOn?: pulumi.Resource[]): aws.ec2.SecurityGroup {
  return new aws.ec2.SecurityGroup(name, { vpcId: r.vpcId, description, tags: { ...tags, Name: name } }, { parent, dependsOn });
}

/** The name of the endpoint a database creates for itself with `{ createEndpoint: true }`. */
export function ownEndpointName(name: string): string {
  return childName(name, "secretsmanager");
}

/** Why the database may not create its own endpoint (another is declared in its VPC); undefined when it may or creates none. */
export function ownEndpointConflict(name: string, r: ResolvedCommonArgs): string | undefined {
  if (r.rotation.strategy === "managed" || !("createEndpoint" in r.secretsManagerAccess)) return undefined;
  const conflict = endpointConflict(r.vpcId, ownEndpointName(name));
  return conflict && `secretsManagerAccess ${JSON.stringify(r.secretsManagerAccess)}: ${conflict}`;
}

/** Creates the groups and rules of one database. */
export function createDatabaseNetwork(
  name: string,
  r: ResolvedCommonArgs,
  tags: Record<string, string>,
  parent: pulumi.Resource,
  /** What the rotation group must outlive on `pulumi destroy` (the role's VPC policy, rotationResources.ts). */
  rotationGroupDependsOn?: pulumi.Resource[],
): DatabaseNetwork {
  const rotates = r.rotation.strategy !== "managed";
  const db = securityGroup(childName(name, "db-sg"), `Database ${name}: port ${r.port} from its rotation function and clients only`, r, tags, parent);
  const client = securityGroup(childName(name, "client-sg"), `Clients of database ${name}: attach to connect`, r, tags, parent);
  const rotation = rotates
    ? securityGroup(childName(name, "rotation-sg"), `Rotation function of database ${name}: database port and Secrets Manager only`, r, tags, parent, rotationGroupDependsOn)
    : undefined;

  let endpoint: SecretsManagerEndpoint | undefined;
  const access = r.secretsManagerAccess;
  // A shared endpoint is used by every strategy: its private DNS covers the VPC, so the clients of a
  // managed database reach Secrets Manager through it too. Only rotation functions justify creating one.
  if ("endpoint" in access) endpoint = access.endpoint;
  if (rotates && "createEndpoint" in access) {
    endpoint = new SecretsManagerEndpoint(ownEndpointName(name), { vpcId: r.vpcId, subnetIds: r.subnetIds, tags }, { parent });
  }
  const existing = "existingEndpoint" in access ? access.existingEndpoint : undefined;
  let route: SecretsManagerRoute<Id> = { none: true };
  if (endpoint) route = { endpointSecurityGroupId: endpoint.securityGroupId };
  else if (existing) route = { endpointSecurityGroupId: existing.securityGroupId };
  else if ("natGateway" in access) route = { nat: true };

  const opts = { parent, tags };
  const named = (prefix: string, spec: RuleSpec<Id>) => childName(name, `${prefix}-${spec.key}`);
  // Behind a proxy the clients' database port goes through it (proxyResources.ts adds those rules).
  const directClients = clientsReachDatabaseDirectly(r.proxy);
  const rules: pulumi.Resource[] = [
    ...databaseIngressRules<Id>({
      port: r.port,
      rotationSecurityGroupId: rotation?.id,
      clientSecurityGroupId: client.id,
      allowedSecurityGroupIds: r.allowedSecurityGroupIds,
      allowedCidrBlocks: r.allowedCidrBlocks,
      directClients,
    }).map((spec) => createIngressRule(named("db", spec), db.id, spec, opts)),
    ...clientEgressRules<Id>({ port: r.port, databaseSecurityGroupId: db.id, secretsManager: route, directClients })
      .map((spec) => createEgressRule(named("client", spec), client.id, spec, opts)),
  ];
  if (rotation) {
    rules.push(...rotationEgressRules<Id>({ port: r.port, databaseSecurityGroupId: db.id, secretsManager: route })
      .map((spec) => createEgressRule(named("rotation", spec), rotation.id, spec, opts)));
  }
  // An existing endpoint's group is not ours: the grants are the only thing added to it, owned by this database.
  const existingGroup: EndpointGroup | undefined = existing && { securityGroupId: existing.securityGroupId, tags: {} };
  for (const grant of endpointGrants<Id>({ rotationSecurityGroupId: rotation?.id, clientSecurityGroupId: client.id, allowedSecurityGroupIds: r.allowedSecurityGroupIds })) {
    const ruleName = childName(name, grant.key);
    if (endpoint) rules.push(endpoint.allowFrom(ruleName, grant.sourceSecurityGroupId, opts));
    else if (existingGroup) rules.push(grantEndpointAccess(existingGroup, ruleName, endpointIngressRule(grant.sourceSecurityGroupId, `Granted to ${ruleName}`), opts));
  }
  return { databaseSecurityGroup: db, clientSecurityGroup: client, rotationSecurityGroup: rotation, endpoint, rules };
}
