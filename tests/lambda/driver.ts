// A test driver that plays the Secrets Manager rotation service against moto.
//
// How it emulates AWS: RotateSecret in AWS creates a version with the new token labelled AWSPENDING
// and no value, then invokes the function with createSecret, setSecret, testSecret and
// finishSecret, in order, each with {Step, SecretId (the ARN), ClientRequestToken, RotationToken}.
// moto cannot hold a version without a value, and its RotateSecret without a Lambda moves AWSCURRENT
// by itself, so the driver never calls it to rotate. Instead `startRotation` registers the
// placeholder with the SecretsManagerProxy, which shows it to the function exactly as AWS would
// (DescribeSecret and ListSecretVersionIds list it with AWSPENDING; GetSecretValue on it answers
// ResourceNotFoundException) until the function's PutSecretValue creates the real version.
//
// Deviations from AWS, on purpose:
// - rotation is enabled by RotateSecret on a secret with no version yet (moto then only flips
//   RotationEnabled), before the first value is put;
// - the driver invokes steps itself, synchronously, and retries only when a test says so (AWS
//   retries a failed rotation on its own schedule);
// - the RotationToken is a random string the driver makes up; moto accepts and ignores it;
// - AWS refuses RotateSecret while AWSPENDING sits on another version; the driver lets a test start
//   a new rotation anyway, to put the function in the "stuck AWSPENDING" state the issue asks for.
import { spawn } from "child_process";
import * as crypto from "crypto";
import * as tls from "tls";
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
  PutSecretValueCommand,
  RotateSecretCommand,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from "@aws-sdk/client-secrets-manager";
import { loadConfig } from "../../rotation-lambda/config";
import { DB_TLS_VERIFY_INSECURE_TESTS_ONLY, ENV, type DatabaseSecret } from "../../rotation-lambda/contract";
import { defaultEngineRegistry, type EngineRegistry } from "../../rotation-lambda/engines";
import type { RotationEvent, RotationStep } from "../../rotation-lambda/event";
import { createHandler } from "../../rotation-lambda/handler";
import { createSecretsManagerApi, createSecretsManagerClient } from "../../rotation-lambda/secretsManager";
import { MOTO_CREDENTIALS, MOTO_REGION } from "../services";
import type { SecretsManagerProxy } from "./secretsManagerProxy";

export const STEP_ORDER: readonly RotationStep[] = ["createSecret", "setSecret", "testSecret", "finishSecret"];

/** Calls the rotation function with one event; rejects with the function's error. */
export type StepInvoker = (event: RotationEvent) => Promise<void>;

export interface TestSecret {
  arn: string;
  name: string;
}

export interface Rotation {
  token: string;
  rotationToken: string;
}

/** Everything a suite's invocations logged and threw, for the no-leak check. */
export interface Capture {
  logLines: string[];
  errorMessages: string[];
  /** Every password and RotationToken the suite created or saw. */
  secrets: Set<string>;
}

export function newCapture(): Capture {
  return { logLines: [], errorMessages: [], secrets: new Set() };
}

export interface InProcessOptions {
  proxy: SecretsManagerProxy;
  capture: Capture;
  /** CA the function trusts in addition to Node's roots: what NODE_EXTRA_CA_CERTS does in Lambda. */
  extraCaPem?: string;
  engines?: EngineRegistry;
  tlsVerify?: boolean;
  connectTimeoutMs?: number;
  /** More of the function's environment, e.g. PASSWORD_LENGTH and EXCLUDE_CHARACTERS. */
  env?: NodeJS.ProcessEnv;
}

/** The TypeScript handler in this process, talking to Secrets Manager through the proxy. */
export function inProcessInvoker(options: InProcessOptions): StepInvoker {
  const config = loadConfig({
    ...options.env,
    [ENV.SECRETS_MANAGER_ENDPOINT]: options.proxy.endpoint,
    ...(options.tlsVerify === false ? { [ENV.DB_TLS_VERIFY]: DB_TLS_VERIFY_INSECURE_TESTS_ONLY } : {}),
  });
  if (options.extraCaPem) config.connect.tls.ca = [...tls.rootCertificates, options.extraCaPem].join("\n");
  if (options.connectTimeoutMs) config.connect.connectTimeoutMs = options.connectTimeoutMs;
  const handler = createHandler({
    config,
    secretsManager: createSecretsManagerApi(
      createSecretsManagerClient({ endpoint: options.proxy.endpoint, region: MOTO_REGION, credentials: MOTO_CREDENTIALS }),
    ),
    engines: options.engines ?? defaultEngineRegistry,
    logSink: (line) => options.capture.logLines.push(line),
  });
  return async (event) => {
    try {
      await handler(event);
    } catch (err) {
      options.capture.errorMessages.push(`${(err as Error).name}: ${(err as Error).message}\n${(err as Error).stack ?? ""}`);
      throw err;
    }
  };
}

