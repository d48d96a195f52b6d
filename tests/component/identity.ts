// Outputs by identity: where each output of a RotatedDatabase, RotatedCluster or SecretsManagerEndpoint must come from,
// read off a recorded program run (the id of `<db>-client-sg`, the ARN of `<db>-secret`, the
// RDS-managed secret in the instance's outputs, ...), and an assertion that compares outputs with those
// exact values. The component, program and package tests share it, so a stack output wired to the
// wrong resource fails with a message naming the output, the resource it should come from and the
// resource it came from instead. Format checks (`/^sg-/`) cannot tell two security groups apart.
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { ResourceIndex } from "../../plan/resourceIndex";
import { RecordedResource, unwrapSecrets } from "../../plan/recorder";
import { ProxyExpectation, proxyReaderSource, proxySources } from "./proxyIdentity";

/** A value an output must equal, and a phrase saying where it comes from. */
export interface OutputSource {
  value: unknown;
  from: string;
}

export const TYPES = {
  database: "rotated-rds:index:RotatedDatabase",
  endpointComponent: "rotated-rds:index:SecretsManagerEndpoint",
  securityGroup: "aws:ec2/securityGroup:SecurityGroup",
  vpcEndpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
  instance: "aws:rds/instance:Instance",
  cluster: "aws:rds/cluster:Cluster",
  clusterComponent: "rotated-rds:index:RotatedCluster",
  secret: "aws:secretsmanager/secret:Secret",
  function: "aws:lambda/function:Function",
  topic: "aws:sns/topic:Topic",
  vpc: "awsx:ec2:Vpc",
} as const;

/** The shape of resources a recorded program run gives (plan, recorder, or the package's mock runner). */
export type Recorded = Pick<RecordedResource, "type" | "name" | "id" | "state" | "inputs"> & Partial<Pick<RecordedResource, "urn" | "parent">>;

/** The one resource of `type` named `name`; fails naming both when there is none or several. */
export function recorded<R extends Recorded>(resources: readonly R[], type: string, name: string): R {
  const found = resources.filter((r) => r.type === type && r.name === name);
  assert.strictEqual(found.length, 1, `expected one ${type} named ${name}, found ${found.length}`);
  return found[0];
}

/** The id the mock gave a recorded resource. */
export function idOf(resources: readonly Recorded[], type: string, name: string): OutputSource {
  const r = recorded(resources, type, name);
  assert.ok(typeof r.id === "string" && r.id !== "", `${type} ${name} has no id`);
  return { value: r.id, from: `the id of ${shortType(type)} ${name}` };
}

/** An output of a recorded resource (its mock state), e.g. a Secret's `arn`. */
export function stateOf(resources: readonly Recorded[], type: string, name: string, key: string): OutputSource {
  const value = unwrapSecrets(recorded(resources, type, name).state[key]);
  assert.notStrictEqual(value, undefined, `${type} ${name} has no output ${key}`);
  return { value, from: `the ${key} of ${shortType(type)} ${name}` };
}

function shortType(type: string): string {
  return type.split(":").pop() ?? type;
}

/** The master secret RDS manages for `<db>-db` (manageMasterUserPassword), from the instance's outputs. */
export function managedSecretArn(resources: readonly Recorded[], db: string): OutputSource {
  return managedSecretOf(resources, TYPES.instance, `${db}-db`);
}

/** The master secret RDS manages for the cluster `<cluster>-cluster` (manageMasterUserPassword), from the cluster's outputs. */
export function managedClusterSecretArn(resources: readonly Recorded[], cluster: string): OutputSource {
  return managedSecretOf(resources, TYPES.cluster, `${cluster}-cluster`);
}

function managedSecretOf(resources: readonly Recorded[], type: string, name: string): OutputSource {
  const secrets = stateOf(resources, type, name, "masterUserSecrets").value as Array<{ secretArn?: unknown }>;
  assert.ok(Array.isArray(secrets) && secrets.length === 1 && typeof secrets[0].secretArn === "string", `${name} has no RDS-managed master secret`);
  return { value: secrets[0].secretArn, from: `the RDS-managed master secret of ${shortType(type)} ${name} (masterUserSecrets[0].secretArn)` };
}

export interface DatabaseExpectation {
  strategy: "single-user" | "alternating-users" | "managed";
  /** The `alerts.topicArn` the database was given; otherwise the topic it creates. */
  topicArn?: string;
  /** The `kmsKeyArn` the database was given, if any. */
  kmsKeyArn?: string;
  /** The region the program ran in (the mocks' getRegion); every recorded test here runs in eu-west-1. */
  region?: string;
  /** The database's proxy (proxyIdentity.ts); undefined: none. */
  proxy?: ProxyExpectation;
}

/**
 * The application policy a database must output, written out here rather than built with
 * components/applicationPolicy.ts: read and describe exactly `secretArn`, decrypt only `kmsKeyArn`
 * and only through Secrets Manager in `region`.
 */
