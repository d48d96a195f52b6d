// RotatedCluster with `proxy`, for both Aurora engines × single-user/managed × iamAuth: the proxy logs
// in with the cluster's secret, targets the cluster (not an instance) once its writer exists, the
// network paths client -> proxy -> cluster open and nothing else (no direct path from the clients),
// applications are sent to the proxy, grantConnect, every output by identity, and the read-only
// endpoint a cluster with readers gets (none without readers).
import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { RotatedCluster } from "../../components";
import type { ClusterEngine, RotatedClusterArgs } from "../../components/types";
import { recordProgram, unwrapSecrets } from "../../plan/recorder";
import { assertOutputsFrom, componentOutputs, managedClusterSecretArn, rotatedClusterSources } from "./identity";
import { expectedConnectPolicy } from "./proxyIdentity";
import { Recorded, SUBNETS, T, VPC } from "./records";

const P = {
  proxy: "aws:rds/proxy:Proxy",
  target: "aws:rds/proxyTarget:ProxyTarget",
  endpoint: "aws:rds/proxyEndpoint:ProxyEndpoint",
} as const;
const REGION = "eu-west-1";
const ACCOUNT = "123456789012";
const ENGINE: Record<ClusterEngine, { family: string; port: number }> = {
  "aurora-postgresql": { family: "POSTGRESQL", port: 5432 },
  "aurora-mysql": { family: "MYSQL", port: 3306 },
};

async function record(args: Partial<RotatedClusterArgs>, program?: (c: RotatedCluster) => void): Promise<{ rec: Recorded; outputs: Record<string, unknown> }> {
  const run = await recordProgram(() => {
    const cluster = new RotatedCluster("orders", { vpcId: VPC, subnetIds: SUBNETS, readers: 1, ...args });
    program?.(cluster);
    return componentOutputs(cluster);
  }, { region: REGION, accountId: ACCOUNT });
  return { rec: new Recorded(run), outputs: run.result as Record<string, unknown> };
}