/**
 * The built bundle in a fresh Node process per step, configured only through the environment as
 * in Lambda: SECRETS_MANAGER_ENDPOINT and a real NODE_EXTRA_CA_CERTS file.
 */
export function bundleInvoker(options: { bundlePath: string; proxy: SecretsManagerProxy; caPath: string; capture: Capture }): StepInvoker {
  const script = `
    const { handler } = require(process.env.BUNDLE);
    handler(JSON.parse(process.env.EVENT)).then(
      () => process.exit(0),
      (e) => { process.stderr.write(JSON.stringify({ name: e.name, message: e.message }) + "\\n"); process.exit(1); });`;
  return (event) =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ["-e", script], {
        env: {
          PATH: process.env.PATH ?? "",
          BUNDLE: options.bundlePath,
          EVENT: JSON.stringify(event),
          [ENV.SECRETS_MANAGER_ENDPOINT]: options.proxy.endpoint,
          [ENV.NODE_EXTRA_CA_CERTS]: options.caPath,
          AWS_REGION: MOTO_REGION,
          AWS_ACCESS_KEY_ID: MOTO_CREDENTIALS.accessKeyId,
          AWS_SECRET_ACCESS_KEY: MOTO_CREDENTIALS.secretAccessKey,
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
      child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
      child.once("error", reject);
      child.once("exit", (code) => {
        options.capture.logLines.push(...stdout.split("\n").filter(Boolean));
        if (code === 0) return resolve();
        options.capture.errorMessages.push(stderr);
        const line = stderr.split("\n").reverse().find((l) => l.startsWith("{"));
        const parsed = line ? (JSON.parse(line) as { name: string; message: string }) : { name: "Error", message: stderr };
        const err = new Error(parsed.message);
        err.name = parsed.name;
        reject(err);
      });
    });
}

export class RotationDriver {
  readonly sm: SecretsManagerClient;

  constructor(
    motoEndpoint: string,
    readonly proxy: SecretsManagerProxy,
    readonly capture: Capture,
  ) {
    this.sm = new SecretsManagerClient({ endpoint: motoEndpoint, region: MOTO_REGION, credentials: MOTO_CREDENTIALS });
  }

  /** Creates a secret holding `value` (object → JSON) with rotation enabled unless told otherwise. */
  async createSecret(value: object | string, options: { rotationEnabled?: boolean; prefix?: string } = {}): Promise<TestSecret> {
    const name = `${options.prefix ?? "db"}-${crypto.randomBytes(5).toString("hex")}`;
    const created = await this.sm.send(new CreateSecretCommand({ Name: name }));
    const arn = created.ARN as string;
    if (options.rotationEnabled !== false) {
      // With no version and no Lambda, moto's RotateSecret only sets RotationEnabled.
      await this.sm.send(new RotateSecretCommand({ SecretId: arn, RotationRules: { AutomaticallyAfterDays: 1 }, RotateImmediately: false }));
    }
    const text = typeof value === "string" ? value : JSON.stringify(value);
    this.remember(text);
    await this.sm.send(new PutSecretValueCommand({ SecretId: arn, SecretString: text }));
    return { arn, name };
  }

  /** Registers a value (and its password) for the no-leak check. */
  remember(text: string): void {
    this.capture.secrets.add(text);
    try {
      const pw = (JSON.parse(text) as { password?: unknown }).password;
      if (typeof pw === "string") this.capture.secrets.add(pw);
    } catch {
      // not JSON: the whole text is remembered
    }
  }

  /** What RotateSecret does in AWS before the first invocation (see the header). */
  startRotation(secret: TestSecret, token: string = crypto.randomUUID()): Rotation {
    this.proxy.addPlaceholder(secret.arn, secret.name, token);
    const rotationToken = `rt-${crypto.randomBytes(16).toString("hex")}`;
    this.capture.secrets.add(rotationToken);
    return { token, rotationToken };
  }

