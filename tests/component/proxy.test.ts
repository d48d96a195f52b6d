// RotatedDatabase and RotatedCluster with `proxy`, on the recorded resources, for every engine ×
// single-user/managed × iamAuth on/off: the proxy's inputs (TLS required, no debug logs, the secret
// by identity, the engine's family and client authentication), its role trusting RDS and reading only
// the secret, the target naming the instance or the cluster, the network paths (client -> proxy ->
// database, and nothing else opens), every output by identity, grantConnect, and alternating-users
// refused before anything registers. A second database without a proxy shares each program: nothing
// of it may change.
import * as assert from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { RotatedCluster, RotatedDatabase, SecretsManagerEndpoint } from "../../components";
import { proxyName } from "../../components/proxyNaming";
import { createDatabaseProxy } from "../../components/proxyResources";
import { PROXY_ALTERNATING_USERS_REFUSAL } from "../../components/proxyValidation";
import { resolveRotatedDatabaseArgs } from "../../components/validate";
import { RecordedResource, recordProgram, resolveDeep, unwrapSecrets } from "../../plan/recorder";
import { DatabaseExpectation, OutputSource, assertOutputsFrom, componentOutputs, rotatedClusterSources, rotatedDatabaseSources } from "./identity";
import { expectedConnectPolicy } from "./proxyIdentity";
import { Recorded, SUBNETS, T, UNTAGGABLE, VPC, missingTags } from "./records";

const P = {
  proxy: "aws:rds/proxy:Proxy",
  targetGroup: "aws:rds/proxyDefaultTargetGroup:ProxyDefaultTargetGroup",
  target: "aws:rds/proxyTarget:ProxyTarget",
  clusterComponent: "rotated-rds:index:RotatedCluster",
  cluster: "aws:rds/cluster:Cluster",
  endpoint: "aws:rds/proxyEndpoint:ProxyEndpoint",
} as const;
const REGION = "eu-west-1";
const ACCOUNT = "123456789012";
const KEY = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const APP_SG = "sg-0a0a0a0a0a0a0a0a0";
const trust = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }] });

type Engine = "postgres" | "mysql" | "mariadb" | "aurora-postgresql" | "aurora-mysql";
type Strategy = "single-user" | "managed";
type Args = ConstructorParameters<typeof RotatedDatabase>[1];

const ENGINE: Record<Engine, { family: string; auth: string; port: number }> = {
  postgres: { family: "POSTGRESQL", auth: "POSTGRES_SCRAM_SHA_256", port: 5432 },
  mysql: { family: "MYSQL", auth: "MYSQL_CACHING_SHA2_PASSWORD", port: 3306 },
  mariadb: { family: "MYSQL", auth: "MYSQL_NATIVE_PASSWORD", port: 3306 },
  "aurora-postgresql": { family: "POSTGRESQL", auth: "POSTGRES_SCRAM_SHA_256", port: 5432 },
  "aurora-mysql": { family: "MYSQL", auth: "MYSQL_CACHING_SHA2_PASSWORD", port: 3306 },
};

/** One component behind a proxy: how to build it and where its outputs and target come from. */
interface Kind {
  label: string;
  type: string;
  engines: readonly Engine[];
  build(name: string, args: Record<string, unknown>): pulumi.ComponentResource;
  sources(resources: readonly RecordedResource[], name: string, e: DatabaseExpectation): Record<string, OutputSource>;
  /** The target's reference to the database, read off the recorded instance or cluster. */
  target(rec: Recorded, name: string): Record<string, unknown>;
  /** The secret the proxy must log in with: ours for single-user, RDS's for managed. */
  secretArn(rec: Recorded, name: string, strategy: Strategy): string;
  /** What the target waits for besides the rules (`type name`): a cluster's writer must exist to be a target. */
  targetWaitsFor: (name: string) => string[];
}

const managedArn = (rec: Recorded, type: string, name: string) =>
  String((rec.out(type, name, "masterUserSecrets") as Array<{ secretArn: string }>)[0].secretArn);

