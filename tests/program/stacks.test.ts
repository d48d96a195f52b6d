// Every Pulumi.<stack>.yaml in the repository, read from the real file, runs through the entry program
// under mocks; the graph it declares is asserted here (counts, one endpoint per VPC, the rotation
// strategy, secrets only as Pulumi secrets, stack outputs by identity).
import * as assert from "assert";
import { listStacks, Plan, planStack, readStackFile, ResourceIndex } from "../../plan";
import { RecordedSecret, unwrapSecrets } from "../../plan/recorder";
import { inferStrategy } from "../../plan/rotationSummary";
import { loadStackConfig } from "../../config";
import { assertStackOutputs, countByType, leaves, REPO_ROOT } from "./helpers";

/** Resources one single-user or alternating-users RotatedDatabase declares (its children and itself). */
const PER_DATABASE: Record<string, number> = {
  "rotated-rds:index:RotatedDatabase": 1,
  "aws:ec2/securityGroup:SecurityGroup": 3,
  // Ingress: the database port from the rotation and client groups; 443 on the shared endpoint from both.
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": 4,
  // Egress: the database port and 443 to the endpoint, from each of the rotation and client groups.
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": 4,
  "aws:rds/subnetGroup:SubnetGroup": 1,
  "aws:rds/parameterGroup:ParameterGroup": 1,
  "aws:rds/instance:Instance": 1,
  "aws:secretsmanager/secret:Secret": 1,
  "aws:secretsmanager/secretVersion:SecretVersion": 1,
  "aws:secretsmanager/secretRotation:SecretRotation": 1,
  "aws:iam/role:Role": 1,
  // The function's own policy, and its VPC policy, which outlives the rotation group on destroy.
  "aws:iam/rolePolicy:RolePolicy": 2,
  "aws:lambda/function:Function": 1,
  "aws:lambda/permission:Permission": 1,
  "aws:cloudwatch/logGroup:LogGroup": 1,
  "aws:cloudwatch/eventRule:EventRule": 1,
  "aws:cloudwatch/eventTarget:EventTarget": 1,
  "aws:cloudwatch/metricAlarm:MetricAlarm": 1,
  "aws:sns/topic:Topic": 1,
  "aws:sns/topicPolicy:TopicPolicy": 1,
  // The first password, kept in Pulumi state (a dynamic resource).
  "pulumi-nodejs:dynamic/rotated-rds:GeneratedPassword": 1,
};
/** The created VPC and the shared endpoint (its ingress rules belong to the databases). */
const PER_STACK: Record<string, number> = {
  "awsx:ec2:Vpc": 1,
  "rotated-rds:index:SecretsManagerEndpoint": 1,
  "aws:ec2/securityGroup:SecurityGroup": 1,
  "aws:ec2/vpcEndpoint:VpcEndpoint": 1,
};

/**
 * What every RotatedCluster declares, whatever its strategy: the database and client groups with the
 * client's rules (the database port both ways, 443 to and on the shared endpoint), the cluster half
 * (clusterResources.ts: subnet group, TLS-forcing cluster parameter group, instance parameter group,
 * cluster, writer), the schedule and the alerts without an alarm.
 */
