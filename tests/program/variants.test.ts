// Stack shapes beyond the committed stack files: several databases sharing one endpoint, an existing
// VPC, managed rotation (which needs no endpoint at all), and RDS Proxy in front of an instance.
import * as assert from "assert";
import { planConfig, ResourceIndex, readStackFile, StackFileConfig } from "../../plan";
import { assertStackOutputs, countByType, REPO_ROOT } from "./helpers";

function stack(values: Record<string, unknown>): StackFileConfig {
  const base = readStackFile(REPO_ROOT, "dev");
  const config: Record<string, string> = { ...base.config };
  for (const [k, v] of Object.entries(values)) config[`rotated-rds:${k}`] = typeof v === "string" ? v : JSON.stringify(v);
  return { ...base, stack: "variant", config };
}

describe("stack variants", () => {
  it("puts three databases of different engines behind one shared endpoint, without name collisions", async () => {
    const config = stack({
      databases: { orders: { engine: "postgres" }, billing: { engine: "mysql" }, audit: { engine: "mariadb" } },
    });
    const plan = await planConfig(config);
    const counts = countByType(plan.resources);
    assert.strictEqual(counts["rotated-rds:index:RotatedDatabase"], 3);
    assert.strictEqual(counts["aws:ec2/vpcEndpoint:VpcEndpoint"], 1);
    assert.strictEqual(counts["rotated-rds:index:SecretsManagerEndpoint"], 1);
    assert.strictEqual(new Set(plan.resources.map((r) => r.urn)).size, plan.resources.length);
    const endpointIngress = plan.resources.filter((r) => r.type === "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule" && r.inputs.fromPort === 443);
    assert.strictEqual(endpointIngress.length, 6, "each rotation group and each client group is let into the shared endpoint");
    assert.deepStrictEqual(Object.keys((plan.outputs as { databases: object }).databases), ["orders", "billing", "audit"]);
    assertStackOutputs(plan.outputs, plan.resources, config.config);
  });

  it("uses an existing VPC and its subnets, creating no VPC", async () => {
    const subnets = ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"];
    const config = stack({ vpcId: "vpc-0123456789abcdef0", subnetIds: subnets });
    const plan = await planConfig(config);
    const index = new ResourceIndex(plan.resources);
    assert.strictEqual(index.ofType("awsx:ec2:Vpc").length, 0);
    const [endpoint] = index.ofType("aws:ec2/vpcEndpoint:VpcEndpoint");
    assert.strictEqual(endpoint.inputs.vpcId, "vpc-0123456789abcdef0");
    assert.deepStrictEqual(endpoint.inputs.subnetIds, subnets);
    assert.deepStrictEqual(index.ofType("aws:rds/subnetGroup:SubnetGroup")[0].inputs.subnetIds, subnets);
    assert.deepStrictEqual((plan.outputs as { subnetIds: string[] }).subnetIds, subnets);
    assertStackOutputs(plan.outputs, plan.resources, config.config);
  });

  it("creates no endpoint when every database uses managed rotation", async () => {
    const config = stack({ databases: { app: { rotation: { strategy: "managed" } } } });
    const plan = await planConfig(config);
    const counts = countByType(plan.resources);
    assert.strictEqual(counts["aws:ec2/vpcEndpoint:VpcEndpoint"], undefined);
    assert.strictEqual(counts["aws:lambda/function:Function"], undefined);
    assert.strictEqual(counts["aws:secretsmanager/secretRotation:SecretRotation"], 1);
    assert.ok(!("secretsManagerEndpointId" in (plan.outputs as object)));
    assertStackOutputs(plan.outputs, plan.resources, config.config);
  });

  it("exports each database's outputs from its own resources when strategies and alert topics differ", async () => {
    const topicArn = "arn:aws:sns:eu-west-1:123456789012:platform-alerts";
    const config = stack({
      databases: {
        orders: { rotation: { strategy: "managed" }, alerts: { topicArn } },
        billing: { engine: "mysql", rotation: { strategy: "alternating-users", applicationUsername: "billing_app" } },
        audit: { engine: "mariadb", alerts: { topicArn } },
      },
    });
    const plan = await planConfig(config);
    assert.strictEqual(countByType(plan.resources)["aws:sns/topic:Topic"], 1, "only billing creates a topic");
    assertStackOutputs(plan.outputs, plan.resources, config.config);
  });

  it("applies stack tags and the stack alert e-mail to each database", async () => {
    const plan = await planConfig(stack({ alertEmail: "ops@example.com", tags: { team: "data" } }));
    const sub = plan.resources.find((r) => r.type === "aws:sns/topicSubscription:TopicSubscription");
    assert.deepStrictEqual([sub?.inputs.protocol, sub?.inputs.endpoint], ["email", "ops@example.com"]);
    const instance = plan.resources.find((r) => r.type === "aws:rds/instance:Instance")!;
    assert.strictEqual((instance.inputs.tags as Record<string, string>).team, "data");
  });
});