describe("RotatedCluster with proxy", () => {
  for (const engine of Object.keys(ENGINE) as ClusterEngine[]) {
    for (const strategy of ["single-user", "managed"] as const) {
      for (const iamAuth of [false, true]) {
        describe(`${engine}, ${strategy}, iamAuth ${iamAuth}`, () => {
          const facts = ENGINE[engine];
          let rec: Recorded;
          let outputs: Record<string, unknown>;
          before(async () => ({ rec, outputs } = await record({ engine, rotation: { strategy }, proxy: { iamAuth } })));
          const secretArn = () => (strategy === "managed" ? managedClusterSecretArn(rec.record.resources, "orders").value : rec.out(T.secret, "orders-secret", "arn"));

          it("logs in with the cluster's secret, requires TLS, and uses the engine's family", () => {
            const proxy = rec.one(P.proxy, "orders-proxy").inputs;
            assert.deepStrictEqual([proxy.engineFamily, proxy.requireTls, proxy.debugLogging], [facts.family, true, false]);
            const auths = unwrapSecrets(proxy.auths) as Array<{ secretArn: unknown; iamAuth: unknown }>;
            assert.deepStrictEqual(auths.map((a) => [a.secretArn, a.iamAuth]), [[secretArn(), iamAuth ? "REQUIRED" : "DISABLED"]]);
          });
          it("targets the cluster by its identifier, after the writer exists and the paths are open", () => {
            const target = rec.one(P.target, "orders-proxy-target").inputs;
            assert.deepStrictEqual([target.dbClusterIdentifier, target.dbInstanceIdentifier], [rec.out(T.cluster, "orders-cluster", "clusterIdentifier"), undefined]);
            const waits = rec.dependsOn(P.target, "orders-proxy-target");
            for (const dep of [`${T.clusterInstance} orders-writer`, `${T.ingress} orders-db-from-proxy`, `${T.egress} orders-proxy-to-database`]) {
              assert.ok(waits.includes(dep), `the target must wait for ${dep}; waits for ${waits.join(", ")}`);
            }
          });
          it("opens client -> proxy and proxy -> cluster on the cluster port, and nothing else to the proxy or the cluster", () => {
            const sg = (name: string) => rec.out(T.sg, name, "id");
            const [proxySg, dbSg, clientSg] = [sg("orders-proxy-sg"), sg("orders-db-sg"), sg("orders-client-sg")];
            const port = facts.port;
            assert.deepStrictEqual(rec.rulesOf(T.ingress, proxySg), [["tcp", port, port, clientSg]]);
            assert.deepStrictEqual(rec.rulesOf(T.egress, proxySg), [["tcp", port, port, dbSg]]);
            // The client group reaches the cluster through the proxy only (proxy.directAccess is not set).
            const expectedDb: Array<[unknown, unknown, unknown, unknown]> = [["tcp", port, port, proxySg]];
            if (strategy !== "managed") expectedDb.push(["tcp", port, port, sg("orders-rotation-sg")]);
            assert.deepStrictEqual(rec.rulesOf(T.ingress, dbSg), Recorded.sorted(expectedDb));
            assert.deepStrictEqual(rec.rulesOf(T.egress, clientSg).filter(([, from]) => from === port), [["tcp", port, port, proxySg]]);
            const mentioningProxy = [...rec.all(T.ingress), ...rec.all(T.egress)]
              .filter((r) => r.inputs.securityGroupId === proxySg || r.inputs.referencedSecurityGroupId === proxySg)
              .map((r) => r.name).sort();
            assert.deepStrictEqual(mentioningProxy, ["orders-client-to-proxy", "orders-db-from-proxy", "orders-proxy-from-client", "orders-proxy-to-database"]);
          });
          it("sends applications to the proxy: DB_HOST is its endpoint, and no secret entry gives the cluster's host", () => {
            const env = outputs.ecsEnvironment as Array<{ name: string; value: string }>;
            assert.strictEqual(env.find((e) => e.name === "DB_HOST")?.value, rec.out(P.proxy, "orders-proxy", "endpoint"));
            assert.ok(!(outputs.ecsSecrets as Array<{ name: string }>).some((e) => e.name === "DB_HOST"));
          });
          it("outputs every value by identity", () => {
            assertOutputsFrom("orders", outputs, rotatedClusterSources(rec.record.resources, "orders", {
              strategy, region: REGION, proxy: { iamAuth, username: "dbadmin", region: REGION, accountId: ACCOUNT },
            }), rec.record.resources);
          });
        });
      }
    }
  }

  it("grantConnect attaches rds-db:connect on the proxy as the master user, parented to the cluster", async () => {
    const { rec } = await record({ masterUsername: "orders_admin", proxy: { iamAuth: true } }, (cluster) => {
      cluster.grantConnect(new aws.iam.Role("api-task", { assumeRolePolicy: "{}" }));
    });
    const grant = rec.one(T.rolePolicy, "orders-connect-api-task");
    const document = expectedConnectPolicy(String(rec.out(P.proxy, "orders-proxy", "arn")), { iamAuth: true, username: "orders_admin", region: REGION, accountId: ACCOUNT });
    assert.deepStrictEqual([grant.inputs.role, unwrapSecrets(grant.inputs.policy), grant.parent], [rec.out(T.role, "api-task", "id"), document, rec.one(T.clusterComponent, "orders").urn]);
  });

  it("grantConnect is refused when the proxy's clients log in with the password", async () => {
    let error: unknown;
    await record({ proxy: {} }, (cluster) => {
      try { cluster.grantConnect(new aws.iam.Role("api-task", { assumeRolePolicy: "{}" })); } catch (e) { error = e; }
    });
    assert.match(String((error as Error)?.message), /^RotatedCluster "orders": grantConnect needs proxy\.iamAuth: true/);
  });

  it("without a proxy creates none, and outputs none", async () => {
    const { rec, outputs } = await record({});
    assert.deepStrictEqual([...rec.all(P.proxy), ...rec.all(P.endpoint)].map((r) => r.name), []);
    assert.deepStrictEqual([outputs.proxyEndpoint, outputs.proxyArn, outputs.proxySecurityGroupId, outputs.proxyConnectPolicyDocument, outputs.proxyReaderEndpoint],
      [undefined, undefined, undefined, undefined, undefined]);
  });

  describe("read-only endpoint", () => {
    it("with readers: READ_ONLY on this proxy, in the cluster's subnets, in the proxy's own group, tagged, after the target and the readers", async () => {
      const { rec, outputs } = await record({ readers: 2, proxy: {} });
      const endpoint = rec.one(P.endpoint, "orders-proxy-reader");
      const i = endpoint.inputs;
      assert.deepStrictEqual([i.dbProxyName, i.targetRole, i.vpcSubnetIds, i.vpcSecurityGroupIds],
        [rec.out(P.proxy, "orders-proxy", "name"), "READ_ONLY", SUBNETS, [rec.out(T.sg, "orders-proxy-sg", "id")]]);
      assert.match(String(i.dbProxyEndpointName), /^orders-proxy-reader-[0-9a-f]{8}$/);
      assert.strictEqual((i.tags as Record<string, string>)["rotated-rds:database"], "orders");
      assert.strictEqual(endpoint.parent, rec.one(T.clusterComponent, "orders").urn);
      const waits = rec.dependsOn(P.endpoint, "orders-proxy-reader");
      for (const dep of [`${P.target} orders-proxy-target`, `${T.clusterInstance} orders-reader-1`, `${T.clusterInstance} orders-reader-2`]) {
        assert.ok(waits.includes(dep), `the endpoint must wait for ${dep}; waits for ${waits.join(", ")}`);
      }
      assert.deepStrictEqual(rec.all(P.endpoint).map((r) => r.name), ["orders-proxy-reader"]);
      assert.strictEqual(outputs.proxyReaderEndpoint, rec.out(P.endpoint, "orders-proxy-reader", "endpoint"));
    });

    it("with readers opens no rule of its own: its clients pass the proxy group's rules", async () => {
      const { rec } = await record({ readers: 1, proxy: {} });
      const { rec: without } = await record({ readers: 0, proxy: {} });
      const names = (x: Recorded) => [...x.all(T.ingress), ...x.all(T.egress)].map((r) => r.name).sort();
      assert.deepStrictEqual(names(rec), names(without));
    });

    it("without readers: none, and proxyReaderEndpoint is undefined", async () => {
      const { rec, outputs } = await record({ readers: 0, proxy: { iamAuth: true } });
      assert.deepStrictEqual(rec.all(P.endpoint).map((r) => r.name), []);
      assert.ok("proxyReaderEndpoint" in outputs);
      assert.strictEqual(outputs.proxyReaderEndpoint, undefined);
      assertOutputsFrom("orders", outputs, rotatedClusterSources(rec.record.resources, "orders", {
        strategy: "single-user", region: REGION, proxy: { iamAuth: true, username: "dbadmin", region: REGION, accountId: ACCOUNT },
      }), rec.record.resources);
    });
  });
});
