// Helpers for reading a recorded program in the component tests: find resources by type and name,
// read inputs and resource options, name dependencies, unwrap secrets.
import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { GENERATED_PASSWORD_TYPE, GeneratedPassword } from "../../components/generatedPassword";
import { ProgramRecord, RecordedOptions, RecordedResource, RecordedSecret, unwrapSecrets } from "../../plan/recorder";

export const T = {
  db: "rotated-rds:index:RotatedDatabase",
  clusterComponent: "rotated-rds:index:RotatedCluster",
  cluster: "aws:rds/cluster:Cluster",
  clusterInstance: "aws:rds/clusterInstance:ClusterInstance",
  clusterParameterGroup: "aws:rds/clusterParameterGroup:ClusterParameterGroup",
  endpointComponent: "rotated-rds:index:SecretsManagerEndpoint",
  sg: "aws:ec2/securityGroup:SecurityGroup",
  ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  egress: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
  vpce: "aws:ec2/vpcEndpoint:VpcEndpoint",
  instance: "aws:rds/instance:Instance",
  subnetGroup: "aws:rds/subnetGroup:SubnetGroup",
  parameterGroup: "aws:rds/parameterGroup:ParameterGroup",
  secret: "aws:secretsmanager/secret:Secret",
  secretVersion: "aws:secretsmanager/secretVersion:SecretVersion",
  rotation: "aws:secretsmanager/secretRotation:SecretRotation",
  fn: "aws:lambda/function:Function",
  permission: "aws:lambda/permission:Permission",
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  eventRule: "aws:cloudwatch/eventRule:EventRule",
  eventTarget: "aws:cloudwatch/eventTarget:EventTarget",
  alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  topic: "aws:sns/topic:Topic",
  topicPolicy: "aws:sns/topicPolicy:TopicPolicy",
  subscription: "aws:sns/topicSubscription:TopicSubscription",
  password: GENERATED_PASSWORD_TYPE,
} as const;

/**
 * The custom-resource types among the children whose provider schema has no `tags`, with their
 * classes: structure.test.ts checks each class really takes none, so a taggable type cannot hide here.
 */
export const UNTAGGABLE: ReadonlyMap<string, { toString(): string }> = new Map<string, { toString(): string }>([
  [T.secretVersion, aws.secretsmanager.SecretVersion],
  [T.rotation, aws.secretsmanager.SecretRotation],
  [T.rolePolicy, aws.iam.RolePolicy],
  [T.permission, aws.lambda.Permission],
  [T.eventTarget, aws.cloudwatch.EventTarget],
  [T.topicPolicy, aws.sns.TopicPolicy],
  [T.subscription, aws.sns.TopicSubscription],
  // A dynamic resource: state in Pulumi only, nothing in AWS to tag.
  [T.password, GeneratedPassword],
]);

/** `type name` of each taggable custom resource among `resources` that lacks one of `expected`'s tags. */
export function missingTags(resources: readonly RecordedResource[], expected: Record<string, string>): string[] {
  return resources
    .filter((r) => r.custom && !UNTAGGABLE.has(r.type))
    .filter((r) => {
      const tags = (r.inputs.tags ?? {}) as Record<string, string>;
      return Object.entries(expected).some(([k, v]) => tags[k] !== v);
    })
    .map((r) => `${r.type} ${r.name}`);
}

export class Recorded {
  constructor(readonly record: ProgramRecord) {}

  all(type: string): RecordedResource[] {
    return this.record.resources.filter((r) => r.type === type);
  }

  one(type: string, name?: string): RecordedResource {
    const found = this.all(type).filter((r) => name === undefined || r.name === name);
    assert.strictEqual(found.length, 1, `expected one ${type}${name ? ` named ${name}` : ""}, found ${found.map((r) => r.name).join(", ") || "none"}`);
    return found[0];
  }

  /** Output value of a resource (what other resources received as its `id`, `arn`, ...). */
  out(type: string, name: string, key: string): unknown {
    return key === "id" ? this.one(type, name).id : unwrapSecrets(this.one(type, name).state[key]);
  }

  /** Rules attached to a security group, as [protocol, from, to, peer] tuples, sorted (registration order varies). */
  rulesOf(type: typeof T.ingress | typeof T.egress, groupId: unknown): Array<[unknown, unknown, unknown, unknown]> {
    return this.all(type)
      .filter((r) => r.inputs.securityGroupId === groupId)
      .map((r): [unknown, unknown, unknown, unknown] => [r.inputs.ipProtocol, r.inputs.fromPort, r.inputs.toPort, r.inputs.referencedSecurityGroupId ?? r.inputs.cidrIpv4 ?? r.inputs.cidrIpv6])
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  }

  /** The same tuples, sorted, for an expected list. */
  static sorted(rules: Array<[unknown, unknown, unknown, unknown]>): Array<[unknown, unknown, unknown, unknown]> {
    return [...rules].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  }

  /** `type name`, the way failure messages name a resource. */
  static label(r: Pick<RecordedResource, "type" | "name">): string {
    return `${r.type} ${r.name}`;
  }

  /** The resource options a resource was registered with. */
  options(type: string, name?: string): RecordedOptions {
    const r = this.one(type, name);
    assert.ok(r.options, `${Recorded.label(r)} has no recorded options`);
    return r.options;
  }

  /** `type name` of a recorded URN (the URN itself if nothing recorded has it). */
  labelOf(urn: string): string {
    this.byUrn ??= new Map(this.record.resources.map((r) => [r.urn, r]));
    const r = this.byUrn.get(urn);
    return r ? Recorded.label(r) : urn;
  }
  private byUrn?: Map<string, RecordedResource>;

  /** Every resource the engine orders this one after (dependsOn and the sources of its inputs), as `type name`. */
  dependencies(type: string, name?: string): string[] {
    return (this.one(type, name).dependencies ?? []).map((urn) => this.labelOf(urn));
  }

  /** The dependencies only `dependsOn` can have added (no input carries them), as `type name`. */
  dependsOn(type: string, name?: string): string[] {
    return this.options(type, name).dependsOn.map((urn) => this.labelOf(urn));
  }

  json(type: string, name: string, key: string): unknown {
    const v = this.one(type, name).inputs[key];
    return JSON.parse(String(unwrapSecrets(v)));
  }
}

export function isSecret(v: unknown): boolean {
  return v instanceof RecordedSecret;
}

export const VPC = "vpc-0123456789abcdef0";
export const SUBNETS = ["subnet-0aaa1111", "subnet-0bbb2222"];
