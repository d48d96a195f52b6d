// `status` output: aligned text for people, or JSON with the same facts for scripts.
import type { DatabaseFacts, DatabaseFactsResult } from "./databaseFacts";
import type { StatusReport } from "./statusReport";

/** Timestamps in UTC to the second, as AWS shows them. */
export function isoSecond(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** The recovery advice for a stuck rotation, in words (shared by status and doctor). */
export function stuckAdvice(secretArn: string, versionId: string): string {
  return (
    `Secrets Manager retries it within the rotation window and starts no new rotation while the label is there. ` +
    `Find the cause with "rotated-rds doctor"; if the retry cannot succeed, remove the label ` +
    `(aws secretsmanager update-secret-version-stage --secret-id ${secretArn} --version-stage AWSPENDING --remove-from-version-id ${versionId}) ` +
    `and start a new rotation with "rotated-rds rotate".`
  );
}

function databaseLine(f: DatabaseFacts): string {
  const what = f.identifier ? `${f.engine} ${f.kind} ${f.identifier}` : f.engine;
  return `${what}, ${f.kind === "cluster" ? "writer " : ""}${f.host}:${f.port}`;
}

export function formatStatusText(report: StatusReport, database?: DatabaseFactsResult): string {
  const lines: string[] = [];
  const row = (label: string, value: string) => lines.push(`${label.padEnd(14)}${value}`);
  row("Secret", report.name);
  row("ARN", report.arn);
  if (database?.ok) {
    const f = database.facts;
    row("Database", databaseLine(f));
    if (f.readerEndpoint) row("Reader", `${f.readerEndpoint}:${f.port}`);
    if (f.proxyEndpoint) {
      row(
        "Proxy",
        f.proxyIamAuth
          ? `${f.proxyEndpoint}:${f.proxyPort} (IAM authentication: clients log in with tokens, so url, env and connect go to the database unless --via proxy)`
          : `${f.proxyEndpoint}:${f.proxyPort} (url, env and connect go through it; --via direct for the database)`,
      );
      if (f.proxyReaderEndpoint) row("Proxy reader", `${f.proxyReaderEndpoint}:${f.proxyPort} (read-only, to the readers: --reader)`);
    }
  } else if (database) {
    row("Database", `not shown: ${database.reason}`);
  }
  if (report.rotationEnabled) {
    const schedule = report.schedule ?? "no schedule";
    row("Rotation", `enabled, ${schedule}${report.window ? `, window ${report.window}` : ""}`);
  } else {
    row("Rotation", "disabled");
  }
  row("Function", report.functionArn ?? "none");
  row("Last rotated", report.lastRotated ? isoSecond(report.lastRotated) : "never");
  row("Next rotation", report.rotationEnabled && report.nextRotation ? isoSecond(report.nextRotation) : report.rotationEnabled ? "not scheduled" : "none (rotation disabled)");
  lines.push("Versions");
  const width = Math.max(0, ...report.versions.map((v) => v.versionId.length));
  for (const v of report.versions) {
    const stages = v.stages.length > 0 ? v.stages.join(", ") : "(no stage)";
    lines.push(`  ${v.versionId.padEnd(width)}  ${stages}${v.created ? `  created ${isoSecond(v.created)}` : ""}`.trimEnd());
  }
  if (report.stuck) {
    const s = report.stuck;
    lines.push(
      `Stuck rotation: AWSPENDING is on version ${s.versionId}, not on AWSCURRENT${s.currentVersionId ? ` (${s.currentVersionId})` : ""}` +
        `${s.since ? `, since ${isoSecond(s.since)}` : ""}: a rotation started and did not finish. ${stuckAdvice(report.arn, s.versionId)}`,
    );
  }
  return `${lines.join("\n")}\n`;
}

function databaseJson(database: DatabaseFactsResult | undefined): Record<string, unknown> | null {
  if (!database?.ok) return null;
  const f = database.facts;
  return {
    engine: f.engine,
    kind: f.kind,
    identifier: f.identifier ?? null,
    host: f.host,
    port: f.port,
    readerEndpoint: f.readerEndpoint ?? null,
    proxyEndpoint: f.proxyEndpoint ?? null,
    proxyPort: f.proxyPort ?? null,
    proxyIamAuth: f.proxyEndpoint ? f.proxyIamAuth === true : null,
    proxyReaderEndpoint: f.proxyReaderEndpoint ?? null,
  };
}

export function formatStatusJson(report: StatusReport, database?: DatabaseFactsResult): string {
  const date = (d?: Date) => (d ? isoSecond(d) : null);
  return `${JSON.stringify(
    {
      name: report.name,
      arn: report.arn,
      database: databaseJson(database),
      rotation: {
        enabled: report.rotationEnabled,
        schedule: report.schedule ?? null,
        window: report.window ?? null,
        functionArn: report.functionArn ?? null,
        lastRotated: date(report.lastRotated),
        nextRotation: date(report.nextRotation),
      },
      versions: report.versions.map((v) => ({ versionId: v.versionId, stages: v.stages, created: date(v.created) })),
      stuck: report.stuck ? { versionId: report.stuck.versionId, currentVersionId: report.stuck.currentVersionId ?? null, since: date(report.stuck.since) } : null,
    },
    null,
    2,
  )}\n`;
}
