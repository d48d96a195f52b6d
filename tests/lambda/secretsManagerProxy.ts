// An HTTP proxy between the rotation function and moto. It does three things moto cannot:
//  1. records every Secrets Manager operation the function sends (the permission check, issue item 11);
//  2. emulates the empty AWSPENDING placeholder version that AWS's RotateSecret creates before it
//     invokes createSecret (moto's PutSecretValue needs a value, so it cannot hold one);
//  3. refuses, as AWS does, a PutSecretValue that would change an existing version's value
//     (moto overwrites it), and injects faults before or after forwarding a chosen operation.
// Everything else is forwarded unchanged. The driver talks to moto directly, so only the function's
// calls are recorded.
import * as http from "http";
import type { AddressInfo } from "net";

export type FaultTiming = "before" | "after";

interface Placeholder {
  arn: string;
  name: string;
  token: string;
  createdAt: number;
}

interface Fault {
  operation: string;
  timing: FaultTiming;
}

type Json = Record<string, unknown>;

export class SecretsManagerProxy {
  /** Every operation received, as IAM action names ("secretsmanager:GetSecretValue"), in order. */
  readonly operations: string[] = [];
  /** The same calls with their request bodies (test-only: they hold secret values). */
  readonly requests: { operation: string; input: Record<string, unknown> }[] = [];
  private readonly placeholders = new Map<string, Placeholder>();
  private readonly faults: Fault[] = [];
  private server?: http.Server;
  endpoint = "";

  constructor(private readonly motoEndpoint: string) {}

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.endpoint = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** What AWS's RotateSecret does before the first invocation: an AWSPENDING version with no value. */
  addPlaceholder(arn: string, name: string, token: string): void {
    this.placeholders.set(arn, { arn, name, token, createdAt: Date.now() / 1000 });
  }

  /** The secret's pending version now exists for real (a test wrote it straight into moto). */
  removePlaceholder(arn: string): void {
    this.placeholders.delete(arn);
  }

  /** The next `operation` fails with a non-retryable error, before or after moto has executed it. */
  injectFault(operation: string, timing: FaultTiming): void {
    this.faults.push({ operation, timing });
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  /** Operations recorded since `mark` (an index into `operations`). */
  operationsSince(mark: number): string[] {
    return this.operations.slice(mark);
  }

  private placeholderFor(secretId: unknown): Placeholder | undefined {
    if (typeof secretId !== "string") return undefined;
    for (const p of this.placeholders.values()) if (p.arn === secretId || p.name === secretId) return p;
    return undefined;
  }

  private async forward(target: string, body: string): Promise<{ status: number; body: string }> {
    const url = new URL(this.motoEndpoint);
    // moto serves every AWS service on one port and picks one from the signature's credential scope.
    const authorization = `AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/secretsmanager/aws4_request, SignedHeaders=host, Signature=0`;
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          method: "POST",
          path: "/",
          headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": target, authorization },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => resolve({ status: res.statusCode ?? 500, body: Buffer.concat(chunks).toString("utf8") }));
        },
      );
      req.once("error", reject);
      req.end(body);
    });
  }

  private send(res: http.ServerResponse, status: number, body: string): void {
    res.writeHead(status, { "content-type": "application/x-amz-json-1.1" });
    res.end(body);
  }

  private error(res: http.ServerResponse, type: string, message: string): void {
    this.send(res, 400, JSON.stringify({ __type: type, message }));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    try {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const raw = Buffer.concat(chunks).toString("utf8");
      const target = String(req.headers["x-amz-target"] ?? "");
      const operation = target.replace(/^secretsmanager\./, "");
      this.operations.push(`secretsmanager:${operation}`);
      const input = (raw ? JSON.parse(raw) : {}) as Json;
      this.requests.push({ operation, input });

      const faultIndex = this.faults.findIndex((f) => f.operation === operation);
      const fault = faultIndex >= 0 ? this.faults.splice(faultIndex, 1)[0] : undefined;
      if (fault?.timing === "before") return this.error(res, "InjectedFault", `injected fault before ${operation}`);

      const placeholder = this.placeholderFor(input.SecretId);
      if (placeholder && operation === "GetSecretValue" && (input.VersionId === placeholder.token || (!input.VersionId && input.VersionStage === "AWSPENDING"))) {
        // The placeholder has no value: AWS answers as for a missing version.
        return this.error(res, "ResourceNotFoundException", "Secrets Manager can't find the specified secret value for staging label: AWSPENDING");
      }
      if (operation === "PutSecretValue") {
        const refused = await this.refuseOverwrite(input);
        if (refused) return this.error(res, "ResourceExistsException", refused);
      }

      const out = await this.forward(target, raw);
      let body = out.body;
      if (out.status < 300 && placeholder) body = this.applyPlaceholder(operation, input, placeholder, body);
      if (fault?.timing === "after") return this.error(res, "InjectedFault", `injected fault after ${operation}`);
      this.send(res, out.status, body);
    } catch (err) {
      this.error(res, "ProxyFailure", (err as Error).message);
    }
  }

  /** AWS refuses to change an existing version; moto would overwrite it. Same value is an idempotent retry. */
  private async refuseOverwrite(input: Json): Promise<string | undefined> {
    if (typeof input.ClientRequestToken !== "string") return undefined;
    const existing = await this.forward(
      "secretsmanager.GetSecretValue",
      JSON.stringify({ SecretId: input.SecretId, VersionId: input.ClientRequestToken }),
    );
    if (existing.status >= 300) return undefined;
    const stored = (JSON.parse(existing.body) as Json).SecretString;
    return stored === input.SecretString ? undefined : "You can't modify an existing version, you can only create a new version.";
  }

  /** Rewrites moto's answer so the placeholder shows as AWS would show it, holding AWSPENDING. */
  private applyPlaceholder(operation: string, input: Json, p: Placeholder, body: string): string {
    const out = JSON.parse(body) as Json;
    if (operation === "PutSecretValue" && input.ClientRequestToken === p.token) {
      this.placeholders.delete(p.arn);
      return body;
    }
    if (operation === "UpdateSecretVersionStage" && input.VersionStage === "AWSPENDING" && input.RemoveFromVersionId === p.token) {
      this.placeholders.delete(p.arn);
      return body;
    }
    if (operation === "DescribeSecret") {
      const stages = { ...((out.VersionIdsToStages as Record<string, string[]>) ?? {}) };
      for (const id of Object.keys(stages)) stages[id] = stages[id]!.filter((s) => s !== "AWSPENDING");
      stages[p.token] = ["AWSPENDING"];
      out.VersionIdsToStages = stages;
      return JSON.stringify(out);
    }
    if (operation === "ListSecretVersionIds") {
      const versions: Json[] = ((out.Versions as Json[]) ?? []).map((v) => ({
        ...v,
        VersionStages: ((v.VersionStages as string[]) ?? []).filter((s) => s !== "AWSPENDING"),
      }));
      versions.push({ VersionId: p.token, VersionStages: ["AWSPENDING"], CreatedDate: p.createdAt });
      out.Versions = versions;
      return JSON.stringify(out);
    }
    return body;
  }
}
