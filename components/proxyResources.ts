// The RDS Proxy half of a RotatedDatabase or RotatedCluster: the proxy (TLS required, in the
// database's subnets, in a security group of its own), its role and the policy that lets it read the
// one secret, its default target group with the pool settings, the target (the instance or the
// cluster), the security-group rules between clients, proxy and database (proxyRules.ts), and for a
// cluster with readers a read-only endpoint (the default endpoint reaches only the writer). Every
// document and rule is built by a pure sibling; this file only creates resources.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { ResolvedCommonArgs, ResolvedProxyArgs } from "./defaults";
import { childName } from "./naming";
import { buildProxyConnectPolicy, buildProxySecretPolicy, proxyTrustPolicy } from "./proxyPolicy";
import { PROXY_ENGINE_FACTS } from "./proxyEngines";
import { proxyName, proxyReaderEndpointName } from "./proxyNaming";
import { proxyRules } from "./proxyRules";
import { createEgressRule, createIngressRule } from "./securityGroupRuleResources";
import type { RuleSpec } from "./securityGroupRules";

type Id = pulumi.Input<string>;

/** What createDatabaseProxy made, for the component's outputs and dependencies. */
export interface DatabaseProxy {
  proxy: aws.rds.Proxy;
  securityGroup: aws.ec2.SecurityGroup;
  role: aws.iam.Role;
  targetGroup: aws.rds.ProxyDefaultTargetGroup;
  target: aws.rds.ProxyTarget;
  /** Every security-group rule the proxy added (on the proxy, database and client groups). */
  rules: pulumi.Resource[];
  /** The proxy's endpoint: the host clients connect to. */
  endpoint: pulumi.Output<string>;
  /** `rds-db:connect` on the proxy for application roles; only with `iamAuth`. */
  connectPolicyDocument: pulumi.Output<string> | undefined;
  /** The read-only endpoint (READ_ONLY, to the cluster's readers); only for a cluster with readers. */
  readerEndpointResource: aws.rds.ProxyEndpoint | undefined;
  /** Its host; undefined without one. */
  readerEndpoint: pulumi.Output<string> | undefined;
}

/** Where the proxy sends its connections: a DB instance or an Aurora cluster. */
export type ProxyTargetRef = { dbInstanceIdentifier: pulumi.Input<string> } | { dbClusterIdentifier: pulumi.Input<string> };

export interface DatabaseProxyInputs {
  /** The component: every proxy resource goes away with it. */
  parent: pulumi.Resource;
  tags: Record<string, string>;
  /** The secret the proxy logs in with (for `managed`, the RDS-managed master secret). */
  secretArn: pulumi.Output<string>;
  /** The user clients log in as (the secret's user); the `rds-db:connect` resource names it. */
  username: string;
  target: ProxyTargetRef;
  databaseSecurityGroupId: pulumi.Input<string>;
  clientSecurityGroupId: pulumi.Input<string>;
  accountId: pulumi.Output<string>;
  region: pulumi.Output<string>;
  /** What the target must wait for besides its inputs (e.g. the writer instance of a cluster). */
  dependsOn?: pulumi.Input<pulumi.Resource>[];
  /**
   * The cluster's reader instances, when the target is a cluster: with any, a read-only endpoint
   * `<name>-proxy-reader` is created (waiting for the target and for them), since the proxy's
   * default endpoint sends every connection to the writer.
   * @default [] - no read-only endpoint
   */
  readers?: pulumi.Resource[];
}

function resolvedProxy(name: string, r: ResolvedCommonArgs): ResolvedProxyArgs {
  if (r.proxy === undefined) throw new Error(`createDatabaseProxy("${name}") called for a database without proxy`);
  return r.proxy;
}

