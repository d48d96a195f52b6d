// Stack shapes beyond the two committed stack files: several databases sharing one endpoint, an
// existing VPC, and managed rotation (which needs no endpoint at all).
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
    assert.strictEqual(endpointIngress.length, 3, "each rotation group is let into the shared endpoint");
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
