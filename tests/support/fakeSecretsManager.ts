// An in-memory Secrets Manager behind the AWS SDK's `send`, for the calls the rotation function
// makes: DescribeSecret, GetSecretValue (by VersionId and/or VersionStage), PutSecretValue (with
// ClientRequestToken and stages), UpdateSecretVersionStage, ListSecretVersionIds and
// GetRandomPassword. It follows AWS where moto does not (design.md section 7): a version's value
// never changes once written, RotateSecret's empty AWSPENDING placeholder can be held, and moving a
// label that another version carries needs RemoveFromVersionId naming that version. Every call is
// recorded with secret values and RotationTokens replaced by their fingerprints.
import {
  DescribeSecretCommand,
  GetRandomPasswordCommand,
  GetSecretValueCommand,
  InvalidParameterException,
  InvalidRequestException,
  ListSecretVersionIdsCommand,
  PutSecretValueCommand,
  ResourceExistsException,
  ResourceNotFoundException,
  UpdateSecretVersionStageCommand,
  type SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { createSecretsManagerApi, type SecretsManagerApi } from "../../rotation-lambda/secretsManager";
import { fingerprint } from "./fingerprint";

export const AWSCURRENT = "AWSCURRENT";
export const AWSPENDING = "AWSPENDING";
export const AWSPREVIOUS = "AWSPREVIOUS";

interface StoredVersion {
  versionId: string;
  secretString?: string;
  secretBinary?: Uint8Array;
  stages: string[];
  createdDate: Date;
}

interface StoredSecret {
  arn: string;
  name: string;
  rotationEnabled: boolean;
  /** Creation order. */
  versions: StoredVersion[];
}

/** One call as the fake received it; SecretString and RotationToken appear only as fingerprints. */
export interface RecordedCall {
  command: string;
  input: Record<string, unknown>;
}

type CommandName =
  | "DescribeSecret"
  | "GetSecretValue"
  | "PutSecretValue"
  | "UpdateSecretVersionStage"
  | "ListSecretVersionIds"
  | "GetRandomPassword";

interface ScriptedFailure {
  command: CommandName;
  error: Error;
  /** The call takes effect and then fails, as when the answer is lost on the way back. */
  afterEffect: boolean;
  when?: (input: Record<string, unknown>) => boolean;
}

const METADATA = { $metadata: {} };
const notFound = (message: string): Error => new ResourceNotFoundException({ message, ...METADATA });
const invalidParameter = (message: string): Error => new InvalidParameterException({ message, ...METADATA });

/** What GetRandomPassword draws from, before ExcludeCharacters. */
const PASSWORD_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&()*+,-.:;<=>?@[]^_{|}~/\"'\\`";

function redactInput(input: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    out[key] = (key === "SecretString" || key === "RotationToken") && typeof value === "string" ? fingerprint(value) : value;
  }
  return out;
}

export class FakeSecretsManager {
  readonly calls: RecordedCall[] = [];
  /** ListSecretVersionIds page size, small enough by default that the client must follow NextToken. */
  listPageSize = 2;
  private readonly secrets: StoredSecret[] = [];
  private readonly failures: ScriptedFailure[] = [];
  private readonly hooks: { command: CommandName; run: () => void }[] = [];
  private now = Date.UTC(2026, 0, 1);
  private passwordsIssued = 0;

  /** Creates a secret with rotation enabled; returns its ARN. */
  addSecret(name: string, options: { rotationEnabled?: boolean } = {}): string {
    const arn = `arn:aws:secretsmanager:us-east-1:123456789012:secret:${name}-AbCdEf`;
    this.secrets.push({ arn, name, rotationEnabled: options.rotationEnabled ?? true, versions: [] });
    return arn;
  }

  /** Writes a version directly (test setup, not recorded), moving its stages as PutSecretValue does. */
  seedVersion(secretId: string, versionId: string, value: { secretString?: string; secretBinary?: Uint8Array }, stages: string[]): void {
    const secret = this.secret(secretId);
    if (secret.versions.some((v) => v.versionId === versionId)) throw new Error(`seedVersion: ${versionId} exists`);
    const version: StoredVersion = { versionId, stages: [], createdDate: this.tick(), ...value };
    secret.versions.push(version);
    for (const stage of stages) this.attach(secret, stage, version);
  }

  /** The empty AWSPENDING version RotateSecret creates before it invokes createSecret. */
  seedPlaceholder(secretId: string, token: string): void {
    this.seedVersion(secretId, token, {}, [AWSPENDING]);
  }