export function expectedApplicationPolicy(secretArn: string, region: string, kmsKeyArn?: string): string {
  const statements: unknown[] = [
    { Sid: "ReadDatabaseSecret", Effect: "Allow", Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], Resource: secretArn },
  ];
  if (kmsKeyArn) {
    statements.push({
      Sid: "DecryptDatabaseSecret", Effect: "Allow", Action: ["kms:Decrypt"], Resource: kmsKeyArn,
      Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${region}.amazonaws.com` } },
    });
  }
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/**
 * Where each output of the RotatedDatabase `db` comes from. The ECS key lists are written out here
 * rather than taken from components/secretJson.ts, so a change to them shows up as a failing test.
 */
export function rotatedDatabaseSources(resources: readonly Recorded[], db: string, e: DatabaseExpectation): Record<string, OutputSource> {
  const instance = `${db}-db`;
  return databaseSources(resources, db, e, {
    type: TYPES.instance, name: instance,
    address: stateOf(resources, TYPES.instance, instance, "address"),
    managedSecret: () => managedSecretArn(resources, db),
  });
}

/**
 * Where each output of the RotatedCluster `cluster` comes from: every RotatedDatabase output with the
 * same meaning (address: the writer endpoint of `<cluster>-cluster`), plus the reader endpoint, the
 * cluster identifier and the proxy's read-only endpoint.
 */
export function rotatedClusterSources(resources: readonly Recorded[], cluster: string, e: DatabaseExpectation): Record<string, OutputSource> {
  const name = `${cluster}-cluster`;
  return {
    ...databaseSources(resources, cluster, e, {
      type: TYPES.cluster, name,
      address: stateOf(resources, TYPES.cluster, name, "endpoint"),
      managedSecret: () => managedClusterSecretArn(resources, cluster),
    }),
    readerEndpoint: stateOf(resources, TYPES.cluster, name, "readerEndpoint"),
    clusterIdentifier: stateOf(resources, TYPES.cluster, name, "clusterIdentifier"),
    proxyReaderEndpoint: proxyReaderSource(resources, cluster, e.proxy),
  };
}

/** The outputs both components share, for the database resource `d` (an instance, or a cluster). */
function databaseSources(
  resources: readonly Recorded[],
  db: string,
  e: DatabaseExpectation,
  d: { type: string; name: string; address: OutputSource; managedSecret: () => OutputSource },
): Record<string, OutputSource> {
  const kind = shortType(d.type);
  const address = d.address;
  const port = stateOf(resources, d.type, d.name, "port");
  const secretArn = e.strategy === "managed" ? d.managedSecret() : stateOf(resources, TYPES.secret, `${db}-secret`, "arn");
  const arn = String(secretArn.value);
  const keys = (e.strategy === "managed"
    ? [["DB_USERNAME", "username"], ["DB_PASSWORD", "password"]]
    : [["DB_HOST", "host"], ["DB_PORT", "port"], ["DB_USERNAME", "username"], ["DB_PASSWORD", "password"], ["DB_NAME", "dbname"]])
    // Behind a proxy the host is the proxy's endpoint, from ecsEnvironment, never the secret's.
    .filter(([name]) => e.proxy === undefined || name !== "DB_HOST");
  const proxy = proxySources(resources, db, e.proxy);
  const none = (why: string): OutputSource => ({ value: undefined, from: `undefined (${why})` });
  if (e.topicArn !== undefined) {
    assert.deepStrictEqual(resources.filter((r) => r.type === TYPES.topic && r.name === `${db}-alerts`).map((r) => r.name), [],
      `${db} was given alerts.topicArn but created a topic`);
  }
  const database = recorded(resources, d.type, d.name);
  const dbName = d.type === TYPES.cluster ? database.inputs.databaseName : database.inputs.dbName;
  return {
    address,
    port,
    engine: { value: database.inputs.engine, from: `the engine of ${kind} ${d.name}` },
    rotationStrategy: {
      value: (database.inputs.tags as Record<string, string>)["rotated-rds:strategy"],
      from: `the rotated-rds:strategy tag of ${kind} ${d.name}`,
    },
    secretArn,
    masterSecretArn: e.strategy === "alternating-users" ? d.managedSecret() : none(`no master secret with ${e.strategy}`),
    securityGroupId: idOf(resources, TYPES.securityGroup, `${db}-db-sg`),
    clientSecurityGroupId: idOf(resources, TYPES.securityGroup, `${db}-client-sg`),
    rotationFunctionArn: e.strategy === "managed" ? none("RDS rotates a managed secret itself") : stateOf(resources, TYPES.function, `${db}-rotation`, "arn"),
    alertTopicArn: e.topicArn !== undefined
      ? { value: e.topicArn, from: "the alerts.topicArn the database was given" }
      : stateOf(resources, TYPES.topic, `${db}-alerts`, "arn"),
    ecsSecrets: {
      value: keys.map(([name, key]) => ({ name, valueFrom: `${arn}:${key}::` })),
      from: `entries ${keys.map(([n, k]) => `${n}=${k}`).join(", ")} reading AWSCURRENT of ${secretArn.from}`,
    },
    ecsEnvironment: {
      value: [
        { name: "DB_HOST", value: e.proxy ? proxy.proxyEndpoint.value : address.value },
        { name: "DB_PORT", value: String(port.value) },
        { name: "DB_NAME", value: dbName },
      ],
      from: `DB_HOST${e.proxy ? ` (${proxy.proxyEndpoint.from})` : ""}, DB_PORT and DB_NAME of ${kind} ${d.name}`,
    },
    applicationPolicyDocument: {
      value: expectedApplicationPolicy(arn, e.region ?? "eu-west-1", e.kmsKeyArn),
      from: `a policy reading only ${secretArn.from}${e.kmsKeyArn ? ` and decrypting only with ${e.kmsKeyArn} through Secrets Manager` : ""}`,
    },
    ...proxy,
  };
}

/** Where each output of the SecretsManagerEndpoint `name` comes from. */
export function endpointSources(resources: readonly Recorded[], name: string, vpcId: OutputSource): Record<string, OutputSource> {
  return {
    securityGroupId: idOf(resources, TYPES.securityGroup, `${name}-sg`),
    endpointId: idOf(resources, TYPES.vpcEndpoint, `${name}-endpoint`),
    vpcId,
  };
}

/** `keys` of `sources`, in that order (the stack exports a subset of a component's outputs). */
export function pick(sources: Record<string, OutputSource>, keys: readonly string[]): Record<string, OutputSource> {
  return Object.fromEntries(keys.map((k) => {
    assert.ok(k in sources, `no source for ${k}`);
    return [k, sources[k]];
  }));
}

/**
 * The outputs a component declares: its public fields that are Outputs, or undefined (an output a
 * strategy leaves out). Read off the instance so an output added later is asserted too.
 */
export function componentOutputs(component: pulumi.ComponentResource): Record<string, unknown> {
  return Object.fromEntries(Object.entries(component)
    .filter(([k, v]) => !k.startsWith("__") && k !== "urn" && (v === undefined || pulumi.Output.isInstance(v))));
}

/**
 * Asserts that `actual` (resolved outputs) has exactly the keys of `sources` and that each equals its
 * source. `what` names the object in messages (`stack.databases.app`). `resources` lets the
 * message say which resource a wrong value belongs to. Also fails when two sources share a value:
 * the mocks must give every resource its own id and ARN, or the comparison proves nothing.
 */
export function assertOutputsFrom(what: string, actual: Record<string, unknown>, sources: Record<string, OutputSource>, resources: readonly Recorded[]): void {
  const index = new ResourceIndex(resources.map(asRecordedResource));
  assert.deepStrictEqual(Object.keys(actual).sort(), Object.keys(sources).sort(),
    `${what} has outputs ${JSON.stringify(Object.keys(actual).sort())}; the identity checks cover ${JSON.stringify(Object.keys(sources).sort())}`);
  const owners = new Map<string, string>();
  for (const [key, source] of Object.entries(sources)) {
    if (typeof source.value !== "string") continue;
    const other = owners.get(source.value);
    assert.ok(other === undefined, `${what}.${key} and ${what}.${other} would both be ${source.value}: the mocks must give each resource its own id`);
    owners.set(source.value, key);
  }
  for (const [key, source] of Object.entries(sources)) {
    const got = actual[key];
    let same = true;
    try {
      assert.deepStrictEqual(got, source.value);
    } catch {
      same = false;
    }
    const expected = typeof source.value === "string" ? source.value : show(source.value, index);
    assert.ok(same, `${what}.${key} must be ${source.from} (${expected}); got ${show(got, index)}`);
  }
}

/** A value with the names of the resources whose ids or ARNs it holds. */
function show(v: unknown, index: ResourceIndex): string {
  if (typeof v === "string") return index.describe(v);
  if (Array.isArray(v) && v.every((e) => typeof e === "object" && e !== null && "valueFrom" in e)) {
    return JSON.stringify(v.map((e: { name: unknown; valueFrom: unknown }) => {
      const arn = String(e.valueFrom).replace(/:[^:]*::$/, "");
      return `${String(e.name)} <- ${String(e.valueFrom)} (${index.nameOf(arn)})`;
    }));
  }
  return JSON.stringify(v) ?? String(v);
}

function asRecordedResource(r: Recorded): RecordedResource {
  return { urn: r.urn ?? `${r.type}::${r.name}`, custom: r.id !== undefined, ...r } as RecordedResource;
}
