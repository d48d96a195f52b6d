// What the offline mocks answer for each resource and invoke: an id, a physical name and an ARN in the
// form AWS uses for that service, so references between resources resolve to values a reader can
// follow. Everything is derived from the resource's type and name, so two runs give the same plan.
import { createHash } from "crypto";
// The one import beyond crypto has no run-time imports of its own: tests/package/mockRunner.js loads
// this file into a consumer project, where a second copy of the SDK must not appear.
import { GENERATED_PASSWORD_TYPE, generatePassword } from "../components/generatedPasswordProvider";

export interface MockContext {
  region: string;
  accountId: string;
}

type State = Record<string, unknown>;

function hex(seed: string, length: number): string {
  return createHash("sha256").update(seed).digest("hex").slice(0, length);
}

/** A Pulumi-style auto-name: the logical name plus a 7-character suffix. */
export function physicalName(type: string, name: string): string {
  return `${name}-${hex(`${type}::${name}`, 7)}`;
}

/** A value marked secret as the SDK marks one on the wire (runtime/rpc.js; the marker recorder.ts reads). */
function wireSecret(value: unknown): State {
  return { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value };
}

/** A repeatable stand-in for node:crypto's randomInt: the same seed gives the same sequence. */
function seededRandomInt(seed: string): (max: number) => number {
  let counter = 0;
  return (max) => parseInt(hex(`${seed}#${counter++}`, 12), 16) % max;
}

