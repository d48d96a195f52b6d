// IAM as a plan declares it: each role with who may assume it, the statements of its inline and
// attached policies (resources named back to the declared secret, key or function where possible),
// and Lambda invoke permissions with their confused-deputy guards.
import { RecordedResource, unwrapSecrets } from "./recorder";
import { ResourceIndex } from "./resourceIndex";

export interface PolicyStatement {
  effect: string;
  actions: string[];
  resources: string[];
  condition?: unknown;
}

export interface RoleSummary {
  role: RecordedResource;
  assumedBy: string[];
  /** The trust policy's statements: who may assume the role, and under which condition. */
  trust: Array<{ principals: string[]; actions: string[]; condition?: unknown }>;
  /** Policy name -> statements. */
  policies: Array<{ name: string; statements: PolicyStatement[] }>;
  managedPolicyArns: string[];
}

export interface InvokePermission {
  resource: RecordedResource;
  principal: string;
  action: string;
  functionName: string;
  sourceArn?: string;
  sourceAccount?: string;
}

const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const POLICY = "aws:iam/policy:Policy";
const ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
const PERMISSION = "aws:lambda/permission:Permission";

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)]);

/** A policy document (JSON string or object) as an object; undefined when unparsable. */
function parseDocument(document: unknown): { Statement?: unknown } | undefined {
  const doc = unwrapSecrets(document);
  if (typeof doc !== "string") return typeof doc === "object" && doc !== null ? doc : undefined;
  try {
    return JSON.parse(doc) as { Statement?: unknown };
  } catch {
    return undefined;
  }
}

function rawStatements(document: unknown): Array<Record<string, unknown>> {
  const raw = parseDocument(document)?.Statement;
  return (Array.isArray(raw) ? raw : raw ? [raw] : []) as Array<Record<string, unknown>>;
}

/** Parses a policy document into statements; an unparsable document gives none. */
export function parseStatements(document: unknown): PolicyStatement[] {
  return rawStatements(document).map((s) => ({
    effect: String(s.Effect ?? "Allow"),
    actions: list(s.Action),
    resources: list(s.Resource),
    condition: s.Condition,
  }));
}

/** The principals (service or account) of one statement. */
function principalsOf(s: Record<string, unknown>): string[] {
  return Object.values((s.Principal as Record<string, unknown> | undefined) ?? {}).flatMap(list);
}

/** Who a trust policy lets assume the role, per statement, with its condition (e.g. aws:SourceAccount). */
function trustOf(document: unknown): RoleSummary["trust"] {
  return rawStatements(document).map((s) => ({
    principals: principalsOf(s), actions: list(s.Action), ...(s.Condition !== undefined ? { condition: s.Condition } : {}),
  }));
}

export function collectRoles(index: ResourceIndex): RoleSummary[] {
  const inputsOf = (r: RecordedResource) => unwrapSecrets(r.inputs) as Record<string, unknown>;
  const roleKey = (ref: unknown) => index.lookup(ref)?.urn;
  return index.ofType(ROLE).map((role) => {
    const trust = trustOf(inputsOf(role).assumeRolePolicy);
    const summary: RoleSummary = { role, assumedBy: trust.flatMap((t) => t.principals), trust, policies: [], managedPolicyArns: [] };
    for (const inline of (inputsOf(role).inlinePolicies as Array<{ name?: string; policy?: unknown }> | undefined) ?? []) {
      summary.policies.push({ name: inline.name ?? "inline", statements: parseStatements(inline.policy) });
    }
    for (const rp of index.ofType(ROLE_POLICY)) {
      if (roleKey(inputsOf(rp).role) === role.urn) summary.policies.push({ name: rp.name, statements: parseStatements(inputsOf(rp).policy) });
    }
    for (const att of index.ofType(ATTACHMENT)) {
      if (roleKey(inputsOf(att).role) !== role.urn) continue;
      const arn = String(inputsOf(att).policyArn ?? "");
      const policy = index.lookup(arn);
      if (policy?.type === POLICY) summary.policies.push({ name: policy.name, statements: parseStatements(inputsOf(policy).policy) });
      else summary.managedPolicyArns.push(arn);
    }
    return summary;
  });
}

export function collectInvokePermissions(index: ResourceIndex): InvokePermission[] {
  return index.ofType(PERMISSION).map((p) => {
    const i = unwrapSecrets(p.inputs) as Record<string, unknown>;
    return {
      resource: p,
      principal: String(i.principal ?? "?"),
      action: String(i.action ?? "lambda:InvokeFunction"),
      functionName: String(i.function ?? "?"),
      sourceArn: typeof i.sourceArn === "string" ? i.sourceArn : undefined,
      sourceAccount: typeof i.sourceAccount === "string" ? i.sourceAccount : undefined,
    };
  });
}
