// The plan's "Databases and clusters" and "RDS Proxy" sections: each database's and proxy's facts
// (databaseSummary.ts, proxySummary.ts) as lines a reviewer reads top to bottom. What a locked-down
// database must have and does not (TLS not forced, storage not encrypted, a public instance, a proxy
// without TLS, a proxy path to something other than its target) is written in capitals.
import type { DatabaseFacts } from "./databaseSummary";
import type { ProxyFacts } from "./proxySummary";

/** "RotatedCluster orders", or the resource's own name outside a component. */
function owner(facts: { component: string | null; componentType: string | null; name: string }): string {
  return facts.component ? `${facts.componentType ?? "component"} ${facts.component}` : facts.name;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function tlsLine(d: DatabaseFacts): string {
  const group = d.tls.parameterGroup ?? (d.kind === "cluster" ? "the default cluster parameter group" : "the default parameter group");
  if (!d.tls.parameter) return `TLS: unknown for engine ${d.engine} (parameter group ${group})`;
  return d.tls.present ? `TLS forced: ${d.tls.parameter} in ${group}` : `TLS NOT FORCED: ${d.tls.parameter} MISSING from ${group}`;
}

function protectionLine(d: DatabaseFacts): string {
  return [
    d.storageEncrypted ? `storage encrypted with ${d.kmsKey ?? "the RDS default key (aws/rds)"}` : "storage NOT ENCRYPTED",
    `deletion protection ${d.deletionProtection ? "on" : "off"}`,
    d.finalSnapshot ? "final snapshot on delete" : "no final snapshot",
    d.backupRetentionDays !== null ? `backups kept ${plural(d.backupRetentionDays, "day")}` : "backups: RDS default",
  ].join("; ");
}

function memberLine(m: DatabaseFacts["members"][number]): string {
  const pub = m.publiclyAccessible ? "  !! PUBLICLY ACCESSIBLE" : "";
  return `    ${m.role} ${m.name} (${m.identifier}, ${m.instanceClass ?? "?"}): ${m.endpoint ?? "?"}${pub}`;
}

export function renderDatabases(databases: readonly DatabaseFacts[]): string[] {
  const lines: string[] = [];
  for (const d of databases) {
    const version = d.engineVersion ? ` ${d.engineVersion}` : "";
    const port = d.port !== null ? `:${d.port}` : "";
    if (d.kind === "instance") {
      const [m] = d.members;
      lines.push(`  ${owner(d)}: instance ${d.name} (${d.identifier}), ${d.engine}${version}, ${d.capacity}, Multi-AZ ${d.multiAz ? "on" : "off"}`);
      lines.push(`    endpoint ${d.writerEndpoint ?? "?"}${port}${m?.publiclyAccessible ? "  !! PUBLICLY ACCESSIBLE" : ""}`);
    } else {
      const readers = d.members.filter((m) => m.role === "reader").length;
      const writers = d.members.length - readers;
      lines.push(`  ${owner(d)}: Aurora cluster ${d.name} (${d.identifier}), ${d.engine}${version}, ${d.capacity}, ` +
        `${writers === 0 ? "NO WRITER" : plural(writers, "writer")} and ${plural(readers, "reader")}`);
      lines.push(`    writer endpoint ${d.writerEndpoint ?? "?"}${port}`);
      lines.push(`    reader endpoint ${d.readerEndpoint ?? "?"}${port}`);
      lines.push(...d.members.map(memberLine));
    }
    lines.push(`    ${tlsLine(d)}`);
    lines.push(`    ${protectionLine(d)}`);
    const reach = d.reachableFrom.map((r) => `${r.from} (${r.ports})`).join(", ");
    lines.push(`    security groups ${d.securityGroups.join(", ") || "NONE"}; reachable from ${reach || "nothing"}`);
    if (d.proxies.length) lines.push(`    behind RDS Proxy ${d.proxies.join(", ")}`);
  }
  return lines;
}

function hopLine(direction: "in" | "out", h: ProxyFacts["clients"][number], warning = ""): string {
  return `    ${direction.padEnd(3)} ${h.from} -> ${h.to}  ${h.ports}  [${h.declaredBy}]${warning}`;
}

export function renderProxies(proxies: readonly ProxyFacts[]): string[] {
  const lines: string[] = [];
  for (const p of proxies) {
    lines.push(`  ${owner(p)}: proxy ${p.name} (${p.proxyName}), ${p.engineFamily ?? "?"}, ` +
      `${p.requireTls ? "TLS required" : "TLS NOT REQUIRED"}, idle client timeout ${p.idleClientTimeout ?? "default (1800)"} s, ` +
      `debug logging ${p.debugLogging ? "ON (logs SQL text)" : "off"}`);
    lines.push(`    endpoint ${p.endpoint ?? "?"}`);
    for (const e of p.extraEndpoints) {
      const physical = e.endpointName && e.endpointName !== e.name ? ` (${e.endpointName})` : "";
      lines.push(e.targetRole === "READ_ONLY"
        ? `    read-only endpoint ${e.name}${physical}: ${e.endpoint ?? "?"}`
        : `    extra endpoint ${e.name}${physical} (${e.targetRole ?? "READ_WRITE"}): ${e.endpoint ?? "?"}`);
    }
    for (const a of p.auth) {
      lines.push(`    auth ${a.authScheme ?? "SECRETS"} with ${a.secret ?? "NO SECRET"}; IAM auth ${a.iamAuth === "REQUIRED" ? "required" : a.iamAuth.toLowerCase()}; ` +
        `client password auth ${a.clientPasswordAuthType ?? "default"}`);
    }
    if (p.auth.length === 0) lines.push("    auth: NONE declared");
    const targets = p.targets.map((t) => `${t.kind} ${t.name}${t.name !== t.identifier ? ` (${t.identifier})` : ""}`).join(", ");
    const pool = p.pool ? `; pool ${p.pool.maxConnectionsPercent ?? "default"}% of max_connections, borrow timeout ${p.pool.connectionBorrowTimeout ?? "default"} s` : "";
    lines.push(`    target ${targets || "NONE"}${pool}`);
    const trust = p.role ? `${p.role.assumedBy.join(", ") || "?"}${p.role.trustConditions.map((c) => ` when ${JSON.stringify(c)}`).join("")}` : "";
    lines.push(`    security group ${p.securityGroups.join(", ") || "NONE"}; role ${p.role ? `${p.role.name}, assumed by ${trust}` : "NONE"}`);
    const allowed = p.targets.flatMap((t) => t.securityGroups);
    for (const c of p.clients) {
      for (const u of p.upstream) lines.push(`    path ${c.from} -> ${c.to} -> ${u.to}  ${c.ports === u.ports ? c.ports : `${c.ports} -> ${u.ports}`}`);
    }
    if (p.clients.length === 0) lines.push("    path: NO client may reach the proxy");
    if (p.upstream.length === 0) lines.push("    path: the proxy may reach NOTHING (its target is unreachable)");
    for (const c of p.clients) lines.push(hopLine("in", c));
    for (const u of p.upstream) {
      lines.push(hopLine("out", u, allowed.length > 0 && !allowed.includes(u.to) ? "  !! NOT THE TARGET'S SECURITY GROUP" : ""));
    }
    // Not wrong in itself (the database's own client rules), but a reviewer should know the proxy
    // is not the only way in.
    for (const d of p.direct) lines.push(`    also direct ${d.from} -> ${d.to}  ${d.ports}  [${d.declaredBy}], around the proxy`);
  }
  return lines;
}
