// Shared by the program tests: the repository's stack files, walking recorded inputs, and the stack
// outputs checked by identity.
import * as path from "path";
import { DEFAULT_MASTER_USERNAME, DEFAULT_PROXY_IAM_AUTH, DEFAULT_READERS } from "../../components/defaults";
import { DEFAULT_PLAN_REGION } from "../../plan";
import { loadStackConfig } from "../../config";
import type { DatabaseConfig } from "../../config";
import { RecordedSecret } from "../../plan/recorder";
import { OutputSource, Recorded, TYPES, assertOutputsFrom, idOf, pick, rotatedClusterSources, rotatedDatabaseSources, stateOf } from "../component/identity";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** The node flags of package.json's `plan` script, to run scripts/plan.ts as `npm run plan` does. */
export const PLAN_NODE_FLAGS = ["--max-semi-space-size=32", "-r", "./scripts/register-typescript.js"];

/** Every leaf of a recorded value with its path; secrets are leaves (never opened). */
export function leaves(v: unknown, at = ""): Array<{ path: string; value: unknown }> {
  if (v instanceof RecordedSecret) return [{ path: at, value: v }];
  if (Array.isArray(v)) return v.flatMap((x, i) => leaves(x, `${at}[${i}]`));
  if (typeof v === "object" && v !== null) return Object.entries(v).flatMap(([k, x]) => leaves(x, at ? `${at}.${k}` : k));
  return [{ path: at, value: v }];
}

export function countByType(resources: ReadonlyArray<{ type: string }>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of resources) counts[r.type] = (counts[r.type] ?? 0) + 1;
  return counts;
}

/** The outputs the entry program exports for every database, each checked by identity. */
export const DATABASE_OUTPUT_KEYS = ["address", "port", "secretArn", "clientSecurityGroupId", "ecsSecrets", "alertTopicArn", "applicationPolicyDocument"] as const;

/** The account the recorder's mocks pretend to be in. */
const MOCK_ACCOUNT_ID = "123456789012";

/** The outputs the program exports for `db`: every database's, plus a cluster's reader endpoint and the proxy's when it has one. */
export function databaseOutputKeys(db: DatabaseConfig): string[] {
  const keys: string[] = [...DATABASE_OUTPUT_KEYS];
  if (db.cluster !== undefined) keys.push("readerEndpoint");
  if (db.proxy !== undefined) keys.push("proxyEndpoint");
  if (db.proxy !== undefined && (db.proxy.iamAuth ?? DEFAULT_PROXY_IAM_AUTH)) keys.push("proxyConnectPolicyDocument");
  if (db.cluster !== undefined && db.proxy !== undefined && (db.cluster.readers ?? DEFAULT_READERS) > 0) keys.push("proxyReaderEndpoint");
  return keys;
}

/**
 * Asserts every stack output of the entry program by identity (tests/component/identity.ts): the VPC
 * and subnets of the recorded awsx Vpc (or the configured ones), the shared endpoint's id, and each
 * database's outputs from its own recorded resources (an instance's, or a cluster's with its reader
 * endpoint; the proxy's when it has one). `config` is the raw stack config the program ran
 * with; what each database should output follows from its strategy and alert settings there.
 */
export function assertStackOutputs(outputs: unknown, resources: readonly Recorded[], config: Record<string, string>): void {
  const stack = loadStackConfig(config);
  const o = outputs as Record<string, unknown> & { databases: Record<string, Record<string, unknown>> };
  const top: Record<string, OutputSource> = stack.vpc.mode === "create"
    ? { vpcId: stateOf(resources, TYPES.vpc, "vpc", "vpcId"), subnetIds: stateOf(resources, TYPES.vpc, "vpc", "isolatedSubnetIds") }
    : { vpcId: { value: stack.vpc.vpcId, from: "the configured vpcId" }, subnetIds: { value: stack.vpc.subnetIds, from: "the configured subnetIds" } };
  if (stack.secretsManager.mode === "existing-endpoint") {
    top.secretsManagerEndpointId = { value: stack.secretsManager.endpointId, from: "the configured secretsManagerEndpointId" };
  } else if (stack.secretsManager.mode === "endpoint" && stack.databases.some((db) => db.rotation?.strategy !== "managed")) {
    top.secretsManagerEndpointId = idOf(resources, TYPES.vpcEndpoint, "secrets-manager-endpoint");
  }
  top.databases = { value: stack.databases.map((db) => db.name), from: "one entry per configured database, in order" };
  assertOutputsFrom("stack", { ...o, databases: Object.keys(o.databases ?? {}) }, top, resources);
  const region = config["aws:region"] ?? DEFAULT_PLAN_REGION;
  for (const db of stack.databases) {
    const sourcesOf = db.cluster === undefined ? rotatedDatabaseSources : rotatedClusterSources;
    const sources = sourcesOf(resources, db.name, {
      strategy: db.rotation?.strategy ?? "single-user",
      topicArn: db.alerts?.topicArn,
      kmsKeyArn: db.kmsKeyArn,
      region,
      proxy: db.proxy && { iamAuth: db.proxy.iamAuth ?? DEFAULT_PROXY_IAM_AUTH, username: db.masterUsername ?? DEFAULT_MASTER_USERNAME, region, accountId: MOCK_ACCOUNT_ID },
    });
    assertOutputsFrom(`stack.databases.${db.name}`, o.databases[db.name], pick(sources, databaseOutputKeys(db)), resources);
  }
}