const KINDS: Kind[] = [
  {
    label: "RotatedDatabase", type: T.db, engines: ["postgres", "mysql", "mariadb"],
    build: (name, args) => new RotatedDatabase(name, args as unknown as Args),
    sources: rotatedDatabaseSources,
    target: (rec, name) => ({ dbInstanceIdentifier: rec.out(T.instance, `${name}-db`, "identifier") }),
    secretArn: (rec, name, strategy) => strategy === "managed" ? managedArn(rec, T.instance, `${name}-db`) : String(rec.out(T.secret, `${name}-secret`, "arn")),
    targetWaitsFor: () => [],
  },
  {
    label: "RotatedCluster", type: P.clusterComponent, engines: ["aurora-postgresql", "aurora-mysql"],
    build: (name, args) => new RotatedCluster(name, args as unknown as ConstructorParameters<typeof RotatedCluster>[1]),
    sources: rotatedClusterSources,
    target: (rec, name) => ({ dbClusterIdentifier: rec.out(P.cluster, `${name}-cluster`, "clusterIdentifier") }),
    secretArn: (rec, name, strategy) => strategy === "managed" ? managedArn(rec, P.cluster, `${name}-cluster`) : String(rec.out(T.secret, `${name}-secret`, "arn")),
    targetWaitsFor: (name) => [`aws:rds/clusterInstance:ClusterInstance ${name}-writer`],
  },
];
const [DATABASE] = KINDS;

interface Run {
  rec: Recorded;
  resources: RecordedResource[];
  outputs: Record<string, Record<string, unknown>>;
}

/** Records `orders` (a `kind`, given `args`) beside `billing` (a RotatedDatabase without proxy) in one VPC, with their resolved outputs. */
async function record(args: Record<string, unknown>, kind: Kind = DATABASE): Promise<Run> {
  const run = await recordProgram(async () => {
    const endpoint = new SecretsManagerEndpoint("shared", { vpcId: VPC, subnetIds: SUBNETS });
    const orders = kind.build("orders", { vpcId: VPC, subnetIds: SUBNETS, secretsManagerAccess: { endpoint }, ...args });
    const billing = new RotatedDatabase("billing", { vpcId: VPC, subnetIds: SUBNETS, secretsManagerAccess: { endpoint } });
    return {
      orders: (await resolveDeep(componentOutputs(orders))) as Record<string, unknown>,
      billing: (await resolveDeep(componentOutputs(billing))) as Record<string, unknown>,
    };
  }, { region: REGION, accountId: ACCOUNT });
  return { rec: new Recorded(run), resources: run.resources, outputs: run.result };
}