describe("stack variants: Aurora clusters", () => {
  it("puts two clusters and two instances behind one shared endpoint, each with its own groups and names", async () => {
    const config = stack({
      databases: {
        orders: { cluster: { readers: 2 } },
        billing: { cluster: { engine: "aurora-mysql", instanceClass: "db.r7g.large" }, rotation: { strategy: "alternating-users", applicationUsername: "billing_app" } },
        audit: { engine: "mariadb" },
        reports: { rotation: { strategy: "managed" } },
      },
    });
    const plan = await planConfig(config);
    const index = new ResourceIndex(plan.resources);
    const counts = countByType(plan.resources);
    assert.strictEqual(counts["rotated-rds:index:RotatedCluster"], 2);
    assert.strictEqual(counts["rotated-rds:index:RotatedDatabase"], 2);
    assert.strictEqual(counts["aws:ec2/vpcEndpoint:VpcEndpoint"], 1, "one endpoint for the VPC");
    assert.strictEqual(counts["aws:rds/clusterInstance:ClusterInstance"], 4, "orders' writer and two readers, billing's writer");
    assert.strictEqual(new Set(plan.resources.map((r) => r.urn)).size, plan.resources.length);
    // The shared endpoint admits every rotation group (orders, billing, audit) and every client group (all four).
    const [endpointGroup] = index.ofType("aws:ec2/securityGroup:SecurityGroup").filter((g) => g.name === "secrets-manager-sg");
    const admitted = index.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
      .filter((r) => r.inputs.securityGroupId === endpointGroup.id).map((r) => index.describe(String(r.inputs.referencedSecurityGroupId))).sort();
    const groups = ["orders-rotation-sg", "orders-client-sg", "billing-rotation-sg", "billing-client-sg", "audit-rotation-sg", "audit-client-sg", "reports-client-sg"];
    assert.deepStrictEqual(admitted, groups.map((g) => index.describe(index.ofType("aws:ec2/securityGroup:SecurityGroup").find((x) => x.name === g)!.id!)).sort());
    assert.deepStrictEqual(Object.keys((plan.outputs as { databases: object }).databases), ["orders", "billing", "audit", "reports"]);
    assertStackOutputs(plan.outputs, plan.resources, config.config);
  });

  it("declares a cluster in an existing VPC with its existing endpoint, adding only its own grants", async () => {
    const endpointSg = "sg-0e0e0e0e0e0e0e0e0";
    const config = stack({
      vpcId: "vpc-0123456789abcdef0", subnetIds: ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"],
      secretsManagerAccess: "existing-endpoint", secretsManagerEndpointId: "vpce-0123456789abcdef0", secretsManagerEndpointSecurityGroupId: endpointSg,
      databases: { orders: { cluster: {}, proxy: {} } },
    });
    const plan = await planConfig(config);
    const index = new ResourceIndex(plan.resources);
    assert.strictEqual(countByType(plan.resources)["aws:ec2/vpcEndpoint:VpcEndpoint"], undefined);
    assert.deepStrictEqual(index.ofType("aws:rds/subnetGroup:SubnetGroup")[0].inputs.subnetIds, ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"]);
    const grants = index.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) => r.inputs.securityGroupId === endpointSg);
    assert.deepStrictEqual(grants.map((r) => r.name).sort(), ["orders-endpoint-from-client", "orders-endpoint-from-rotation"]);
    assertStackOutputs(plan.outputs, plan.resources, config.config);
  });
});

