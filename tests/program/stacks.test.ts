// Every Pulumi.<stack>.yaml in the repository, read from the real file, runs through the entry program
// under mocks; the graph it declares is asserted here (counts, one endpoint per VPC, the rotation
// strategy, secrets only as Pulumi secrets, stack outputs by identity).
import * as assert from "assert";
import { listStacks, Plan, planStack, readStackFile, ResourceIndex } from "../../plan";
import { RecordedSecret, unwrapSecrets } from "../../plan/recorder";
import { inferStrategy } from "../../plan/rotationSummary";
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

function expectedCounts(extra: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const table of [PER_DATABASE, PER_STACK, extra]) {
    for (const [t, n] of Object.entries(table)) out[t] = (out[t] ?? 0) + n;
  }
  return out;
}

const EXPECTED: Record<string, { strategy: string; counts: Record<string, number>; region: string }> = {
  dev: { strategy: "single-user", region: "eu-west-1", counts: expectedCounts({}) },
  prod: { strategy: "alternating-users", region: "eu-west-1", counts: expectedCounts({ "aws:sns/topicSubscription:TopicSubscription": 1 }) },
};

const stacks = listStacks(REPO_ROOT);

describe("stack files", () => {
  it("include dev and prod, and each is described below", () => {
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
        const databases = index.ofType("rotated-rds:index:RotatedDatabase").length;
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
      });

      it(`rotates with the ${EXPECTED[stack].strategy} strategy on a schedule of at most every 4 hours`, () => {
        for (const db of index.ofType("rotated-rds:index:RotatedDatabase")) {
          assert.strictEqual(inferStrategy(index, db), EXPECTED[stack].strategy, db.name);
        }
        for (const rotation of index.ofType("aws:secretsmanager/secretRotation:SecretRotation")) {
          assert.deepStrictEqual((rotation.inputs.rotationRules as Record<string, unknown>).scheduleExpression, "rate(4 hours)");
        }
      });

      it("holds no password anywhere in inputs except as a Pulumi secret", () => {
        const generated = index.ofType("pulumi-nodejs:dynamic/rotated-rds:GeneratedPassword").map((p) => String(unwrapSecrets(p.state.password)));
        assert.ok(generated.length >= 1 && generated.every((p) => p.length >= 16), "the generated passwords");
        for (const r of plan.resources) {
          for (const leaf of leaves(r.inputs)) {
            if (leaf.value instanceof RecordedSecret) continue;
            assert.ok(!generated.some((p) => String(leaf.value).includes(p)), `${r.name}.${leaf.path} holds the generated password in the clear`);
            if (/password/i.test(leaf.path) && !/(manageMasterUserPassword|passwordLength|WoVersion|PASSWORD_LENGTH)$/.test(leaf.path)) {
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