function expectedProxyPolicy(secretArn: string, kmsKeyArn?: string): unknown {
  const statements: unknown[] = [{ Sid: "ReadDatabaseSecret", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: secretArn }];
  if (kmsKeyArn) {
    statements.push({
      Sid: "DecryptDatabaseSecret", Effect: "Allow", Action: ["kms:Decrypt"], Resource: kmsKeyArn,
      Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${REGION}.amazonaws.com` } },
    });
  }
  return { Version: "2012-10-17", Statement: statements };
}

/**
 * The database-port paths of `orders` behind its proxy, asserted on the recorded rules, each path on
 * both sides (the source's egress and the destination's ingress): client -> proxy -> database always,
 * rotation function -> database unless managed, client -> database only with directAccess. The
 * client group's 443 to the shared endpoint, and the endpoint's grant to it, stay either way.
 */
function assertProxyPaths(rec: Recorded, p: { port: number; strategy: Strategy; directAccess: boolean }): void {
  const sg = (name: string) => rec.out(T.sg, name, "id");
  const [proxySg, dbSg, clientSg, endpointSg] = [sg("orders-proxy-sg"), sg("orders-db-sg"), sg("orders-client-sg"), sg("shared-sg")];
  const tcp = (peer: unknown, port = p.port): [unknown, unknown, unknown, unknown] => ["tcp", port, port, peer];
  const reachDatabase = [proxySg];
  if (p.strategy !== "managed") reachDatabase.push(sg("orders-rotation-sg"));
  if (p.directAccess) reachDatabase.push(clientSg);

  assert.deepStrictEqual(rec.rulesOf(T.ingress, proxySg), [tcp(clientSg)]);
  assert.deepStrictEqual(rec.rulesOf(T.egress, proxySg), [tcp(dbSg)]);
  assert.deepStrictEqual(rec.rulesOf(T.ingress, dbSg), Recorded.sorted(reachDatabase.map((g) => tcp(g))), "who the database group admits");
  const egressToDatabase = rec.all(T.egress).filter((r) => r.inputs.referencedSecurityGroupId === dbSg);
  assert.deepStrictEqual(egressToDatabase.map((r) => r.inputs.securityGroupId).sort(), [...reachDatabase].sort(), "which groups may send to the database");
  for (const r of egressToDatabase) assert.deepStrictEqual([r.inputs.fromPort, r.inputs.toPort], [p.port, p.port], r.name);
  assert.deepStrictEqual(rec.rulesOf(T.egress, clientSg), Recorded.sorted([
    tcp(proxySg), ...(p.directAccess ? [tcp(dbSg)] : []), tcp(endpointSg, 443),
  ]), "the client group's egress");
  assert.ok(rec.rulesOf(T.ingress, endpointSg).some((r) => r[3] === clientSg && r[1] === 443), "the endpoint must still admit the client group");
  // Nobody else admits or reaches the proxy group.
  const mentioningProxy = [...rec.all(T.ingress), ...rec.all(T.egress)]
    .filter((r) => r.inputs.securityGroupId === proxySg || r.inputs.referencedSecurityGroupId === proxySg)
    .map((r) => r.name).sort();
  assert.deepStrictEqual(mentioningProxy, ["orders-client-to-proxy", "orders-db-from-proxy", "orders-proxy-from-client", "orders-proxy-to-database"]);
}

for (const kind of KINDS) describe(`${kind.label} with proxy`, () => {
  for (const engine of kind.engines) {
    for (const strategy of ["single-user", "managed"] as const) {
      for (const iamAuth of [false, true]) {
        describe(`${engine}, ${strategy}, iamAuth ${iamAuth}`, () => {
          const facts = ENGINE[engine];
          let run: Run;
          before(async () => {
            run = await record({ engine, rotation: { strategy }, proxy: { iamAuth } }, kind);
          });

          it("creates the proxy with TLS required, no debug logs, in the database's subnets and its own group", () => {
            const { rec } = run;
            const proxy = rec.one(P.proxy, "orders-proxy");
            assert.strictEqual(proxy.inputs.name, proxyName("rotated-rds", "test", "orders", kind.label === "RotatedCluster" ? "cluster" : undefined));
            assert.strictEqual(proxy.inputs.engineFamily, facts.family);
            assert.strictEqual(proxy.inputs.requireTls, true);
            assert.strictEqual(proxy.inputs.debugLogging, false);
            assert.strictEqual(proxy.inputs.idleClientTimeout, 1800);
            assert.deepStrictEqual(proxy.inputs.vpcSubnetIds, SUBNETS);
            assert.deepStrictEqual(proxy.inputs.vpcSecurityGroupIds, [rec.out(T.sg, "orders-proxy-sg", "id")]);
            assert.strictEqual(proxy.inputs.roleArn, rec.out(T.role, "orders-proxy-role", "arn"));
            assert.strictEqual(proxy.parent, rec.one(kind.type, "orders").urn);
          });

          it("authenticates with the database's own secret, by identity, and the engine's client authentication", () => {
            const { rec } = run;
            assert.deepStrictEqual(unwrapSecrets(rec.one(P.proxy, "orders-proxy").inputs.auths), [{
              authScheme: "SECRETS",
              secretArn: kind.secretArn(rec, "orders", strategy),
              iamAuth: iamAuth ? "REQUIRED" : "DISABLED",
              clientPasswordAuthType: facts.auth,
              description: "Secret of database orders",
            }]);
          });

          it("gives the proxy a role only RDS assumes, reading only that secret", () => {
            const { rec } = run;
            assert.deepStrictEqual(rec.json(T.role, "orders-proxy-role", "assumeRolePolicy"), {
              Version: "2012-10-17",
              Statement: [{ Sid: "RdsProxyAssumesRole", Effect: "Allow", Principal: { Service: "rds.amazonaws.com" }, Action: "sts:AssumeRole" }],
            });
            const policy = rec.one(T.rolePolicy, "orders-proxy-policy");
            assert.strictEqual(policy.inputs.role, rec.out(T.role, "orders-proxy-role", "id"));
            assert.deepStrictEqual(rec.json(T.rolePolicy, "orders-proxy-policy", "policy"), expectedProxyPolicy(kind.secretArn(rec, "orders", strategy)));
            assert.ok(rec.dependsOn(P.proxy, "orders-proxy").includes(`${T.rolePolicy} orders-proxy-policy`), "the proxy must wait for its permission");
          });

          it("pools with the resolved settings and targets the database by identity, once the paths are open", () => {
            const { rec } = run;
            const group = rec.one(P.targetGroup, "orders-proxy-targets");
            assert.strictEqual(group.inputs.dbProxyName, rec.out(P.proxy, "orders-proxy", "name"));
            assert.deepStrictEqual(group.inputs.connectionPoolConfig, { maxConnectionsPercent: 90, connectionBorrowTimeout: 120 });
            const target = rec.one(P.target, "orders-proxy-target");
            assert.deepStrictEqual(target.inputs, {
              dbProxyName: rec.out(P.proxy, "orders-proxy", "name"),
              targetGroupName: rec.out(P.targetGroup, "orders-proxy-targets", "name"),
              ...kind.target(rec, "orders"),
            });
            const waits = rec.dependsOn(P.target, "orders-proxy-target");
            for (const rule of ["orders-proxy-from-client", "orders-proxy-to-database", "orders-db-from-proxy", "orders-client-to-proxy"]) {
              assert.ok(waits.some((d) => d.endsWith(` ${rule}`)), `the target must wait for ${rule}; waits for ${waits.join(", ")}`);
            }
            for (const dep of kind.targetWaitsFor("orders")) assert.ok(waits.includes(dep), `the target must wait for ${dep}; waits for ${waits.join(", ")}`);
            // The proxy logs in with the secret's value: our secret's first version must exist (managed: RDS writes its secret with the database).
            const initial = `aws:secretsmanager/secretVersion:SecretVersion orders-secret-initial`;
            if (strategy === "managed") assert.ok(!waits.includes(initial), `managed has no first version of ours; waits for ${waits.join(", ")}`);
            else assert.ok(waits.includes(initial), `the target must wait for the secret's first version; waits for ${waits.join(", ")}`);
          });

          it("opens client -> proxy -> database on the database port; nothing but the proxy and the rotation function reaches the database", () => {
            assertProxyPaths(run.rec, { port: facts.port, strategy, directAccess: false });
            const group = run.rec.one(T.sg, "orders-proxy-sg");
            assert.strictEqual(group.inputs.ingress, undefined);
            assert.strictEqual(group.inputs.egress, undefined);
            assert.strictEqual(group.inputs.vpcId, VPC);
          });

          it("outputs every value by identity, and the other database's from its own resources", () => {
            const { resources, outputs } = run;
            assertOutputsFrom("orders", outputs.orders, kind.sources(resources, "orders", {
              strategy, region: REGION, proxy: { iamAuth, username: "dbadmin", region: REGION, accountId: ACCOUNT },
            }), resources);
            assertOutputsFrom("billing", outputs.billing, rotatedDatabaseSources(resources, "billing", { strategy: "single-user", region: REGION }), resources);
          });

          it("tags and parents every proxy resource to its database", () => {
            const { rec } = run;
            const children = rec.record.resources.filter((r) => r.custom && (r.name.startsWith("orders-proxy") || ["orders-db-from-proxy", "orders-client-to-proxy"].includes(r.name)));
            assert.strictEqual(children.length, 10, children.map((r) => r.name).join(", "));
            for (const child of children) assert.strictEqual(child.parent, rec.one(kind.type, "orders").urn, child.name);
            const taggable = children.filter((r) => r.type !== P.targetGroup && r.type !== P.target);
            assert.deepStrictEqual(missingTags(taggable, { "rotated-rds:database": "orders" }), []);
            // The target group and target take no tags in the provider: the check is not skipping a taggable class.
            for (const cls of [aws.rds.ProxyDefaultTargetGroup, aws.rds.ProxyTarget]) assert.ok(!cls.toString().includes('resourceInputs["tags"]'));
            assert.ok(!UNTAGGABLE.has(P.proxy));
          });
        });
      }
    }
  }

  it("decrypts with a customer key only through Secrets Manager, for our secret and for RDS's", async () => {
    for (const strategy of ["single-user", "managed"] as const) {
      const { rec } = await record({ kmsKeyArn: KEY, rotation: { strategy }, proxy: {} }, kind);
      assert.deepStrictEqual(rec.json(T.rolePolicy, "orders-proxy-policy", "policy"), expectedProxyPolicy(kind.secretArn(rec, "orders", strategy), KEY), strategy);
    }
  });

  it("refuses alternating-users before anything registers, saying why and what to use instead", async () => {
    let error: unknown;
    const run = await recordProgram(() => {
      try {
        kind.build("orders", { vpcId: VPC, subnetIds: SUBNETS, rotation: { strategy: "alternating-users", applicationUsername: "orders_app" }, proxy: {} });
      } catch (e) { error = e; }
    });
    assert.ok(pulumi.ResourceError.isInstance(error), String(error));
    assert.strictEqual((error as Error).message, `${kind.label} "orders": ${PROXY_ALTERNATING_USERS_REFUSAL}`);
    assert.deepStrictEqual(run.resources.filter((r) => r.custom).map((r) => r.name), []);
    assert.deepStrictEqual(run.calls, []);
  });

  for (const engine of kind.engines) {
    it(`keeps the clients' direct path beside the proxy with directAccess: true (${engine}, single-user and managed)`, async () => {
      for (const strategy of ["single-user", "managed"] as const) {
        const { rec } = await record({ engine, rotation: { strategy }, proxy: { directAccess: true } }, kind);
        assertProxyPaths(rec, { port: ENGINE[engine].port, strategy, directAccess: true });
        // The direct path is the one a database without a proxy has, under the same names.
        for (const [type, name] of [[T.ingress, "orders-db-from-client"], [T.egress, "orders-client-to-database"]] as const) {
          assert.strictEqual(rec.one(type, name).parent, rec.one(kind.type, "orders").urn, name);
        }
      }
    });
  }
});