  event(secret: TestSecret, rotation: Rotation, step: RotationStep): RotationEvent {
    return { Step: step, SecretId: secret.arn, ClientRequestToken: rotation.token, RotationToken: rotation.rotationToken };
  }

  /** Runs the given steps (default all four) in order; `afterStep` runs after each, even a failed one. */
  async runSteps(
    invoke: StepInvoker,
    secret: TestSecret,
    rotation: Rotation,
    options: { steps?: readonly RotationStep[]; afterStep?: (step: RotationStep, error?: unknown) => Promise<void> } = {},
  ): Promise<void> {
    for (const step of options.steps ?? STEP_ORDER) {
      try {
        await invoke(this.event(secret, rotation, step));
      } catch (err) {
        await options.afterStep?.(step, err);
        throw err;
      }
      await options.afterStep?.(step);
    }
  }

  /** A whole rotation with a new token. */
  async rotate(invoke: StepInvoker, secret: TestSecret): Promise<Rotation> {
    const rotation = this.startRotation(secret);
    await this.runSteps(invoke, secret, rotation);
    return rotation;
  }

  async stages(secret: TestSecret): Promise<Record<string, string[]>> {
    const out = await this.sm.send(new DescribeSecretCommand({ SecretId: secret.arn }));
    return out.VersionIdsToStages ?? {};
  }

  async versionWith(secret: TestSecret, stage: string): Promise<string | undefined> {
    const stages = await this.stages(secret);
    return Object.keys(stages).find((id) => stages[id]?.includes(stage));
  }

  async value(secret: TestSecret, select: { versionId?: string; stage?: string }): Promise<DatabaseSecret> {
    const out = await this.sm.send(new GetSecretValueCommand({ SecretId: secret.arn, VersionId: select.versionId, VersionStage: select.stage }));
    this.remember(out.SecretString ?? "");
    return JSON.parse(out.SecretString ?? "") as DatabaseSecret;
  }

  current(secret: TestSecret): Promise<DatabaseSecret> {
    return this.value(secret, { stage: "AWSCURRENT" });
  }

  /** Every version that holds a value, parsed where it parses. */
  async allValues(secret: TestSecret): Promise<{ versionId: string; stages: string[]; secret?: DatabaseSecret }[]> {
    const list = await this.sm.send(new ListSecretVersionIdsCommand({ SecretId: secret.arn, IncludeDeprecated: true }));
    const out: { versionId: string; stages: string[]; secret?: DatabaseSecret }[] = [];
    for (const v of list.Versions ?? []) {
      const got = await this.sm.send(new GetSecretValueCommand({ SecretId: secret.arn, VersionId: v.VersionId }));
      this.remember(got.SecretString ?? "");
      let parsed: DatabaseSecret | undefined;
      try {
        parsed = JSON.parse(got.SecretString ?? "") as DatabaseSecret;
      } catch {
        parsed = undefined;
      }
      out.push({ versionId: v.VersionId as string, stages: v.VersionStages ?? [], ...(parsed ? { secret: parsed } : {}) });
    }
    return out;
  }

  /** An operator clears a stuck AWSPENDING label by hand; the version and its value stay. */
  async clearPendingLabel(secret: TestSecret, versionId: string): Promise<void> {
    await this.sm.send(new UpdateSecretVersionStageCommand({ SecretId: secret.arn, VersionStage: "AWSPENDING", RemoveFromVersionId: versionId }));
  }

  /** Writes a value (a string, or bytes as SecretBinary) straight into a version, as a buggy tool or an earlier crash might have. */
  async putVersion(secret: TestSecret, versionId: string, value: string | Uint8Array, stages: string[]): Promise<void> {
    if (typeof value === "string") this.remember(value);
    const content = typeof value === "string" ? { SecretString: value } : { SecretBinary: value };
    await this.sm.send(new PutSecretValueCommand({ SecretId: secret.arn, ClientRequestToken: versionId, ...content, VersionStages: stages }));
    this.proxy.removePlaceholder(secret.arn);
  }
}

/** Rejects unless `promise` rejects with an error whose message matches. Returns the error. */
export async function expectRejection(promise: Promise<unknown>, pattern: RegExp): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    const e = err as Error;
    if (!pattern.test(e.message)) throw new Error(`expected an error matching ${pattern}, got ${e.name}: ${e.message}`);
    return e;
  }
  throw new Error(`expected an error matching ${pattern}, but it succeeded`);
}