/** Creates the proxy of the database `name` (call it only when `r.proxy` is set). */
export function createDatabaseProxy(name: string, r: ResolvedCommonArgs, p: DatabaseProxyInputs): DatabaseProxy {
  const settings = resolvedProxy(name, r);
  const facts = PROXY_ENGINE_FACTS[r.engine];
  const parent = p.parent;

  const sgName = childName(name, "proxy-sg");
  const securityGroup = new aws.ec2.SecurityGroup(sgName, {
    vpcId: r.vpcId,
    description: `RDS Proxy of database ${name}: port ${r.port} from its clients, to the database only`,
    tags: { ...p.tags, Name: sgName },
  }, { parent });

  const role = new aws.iam.Role(childName(name, "proxy-role"), {
    description: `RDS Proxy of database ${name}: reads its secret`,
    assumeRolePolicy: JSON.stringify(proxyTrustPolicy()),
    tags: p.tags,
  }, { parent });
  const policy = new aws.iam.RolePolicy(childName(name, "proxy-policy"), {
    role: role.id,
    policy: pulumi.all([p.secretArn, r.kmsKeyArn, p.region]).apply(([secretArn, kmsKeyArn, region]) =>
      JSON.stringify(buildProxySecretPolicy({ secretArn, kmsKeyArn, region }))),
  }, { parent });

  const proxy = new aws.rds.Proxy(childName(name, "proxy"), {
    name: proxyName(pulumi.getProject(), pulumi.getStack(), name, "dbClusterIdentifier" in p.target ? "cluster" : undefined),
    engineFamily: facts.engineFamily,
    auths: [{
      authScheme: "SECRETS",
      secretArn: p.secretArn,
      iamAuth: settings.iamAuth ? "REQUIRED" : "DISABLED",
      clientPasswordAuthType: facts.clientPasswordAuthType,
      description: `Secret of database ${name}`,
    }],
    requireTls: true,
    // Debug logs carry the text of every SQL statement: never on by default.
    debugLogging: false,
    idleClientTimeout: settings.idleClientTimeout,
    roleArn: role.arn,
    vpcSubnetIds: r.subnetIds,
    vpcSecurityGroupIds: [securityGroup.id],
    tags: p.tags,
  }, {
    parent,
    // The proxy reads the secret as soon as it is available: its permission must exist by then.
    dependsOn: [policy],
  });

  const targetGroup = new aws.rds.ProxyDefaultTargetGroup(childName(name, "proxy-targets"), {
    dbProxyName: proxy.name,
    connectionPoolConfig: {
      maxConnectionsPercent: settings.maxConnectionsPercent,
      connectionBorrowTimeout: settings.connectionBorrowTimeout,
    },
  }, { parent });

  const opts = { parent, tags: p.tags };
  const named = (spec: RuleSpec<Id>) => childName(name, spec.key);
  const specs = proxyRules<Id>({
    port: r.port,
    clientSecurityGroupId: p.clientSecurityGroupId,
    proxySecurityGroupId: securityGroup.id,
    databaseSecurityGroupId: p.databaseSecurityGroupId,
    allowedSecurityGroupIds: r.allowedSecurityGroupIds,
    allowedCidrBlocks: r.allowedCidrBlocks,
  });
  const rules: pulumi.Resource[] = [
    ...specs.proxyIngress.map((spec) => createIngressRule(named(spec), securityGroup.id, spec, opts)),
    ...specs.proxyEgress.map((spec) => createEgressRule(named(spec), securityGroup.id, spec, opts)),
    ...specs.databaseIngress.map((spec) => createIngressRule(named(spec), p.databaseSecurityGroupId, spec, opts)),
    ...specs.clientEgress.map((spec) => createEgressRule(named(spec), p.clientSecurityGroupId, spec, opts)),
  ];

  const target = new aws.rds.ProxyTarget(childName(name, "proxy-target"), {
    dbProxyName: proxy.name,
    targetGroupName: targetGroup.name,
    ...p.target,
  }, {
    parent,
    // RDS checks the target's health through the proxy's group: the path to the database must be open.
    dependsOn: [...(p.dependsOn ?? []), ...rules],
  });

  const connectPolicyDocument = settings.iamAuth
    ? pulumi.all([p.region, p.accountId, proxy.arn]).apply(([region, accountId, proxyArn]) =>
      JSON.stringify(buildProxyConnectPolicy({ region, accountId, proxyArn, username: p.username })))
    : undefined;

  const readers = "dbClusterIdentifier" in p.target ? p.readers ?? [] : [];
  const readerEndpointResource = readers.length === 0 ? undefined : new aws.rds.ProxyEndpoint(childName(name, "proxy-reader"), {
    dbProxyName: proxy.name,
    dbProxyEndpointName: proxyReaderEndpointName(pulumi.getProject(), pulumi.getStack(), name),
    targetRole: "READ_ONLY",
    vpcSubnetIds: r.subnetIds,
    // The proxy's own group: the client -> proxy and proxy -> database rules apply to this endpoint too.
    vpcSecurityGroupIds: [securityGroup.id],
    tags: p.tags,
  }, {
    parent,
    // RDS routes a read-only endpoint to the target's readers: the target and the readers come first.
    dependsOn: [target, ...readers],
  });

  return {
    proxy, securityGroup, role, targetGroup, target, rules, endpoint: proxy.endpoint, connectPolicyDocument,
    readerEndpointResource, readerEndpoint: readerEndpointResource?.endpoint,
  };
}
