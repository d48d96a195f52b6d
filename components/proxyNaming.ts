// The physical name of an RDS Proxy. RDS needs it up front (it is the proxy's identifier, the
// target group and target refer to it, and it is in the endpoint's DNS name), it is unique per
// account and region, and its rules are stricter than Pulumi's auto-names: a letter first, letters,
// digits and hyphens, no `--`, no `-` at the end. So it is derived like the rotation function's name
// (naming.ts): the component's name made valid, plus a hash of project, stack and component, so two
// stacks in one account never collide.
import { createHash } from "crypto";

/** DBProxyName: at most 60 characters (CreateDBProxy refuses longer identifiers). */
export const PROXY_NAME_MAX = 60;

/** Physical name of the proxy: `<component>-proxy-<hash>`, lower case, valid for CreateDBProxy. */
export function proxyName(project: string, stack: string, component: string): string {
  const hash = createHash("sha256").update([project, stack, component].join("/")).digest("hex").slice(0, 8);
  let base = `${component}-proxy`.toLowerCase().replace(/[^a-z0-9-]/g, "-").replace(/-+/g, "-").replace(/^[^a-z]+/, "");
  if (base === "") base = "proxy";
  base = base.slice(0, PROXY_NAME_MAX - hash.length - 1).replace(/-+$/, "");
  return `${base}-${hash}`;
}
