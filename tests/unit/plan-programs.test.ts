// The plan of real programs: a RotatedCluster (writer, reader, RDS Proxy with IAM auth) and a
// RotatedDatabase behind a proxy that keeps its clients' direct path (directAccess), recorded under the mocks, read back by the plan's collectors and
// renderers. Every fact is checked against the recorded resource it must come from, so the plan says
// what the components declare, not what the collectors guess.
import * as assert from "assert";
import { collectDatabases, collectProxies, renderSummary, ResourceIndex, toPlanJson } from "../../plan";
import { RecordedResource, recordProgram, unwrapSecrets } from "../../plan/recorder";
import { inferStrategy } from "../../plan/rotationSummary";

const VPC = "vpc-0123456789abcdef0";
const SUBNETS = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"];

describe("plan of a RotatedCluster and a RotatedDatabase behind RDS Proxy", function () {
  this.timeout(60_000);
  let resources: RecordedResource[];
  let index: ResourceIndex;
  const one = (type: string, name: string) => {
    const found = resources.filter((r) => r.type === type && r.name === name);
    assert.strictEqual(found.length, 1, `${type} ${name}`);
    return found[0];
  };
  const state = (r: RecordedResource, key: string) => unwrapSecrets(r.state[key]);

  before(async () => {
    const record = await recordProgram(() => {
      // Required inside the program: the components register resources only under the mocks.
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      const { RotatedCluster, RotatedDatabase, SecretsManagerEndpoint } = require("../../components") as typeof import("../../components");
      // One endpoint per VPC, shared by both (as the stack program does).
      const endpoint = new SecretsManagerEndpoint("shared", { vpcId: VPC, subnetIds: SUBNETS });
      new RotatedCluster("orders", {
        vpcId: VPC, subnetIds: SUBNETS, engine: "aurora-postgresql", readers: 1, deletionProtection: true,
        proxy: { iamAuth: true }, secretsManagerAccess: { endpoint },
      });
      // billing keeps its clients' direct path beside the proxy: the plan must show it as such.
      new RotatedDatabase("billing", { vpcId: VPC, subnetIds: SUBNETS, engine: "mysql", proxy: { directAccess: true }, secretsManagerAccess: { endpoint } });
    }, { region: "eu-west-1" });
    resources = record.resources;
    index = new ResourceIndex(resources);
  });

  it("lists the cluster with the instances, endpoints and parameter group it declares", () => {
    const cluster = one("aws:rds/cluster:Cluster", "orders-cluster");
    const writer = one("aws:rds/clusterInstance:ClusterInstance", "orders-writer");
    const reader = one("aws:rds/clusterInstance:ClusterInstance", "orders-reader-1");
    const facts = collectDatabases(index).find((d) => d.kind === "cluster")!;
    assert.deepStrictEqual([facts.component, facts.componentType, facts.name, facts.identifier], ["orders", "RotatedCluster", "orders-cluster", cluster.id]);
    assert.deepStrictEqual(facts.members.map((m) => [m.role, m.name, m.identifier, m.endpoint]), [
      ["writer", "orders-writer", writer.id, state(writer, "endpoint")],
      ["reader", "orders-reader-1", reader.id, state(reader, "endpoint")],
    ]);
    assert.deepStrictEqual([facts.writerEndpoint, facts.readerEndpoint, facts.port],
      [state(cluster, "endpoint"), state(cluster, "readerEndpoint"), state(cluster, "port")]);
    const group = index.lookup(cluster.inputs.dbClusterParameterGroupName)!;
    assert.strictEqual(group.type, "aws:rds/clusterParameterGroup:ClusterParameterGroup");
    assert.deepStrictEqual([facts.tls.parameterGroup, facts.tls.present], [group.name, true]);
    assert.deepStrictEqual([facts.storageEncrypted, facts.deletionProtection], [true, true]);
    assert.deepStrictEqual(facts.proxies, ["orders-proxy"]);
    assert.strictEqual(inferStrategy(index, one("rotated-rds:index:RotatedCluster", "orders")), "single-user");
  });

  it("shows each proxy with its secret, IAM setting, target, endpoint, group and role as declared", () => {
    const proxies = collectProxies(index);
    assert.deepStrictEqual(proxies.map((p) => p.name), ["orders-proxy", "billing-proxy"]);
    for (const [component, target, iam] of [["orders", "orders-cluster", "REQUIRED"], ["billing", "billing-db", "DISABLED"]] as const) {
      const facts = proxies.find((p) => p.component === component)!;
      const proxy = one("aws:rds/proxy:Proxy", `${component}-proxy`);
      const secret = one("aws:secretsmanager/secret:Secret", `${component}-secret`);
      assert.deepStrictEqual([facts.proxyName, facts.endpoint, facts.requireTls], [proxy.id, state(proxy, "endpoint"), true]);
      assert.deepStrictEqual(facts.auth.map((a) => [a.secret, a.iamAuth]), [[secret.name, iam]]);
      assert.deepStrictEqual(facts.targets.map((t) => [t.name, t.securityGroups]), [[target, [`${component}-db-sg`]]]);
      assert.deepStrictEqual(facts.securityGroups, [`${component}-proxy-sg`]);
      assert.deepStrictEqual([facts.role?.name, facts.role?.assumedBy], [`${component}-proxy-role`, ["rds.amazonaws.com"]]);
    }
  });

  it("lists the cluster proxy's read-only endpoint as declared, and none for the instance's proxy", () => {
    const [orders, billing] = ["orders", "billing"].map((c) => collectProxies(index).find((p) => p.component === c)!);
    const endpoint = one("aws:rds/proxyEndpoint:ProxyEndpoint", "orders-proxy-reader");
    assert.strictEqual(endpoint.inputs.dbProxyName, orders.proxyName);
    assert.deepStrictEqual(orders.extraEndpoints, [{
      name: "orders-proxy-reader", endpointName: endpoint.inputs.dbProxyEndpointName, targetRole: "READ_ONLY", endpoint: state(endpoint, "endpoint"),
    }]);
    assert.deepStrictEqual(billing.extraEndpoints, []);
    const text = renderSummary(index).join("\n");
    assert.ok(text.includes(`\n    read-only endpoint orders-proxy-reader (${String(endpoint.inputs.dbProxyEndpointName)}): ${String(state(endpoint, "endpoint"))}\n`), text);
    assert.strictEqual((text.match(/read-only endpoint /g) ?? []).length, 1, text);
  });

  it("gives exactly the paths client -> proxy -> database, each declared on both sides", () => {
    for (const component of ["orders", "billing"]) {
      const facts = collectProxies(index).find((p) => p.component === component)!;
      const port = String(state(one("aws:rds/proxy:Proxy", `${component}-proxy`), "engineFamily")) === "MYSQL" ? 3306 : 5432;
      assert.deepStrictEqual(facts.clients.map((h) => [h.from, h.to, h.ports]), [[`${component}-client-sg`, `${component}-proxy-sg`, `tcp ${port}`]]);
      assert.deepStrictEqual(facts.upstream.map((h) => [h.from, h.to, h.ports]), [[`${component}-proxy-sg`, `${component}-db-sg`, `tcp ${port}`]]);
      // Around the proxy: exactly the database group's own ingress rules from the client group.
      const dbSg = one("aws:ec2/securityGroup:SecurityGroup", `${component}-db-sg`);
      const clientSg = one("aws:ec2/securityGroup:SecurityGroup", `${component}-client-sg`);
      const directRules = resources.filter((r) => r.type === "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule" &&
        r.inputs.securityGroupId === dbSg.id && r.inputs.referencedSecurityGroupId === clientSg.id);
      assert.deepStrictEqual(facts.direct.map((h) => [h.from, h.to]), directRules.map(() => [clientSg.name, dbSg.name]));
      // orders reaches its cluster only through the proxy (the default); billing has proxy.directAccess.
      assert.deepStrictEqual(facts.direct.map((h) => [h.from, h.to, h.declaredBy]),
        component === "orders" ? [] : [[clientSg.name, dbSg.name, `egress ${component}-client-to-database + ingress ${component}-db-from-client`]]);
      assert.deepStrictEqual([...facts.clients, ...facts.upstream].map((h) => h.declaredBy), [
        `egress ${component}-client-to-proxy + ingress ${component}-proxy-from-client`,
        `egress ${component}-proxy-to-database + ingress ${component}-db-from-proxy`,
      ]);
    }
  });

  it("renders the cluster, its instances, the proxies and their paths in the text plan", () => {
    const text = renderSummary(index).join("\n");
    const cluster = one("aws:rds/cluster:Cluster", "orders-cluster");
    assert.match(text, new RegExp(`\\n  RotatedCluster orders: Aurora cluster orders-cluster \\(${cluster.id}\\), aurora-postgresql [0-9.]+, Serverless v2 [0-9.]+-[0-9.]+ ACU, 1 writer and 1 reader\\n`));
    assert.ok(text.includes(`    reader endpoint ${String(state(cluster, "readerEndpoint"))}:5432\n`), text);
    assert.match(text, /\n {4}writer orders-writer \(/);
    assert.match(text, /\n {4}reader orders-reader-1 \(/);
    assert.match(text, /\n {2}RotatedDatabase billing: instance billing-db \(/);
    assert.match(text, /\n {4}path orders-client-sg -> orders-proxy-sg -> orders-db-sg {2}tcp 5432\n/);
    assert.match(text, /\n {4}path billing-client-sg -> billing-proxy-sg -> billing-db-sg {2}tcp 3306\n/);
    assert.match(text, /\n {2}RotatedCluster orders: proxy orders-proxy \([^)]+\), POSTGRESQL, TLS required, /);
    assert.match(text, /\n {4}auth SECRETS with orders-secret; IAM auth required; client password auth POSTGRES_SCRAM_SHA_256\n/);
    assert.match(text, /\n {2}role orders-proxy-role \(for proxy orders-proxy\), assumed by rds\.amazonaws\.com/);
    assert.ok(!/NOT FORCED|NOT ENCRYPTED|NOT REQUIRED|PUBLICLY|!!/.test(text), text);
  });

  it("carries the same facts in the JSON plan, with no secret value", () => {
    const json = toPlanJson("t", resources);
    assert.deepStrictEqual(json.databases, collectDatabases(index));
    assert.deepStrictEqual(json.proxies, collectProxies(index));
    const passwords = resources.filter((r) => r.type === "pulumi-nodejs:dynamic/rotated-rds:GeneratedPassword").map((r) => String(state(r, "password")));
    assert.strictEqual(passwords.length, 2);
    const text = JSON.stringify(json);
    for (const p of passwords) assert.ok(!text.includes(p), "a generated password in the JSON plan");
  });
});