describe("stack variants: RDS Proxy", () => {
  const PROXY_TYPES = [
    "aws:rds/proxy:Proxy", "aws:rds/proxyDefaultTargetGroup:ProxyDefaultTargetGroup", "aws:rds/proxyTarget:ProxyTarget",
  ];

  it("puts a TLS-only proxy in front of an instance, outputs its endpoint and, with iamAuth, the rds-db:connect document", async () => {
    const config = stack({ databases: { app: { proxy: { iamAuth: true } }, reports: { rotation: { strategy: "managed" }, proxy: {} }, audit: {} } });
    const plan = await planConfig(config);
    const index = new ResourceIndex(plan.resources);
    const counts = countByType(plan.resources);
    for (const type of PROXY_TYPES) assert.strictEqual(counts[type], 2, type);
    const proxies = index.ofType("aws:rds/proxy:Proxy");
    assert.deepStrictEqual(proxies.map((p) => p.name).sort(), ["app-proxy", "reports-proxy"]);
    for (const proxy of proxies) assert.strictEqual(proxy.inputs.requireTls, true, proxy.name);
    const auth = (name: string) => (proxies.find((p) => p.name === name)!.inputs.auths as Array<Record<string, unknown>>)[0].iamAuth;
    assert.deepStrictEqual([auth("app-proxy"), auth("reports-proxy")], ["REQUIRED", "DISABLED"]);
    const outputs = (plan.outputs as { databases: Record<string, Record<string, unknown>> }).databases;
    assert.deepStrictEqual(Object.keys(outputs.audit).filter((k) => k.startsWith("proxy")), [], "audit has no proxy");
    assert.deepStrictEqual(Object.keys(outputs.reports).filter((k) => k.startsWith("proxy")), ["proxyEndpoint"], "no iamAuth, no connect document");
    assertStackOutputs(plan.outputs, plan.resources, config.config);
  });

  it("reaches the database only through the proxy, unless proxy.directAccess keeps the clients' direct path", async () => {
    const config = stack({ databases: { app: { proxy: {} }, reports: { proxy: { directAccess: "true" } }, audit: {} } });
    const index = new ResourceIndex((await planConfig(config)).resources);
    const sourcesInto = (db: string) => {
      const [group] = index.ofType("aws:ec2/securityGroup:SecurityGroup").filter((g) => g.name === `${db}-db-sg`);
      return index.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
        .filter((r) => r.inputs.securityGroupId === group.id).map((r) => index.nameOf(r.inputs.referencedSecurityGroupId)).sort();
    };
    assert.deepStrictEqual(sourcesInto("app"), ["app-proxy-sg", "app-rotation-sg"]);
    assert.deepStrictEqual(sourcesInto("reports"), ["reports-client-sg", "reports-proxy-sg", "reports-rotation-sg"]);
    assert.deepStrictEqual(sourcesInto("audit"), ["audit-client-sg", "audit-rotation-sg"]);
  });
});

