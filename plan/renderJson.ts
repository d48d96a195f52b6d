// The plan as JSON: `{"stack", "resources": [{"urn", "type", "name", "parent", "id", "inputs", "options"}],
// "databases": [...], "proxies": [...]}`. `parent` is the parent's URN and `id` the id the mock gave the
// resource, so references in other resources' inputs can be followed back; secret values read
// "[secret]". `options` holds the resource options the program set (see PlanJsonOptions); options left
// unset are left out. `databases` and `proxies` are the facts the text plan's sections show.
import { collectDatabases, DatabaseFacts } from "./databaseSummary";
import { collectNetworkRules, collectPaths } from "./networkRules";
import { collectProxies, ProxyFacts } from "./proxySummary";
import { RecordedOptions, RecordedResource, RecordedSecret, mapTree } from "./recorder";
import { ResourceIndex } from "./resourceIndex";

export const REDACTED = "[secret]";

export interface PlanJsonResource {
  urn: string;
  type: string;
  name: string;
  parent: string | null;
  id: string | null;
  inputs: Record<string, unknown>;
  options: PlanJsonOptions;
}

/**
 * The resource options a resource was registered with, each present only when set: booleans when
 * the program gave a value (`"protect": false` means it said so), lists when not empty. `dependsOn`
 * holds the URNs of the dependencies that no input carries (see RecordedOptions.dependsOn).
 */
export type PlanJsonOptions = Partial<RecordedOptions>;

/** The options that were set, in a fixed key order. */
export function planJsonOptions(o: RecordedOptions | undefined): PlanJsonOptions {
  const out: PlanJsonOptions = {};
  if (!o) return out;
  if (o.protect !== undefined) out.protect = o.protect;
  if (o.retainOnDelete !== undefined) out.retainOnDelete = o.retainOnDelete;
  if (o.ignoreChanges.length > 0) out.ignoreChanges = o.ignoreChanges;
  if (o.dependsOn.length > 0) out.dependsOn = o.dependsOn;
  if (o.deleteBeforeReplace !== undefined) out.deleteBeforeReplace = o.deleteBeforeReplace;
  if (o.replaceOnChanges.length > 0) out.replaceOnChanges = o.replaceOnChanges;
  if (o.aliases.length > 0) out.aliases = o.aliases;
  if (o.provider !== undefined) out.provider = o.provider;
  return out;
}

export interface PlanJson {
  stack: string;
  resources: PlanJsonResource[];
  /** Each RDS instance and Aurora cluster: engine, capacity, members, endpoints, TLS, encryption, protection, reach. */
  databases: DatabaseFacts[];
  /** Each RDS Proxy: engine family, TLS, auth, targets, endpoint, groups, role, and the paths through it. */
  proxies: ProxyFacts[];
}

/** Replaces every RecordedSecret with "[secret]", recursively. */
export function redactSecrets(v: unknown): unknown {
  return mapTree(v, (x) => (x instanceof RecordedSecret ? { value: REDACTED } : undefined));
}

export function toPlanJson(stack: string, resources: readonly RecordedResource[]): PlanJson {
  const index = new ResourceIndex(resources);
  const paths = collectPaths(collectNetworkRules(index));
  return {
    stack,
    resources: resources.map((r) => ({
      urn: r.urn,
      type: r.type,
      name: r.name,
      parent: r.parent ?? null,
      id: r.id ?? null,
      inputs: redactSecrets(r.inputs) as Record<string, unknown>,
      options: planJsonOptions(r.options),
    })),
    // The facts hold names, identifiers and endpoints, never a secret; redacted all the same.
    databases: redactSecrets(collectDatabases(index, paths)) as DatabaseFacts[],
    proxies: redactSecrets(collectProxies(index, paths)) as ProxyFacts[],
  };
}

export function renderJson(stack: string, resources: readonly RecordedResource[]): string {
  return JSON.stringify(toPlanJson(stack, resources), null, 2);
}
