// The plan as JSON: `{"stack", "resources": [{"urn", "type", "name", "parent", "id", "inputs"}]}`.
// `parent` is the parent's URN and `id` the id the mock gave the resource, so references in other
// resources' inputs can be followed back; secret values read "[secret]".
import { RecordedResource, RecordedSecret, mapTree } from "./recorder";

export const REDACTED = "[secret]";

export interface PlanJsonResource {
  urn: string;
  type: string;
  name: string;
  parent: string | null;
  id: string | null;
  inputs: Record<string, unknown>;
}

export interface PlanJson {
  stack: string;
  resources: PlanJsonResource[];
}

/** Replaces every RecordedSecret with "[secret]", recursively. */
export function redactSecrets(v: unknown): unknown {
  return mapTree(v, (x) => (x instanceof RecordedSecret ? { value: REDACTED } : undefined));
}

export function toPlanJson(stack: string, resources: readonly RecordedResource[]): PlanJson {
  return {
    stack,
    resources: resources.map((r) => ({
      urn: r.urn,
      type: r.type,
      name: r.name,
      parent: r.parent ?? null,
      id: r.id ?? null,
      inputs: redactSecrets(r.inputs) as Record<string, unknown>,
    })),
  };
}

export function renderJson(stack: string, resources: readonly RecordedResource[]): string {
  return JSON.stringify(toPlanJson(stack, resources), null, 2);
}