const PER_CLUSTER: Record<string, number> = {
  "rotated-rds:index:RotatedCluster": 1,
  "aws:ec2/securityGroup:SecurityGroup": 2,
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": 2,
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": 2,
  "aws:rds/subnetGroup:SubnetGroup": 1,
  "aws:rds/clusterParameterGroup:ClusterParameterGroup": 1,
  "aws:rds/parameterGroup:ParameterGroup": 1,
  "aws:rds/cluster:Cluster": 1,
  "aws:rds/clusterInstance:ClusterInstance": 1,
  "aws:secretsmanager/secretRotation:SecretRotation": 1,
  "aws:cloudwatch/eventRule:EventRule": 1,
  "aws:cloudwatch/eventTarget:EventTarget": 1,
  "aws:sns/topic:Topic": 1,
  "aws:sns/topicPolicy:TopicPolicy": 1,
};
/** What our rotation function adds (single-user, alternating-users): its group and rules, our secret, the function, its alarm, the first password. */
const ROTATION_FUNCTION: Record<string, number> = {
  "aws:ec2/securityGroup:SecurityGroup": 1,
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": 2,
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": 2,
  "aws:secretsmanager/secret:Secret": 1,
  "aws:secretsmanager/secretVersion:SecretVersion": 1,
  "aws:iam/role:Role": 1,
  "aws:iam/rolePolicy:RolePolicy": 2,
  "aws:lambda/function:Function": 1,
  "aws:lambda/permission:Permission": 1,
  "aws:cloudwatch/logGroup:LogGroup": 1,
  "aws:cloudwatch/metricAlarm:MetricAlarm": 1,
  "pulumi-nodejs:dynamic/rotated-rds:GeneratedPassword": 1,
};
/** One reader instance. */
const READER: Record<string, number> = { "aws:rds/clusterInstance:ClusterInstance": 1 };
/**
 * An RDS Proxy: its group, role and policy, default target group and target, the client group to it
 * and it from the client group, and it to the database and the database from it; these take the place
 * of the client group's direct path (the client group to the database and the database from it), which
 * only proxy.directAccess keeps and no stack file sets.
 */
const PROXY: Record<string, number> = {
  "aws:ec2/securityGroup:SecurityGroup": 1,
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": 2 - 1,
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": 2 - 1,
  "aws:iam/role:Role": 1,
  "aws:iam/rolePolicy:RolePolicy": 1,
  "aws:rds/proxy:Proxy": 1,
  "aws:rds/proxyDefaultTargetGroup:ProxyDefaultTargetGroup": 1,
  "aws:rds/proxyTarget:ProxyTarget": 1,
};

/** A proxied cluster with readers: the proxy's read-only endpoint (in the proxy's own group, so no rule of its own). */
const PROXY_READER: Record<string, number> = { "aws:rds/proxyEndpoint:ProxyEndpoint": 1 };

function expectedCounts(...tables: Array<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const table of tables) {
    for (const [t, n] of Object.entries(table)) out[t] = (out[t] ?? 0) + n;
  }
  return out;
}

interface StackExpectation {
  /** The strategy of each database, by name. */
  strategies: Record<string, string>;
  counts: Record<string, number>;
  region: string;
  /** The databases behind a proxy, with their client authentication. */
  proxies: Record<string, "REQUIRED" | "DISABLED">;
}

const EXPECTED: Record<string, StackExpectation> = {
  dev: { strategies: { app: "single-user" }, region: "eu-west-1", proxies: {}, counts: expectedCounts(PER_DATABASE, PER_STACK) },
  prod: {
    strategies: { app: "alternating-users" }, region: "eu-west-1", proxies: {},
    counts: expectedCounts(PER_DATABASE, PER_STACK, { "aws:sns/topicSubscription:TopicSubscription": 1 }),
  },
  // orders: a single-user Serverless v2 cluster with one reader behind an IAM-auth proxy; billing: a managed provisioned cluster.
  staging: {
    strategies: { orders: "single-user", billing: "managed" }, region: "eu-west-1", proxies: { orders: "REQUIRED" },
    counts: expectedCounts(PER_STACK, PER_CLUSTER, ROTATION_FUNCTION, READER, PROXY, PROXY_READER, PER_CLUSTER),
  },
};

/** The components that stand for databases: instances and clusters. */
const DATABASE_TYPES = ["rotated-rds:index:RotatedDatabase", "rotated-rds:index:RotatedCluster"];

const stacks = listStacks(REPO_ROOT);

