// The physical names of an RDS Proxy and of its read-only endpoint. RDS needs it up front (it is the proxy's identifier, the
// target group and target refer to it, and it is in the endpoint's DNS name), it is unique per
// account and region, and its rules are stricter than Pulumi's auto-names: a letter first, letters,
// digits and hyphens, no `--`, no `-` at the end. So it is derived like the rotation function's name
// (naming.ts): the component's name made valid, plus a hash of project, stack and component, so two
// stacks in one account never collide. A proxy endpoint's name follows the same rules.
import { createHash } from "crypto";

/** DBProxyName: at most 60 characters (CreateDBProxy refuses longer identifiers). */
export const PROXY_NAME_MAX = 60;

/**
 * DBProxyEndpointName: at most 63 characters, the same pattern as the proxy's (CreateDBProxyEndpoint),
 * and unique among the account's proxy endpoints in the region, so it carries a hash too.
 */
export const PROXY_ENDPOINT_NAME_MAX = 63;

/**
 * Physical name of the proxy: `<component>-proxy-<hash>`, lower case, valid for CreateDBProxy. `kind`
 * is given for a RotatedCluster's proxy, so a cluster and a database of the same name in one stack
 * (two components of different types) do not claim the same proxy name, as rotationFunctionName does.
 */
export function proxyName(project: string, stack: string, component: string, kind?: "cluster"): string {
  const key = kind === undefined ? [project, stack, component] : [project, stack, component, kind];
  return validName(key, `${component}-proxy`, "proxy", PROXY_NAME_MAX);
}

/** Physical name of the proxy's read-only endpoint: `<component>-proxy-reader-<hash>`, valid for CreateDBProxyEndpoint. */
export function proxyReaderEndpointName(project: string, stack: string, component: string): string {
  return validName([project, stack, component, "reader"], `${component}-proxy-reader`, "proxy-reader", PROXY_ENDPOINT_NAME_MAX);
}

/** `wanted` made valid (a letter first, letters, digits and single hyphens), cut to fit `max` with `-<hash of key>`. */
function validName(key: string[], wanted: string, fallback: string, max: number): string {
  const hash = createHash("sha256").update(key.join("/")).digest("hex").slice(0, 8);
  let base = wanted.toLowerCase().replace(/[^a-z0-9-]/g, "-").replace(/-+/g, "-").replace(/^[^a-z]+/, "");
  if (base === "") base = fallback;
  base = base.slice(0, max - hash.length - 1).replace(/-+$/, "");
  return `${base}-${hash}`;
}
