// The plan's database, cluster and proxy facts on synthetic records (plan-fixtures.ts): what the text
// sections say, what the JSON carries, and that both come from the same facts.
import * as assert from "assert";
import { ENGINE_FACTS } from "../../components/engines";
import { collectDatabases, collectProxies, renderMermaid, renderSummary, ResourceIndex, toPlanJson } from "../../plan";
import { RecordedSecret } from "../../plan/recorder";
import { collectRotations, inferStrategy } from "../../plan/rotationSummary";
import { clusterAndProxyResources, res } from "./plan-fixtures";

describe("plan: databases, clusters and proxies", () => {
  const resources = clusterAndProxyResources();
  const index = new ResourceIndex(resources);
  const [orders, legacy] = collectDatabases(index);
  const [ordersProxy, legacyProxy] = collectProxies(index);

  describe("collectDatabases", () => {
    it("reads an Aurora cluster: engine, Serverless v2 range, writer first, both endpoints", () => {
      assert.deepStrictEqual(
        [orders.component, orders.componentType, orders.kind, orders.name, orders.identifier, orders.engine, orders.engineVersion, orders.capacity],
        ["orders", "RotatedCluster", "cluster", "orders-cluster", "orders-cluster-1", "aurora-postgresql", "16.4", "Serverless v2 0.5-8 ACU"]);
      assert.deepStrictEqual(orders.serverlessV2, { minCapacity: 0.5, maxCapacity: 8 });
      assert.deepStrictEqual(orders.members.map((m) => [m.role, m.name, m.instanceClass]),
        [["writer", "orders-writer", "db.serverless"], ["reader", "orders-reader-1", "db.serverless"]]);
      assert.strictEqual(orders.writerEndpoint, "orders-cluster-1.cluster-cbb819753c78.eu-west-1.rds.amazonaws.com");
      assert.strictEqual(orders.readerEndpoint, "orders-cluster-1.cluster-ro-cbb819753c78.eu-west-1.rds.amazonaws.com");
      assert.strictEqual(orders.port, 5432);
    });

    it("finds the TLS parameter in the cluster parameter group, the customer key, protection and reach", () => {
      assert.deepStrictEqual(orders.tls, { parameterGroup: "orders-cluster-params", parameter: "rds.force_ssl=1", present: true });
      assert.deepStrictEqual([orders.storageEncrypted, orders.kmsKey, orders.deletionProtection, orders.finalSnapshot, orders.backupRetentionDays],
        [true, "orders-key", true, true, 7]);
      assert.deepStrictEqual(orders.securityGroups, ["orders-db-sg"]);
      assert.deepStrictEqual(orders.reachableFrom, [{ from: "orders-proxy-sg", ports: "tcp 5432" }]);
      assert.deepStrictEqual(orders.proxies, ["orders-proxy"]);
    });

    it("reports an instance without the TLS parameter, unencrypted, public and reached by nothing", () => {
      assert.deepStrictEqual([legacy.kind, legacy.componentType, legacy.capacity, legacy.multiAz, legacy.writerEndpoint, legacy.readerEndpoint],
        ["instance", "RotatedDatabase", "db.t4g.small", false, "legacy-db-1.cbb819753c78.eu-west-1.rds.amazonaws.com", null]);
      assert.deepStrictEqual(legacy.tls, { parameterGroup: "legacy-params", parameter: "require_secure_transport=1", present: false });
      assert.deepStrictEqual([legacy.storageEncrypted, legacy.deletionProtection, legacy.finalSnapshot, legacy.members[0].publiclyAccessible], [false, false, false, true]);
      // The proxy's egress alone does not reach it: the database group admits nobody.
      assert.deepStrictEqual(legacy.reachableFrom, []);
    });

    it("takes ON and 1 as the same enforcing value, and names the default group when none is set", () => {
      // The engine facts' own spelling for Aurora MySQL, and the other one in the group.
      const { name, value } = ENGINE_FACTS["aurora-mysql"].tlsParameter;
      const other = value === "ON" ? "1" : "ON";
      const group = res("aws:rds/clusterParameterGroup:ClusterParameterGroup", "g", "g-1", { parameters: [{ name, value: other }] });
      const mysql = res("aws:rds/cluster:Cluster", "c", "c-1", { engine: "aurora-mysql", dbClusterParameterGroupName: "g-1" }, undefined, { clusterIdentifier: "c-1" });
      const bare = res("aws:rds/cluster:Cluster", "d", "d-1", { engine: "aurora-mysql" }, undefined, { clusterIdentifier: "d-1" });
      const [withOn, without] = collectDatabases(new ResourceIndex([group, mysql, bare]));
      assert.deepStrictEqual(withOn.tls, { parameterGroup: "g", parameter: `require_secure_transport=${value}`, present: true });
      assert.deepStrictEqual(without.tls, { parameterGroup: null, parameter: `require_secure_transport=${value}`, present: false });
      const off = res("aws:rds/clusterParameterGroup:ClusterParameterGroup", "g", "g-1", { parameters: [{ name, value: "OFF" }] });
      assert.strictEqual(collectDatabases(new ResourceIndex([off, mysql]))[0].tls.present, false);
      assert.strictEqual(without.capacity, "no instances");
    });

    it("names a provisioned cluster's class, and a class mix with Serverless v2", () => {
      const c = res("aws:rds/cluster:Cluster", "c", "c-1", { engine: "aurora-postgresql", serverlessv2ScalingConfiguration: { minCapacity: 1, maxCapacity: 4 } }, undefined, { clusterIdentifier: "c-1" });
      const m = (name: string, cls: string, tier: number) => res("aws:rds/clusterInstance:ClusterInstance", name, name, { clusterIdentifier: "c-1", instanceClass: cls, promotionTier: tier });
      assert.strictEqual(collectDatabases(new ResourceIndex([c, m("w", "db.r6g.large", 0)]))[0].capacity, "db.r6g.large + Serverless v2 1-4 ACU");
      const p = res("aws:rds/cluster:Cluster", "p", "p-1", { engine: "aurora-postgresql" }, undefined, { clusterIdentifier: "p-1" });
      const [facts] = collectDatabases(new ResourceIndex([p, res("aws:rds/clusterInstance:ClusterInstance", "w", "w", { clusterIdentifier: "p-1", instanceClass: "db.r6g.large" })]));
      assert.deepStrictEqual([facts.capacity, facts.members[0].role], ["db.r6g.large", "writer"], "no promotion tier and no state: tier 0, the writer");
    });
  });

  describe("collectProxies", () => {
    it("reads TLS, auth with the RDS-managed secret by name, IAM, target, pool and role trust", () => {
      assert.deepStrictEqual([ordersProxy.component, ordersProxy.proxyName, ordersProxy.engineFamily, ordersProxy.requireTls, ordersProxy.endpoint],
        ["orders", "orders-proxy-x", "POSTGRESQL", true, "orders-proxy-x.proxy-cbb819753c78.eu-west-1.rds.amazonaws.com"]);
      assert.strictEqual(ordersProxy.auth.length, 1);
      assert.strictEqual(ordersProxy.auth[0].secret, "orders-cluster master secret (RDS-managed)");
      assert.deepStrictEqual([ordersProxy.auth[0].iamAuth, ordersProxy.auth[0].clientPasswordAuthType], ["REQUIRED", "POSTGRES_SCRAM_SHA_256"]);
      assert.deepStrictEqual(ordersProxy.targets, [{ kind: "cluster", identifier: "orders-cluster-1", name: "orders-cluster", securityGroups: ["orders-db-sg"] }]);
      assert.deepStrictEqual(ordersProxy.pool, { maxConnectionsPercent: 90, connectionBorrowTimeout: 120 });
      assert.deepStrictEqual(ordersProxy.role, {
        name: "orders-proxy-role", assumedBy: ["rds.amazonaws.com"], trustConditions: [{ StringEquals: { "aws:SourceAccount": "123456789012" } }],
      });
      assert.deepStrictEqual(ordersProxy.securityGroups, ["orders-proxy-sg"]);
    });

    it("gives the paths into and out of the proxy group with the rules on both sides", () => {
      assert.deepStrictEqual(ordersProxy.clients, [{
        from: "orders-client-sg", to: "orders-proxy-sg", ports: "tcp 5432", declaredBy: "egress orders-client-to-proxy + ingress orders-proxy-from-client",
      }]);
      assert.deepStrictEqual(ordersProxy.upstream, [{
        from: "orders-proxy-sg", to: "orders-db-sg", ports: "tcp 5432", declaredBy: "egress orders-proxy-to-database + ingress orders-db-from-proxy",
      }]);
    });

    it("names the paths by which the proxy's clients reach its database directly, around it", () => {
      assert.deepStrictEqual(ordersProxy.direct, []);
      const cluster = resources.find((r) => r.name === "orders")!;
      const around = [...resources,
        res("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "orders-client-to-database", "sgr-x1",
          { securityGroupId: "sg-ocl", referencedSecurityGroupId: "sg-odb", ipProtocol: "tcp", fromPort: 5432, toPort: 5432 }, cluster),
        res("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "orders-db-from-client", "sgr-x2",
          { securityGroupId: "sg-odb", referencedSecurityGroupId: "sg-ocl", ipProtocol: "tcp", fromPort: 5432, toPort: 5432 }, cluster)];
      const idx = new ResourceIndex(around);
      const [facts] = collectProxies(idx);
      assert.deepStrictEqual(facts.direct, [{
        from: "orders-client-sg", to: "orders-db-sg", ports: "tcp 5432", declaredBy: "egress orders-client-to-database + ingress orders-db-from-client",
      }]);
      assert.match(renderSummary(idx).join("\n"),
        /\n {4}also direct orders-client-sg -> orders-db-sg {2}tcp 5432 {2}\[egress orders-client-to-database \+ ingress orders-db-from-client\], around the proxy\n/);
    });

    it("says which side of a path is missing, and defaults IAM auth to disabled", () => {
      assert.deepStrictEqual(legacyProxy.clients, []);
      assert.deepStrictEqual(legacyProxy.upstream.map((h) => h.declaredBy), [
        "egress legacy-proxy-to-database only: legacy-db-sg does not admit it",
        "egress legacy-proxy-to-anywhere",
      ]);
      assert.deepStrictEqual([legacyProxy.requireTls, legacyProxy.auth[0].iamAuth, legacyProxy.role, legacyProxy.pool], [false, "DISABLED", null, null]);
    });
  });

  describe("renderSummary", () => {
    const text = renderSummary(index).join("\n");

    it("lists the cluster with its capacity, members, endpoints and safeguards", () => {
      assert.match(text, /\nDatabases and clusters\n {2}RotatedCluster orders: Aurora cluster orders-cluster \(orders-cluster-1\), aurora-postgresql 16\.4, Serverless v2 0\.5-8 ACU, 1 writer and 1 reader\n/);
      assert.match(text, /\n {4}writer endpoint orders-cluster-1\.cluster-c\S+:5432\n {4}reader endpoint orders-cluster-1\.cluster-ro-c\S+:5432\n {4}writer orders-writer \(orders-writer, db\.serverless\): orders-writer\.c\S+\n {4}reader orders-reader-1 /);
      assert.match(text, /\n {4}TLS forced: rds\.force_ssl=1 in orders-cluster-params\n {4}storage encrypted with orders-key; deletion protection on; final snapshot on delete; backups kept 7 days\n {4}security groups orders-db-sg; reachable from orders-proxy-sg \(tcp 5432\)\n {4}behind RDS Proxy orders-proxy\n/);
    });

    it("writes what is missing in capitals", () => {
      assert.match(text, /endpoint legacy-db-1\.\S+:3306 {2}!! PUBLICLY ACCESSIBLE/);
      assert.match(text, /TLS NOT FORCED: require_secure_transport=1 MISSING from legacy-params/);
      assert.match(text, /storage NOT ENCRYPTED; deletion protection off; no final snapshot; backups: RDS default/);
      assert.match(text, /proxy legacy-proxy \(legacy-proxy\), MYSQL, TLS NOT REQUIRED/);
      assert.match(text, /path: NO client may reach the proxy/);
      assert.match(text, /out legacy-proxy-sg -> 0\.0\.0\.0\/0 {2}tcp 3306 {2}\[egress legacy-proxy-to-anywhere\] {2}!! NOT THE TARGET'S SECURITY GROUP/);
    });

    it("shows each proxy with its auth, target, group, role and the client -> proxy -> database path", () => {
      assert.match(text, /\nRDS Proxy \(client -> proxy -> database\)\n {2}RotatedCluster orders: proxy orders-proxy \(orders-proxy-x\), POSTGRESQL, TLS required, idle client timeout 1800 s, debug logging off\n/);
      assert.match(text, /\n {4}auth SECRETS with orders-cluster master secret \(RDS-managed\); IAM auth required; client password auth POSTGRES_SCRAM_SHA_256\n/);
      assert.match(text, /\n {4}target cluster orders-cluster \(orders-cluster-1\); pool 90% of max_connections, borrow timeout 120 s\n/);
      assert.match(text, /\n {4}security group orders-proxy-sg; role orders-proxy-role, assumed by rds\.amazonaws\.com when \{"StringEquals":\{"aws:SourceAccount":"123456789012"\}\}\n/);
      assert.match(text, /\n {4}path orders-client-sg -> orders-proxy-sg -> orders-db-sg {2}tcp 5432\n/);
      assert.match(text, /\n {4}in {2}orders-client-sg -> orders-proxy-sg {2}tcp 5432 {2}\[egress orders-client-to-proxy \+ ingress orders-proxy-from-client\]\n/);
    });

    it("shows the proxy role in IAM with what uses it and its trust, and the cluster's managed rotation", () => {
      assert.match(text, /\n {2}role orders-proxy-role \(for proxy orders-proxy\), assumed by rds\.amazonaws\.com when \{"StringEquals":\{"aws:SourceAccount":"123456789012"\}\}\n {4}policy orders-proxy-policy\n {6}Allow secretsmanager:GetSecretValue on orders-cluster master secret \(RDS-managed\) \(arn:aws:secretsmanager:[^)]+rds!cluster-[^)]+\)\n/);
      assert.match(text, /\n {2}orders: strategy managed; schedule rate\(4 hours\); rotates immediately on creation; secret orders-cluster master secret \(RDS-managed\); rotated by RDS \(no function\)/);
    });

    it("leaves the proxy section out of a plan without a proxy", () => {
      const noProxy = renderSummary(new ResourceIndex(resources.filter((r) => r.type !== "aws:rds/proxy:Proxy"))).join("\n");
      assert.ok(!noProxy.includes("RDS Proxy ("), noProxy);
      assert.match(noProxy, /Databases and clusters/);
    });
  });

  describe("rotation strategy of a cluster", () => {
    it("is managed from manageMasterUserPassword on the cluster, and alternating-users from masterarn", () => {
      const [rotation] = collectRotations(index);
      assert.deepStrictEqual([rotation.owner.name, rotation.strategy], ["orders", "managed"]);
      const c = res("rotated-rds:index:RotatedCluster", "alt", undefined, {});
      const alt = [c,
        res("aws:rds/cluster:Cluster", "alt-cluster", "alt-cluster", { manageMasterUserPassword: true }, c),
        res("aws:lambda/function:Function", "alt-rotation", "alt-rotation", {}, c),
        res("aws:secretsmanager/secretVersion:SecretVersion", "v", "v", { secretString: new RecordedSecret(JSON.stringify({ masterarn: "arn:m", dbClusterIdentifier: "alt-cluster" })) }, c)];
      assert.strictEqual(inferStrategy(new ResourceIndex(alt), c), "alternating-users");
      const single = [c, res("aws:rds/cluster:Cluster", "s-cluster", "s-cluster", {}, c), res("aws:lambda/function:Function", "s-rotation", "s-rotation", {}, c)];
      assert.strictEqual(inferStrategy(new ResourceIndex(single), c), "single-user");
    });
  });

  describe("toPlanJson", () => {
    const json = toPlanJson("staging", resources);

    it("carries the same database and proxy facts as the text", () => {
      assert.deepStrictEqual(json.databases, collectDatabases(index));
      assert.deepStrictEqual(json.proxies, collectProxies(index));
      assert.deepStrictEqual(json.databases.map((d) => [d.kind, d.name]), [["cluster", "orders-cluster"], ["instance", "legacy-db"]]);
      assert.deepStrictEqual(json.proxies.map((p) => p.targets.map((t) => t.name)), [["orders-cluster"], ["legacy-db"]]);
    });

    it("survives a JSON round trip unchanged (plain data only)", () => {
      assert.deepStrictEqual(JSON.parse(JSON.stringify({ d: json.databases, p: json.proxies })), { d: json.databases, p: json.proxies });
    });
  });

  it("links the proxy to its security group in the Mermaid diagram", () => {
    const diagram = renderMermaid(index, "t");
    const ids = new Map(resources.map((r, n) => [r.name, `r${n}`]));
    assert.ok(diagram.includes(`  ${ids.get("orders-proxy-sg")} -.- ${ids.get("orders-proxy")}\n`), diagram);
    assert.ok(diagram.includes(`  ${ids.get("orders-client-sg")} -->|"tcp 5432"| ${ids.get("orders-proxy-sg")}\n`), diagram);
  });
});