describe("stack files", () => {
  it("include dev, prod and staging, and each is described below", () => {
    assert.deepStrictEqual(stacks, Object.keys(EXPECTED).sort());
  });

  for (const stack of stacks) {
    describe(`Pulumi.${stack}.yaml`, () => {
      let plan: Plan;
      let index: ResourceIndex;
      before(async () => {
        plan = await planStack(REPO_ROOT, stack);
        index = new ResourceIndex(plan.resources);
      });

      it("declares the expected resources, by type", () => {
        assert.deepStrictEqual(sorted(countByType(plan.resources)), sorted(EXPECTED[stack].counts));
      });

      it("gives every resource a URN, and every child a parent that was registered", () => {
        for (const r of plan.resources) {
          assert.ok(r.urn.startsWith(`urn:pulumi:${stack}::rotated-rds::`), r.urn);
          if (r.parent) assert.ok(index.byUrn.has(r.parent), `${r.urn} has an unregistered parent ${r.parent}`);
        }
      });

      it("has one Secrets Manager endpoint per VPC, with private DNS, used by every rotation function and client group", () => {
        const endpoints = index.ofType("aws:ec2/vpcEndpoint:VpcEndpoint");
        const vpcIds = new Set(endpoints.map((e) => e.inputs.vpcId));
        assert.strictEqual(vpcIds.size, endpoints.length, "two endpoints in one VPC");
        assert.strictEqual(endpoints.length, 1);
        assert.strictEqual(endpoints[0].inputs.privateDnsEnabled, true);
        assert.strictEqual(endpoints[0].inputs.serviceName, `com.amazonaws.${EXPECTED[stack].region}.secretsmanager`);
        const endpointSg = endpoints[0].inputs.securityGroupIds as string[];
        const egress443 = index.ofType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule")
          .filter((r) => r.inputs.fromPort === 443).map((r) => r.inputs.referencedSecurityGroupId);
        const databases = DATABASE_TYPES.flatMap((t) => index.ofType(t)).length;
        assert.strictEqual(egress443.length, index.ofType("aws:lambda/function:Function").length + databases, "one 443 egress per rotation group and per client group");
        for (const target of egress443) assert.ok(endpointSg.includes(target as string), `443 egress to ${String(target)}, not the shared endpoint`);
        const admitted = index.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
          .filter((r) => endpointSg.includes(r.inputs.securityGroupId as string)).map((r) => r.inputs.referencedSecurityGroupId).sort();
        const sources = index.ofType("aws:ec2/securityGroup:SecurityGroup").filter((g) => /-(rotation|client)-sg$/.test(g.name)).map((g) => g.id).sort();
        assert.deepStrictEqual(admitted, sources, "the endpoint admits exactly the rotation and client groups");
      });

      it("creates the VPC with isolated subnets only and no NAT gateway", () => {
        const [vpc] = index.ofType("awsx:ec2:Vpc");
        assert.deepStrictEqual(vpc.inputs.natGateways, { strategy: "None" });
        assert.deepStrictEqual((vpc.inputs.subnetSpecs as Array<{ type: string }>).map((s) => s.type), ["Isolated"]);
        assert.strictEqual(vpc.inputs.numberOfAvailabilityZones, 2);
        const isolated = vpc.state.isolatedSubnetIds as string[];
        for (const group of index.ofType("aws:rds/subnetGroup:SubnetGroup")) assert.deepStrictEqual(group.inputs.subnetIds, isolated);
        for (const proxy of index.ofType("aws:rds/proxy:Proxy")) assert.deepStrictEqual(proxy.inputs.vpcSubnetIds, isolated, proxy.name);
      });

      it(`rotates each database with its strategy (${Object.values(EXPECTED[stack].strategies).join(", ")}) on a schedule of at most every 4 hours`, () => {
        const databases = DATABASE_TYPES.flatMap((t) => index.ofType(t));
        assert.deepStrictEqual(Object.fromEntries(databases.map((db) => [db.name, inferStrategy(index, db)])), EXPECTED[stack].strategies);
        const rotations = index.ofType("aws:secretsmanager/secretRotation:SecretRotation");
        assert.strictEqual(rotations.length, databases.length, "one schedule per database");
        for (const rotation of rotations) {
          assert.deepStrictEqual((rotation.inputs.rotationRules as Record<string, unknown>).scheduleExpression, "rate(4 hours)");
        }
      });

      it("puts a proxy in front of exactly the databases that ask for one: TLS required, no debug logs, the database's own secret", () => {
        const proxies = index.ofType("aws:rds/proxy:Proxy");
        assert.deepStrictEqual(proxies.map((p) => p.name).sort(), Object.keys(EXPECTED[stack].proxies).map((db) => `${db}-proxy`).sort());
        for (const [db, iamAuth] of Object.entries(EXPECTED[stack].proxies)) {
          const proxy = proxies.find((p) => p.name === `${db}-proxy`)!;
          assert.strictEqual(proxy.inputs.requireTls, true);
          assert.strictEqual(proxy.inputs.debugLogging, false);
          const [auth, ...more] = proxy.inputs.auths as Array<Record<string, unknown>>;
          assert.deepStrictEqual(more, [], "one auth: the database's secret");
          assert.strictEqual(auth.iamAuth, iamAuth);
          assert.strictEqual(auth.secretArn, index.ofType("aws:secretsmanager/secret:Secret").find((s) => s.name === `${db}-secret`)?.state.arn);
          const [target] = index.ofType("aws:rds/proxyTarget:ProxyTarget").filter((t) => t.name === `${db}-proxy-target`);
          const cluster = index.ofType("aws:rds/cluster:Cluster").find((c) => c.name === `${db}-cluster`);
          if (cluster) assert.strictEqual(target.inputs.dbClusterIdentifier, cluster.state.clusterIdentifier, "the proxy targets its own cluster");
          // A cluster's readers are reached through the proxy's read-only endpoint, in the proxy's own group.
          const readers = index.ofType("aws:rds/clusterInstance:ClusterInstance").filter((i) => i.name.startsWith(`${db}-reader-`)).length;
          const endpoints = index.ofType("aws:rds/proxyEndpoint:ProxyEndpoint").filter((e) => e.inputs.dbProxyName === proxy.state.name);
          assert.deepStrictEqual(endpoints.map((e) => [e.name, e.inputs.targetRole, e.inputs.vpcSecurityGroupIds]),
            readers > 0 ? [[`${db}-proxy-reader`, "READ_ONLY", proxy.inputs.vpcSecurityGroupIds]] : []);
          // Behind the proxy the database admits the proxy and the rotation function only, and the client group reaches the proxy, not the database.
          const group = (suffix: string) => index.ofType("aws:ec2/securityGroup:SecurityGroup").find((g) => g.name === `${db}-${suffix}`)?.id;
          const peers = (type: string, id: unknown) => index.ofType(type).filter((r) => r.inputs.securityGroupId === id && r.inputs.fromPort !== 443)
            .map((r) => index.nameOf(r.inputs.referencedSecurityGroupId ?? r.inputs.cidrIpv4 ?? r.inputs.cidrIpv6)).sort();
          const rotates = EXPECTED[stack].strategies[db] !== "managed";
          assert.deepStrictEqual(peers("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", group("db-sg")), [`${db}-proxy-sg`, ...(rotates ? [`${db}-rotation-sg`] : [])]);
          assert.deepStrictEqual(peers("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", group("client-sg")), [`${db}-proxy-sg`]);
        }
      });

      it("gives each cluster the engine, class, capacity and readers its stack entry asks for, and no instance is public", () => {
        const clusters = loadStackConfig(readStackFile(REPO_ROOT, stack).config).databases.filter((db) => db.cluster !== undefined);
        assert.strictEqual(index.ofType("aws:rds/cluster:Cluster").length, clusters.length);
        for (const db of clusters) {
          const settings = db.cluster!;
          const [cluster] = index.ofType("aws:rds/cluster:Cluster").filter((c) => c.name === `${db.name}-cluster`);
          assert.strictEqual(cluster.inputs.engine, settings.engine, db.name);
          const scaling = cluster.inputs.serverlessv2ScalingConfiguration as Record<string, unknown> | undefined;
          assert.deepStrictEqual(scaling && { minCapacity: scaling.minCapacity, maxCapacity: scaling.maxCapacity }, settings.serverlessV2Scaling, db.name);
          assert.strictEqual(cluster.inputs.backupRetentionPeriod, db.backupRetentionDays, db.name);
          const instances = index.ofType("aws:rds/clusterInstance:ClusterInstance").filter((i) => i.inputs.clusterIdentifier === cluster.id);
          const readers = Array.from({ length: settings.readers ?? 0 }, (_, i) => `${db.name}-reader-${i + 1}`);
          assert.deepStrictEqual(instances.map((i) => i.name).sort(), [`${db.name}-writer`, ...readers].sort());
          for (const instance of instances) {
            assert.strictEqual(instance.inputs.instanceClass, settings.instanceClass, instance.name);
            assert.strictEqual(instance.inputs.publiclyAccessible, false, instance.name);
          }
        }
      });

      it("forces TLS on every cluster through its own cluster parameter group", () => {
        for (const cluster of index.ofType("aws:rds/cluster:Cluster")) {
          const db = cluster.name.replace(/-cluster$/, "");
          const group = index.ofType("aws:rds/clusterParameterGroup:ClusterParameterGroup").find((g) => g.name === `${db}-cluster-params`);
          assert.ok(group, `${cluster.name} has no cluster parameter group`);
          assert.strictEqual(cluster.inputs.dbClusterParameterGroupName, group.state.name ?? group.id);
          const tls = (group.inputs.parameters as Array<{ name: string; value: string }>).map((p) => `${p.name}=${p.value}`);
          const expected = cluster.inputs.engine === "aurora-postgresql" ? "rds.force_ssl=1" : "require_secure_transport=ON";
          assert.ok(tls.includes(expected), `${group.name} has ${JSON.stringify(tls)}, not ${expected}`);
          assert.strictEqual(cluster.inputs.storageEncrypted, true, cluster.name);
        }
      });

      it("holds no password anywhere in inputs except as a Pulumi secret", () => {
        const generated = index.ofType("pulumi-nodejs:dynamic/rotated-rds:GeneratedPassword").map((p) => String(unwrapSecrets(p.state.password)));
        assert.ok(generated.length >= 1 && generated.every((p) => p.length >= 16), "the generated passwords");
        for (const r of plan.resources) {
          for (const leaf of leaves(r.inputs)) {
            if (leaf.value instanceof RecordedSecret) continue;
            assert.ok(!generated.some((p) => String(leaf.value).includes(p)), `${r.name}.${leaf.path} holds the generated password in the clear`);
            // clientPasswordAuthType is how a proxy's clients send theirs (e.g. POSTGRES_SCRAM_SHA_256), not a password.
            if (/password/i.test(leaf.path) && !/(manageMasterUserPassword|passwordLength|WoVersion|PASSWORD_LENGTH|clientPasswordAuthType)$/.test(leaf.path)) {
              assert.fail(`${r.name}.${leaf.path} is a password field that is not a secret: ${JSON.stringify(leaf.value)}`);
            }
          }
        }
        // The password does exist, as a secret: the check above is not vacuous.
        const secretPasswords = plan.resources.flatMap((r) => leaves(r.inputs).filter((l) =>
          l.value instanceof RecordedSecret && /password|secretString/i.test(l.path)));
        assert.ok(secretPasswords.length >= 1, "no password input at all");
        assert.ok(secretPasswords.every((l) => typeof unwrapSecrets(l.value) === "string"));
      });

      it("exports each stack output from the resource it must come from (ids and ARNs, not formats)", () => {
        assertStackOutputs(plan.outputs, plan.resources, readStackFile(REPO_ROOT, stack).config);
      });
    });
  }
});

function sorted(o: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}