describe("RotatedDatabase with proxy, arguments and registrations", () => {

  it("admits allowedSecurityGroupIds and allowedCidrBlocks to the proxy only, and to the database too with directAccess: true", async () => {
    for (const directAccess of [false, true]) {
      const { rec } = await record({
        allowedSecurityGroupIds: [APP_SG], allowedCidrBlocks: ["10.1.0.0/16"],
        proxy: { directAccess, idleClientTimeout: 600, maxConnectionsPercent: 50, connectionBorrowTimeout: 30 },
      });
      const sg = (name: string) => rec.out(T.sg, name, "id");
      const [proxySg, dbSg] = [sg("orders-proxy-sg"), sg("orders-db-sg")];
      const clients: Array<[unknown, unknown, unknown, unknown]> = [["tcp", 5432, 5432, sg("orders-client-sg")], ["tcp", 5432, 5432, APP_SG], ["tcp", 5432, 5432, "10.1.0.0/16"]];
      assert.deepStrictEqual(rec.rulesOf(T.ingress, proxySg), Recorded.sorted(clients), `directAccess ${directAccess}`);
      assert.deepStrictEqual(rec.rulesOf(T.ingress, dbSg), Recorded.sorted([
        ["tcp", 5432, 5432, proxySg], ["tcp", 5432, 5432, sg("orders-rotation-sg")], ...(directAccess ? clients : []),
      ]), `directAccess ${directAccess}`);
      // The named group reads the secret through the shared endpoint either way.
      assert.ok(rec.rulesOf(T.ingress, sg("shared-sg")).some((r) => r[1] === 443 && r[3] === APP_SG), `directAccess ${directAccess}: the endpoint must admit ${APP_SG}`);
      assert.deepStrictEqual(rec.one(T.ingress, "orders-proxy-from-cidr-0").parent, rec.one(T.db, "orders").urn);
      assert.strictEqual(rec.one(P.proxy, "orders-proxy").inputs.idleClientTimeout, 600);
      assert.deepStrictEqual(rec.one(P.targetGroup, "orders-proxy-targets").inputs.connectionPoolConfig, { maxConnectionsPercent: 50, connectionBorrowTimeout: 30 });
    }
  });

  it("adds only its own resources and takes away the clients' direct path (kept with directAccess); the other database's registrations are those of a program without the proxy", async () => {
    const strip = (rs: RecordedResource[]) => rs.filter((r) => r.name.startsWith("billing")).map((r) => JSON.stringify([r.type, r.name, r.inputs, r.options]));
    const without = await record({});
    const proxyResources = [
      `${P.proxy} orders-proxy`, `${P.targetGroup} orders-proxy-targets`, `${P.target} orders-proxy-target`,
      `${T.sg} orders-proxy-sg`, `${T.role} orders-proxy-role`, `${T.rolePolicy} orders-proxy-policy`,
      `${T.ingress} orders-proxy-from-client`, `${T.egress} orders-proxy-to-database`, `${T.ingress} orders-db-from-proxy`, `${T.egress} orders-client-to-proxy`,
    ].sort();
    const directPath = [`${T.ingress} orders-db-from-client`, `${T.egress} orders-client-to-database`].sort();
    for (const [proxy, removed] of [[{ iamAuth: true }, directPath], [{ iamAuth: true, directAccess: true }, []]] as const) {
      const withProxy = await record({ proxy });
      assert.deepStrictEqual(strip(withProxy.resources), strip(without.resources));
      const diff = (a: RecordedResource[], b: RecordedResource[]) => a.filter((r) => !b.some((o) => o.urn === r.urn)).map((r) => `${r.type} ${r.name}`).sort();
      assert.deepStrictEqual(diff(withProxy.resources, without.resources), proxyResources, JSON.stringify(proxy));
      assert.deepStrictEqual(diff(without.resources, withProxy.resources), removed, JSON.stringify(proxy));
      // Whatever orders registers in both programs, it registers alike.
      const common = (rs: RecordedResource[], other: RecordedResource[]) => rs.filter((r) => r.name.startsWith("orders") && other.some((o) => o.urn === r.urn))
        .map((r) => JSON.stringify([r.type, r.name, r.inputs]));
      assert.deepStrictEqual(common(withProxy.resources, without.resources), common(without.resources, withProxy.resources), JSON.stringify(proxy));
    }
  });

});