describe("stack variants: how the VPC reaches Secrets Manager", () => {
  const existingVpc = { vpcId: "vpc-0123456789abcdef0", subnetIds: ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"] };
  const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
  const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
  const groupId = (index: ResourceIndex, name: string) => {
    const [g] = index.ofType("aws:ec2/securityGroup:SecurityGroup").filter((r) => r.name === name);
    assert.ok(g?.id, `no security group ${name}`);
    return g.id;
  };
  const rules = (index: ResourceIndex, type: string, groupIdValue: string) => index.ofType(type)
    .filter((r) => r.inputs.securityGroupId === groupIdValue)
    .map((r) => [r.inputs.fromPort, r.inputs.referencedSecurityGroupId ?? r.inputs.cidrIpv4])
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

  it("existing-endpoint: creates no endpoint, adds each database's grants to the configured group, and exports the configured id", async () => {
    const endpointSg = "sg-0e0e0e0e0e0e0e0e0";
    const config = stack({
      ...existingVpc,
      secretsManagerAccess: "existing-endpoint",
      secretsManagerEndpointId: "vpce-0123456789abcdef0",
      secretsManagerEndpointSecurityGroupId: endpointSg,
      databases: { orders: {}, reports: { rotation: { strategy: "managed" }, allowedSecurityGroupIds: ["sg-0a0a0a0a0a0a0a0a0"] } },
    });
    const plan = await planConfig(config);
    const index = new ResourceIndex(plan.resources);
    const counts = countByType(plan.resources);
    assert.strictEqual(counts["aws:ec2/vpcEndpoint:VpcEndpoint"], undefined);
    assert.strictEqual(counts["rotated-rds:index:SecretsManagerEndpoint"], undefined);
    assert.deepStrictEqual(rules(index, INGRESS, endpointSg), [
      [443, groupId(index, "orders-client-sg")],
      [443, groupId(index, "orders-rotation-sg")],
      [443, groupId(index, "reports-client-sg")],
      [443, "sg-0a0a0a0a0a0a0a0a0"],
    ].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))));
    for (const group of ["orders-client-sg", "orders-rotation-sg", "reports-client-sg"]) {
      assert.ok(rules(index, EGRESS, groupId(index, group)).some(([port, peer]) => port === 443 && peer === endpointSg), `${group} has no 443 egress to the existing endpoint's group`);
    }
    // The grants belong to the databases (they go away with them), not to anything that owns the group.
    const orders = index.ofType("rotated-rds:index:RotatedDatabase").find((r) => r.name === "orders")!;
    assert.strictEqual(index.ofType(INGRESS).find((r) => r.name === "orders-endpoint-from-client")?.parent, orders.urn);
    assertStackOutputs(plan.outputs, plan.resources, config.config);
  });

  it("nat: creates no endpoint and gives the rotation and client groups 443 to anywhere, nothing to the endpoint", async () => {
    const config = stack({ ...existingVpc, secretsManagerAccess: "nat" });
    const plan = await planConfig(config);
    const index = new ResourceIndex(plan.resources);
    assert.strictEqual(countByType(plan.resources)["aws:ec2/vpcEndpoint:VpcEndpoint"], undefined);
    assert.deepStrictEqual(rules(index, EGRESS, groupId(index, "app-client-sg")), [[443, "0.0.0.0/0"], [5432, groupId(index, "app-db-sg")]]);
    assert.deepStrictEqual(rules(index, EGRESS, groupId(index, "app-rotation-sg")), [[443, "0.0.0.0/0"], [5432, groupId(index, "app-db-sg")]]);
    assert.deepStrictEqual(index.ofType(INGRESS).filter((r) => r.inputs.fromPort === 443).map((r) => r.name), []);
    assert.ok(index.ofType(INGRESS).every((r) => r.inputs.cidrIpv4 === undefined), "no ingress from a CIDR");
    assert.ok(!("secretsManagerEndpointId" in (plan.outputs as object)));
    assertStackOutputs(plan.outputs, plan.resources, config.config);
  });

  it("endpoint: a managed database's clients are admitted to the shared endpoint too (its private DNS covers the VPC)", async () => {
    const config = stack({ databases: { orders: {}, reports: { rotation: { strategy: "managed" } } } });
    const plan = await planConfig(config);
    const index = new ResourceIndex(plan.resources);
    const endpointSg = groupId(index, "secrets-manager-sg");
    const admitted = rules(index, INGRESS, endpointSg).map(([, peer]) => peer);
    assert.ok(admitted.includes(groupId(index, "reports-client-sg")), "the managed database's client group is not admitted");
    assert.strictEqual(admitted.length, 3, "orders' rotation and client groups and reports' client group");
    assert.ok(rules(index, EGRESS, groupId(index, "reports-client-sg")).some(([port, peer]) => port === 443 && peer === endpointSg));
    assertStackOutputs(plan.outputs, plan.resources, config.config);
  });
});