  /** Version id → labels, labelled versions only (DescribeSecret's VersionIdsToStages). */
  stages(secretId: string): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const v of this.secret(secretId).versions) if (v.stages.length > 0) out[v.versionId] = [...v.stages].sort();
    return out;
  }

  /** The SecretString of a version, for assertions (parse it; never print it). */
  secretString(secretId: string, versionId: string): string | undefined {
    return this.version(this.secret(secretId), versionId)?.secretString;
  }

  setRotationEnabled(secretId: string, enabled: boolean): void {
    this.secret(secretId).rotationEnabled = enabled;
  }

  /** Takes every label off a version (what an operator does to a stuck AWSPENDING), not recorded. */
  clearStages(secretId: string, versionId: string): void {
    const version = this.version(this.secret(secretId), versionId);
    if (!version) throw new Error(`clearStages: no version ${versionId}`);
    version.stages = [];
  }

  /**
   * The next matching call fails with `error`: before it takes effect, or with `afterEffect` once
   * it has (the invocation dies with the write done).
   */
  failNext(command: CommandName, error: Error, options: { afterEffect?: boolean; when?: (input: Record<string, unknown>) => boolean } = {}): void {
    this.failures.push({ command, error, afterEffect: options.afterEffect ?? false, ...(options.when ? { when: options.when } : {}) });
  }

  /** Runs `run` just before the next `command` is answered: someone else changing the secret meanwhile. */
  beforeNext(command: CommandName, run: () => void): void {
    this.hooks.push({ command, run });
  }

  /** Command names in call order. */
  commandNames(): string[] {
    return this.calls.map((c) => c.command);
  }

  resetCalls(): void {
    this.calls.length = 0;
  }

  /** A SecretsManagerClient stand-in: only `send` is used by rotation-lambda/secretsManager.ts. */
  client(): SecretsManagerClient {
    return { send: (command: unknown) => this.send(command) } as unknown as SecretsManagerClient;
  }

  /** The rotation function's own API wrapper over this fake. */
  api(): SecretsManagerApi {
    return createSecretsManagerApi(this.client());
  }

  async send(command: unknown): Promise<Record<string, unknown>> {
    const name = commandName(command);
    const input = (command as { input: Record<string, unknown> }).input;
    this.calls.push({ command: name, input: redactInput(input) });
    const hook = this.hooks.findIndex((h) => h.command === name);
    if (hook >= 0) this.hooks.splice(hook, 1)[0]!.run();
    const index = this.failures.findIndex((f) => f.command === name && (!f.when || f.when(input)));
    const failure = index >= 0 ? this.failures.splice(index, 1)[0] : undefined;
    if (failure && !failure.afterEffect) throw failure.error;
    const answer = this.answer(name, input);
    if (failure) throw failure.error;
    return answer;
  }

  private answer(name: CommandName, input: Record<string, unknown>): Record<string, unknown> {
    switch (name) {
      case "DescribeSecret":
        return this.describeSecret(input);
      case "GetSecretValue":
        return this.getSecretValue(input);
      case "PutSecretValue":
        return this.putSecretValue(input);
      case "UpdateSecretVersionStage":
        return this.updateSecretVersionStage(input);
      case "ListSecretVersionIds":
        return this.listSecretVersionIds(input);
      case "GetRandomPassword":
        return this.getRandomPassword(input);
    }
  }

  private describeSecret(input: Record<string, unknown>): Record<string, unknown> {
    const secret = this.secret(input.SecretId);
    return { ARN: secret.arn, Name: secret.name, RotationEnabled: secret.rotationEnabled, VersionIdsToStages: this.stages(secret.arn) };
  }

  private getSecretValue(input: Record<string, unknown>): Record<string, unknown> {
    const secret = this.secret(input.SecretId);
    const versionId = input.VersionId as string | undefined;
    const stage = (input.VersionStage as string | undefined) ?? (versionId ? undefined : AWSCURRENT);
    const version = versionId ? this.version(secret, versionId) : secret.versions.find((v) => v.stages.includes(stage!));
    if (!version || (stage && !version.stages.includes(stage)) || (version.secretString === undefined && version.secretBinary === undefined)) {
      throw notFound(
        `Secrets Manager can't find the specified secret value for ${versionId ? `VersionId: ${versionId}` : ""}${versionId && stage ? " and " : ""}${stage ? `staging label: ${stage}` : ""}`,
      );
    }
    return {
      ARN: secret.arn,
      Name: secret.name,
      VersionId: version.versionId,
      ...(version.secretString !== undefined ? { SecretString: version.secretString } : {}),
      ...(version.secretBinary !== undefined ? { SecretBinary: version.secretBinary } : {}),
      VersionStages: [...version.stages],
      CreatedDate: version.createdDate,
    };
  }

  private putSecretValue(input: Record<string, unknown>): Record<string, unknown> {
    const secret = this.secret(input.SecretId);
    const secretString = input.SecretString as string | undefined;
    const secretBinary = input.SecretBinary as Uint8Array | undefined;
    if (secretString === undefined && secretBinary === undefined) {
      throw new InvalidRequestException({ message: "You must provide either SecretString or SecretBinary.", ...METADATA });
    }
    const versionId = (input.ClientRequestToken as string | undefined) ?? `generated-${secret.versions.length + 1}`;
    const stages = (input.VersionStages as string[] | undefined) ?? [AWSCURRENT];
    let version = this.version(secret, versionId);
    if (version && (version.secretString !== undefined || version.secretBinary !== undefined)) {
      const same = version.secretString === secretString && sameBytes(version.secretBinary, secretBinary);
      // AWS ignores an identical retry and refuses to change a version's value.
      if (same) return { ARN: secret.arn, Name: secret.name, VersionId: versionId, VersionStages: [...version.stages] };
      throw new ResourceExistsException({ message: "You can't modify an existing version, you can only create a new version.", ...METADATA });
    }
    if (!version) {
      version = { versionId, stages: [], createdDate: this.tick() };
      secret.versions.push(version);
    }
    if (secretString !== undefined) version.secretString = secretString;
    if (secretBinary !== undefined) version.secretBinary = secretBinary;
    for (const stage of stages) this.attach(secret, stage, version);
    return { ARN: secret.arn, Name: secret.name, VersionId: versionId, VersionStages: [...version.stages] };
  }

  private updateSecretVersionStage(input: Record<string, unknown>): Record<string, unknown> {
    const secret = this.secret(input.SecretId);
    const stage = input.VersionStage as string;
    const moveTo = input.MoveToVersionId as string | undefined;
    const removeFrom = input.RemoveFromVersionId as string | undefined;
    const holder = secret.versions.find((v) => v.stages.includes(stage));
    if (removeFrom !== undefined && holder?.versionId !== removeFrom) {
      throw invalidParameter(`The staging label ${stage} is not attached to version ${removeFrom}.`);
    }
    if (moveTo === undefined) {
      if (removeFrom === undefined) throw invalidParameter("You must specify MoveToVersionId or RemoveFromVersionId.");
      if (stage === AWSCURRENT) throw invalidParameter("You can't remove the staging label AWSCURRENT; move it to another version instead.");
      holder!.stages = holder!.stages.filter((s) => s !== stage);
      return { ARN: secret.arn, Name: secret.name };
    }
    const target = this.version(secret, moveTo);
    if (!target) throw notFound(`Secrets Manager can't find the specified secret version: ${moveTo}`);
    if (holder && holder !== target && removeFrom === undefined) {
      throw invalidParameter(
        `The parameter RemoveFromVersionId can't be empty. Staging label ${stage} is currently attached to version ${holder.versionId}, ` +
          "so you must explicitly reference that version in RemoveFromVersionId.",
      );
    }
    this.attach(secret, stage, target);
    return { ARN: secret.arn, Name: secret.name };
  }

  private listSecretVersionIds(input: Record<string, unknown>): Record<string, unknown> {
    const secret = this.secret(input.SecretId);
    const all = secret.versions.filter((v) => input.IncludeDeprecated === true || v.stages.length > 0);
    const start = input.NextToken ? Number(input.NextToken) : 0;
    const page = all.slice(start, start + this.listPageSize);
    const next = start + this.listPageSize;
    return {
      ARN: secret.arn,
      Name: secret.name,
      Versions: page.map((v) => ({ VersionId: v.versionId, VersionStages: [...v.stages], CreatedDate: v.createdDate })),
      ...(next < all.length ? { NextToken: String(next) } : {}),
    };
  }

  /** Deterministic and distinct per call, drawn from the allowed characters. */
  private getRandomPassword(input: Record<string, unknown>): Record<string, unknown> {
    const length = (input.PasswordLength as number | undefined) ?? 32;
    const exclude = (input.ExcludeCharacters as string | undefined) ?? "";
    const alphabet = [...PASSWORD_ALPHABET].filter((c) => !exclude.includes(c));
    let seed = ++this.passwordsIssued * 7919;
    let password = "";
    for (let i = 0; i < length; i++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      password += alphabet[seed % alphabet.length];
    }
    return { RandomPassword: password };
  }

  /** Attaches `stage` to `version`, taking it off any other; AWSCURRENT's old holder becomes AWSPREVIOUS. */
  private attach(secret: StoredSecret, stage: string, version: StoredVersion): void {
    const holder = secret.versions.find((v) => v.stages.includes(stage));
    if (holder === version) return;
    if (holder) holder.stages = holder.stages.filter((s) => s !== stage);
    version.stages.push(stage);
    if (stage === AWSCURRENT && holder) this.attach(secret, AWSPREVIOUS, holder);
  }

  private secret(secretId: unknown): StoredSecret {
    const secret = this.secrets.find((s) => s.arn === secretId || s.name === secretId);
    if (!secret) throw notFound("Secrets Manager can't find the specified secret.");
    return secret;
  }

  private version(secret: StoredSecret, versionId: string): StoredVersion | undefined {
    return secret.versions.find((v) => v.versionId === versionId);
  }

  /** Creation dates one second apart, as moto keeps them, so "newest first" is well defined. */
  private tick(): Date {
    this.now += 1000;
    return new Date(this.now);
  }
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function commandName(command: unknown): CommandName {
  if (command instanceof DescribeSecretCommand) return "DescribeSecret";
  if (command instanceof GetSecretValueCommand) return "GetSecretValue";
  if (command instanceof PutSecretValueCommand) return "PutSecretValue";
  if (command instanceof UpdateSecretVersionStageCommand) return "UpdateSecretVersionStage";
  if (command instanceof ListSecretVersionIdsCommand) return "ListSecretVersionIds";
  if (command instanceof GetRandomPasswordCommand) return "GetRandomPassword";
  throw new Error(`FakeSecretsManager: unexpected command ${(command as object)?.constructor?.name}`);
}