describe("proxies of several databases in one VPC", () => {
  it("never collide: own names, own physical names, own groups and rules, each parented to its database", async () => {
    const run = await recordProgram(() => {
      const endpoint = new SecretsManagerEndpoint("shared", { vpcId: VPC, subnetIds: SUBNETS });
      new RotatedDatabase("orders", { vpcId: VPC, subnetIds: SUBNETS, secretsManagerAccess: { endpoint }, proxy: {} });
      new RotatedDatabase("billing", { vpcId: VPC, subnetIds: SUBNETS, engine: "mysql", rotation: { strategy: "managed" }, secretsManagerAccess: { endpoint }, proxy: { iamAuth: true } });
      new RotatedCluster("reports", { vpcId: VPC, subnetIds: SUBNETS, secretsManagerAccess: { endpoint }, proxy: {} });
      new RotatedCluster("ledger", { vpcId: VPC, subnetIds: SUBNETS, readers: 1, secretsManagerAccess: { endpoint }, proxy: {} });
      new RotatedCluster("audit", { vpcId: VPC, subnetIds: SUBNETS, readers: 2, engine: "aurora-mysql", secretsManagerAccess: { endpoint }, proxy: { iamAuth: true } });
    }, { region: REGION, accountId: ACCOUNT });
    const rec = new Recorded(run);
    const urns = run.resources.map((r) => r.urn);
    assert.strictEqual(new Set(urns).size, urns.length);
    const proxies = rec.all(P.proxy);
    assert.deepStrictEqual(proxies.map((r) => r.name).sort(), ["audit-proxy", "billing-proxy", "ledger-proxy", "orders-proxy", "reports-proxy"]);
    assert.strictEqual(new Set(proxies.map((r) => r.inputs.name)).size, 5);
    // Read-only endpoints only for the clusters with readers, each on its own proxy, in its own proxy's group, with its own physical name.
    const endpoints = rec.all(P.endpoint);
    assert.deepStrictEqual(endpoints.map((r) => r.name).sort(), ["audit-proxy-reader", "ledger-proxy-reader"]);
    assert.strictEqual(new Set(endpoints.map((r) => r.inputs.dbProxyEndpointName)).size, 2);
    for (const db of ["ledger", "audit"]) {
      const e = rec.one(P.endpoint, `${db}-proxy-reader`);
      assert.deepStrictEqual([e.inputs.dbProxyName, e.inputs.vpcSecurityGroupIds, e.inputs.targetRole, e.parent],
        [rec.out(P.proxy, `${db}-proxy`, "name"), [rec.out(T.sg, `${db}-proxy-sg`, "id")], "READ_ONLY", rec.one(P.clusterComponent, db).urn], db);
    }
    for (const [db, type] of [["orders", T.db], ["billing", T.db], ["reports", P.clusterComponent], ["ledger", P.clusterComponent], ["audit", P.clusterComponent]] as const) {
      const proxySg = rec.out(T.sg, `${db}-proxy-sg`, "id");
      assert.deepStrictEqual(rec.rulesOf(T.ingress, proxySg).map((r) => r[3]), [rec.out(T.sg, `${db}-client-sg`, "id")], db);
      assert.deepStrictEqual(rec.rulesOf(T.egress, proxySg).map((r) => r[3]), [rec.out(T.sg, `${db}-db-sg`, "id")], db);
      assert.strictEqual(rec.one(P.proxy, `${db}-proxy`).parent, rec.one(type, db).urn, db);
      assert.strictEqual(unwrapSecrets((rec.one(P.proxy, `${db}-proxy`).inputs.auths as Array<{ secretArn: unknown }>)[0].secretArn),
        db === "billing" ? managedArn(rec, T.instance, "billing-db") : rec.out(T.secret, `${db}-secret`, "arn"), db);
    }
  });
});

