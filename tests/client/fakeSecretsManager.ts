// A Secrets Manager stand-in for the unit tests: versions and labels in memory, every call recorded,
// and errors injected by operation. moto cannot deny access (it checks no IAM policy), so
// AccessDenied is tested against this fake.
import { DescribeSecretCommand, GetSecretValueCommand } from "@aws-sdk/client-secrets-manager";
import type { SecretsManagerSender } from "../../client";

export type Operation = "DescribeSecret" | "GetSecretValue";

/** An error as the SDK raises it: its `name` is the service's exception name. */
export function awsError(name: string, message = `${name} (injected)`): Error {
  const err = new Error(message);
  err.name = name;
  return err;
}

export class FakeSecretsManager {
  readonly calls: { operation: Operation; versionId?: string }[] = [];
  /** When each call arrived (Date.now()), in the order of `calls`. */
  readonly callTimes: number[] = [];
  private readonly values = new Map<string, string>();
  private readonly stages = new Map<string, string[]>();
  /** Errors thrown by the next calls of an operation, in order. */
  private readonly failures: { operation: Operation; error: Error; times: number }[] = [];
  /** Resolves the calls' answers only when released (for concurrency tests). */
  private gate?: Promise<void>;

  /** Adds a version; `stages` moves those labels onto it. */
  put(versionId: string, value: object, stages: string[] = []): void {
    this.values.set(versionId, JSON.stringify(value));
    for (const stage of stages) for (const [id, s] of this.stages) this.stages.set(id, s.filter((x) => x !== stage));
    this.stages.set(versionId, [...(this.stages.get(versionId) ?? []), ...stages]);
  }

  /** The next `times` calls of `operation` fail with `error` (Infinity: every call). */
  failNext(operation: Operation, error: Error, times = 1): void {
    this.failures.push({ operation, error, times });
  }

  /** Holds every answer until the returned function is called. */
  hold(): () => void {
    let release!: () => void;
    this.gate = new Promise((resolve) => (release = resolve));
    return () => {
      this.gate = undefined;
      release();
    };
  }

  count(operation: Operation): number {
    return this.calls.filter((c) => c.operation === operation).length;
  }

  readonly client: SecretsManagerSender = {
    send: (async (command: unknown) => this.answer(command)) as unknown as SecretsManagerSender["send"],
  };

  private async answer(command: unknown): Promise<unknown> {
    const operation: Operation = command instanceof DescribeSecretCommand ? "DescribeSecret" : "GetSecretValue";
    const input = (command as DescribeSecretCommand | GetSecretValueCommand).input as { VersionId?: string; VersionStage?: string };
    this.calls.push({ operation, ...(input.VersionId ? { versionId: input.VersionId } : {}) });
    this.callTimes.push(Date.now());
    if (this.gate) await this.gate;
    const failure = this.failures.find((f) => f.operation === operation && f.times > 0);
    if (failure) {
      failure.times--;
      throw failure.error;
    }
    if (command instanceof DescribeSecretCommand) {
      return { ARN: "arn:fake", VersionIdsToStages: Object.fromEntries(this.stages) };
    }
    if (!(command instanceof GetSecretValueCommand)) throw new Error("unexpected command");
    const versionId = input.VersionId ?? [...this.stages].find(([, s]) => s.includes(input.VersionStage ?? "AWSCURRENT"))?.[0];
    const value = versionId === undefined ? undefined : this.values.get(versionId);
    if (value === undefined) throw awsError("ResourceNotFoundException", "Secrets Manager can't find the specified secret value");
    return { VersionId: versionId, SecretString: value };
  }
}

/** A PostgreSQL secret value for version tests. */
export function pgSecret(username: string, password: string): object {
  return { engine: "postgres", host: "db.example", port: 5432, username, password, dbname: "app" };
}