function uuid(seed: string): string {
  const h = hex(seed, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && v.length > 0 ? v : undefined;
}

const ENGINE_PORTS: Record<string, number> = {
  postgres: 5432, mysql: 3306, mariadb: 3306, "aurora-postgresql": 5432, "aurora-mysql": 3306, aurora: 3306,
};

/** The per-account-and-region part of every RDS host name (`c` and 11 characters, as in `….c9akciq32abc.<region>.rds…`). */
function rdsHostHash(ctx: MockContext): string {
  return `c${hex(`${ctx.accountId}${ctx.region}`, 11)}`;
}

/** The master secret RDS creates for `manageMasterUserPassword`: `rds!db-<uuid>` or `rds!cluster-<uuid>`. */
function managedMasterSecret(kind: "db" | "cluster", identity: string, seed: string, inputs: State, arnOf: (service: string, resource: string) => string): State[] {
  return [{
    secretArn: arnOf("secretsmanager", `secret:rds!${kind}-${uuid(identity)}-${hex(seed + "sfx", 6)}`),
    kmsKeyId: str(inputs.masterUserSecretKmsKeyId) ?? arnOf("kms", `alias/aws/secretsmanager`),
    secretStatus: "active",
  }];
}

/**
 * The id and state the mock returns for a resource. State is the inputs plus what AWS would compute;
 * `arn`, `id`-like fields and names follow the service's real formats.
 */
export function realisticState(type: string, name: string, inputs: State, ctx: MockContext): { id: string; state: State } {
  const { region, accountId } = ctx;
  const seed = `${type}::${name}`;
  const arnOf = (service: string, resource: string, regional = true) =>
    `arn:aws:${service}:${regional ? region : ""}:${accountId}:${resource}`;
  const state: State = { ...inputs };
  const nameOr = (key: string) => str(inputs[key]) ?? str(inputs.namePrefix) ?? physicalName(type, name);

  switch (type) {
    case "awsx:ec2:Vpc": {
      const vpcId = `vpc-${hex(seed, 17)}`;
      const n = Number(inputs.numberOfAvailabilityZones ?? 2) || 2;
      const azs = Array.from({ length: n }, (_, i) => `${region}${"abcdef"[i]}`);
      const sub = (kind: string) => azs.map((az) => `subnet-${hex(`${seed}:${kind}:${az}`, 17)}`);
      const specs = (inputs.subnetSpecs as Array<{ type?: string }> | undefined) ?? [{ type: "Private" }, { type: "Public" }];
      const kinds = new Set(specs.map((s) => String(s.type ?? "").toLowerCase()));
      return {
        id: vpcId,
        state: {
          ...state,
          vpcId,
          privateSubnetIds: kinds.has("private") ? sub("private") : [],
          publicSubnetIds: kinds.has("public") ? sub("public") : [],
          isolatedSubnetIds: kinds.has("isolated") ? sub("isolated") : [],
          natGateways: [],
          internetGateway: undefined,
          vpc: { id: vpcId, cidrBlock: str(inputs.cidrBlock) ?? "10.0.0.0/16", arn: arnOf("ec2", `vpc/${vpcId}`) },
        },
      };
    }
    case "aws:ec2/securityGroup:SecurityGroup": {
      const id = `sg-${hex(seed, 17)}`;
      return { id, state: { ...state, name: nameOr("name"), arn: arnOf("ec2", `security-group/${id}`), ownerId: accountId } };
    }
    case "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule":
    case "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": {
      const id = `sgr-${hex(seed, 17)}`;
      return { id, state: { ...state, securityGroupRuleId: id, arn: arnOf("ec2", `security-group-rule/${id}`) } };
    }
    case "aws:ec2/securityGroupRule:SecurityGroupRule":
      return { id: `sgrule-${hex(seed, 10)}`, state };
    case "aws:ec2/vpcEndpoint:VpcEndpoint": {
      const id = `vpce-${hex(seed, 17)}`;
      const dns = `${id}-${hex(seed + "dns", 8)}.secretsmanager.${region}.vpce.amazonaws.com`;
      return {
        id,
        state: {
          ...state,
          arn: arnOf("ec2", `vpc-endpoint/${id}`),
          state: "available",
          dnsEntries: [{ dnsName: dns, hostedZoneId: `Z${hex(seed, 12).toUpperCase()}` }],
          networkInterfaceIds: ((inputs.subnetIds as unknown[]) ?? []).map((_, i) => `eni-${hex(`${seed}:${i}`, 17)}`),
          ownerId: accountId,
        },
      };
    }
    case "aws:rds/instance:Instance": {
      const identifier = str(inputs.identifier) ?? str(inputs.identifierPrefix) ?? physicalName(type, name);
      const engine = str(inputs.engine) ?? "postgres";
      const port = Number(inputs.port ?? ENGINE_PORTS[engine] ?? 5432);
      const address = `${identifier}.${rdsHostHash(ctx)}.${region}.rds.amazonaws.com`;
      const extra: State = {};
      if (inputs.manageMasterUserPassword === true) {
        extra.masterUserSecrets = managedMasterSecret("db", instanceIdentitySeed(seed, inputs), seed, inputs, arnOf);
      }
      return {
        id: identifier,
        state: {
          ...state, ...extra, identifier, address, port, endpoint: `${address}:${port}`,
          arn: arnOf("rds", `db:${identifier}`), resourceId: `db-${hex(instanceIdentitySeed(seed, inputs), 26).toUpperCase()}`,
          hostedZoneId: "Z2R2ITUGPM61AM", status: "available", engineVersionActual: str(inputs.engineVersion),
        },
      };
    }
    case "aws:rds/cluster:Cluster": {
      const clusterIdentifier = str(inputs.clusterIdentifier) ?? str(inputs.clusterIdentifierPrefix) ?? physicalName(type, name);
      const identity = clusterIdentitySeed(seed, inputs);
      const engine = str(inputs.engine) ?? "aurora-postgresql";
      const host = `${rdsHostHash(ctx)}.${region}.rds.amazonaws.com`;
      const extra: State = {};
      if (inputs.manageMasterUserPassword === true) extra.masterUserSecrets = managedMasterSecret("cluster", identity, seed, inputs, arnOf);
      return {
        id: clusterIdentifier,
        state: {
          ...state, ...extra, clusterIdentifier,
          endpoint: `${clusterIdentifier}.cluster-${host}`,
          readerEndpoint: `${clusterIdentifier}.cluster-ro-${host}`,
          port: Number(inputs.port ?? ENGINE_PORTS[engine] ?? 5432),
          arn: arnOf("rds", `cluster:${clusterIdentifier}`),
          clusterResourceId: `cluster-${hex(identity, 26).toUpperCase()}`,
          hostedZoneId: "Z2R2ITUGPM61AM", engineVersionActual: str(inputs.engineVersion), clusterMembers: [],
        },
      };
    }
    case "aws:rds/clusterInstance:ClusterInstance": {
      const identifier = str(inputs.identifier) ?? str(inputs.identifierPrefix) ?? physicalName(type, name);
      const engine = str(inputs.engine) ?? "aurora-postgresql";
      const identity = identitySeed(seed, [inputs.identifier, inputs.clusterIdentifier, inputs.engine]);
      return {
        id: identifier,
        state: {
          ...state, identifier,
          endpoint: `${identifier}.${rdsHostHash(ctx)}.${region}.rds.amazonaws.com`,
          port: ENGINE_PORTS[engine] ?? 5432,
          arn: arnOf("rds", `db:${identifier}`),
          dbiResourceId: `db-${hex(identity, 26).toUpperCase()}`,
          // RDS makes the first instance the writer and fails over by promotion tier; the components
          // give the writer tier 0 and every reader a higher one, so the tier says which is which.
          writer: Number(inputs.promotionTier ?? 0) === 0,
          promotionTier: Number(inputs.promotionTier ?? 0),
          engineVersionActual: str(inputs.engineVersion),
        },
      };
    }
    case "aws:rds/clusterParameterGroup:ClusterParameterGroup": {
      const n = nameOr("name");
      return { id: n, state: { ...state, name: n, arn: arnOf("rds", `cluster-pg:${n}`) } };
    }
    case "aws:rds/proxy:Proxy": {
      const n = nameOr("name");
      return {
        id: n,
        state: {
          ...state, name: n,
          endpoint: `${n}.proxy-${rdsHostHash(ctx)}.${region}.rds.amazonaws.com`,
          arn: arnOf("rds", `db-proxy:prx-${hex(seed, 17)}`),
        },
      };
    }
    case "aws:rds/proxyDefaultTargetGroup:ProxyDefaultTargetGroup": {
      const proxyName = str(inputs.dbProxyName) ?? "proxy";
      return { id: proxyName, state: { ...state, name: "default", arn: arnOf("rds", `target-group:prx-tg-${hex(seed, 17)}`) } };
    }
    case "aws:rds/proxyTarget:ProxyTarget": {
      const proxyName = str(inputs.dbProxyName) ?? "proxy";
      const group = str(inputs.targetGroupName) ?? "default";
      const cluster = str(inputs.dbClusterIdentifier);
      const instance = str(inputs.dbInstanceIdentifier);
      const targetType = cluster ? "TRACKED_CLUSTER" : "RDS_INSTANCE";
      const target = cluster ?? instance ?? "target";
      return {
        id: `${proxyName}/${group}/${targetType}/${target}`,
        state: {
          ...state, type: targetType, rdsResourceId: target,
          targetArn: cluster ? "" : arnOf("rds", `db:${target}`),
          trackedClusterId: cluster ?? "",
          endpoint: cluster ? "" : `${target}.${rdsHostHash(ctx)}.${region}.rds.amazonaws.com`,
        },
      };
    }
    case "aws:rds/proxyEndpoint:ProxyEndpoint": {
      const proxyName = str(inputs.dbProxyName) ?? "proxy";
      const n = str(inputs.dbProxyEndpointName) ?? physicalName(type, name);
      return {
        id: `${proxyName}/${n}`,
        state: {
          ...state, dbProxyEndpointName: n, isDefault: false,
          endpoint: `${n}.endpoint.proxy-${rdsHostHash(ctx)}.${region}.rds.amazonaws.com`,
          arn: arnOf("rds", `db-proxy-endpoint:prx-endpoint-${hex(seed, 17)}`),
          targetRole: str(inputs.targetRole) ?? "READ_WRITE",
          vpcId: `vpc-${hex("vpc", 17)}`,
        },
      };
    }
    case "aws:rds/subnetGroup:SubnetGroup":
    case "aws:rds/parameterGroup:ParameterGroup": {
      const n = nameOr("name");
      const kind = type.endsWith("SubnetGroup") ? "subgrp" : "pg";
      return { id: n, state: { ...state, name: n, arn: arnOf("rds", `${kind}:${n}`) } };
    }
    case "aws:secretsmanager/secret:Secret": {
      const arn = arnOf("secretsmanager", `secret:${nameOr("name")}-${hex(seed, 6)}`);
      return { id: arn, state: { ...state, name: nameOr("name"), arn } };
    }
    case "aws:secretsmanager/secretVersion:SecretVersion": {
      const versionId = uuid(seed);
      return { id: `${str(inputs.secretId) ?? "secret"}|${versionId}`, state: { ...state, versionId, arn: str(inputs.secretId) } };
    }
    case GENERATED_PASSWORD_TYPE: {
      // Pulumi state replays the password for as long as the triggers stay the same: a password
      // seeded by name and triggers does the same from one run to the next. The provider's own
      // generator draws it, so it follows the rules; it leaves the mock marked secret, as the
      // resource's additionalSecretOutputs mark it in the program, so the record never holds it bare.
      const triggers = JSON.stringify([inputs.instance, inputs.passwordLength, inputs.excludeCharacters]);
      const password = generatePassword(
        { length: Number(inputs.passwordLength), excludeCharacters: String(inputs.excludeCharacters ?? "") },
        seededRandomInt(`${seed}::${triggers}`),
      );
      const { __provider: _provider, ...rest } = state;
      return {
        id: uuid(`${seed}::${triggers}`),
        state: { ...rest, password: wireSecret(password) },
      };
    }
    case "aws:secretsmanager/secretRotation:SecretRotation":
      return { id: str(inputs.secretId) ?? name, state: { ...state, rotationEnabled: true } };
    case "aws:kms/key:Key": {
      const keyId = uuid(seed);
      return { id: keyId, state: { ...state, keyId, arn: arnOf("kms", `key/${keyId}`) } };
    }
    case "aws:kms/alias:Alias": {
      const n = nameOr("name");
      return { id: n, state: { ...state, name: n, arn: arnOf("kms", n) } };
    }
    case "aws:iam/role:Role": {
      const n = nameOr("name");
      return { id: n, state: { ...state, name: n, arn: `arn:aws:iam::${accountId}:role/${n}`, uniqueId: `AROA${hex(seed, 17).toUpperCase()}` } };
    }
    case "aws:iam/policy:Policy": {
      const n = nameOr("name");
      return { id: `arn:aws:iam::${accountId}:policy/${n}`, state: { ...state, name: n, arn: `arn:aws:iam::${accountId}:policy/${n}` } };
    }
    case "aws:iam/rolePolicy:RolePolicy":
      return { id: `${str(inputs.role) ?? "role"}:${nameOr("name")}`, state: { ...state, name: nameOr("name") } };
    case "aws:iam/rolePolicyAttachment:RolePolicyAttachment":
      return { id: `${str(inputs.role) ?? "role"}-${hex(seed, 8)}`, state };
    case "aws:lambda/function:Function": {
      const n = nameOr("name");
      const arn = arnOf("lambda", `function:${n}`);
      return {
        id: n,
        state: {
          ...state, name: n, arn, qualifiedArn: `${arn}:$LATEST`, version: "$LATEST",
          invokeArn: `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${arn}/invocations`,
        },
      };
    }
    case "aws:lambda/permission:Permission":
      return { id: str(inputs.statementId) ?? physicalName(type, name), state };
    case "aws:cloudwatch/logGroup:LogGroup": {
      const n = nameOr("name");
      return { id: n, state: { ...state, name: n, arn: arnOf("logs", `log-group:${n}`) } };
    }
    case "aws:cloudwatch/eventRule:EventRule": {
      const n = nameOr("name");
      return { id: n, state: { ...state, name: n, arn: arnOf("events", `rule/${n}`) } };
    }
    case "aws:cloudwatch/eventTarget:EventTarget":
      return { id: `${str(inputs.rule) ?? "rule"}-${str(inputs.targetId) ?? hex(seed, 8)}`, state };
    case "aws:cloudwatch/metricAlarm:MetricAlarm": {
      const n = nameOr("name");
      return { id: n, state: { ...state, name: n, arn: arnOf("cloudwatch", `alarm:${n}`) } };
    }
    case "aws:sns/topic:Topic": {
      const n = nameOr("name");
      const arn = arnOf("sns", n);
      return { id: arn, state: { ...state, name: n, arn } };
    }
    case "aws:sns/topicPolicy:TopicPolicy":
      return { id: str(inputs.arn) ?? name, state };
    case "aws:sns/topicSubscription:TopicSubscription": {
      const arn = `${str(inputs.topic) ?? arnOf("sns", "topic")}:${uuid(seed)}`;
      return { id: arn, state: { ...state, arn } };
    }
    default: {
      const id = `${name}-${hex(seed, 8)}`;
      const service = type.split(":")[1]?.split("/")[0] ?? "unknown";
      return { id, state: { ...state, arn: arnOf(service, `${name}/${id}`) } };
    }
  }
}

/**
 * What makes an RDS instance a different instance: its name and the inputs the provider replaces it
 * for (engine, dbName, username, kmsKeyId). Run the same program with another of those and the mock
 * answers with a new `resourceId`, as AWS does for the replacement.
 */
function instanceIdentitySeed(seed: string, inputs: State): string {
  return identitySeed(seed, [inputs.engine, inputs.dbName, inputs.username, inputs.kmsKeyId]);
}

/**
 * The same for an Aurora cluster: the provider replaces it for engine, databaseName, masterUsername,
 * kmsKeyId and clusterIdentifier, so its clusterResourceId and managed master secret follow them.
 */
function clusterIdentitySeed(seed: string, inputs: State): string {
  return identitySeed(seed, [inputs.engine, inputs.databaseName, inputs.masterUsername, inputs.kmsKeyId, inputs.clusterIdentifier]);
}

/** `seed` extended by the ForceNew input values that are set (just `seed` when none are). */
function identitySeed(seed: string, forceNewInputs: unknown[]): string {
  const forceNew = forceNewInputs.map((v) => str(v) ?? "");
  return forceNew.every((v) => v === "") ? seed : `${seed}::${forceNew.join("/")}`;
}

/** An RDS instance the mocked account already holds, as aws.rds.getInstances reports it. */
export interface MockedRdsInstance {
  arn: string;
  identifier: string;
  tags: Record<string, string>;
}

/** An Aurora cluster the mocked account already holds, as aws.rds.getClusters and the tagging API report it. */
export interface MockedRdsCluster {
  arn: string;
  identifier: string;
  tags: Record<string, string>;
  /** The version it runs, as aws.rds.getCluster reports it. */
  engineVersion?: string;
  /** Deleted: the tagging API still lists it for a while, getClusters and getCluster no longer do. */
  deleted?: boolean;
}

/**
 * Instances and clusters the mocked account holds before the program runs (none by default, as in a
 * new account). Tests set them to replay a previous deployment, e.g. from the tags an earlier run
 * gave its instance or cluster.
 */
export const mockedAccount: { rdsInstances: MockedRdsInstance[]; rdsClusters: MockedRdsCluster[] } = { rdsInstances: [], rdsClusters: [] };

/** Whether `tags` match every tag filter (a key, and any of its values when values are given). */
function matchesTagFilters(tags: Record<string, string>, filters: Array<{ key?: unknown; values?: unknown }>): boolean {
  return filters.every((f) => {
    const key = String(f.key ?? "");
    if (!(key in tags)) return false;
    return !Array.isArray(f.values) || f.values.length === 0 || f.values.map(String).includes(tags[key]);
  });
}

/** What the mock answers for an invoke (a data-source call). */
export function realisticCall(token: string, inputs: State, ctx: MockContext): State {
  const { region, accountId } = ctx;
  switch (token) {
    case "aws:index/getCallerIdentity:getCallerIdentity":
      return { accountId, arn: `arn:aws:iam::${accountId}:user/plan`, userId: "AIDAPLANOFFLINE", id: accountId };
    case "aws:index/getRegion:getRegion":
      return { name: region, region, id: region, description: region, endpoint: `ec2.${region}.amazonaws.com` };
    case "aws:index/getPartition:getPartition":
      return { partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws", id: "aws" };
    case "aws:secretsmanager/getRandomPassword:getRandomPassword": {
      // Stable and obviously fake: the plan never shows it (it is a secret), tests can recognise it.
      const length = Number(inputs.passwordLength ?? 32) || 32;
      return { ...inputs, randomPassword: "offline-plan-password-".padEnd(length, "x").slice(0, length), id: "random" };
    }
    case "aws:ec2/getSubnet:getSubnet": {
      const id = String(inputs.id ?? "subnet-unknown");
      return { id, vpcId: `vpc-${hex("vpc", 17)}`, availabilityZone: `${region}${"ab"[parseInt(hex(id, 1), 16) % 2]}`, arn: `arn:aws:ec2:${region}:${accountId}:subnet/${id}` };
    }
    case "aws:ec2/getAvailabilityZones:getAvailabilityZones":
      return { names: [`${region}a`, `${region}b`, `${region}c`], zoneIds: ["use1-az1", "use1-az2", "use1-az4"], id: region };
    case "aws:rds/getInstances:getInstances": {
      const wanted = Object.entries((inputs.tags ?? {}) as Record<string, string>);
      const found = mockedAccount.rdsInstances.filter((i) => wanted.every(([k, v]) => i.tags[k] === v));
      return { ...inputs, id: region, instanceArns: found.map((i) => i.arn), instanceIdentifiers: found.map((i) => i.identifier) };
    }
    case "aws:rds/getClusters:getClusters": {
      // DescribeDBClusters filters by identifier, engine and the like, not by tag (tagged lookups go
      // through the tagging API below). The mock understands db-cluster-id; any other filter matches nothing.
      const filters = (inputs.filters ?? []) as Array<{ name?: unknown; values?: unknown }>;
      const found = mockedAccount.rdsClusters.filter((c) => !c.deleted && filters.every((f) => {
        const values = Array.isArray(f.values) ? f.values.map(String) : [];
        if (f.name === "db-cluster-id") return values.includes(c.identifier) || values.includes(c.arn);
        return false;
      }));
      return { ...inputs, id: region, region, clusterArns: found.map((c) => c.arn), clusterIdentifiers: found.map((c) => c.identifier) };
    }
    case "aws:rds/getCluster:getCluster": {
      const wanted = String(inputs.clusterIdentifier ?? "");
      const c = mockedAccount.rdsClusters.find((x) => !x.deleted && (x.identifier === wanted || x.arn === wanted));
      if (!c) throw new Error(`DBClusterNotFoundFault: ${wanted}`);
      return { ...inputs, id: c.identifier, arn: c.arn, clusterIdentifier: c.identifier, engineVersion: c.engineVersion ?? "", tags: c.tags };
    }
    case "aws:resourcegroupstaggingapi/getResources:getResources": {
      // Only RDS clusters and instances exist in the mocked account; a type filter other than
      // rds / rds:cluster / rds:db finds nothing.
      const typeFilters = ((inputs.resourceTypeFilters ?? []) as unknown[]).map(String);
      const wants = (t: string) => typeFilters.length === 0 || typeFilters.includes("rds") || typeFilters.includes(t);
      const tagFilters = (inputs.tagFilters ?? []) as Array<{ key?: unknown; values?: unknown }>;
      const candidates = [
        ...(wants("rds:cluster") ? mockedAccount.rdsClusters : []),
        ...(wants("rds:db") ? mockedAccount.rdsInstances : []),
      ];
      const found = candidates.filter((c) => matchesTagFilters(c.tags, tagFilters));
      return {
        ...inputs, id: region, region,
        resourceTagMappingLists: found.map((c) => ({ resourceArn: c.arn, tags: c.tags, complianceDetails: [] })),
      };
    }
    default:
      return { ...inputs };
  }
}