describe("createDatabaseProxy", () => {
  it("is called only for a database with proxy, and says so otherwise", async () => {
    const resolved = resolveRotatedDatabaseArgs({ vpcId: VPC, subnetIds: SUBNETS });
    assert.ok(resolved.ok);
    let error: unknown;
    const run = await recordProgram(() => {
      const parent = new pulumi.ComponentResource("test:index:Parent", "orders");
      try {
        createDatabaseProxy("orders", resolved.value, {
          parent, tags: {}, secretArn: pulumi.output("arn:aws:secretsmanager:eu-west-1:123456789012:secret:x"), username: "dbadmin",
          target: { dbInstanceIdentifier: "orders" }, databaseSecurityGroupId: "sg-db", clientSecurityGroupId: "sg-cli",
          accountId: pulumi.output(ACCOUNT), region: pulumi.output(REGION),
        });
      } catch (e) { error = e; }
    });
    assert.strictEqual((error as Error)?.message, 'createDatabaseProxy("orders") called for a database without proxy');
    assert.deepStrictEqual(run.resources.filter((r) => r.custom).map((r) => r.name), []);
  });

  it("gives an instance target no read-only endpoint, even when given readers", async () => {
    const resolved = resolveRotatedDatabaseArgs({ vpcId: VPC, subnetIds: SUBNETS, proxy: {} });
    assert.ok(resolved.ok);
    let readerEndpoint: unknown = "not called";
    const run = await recordProgram(() => {
      const parent = new pulumi.ComponentResource("test:index:Parent", "orders");
      const reader = new pulumi.ComponentResource("test:index:Reader", "orders-reader-1", {}, { parent });
      readerEndpoint = createDatabaseProxy("orders", resolved.value, {
        parent, tags: {}, secretArn: pulumi.output("arn:aws:secretsmanager:eu-west-1:123456789012:secret:x"), username: "dbadmin",
        target: { dbInstanceIdentifier: "orders" }, databaseSecurityGroupId: "sg-db", clientSecurityGroupId: "sg-cli",
        accountId: pulumi.output(ACCOUNT), region: pulumi.output(REGION), readers: [reader],
      }).readerEndpoint;
    });
    assert.strictEqual(readerEndpoint, undefined);
    assert.deepStrictEqual(run.resources.filter((r) => r.type === P.endpoint).map((r) => r.name), []);
    assert.ok(run.resources.some((r) => r.type === P.proxy && r.name === "orders-proxy"), "the proxy itself is created");
  });
});

describe("RotatedDatabase.grantConnect", () => {
  it("attaches rds-db:connect on the proxy as the master user to each role, parented to the database", async () => {
    const run = await recordProgram(() => {
      const orders = new RotatedDatabase("orders", { vpcId: VPC, subnetIds: SUBNETS, masterUsername: "orders_admin", proxy: { iamAuth: true } });
      const api = new aws.iam.Role("api-task", { assumeRolePolicy: trust });
      orders.grantConnect(api);
      orders.grantConnect(api, { name: "api-second" });
    }, { region: REGION, accountId: ACCOUNT });
    const rec = new Recorded(run);
    const document = expectedConnectPolicy(String(rec.out(P.proxy, "orders-proxy", "arn")), { iamAuth: true, username: "orders_admin", region: REGION, accountId: ACCOUNT });
    assert.match(document, /"Resource":"arn:aws:rds-db:eu-west-1:123456789012:dbuser:prx-[0-9a-f]{17}\/orders_admin"/);
    for (const name of ["orders-connect-api-task", "orders-connect-api-second"]) {
      const grant = rec.one(T.rolePolicy, name);
      assert.strictEqual(grant.inputs.role, rec.out(T.role, "api-task", "id"), name);
      assert.strictEqual(unwrapSecrets(grant.inputs.policy), document, name);
      assert.strictEqual(grant.parent, rec.one(T.db, "orders").urn, name);
    }
  });

  async function refusal(args: Partial<Args>, twice = false): Promise<{ message: string; grants: string[] }> {
    let error: unknown;
    const run = await recordProgram(() => {
      const orders = new RotatedDatabase("orders", { vpcId: VPC, subnetIds: SUBNETS, ...args });
      const api = new aws.iam.Role("api-task", { assumeRolePolicy: trust });
      try {
        orders.grantConnect(api);
        if (twice) orders.grantConnect(api);
      } catch (e) { error = e; }
    });
    assert.ok(pulumi.ResourceError.isInstance(error), String(error));
    return { message: (error as Error).message, grants: run.resources.filter((r) => r.name.startsWith("orders-connect-")).map((r) => r.name) };
  }

  it("is refused without a proxy, pointing at grantRead, and attaches nothing", async () => {
    const { message, grants } = await refusal({});
    assert.strictEqual(message, 'RotatedDatabase "orders": grantConnect needs a proxy with iamAuth: true, and this database has none; use grantRead to let the role read the secret');
    assert.deepStrictEqual(grants, []);
  });

  it("is refused with a proxy whose clients log in with the password", async () => {
    const { message, grants } = await refusal({ proxy: {} });
    assert.match(message, /^RotatedDatabase "orders": grantConnect needs proxy\.iamAuth: true; this proxy's clients log in with the secret's password/);
    assert.deepStrictEqual(grants, []);
  });

  it("is RotatedCluster's too: the policy names the cluster's proxy, parented to the cluster", async () => {
    const run = await recordProgram(() => {
      const orders = new RotatedCluster("orders", { vpcId: VPC, subnetIds: SUBNETS, proxy: { iamAuth: true } });
      orders.grantConnect(new aws.iam.Role("api-task", { assumeRolePolicy: trust }));
    }, { region: REGION, accountId: ACCOUNT });
    const rec = new Recorded(run);
    const grant = rec.one(T.rolePolicy, "orders-connect-api-task");
    assert.strictEqual(unwrapSecrets(grant.inputs.policy),
      expectedConnectPolicy(String(rec.out(P.proxy, "orders-proxy", "arn")), { iamAuth: true, username: "dbadmin", region: REGION, accountId: ACCOUNT }));
    assert.strictEqual(grant.parent, rec.one(P.clusterComponent, "orders").urn);
  });

  it("refuses a second grant of the same role, naming the policy", async () => {
    const { message, grants } = await refusal({ proxy: { iamAuth: true } }, true);
    assert.strictEqual(message, 'RotatedDatabase "orders": grantConnect already attached orders-connect-api-task; a role needs one grant per database');
    assert.deepStrictEqual(grants, ["orders-connect-api-task"]);
  });
});
