// The credential source for one database secret: a cache that checks AWSCURRENT's version id with
// DescribeSecret and reads a value with GetSecretValue only when it changed, shares concurrent
// refreshes, serves its last good value through transient Secrets Manager errors, and, when the
// database refuses AWSCURRENT, offers AWSPENDING (the single-user window between setSecret and
// finishSecret). It logs nothing; it emits events.
import { EventEmitter } from "events";
import { DescribeSecretCommand, GetSecretValueCommand, SecretsManagerClient, type SecretsManagerClientConfig } from "@aws-sdk/client-secrets-manager";
import {
  DEFAULT_MIN_FORCED_REFRESH_INTERVAL_MS,
  DEFAULT_REFRESH_INTERVAL_MS,
  FORCED_REFRESH_JITTER,
  REFRESH_JITTER,
  SECRET_ARN_ENV,
  SECRETS_MANAGER_CONNECT_TIMEOUT_MS,
  SECRETS_MANAGER_MAX_ATTEMPTS,
  SECRETS_MANAGER_REQUEST_TIMEOUT_MS,
  TRANSIENT_RETRY_BASE_DELAY_MS,
  TRANSIENT_RETRY_MAX_DELAY_MS,
} from "./constants";
import type { SecretCredentialsEvents } from "./credentialEvents";
import { credentialsFromSecretString, type DatabaseCredentials } from "./databaseCredentials";
import { classifySecretsManagerError, InvalidSecretValueError, isPermanent, SecretCredentialsError, SecretNotFoundError } from "./errors";
import { authenticationErrorCode } from "./isAuthenticationError";
import { backoffDelay, jittered } from "./jitter";
import { labelledVersions, nextVersionAfterRefusal, type LabelledVersions } from "./versionSelection";

/** What the credential source needs of a Secrets Manager client: `send` (an SDK v3 SecretsManagerClient has it). */
export type SecretsManagerSender = Pick<SecretsManagerClient, "send">;

export interface SecretCredentialsOptions {
  /** ARN or name of the database secret (the JSON of design.md section 3). */
  secretId: string;
  /**
   * The Secrets Manager client.
   * @default - a SecretsManagerClient with the SDK's usual region, credentials and endpoint resolution
   * (AWS_REGION, AWS_PROFILE, AWS_ENDPOINT_URL_SECRETS_MANAGER, ...), each request bounded to 3 s to
   * connect and 5 s to answer, 2 attempts
   */
  client?: SecretsManagerSender;
  /**
   * How often AWSCURRENT's version id is checked (one DescribeSecret), jittered ±10 %. The check runs
   * when credentials are asked for after the interval, in the background; the cached value is served meanwhile.
   * @default 300000 (300 s, the Secrets Manager Agent's interval)
   */
  refreshIntervalMs?: number;
  /**
   * The shortest gap between two refreshes forced by authentication failures, jittered ±25 %.
   * @default 1000 (1 s)
   */
  minForcedRefreshIntervalMs?: number;
  /**
   * When the database refuses AWSCURRENT and AWSCURRENT has not moved, try the version labelled
   * AWSPENDING (during a single-user rotation, the password the database already has).
   * @default true
   */
  awsPendingFallback?: boolean;
}

function positiveMs(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${name} must be a positive number of milliseconds, got ${String(value)}`);
  }
  return value;
}

/**
 * The client this library builds when none is given: the SDK's defaults (plus `config`, e.g. an
 * endpoint or region), every request bounded.
 */
export function defaultSecretsManagerClient(config: SecretsManagerClientConfig = {}): SecretsManagerClient {
  return new SecretsManagerClient({
    ...config,
    maxAttempts: SECRETS_MANAGER_MAX_ATTEMPTS,
    requestHandler: {
      connectionTimeout: SECRETS_MANAGER_CONNECT_TIMEOUT_MS,
      requestTimeout: SECRETS_MANAGER_REQUEST_TIMEOUT_MS,
      // Without it the SDK only warns at the request timeout and keeps waiting.
      throwOnRequestTimeout: true,
    },
  });
}

export class SecretCredentials extends EventEmitter<SecretCredentialsEvents> {
  readonly secretId: string;
  private readonly client: SecretsManagerSender;
  private readonly refreshIntervalMs: number;
  private readonly minForcedRefreshIntervalMs: number;
  private readonly awsPendingFallback: boolean;

  /** Values read, by version id: one GetSecretValue answer each, never mixed. */
  private readonly versions = new Map<string, DatabaseCredentials>();
  private readonly loading = new Map<string, Promise<DatabaseCredentials>>();
  private labels: LabelledVersions = {};
  /** The version new connections use: AWSCURRENT, or AWSPENDING after a fallback. */
  private preferredId?: string;
  private inflight?: Promise<void>;
  private nextRefreshAt = 0;
  private lastError?: SecretCredentialsError;
  private transientFailures = 0;
  private lastForcedAt = -Infinity;
  private forcedGapMs = 0;
  private forcedGap?: Promise<void>;

  /** Reads the secret named by DB_SECRET_ARN with the SDK's usual region and credentials. */
  static fromEnvironment(env: NodeJS.ProcessEnv = process.env, options: Omit<SecretCredentialsOptions, "secretId"> = {}): SecretCredentials {
    const secretId = env[SECRET_ARN_ENV];
    if (!secretId) throw new SecretCredentialsError(`${SECRET_ARN_ENV} is not set: it must hold the ARN (or name) of the database secret`, "");
    return new SecretCredentials({ ...options, secretId });
  }

  constructor(options: SecretCredentialsOptions) {
    super();
    if (typeof options.secretId !== "string" || options.secretId === "") {
      throw new TypeError(`secretId must be the ARN or name of a secret, got ${JSON.stringify(options.secretId)}`);
    }
    this.secretId = options.secretId;
    this.client = options.client ?? defaultSecretsManagerClient();
    this.refreshIntervalMs = positiveMs("refreshIntervalMs", options.refreshIntervalMs, DEFAULT_REFRESH_INTERVAL_MS);
    this.minForcedRefreshIntervalMs = positiveMs("minForcedRefreshIntervalMs", options.minForcedRefreshIntervalMs, DEFAULT_MIN_FORCED_REFRESH_INTERVAL_MS);
    this.awsPendingFallback = options.awsPendingFallback ?? true;
  }

  /** The version id new connections use, undefined before the first read. */
  get versionId(): string | undefined {
    return this.preferredId;
  }

  /** AWSCURRENT's version id at the last refresh. */
  get currentVersionId(): string | undefined {
    return this.labels.current;
  }

  /**
   * The credentials for a new connection. The first call reads the secret (and throws a typed error
   * when it cannot); later calls answer from the cache and refresh it in the background once the
   * interval has passed.
   */
  async get(): Promise<DatabaseCredentials> {
    const cached = this.peek();
    if (cached) {
      if (Date.now() >= this.nextRefreshAt && !this.inflight) this.refreshInBackground();
      return cached;
    }
    // A cold start that just failed fails again at once until its backoff (or, for a permanent error, the interval) has passed.
    if (!this.inflight && this.lastError && Date.now() < this.nextRefreshAt) throw this.lastError;
    await this.refreshOnce(false);
    return this.requirePreferred();
  }

  /** The credentials `get()` would answer from the cache, without any call; undefined before the first read. */
  peek(): DatabaseCredentials | undefined {
    return this.preferredId === undefined ? undefined : this.versions.get(this.preferredId);
  }

  /** Checks AWSCURRENT now (joining a refresh already in flight) and returns the credentials to use. */
  async refresh(): Promise<DatabaseCredentials> {
    await this.refreshOnce(true);
    return this.requirePreferred();
  }

  /**
   * Tells the source that the database refused `refused` (for pool implementations). Forces one
   * refresh, shared by every caller and at most once per minimum forced interval (a caller inside
   * the interval waits for its end), and resolves to
   * whether `get()` now offers another version: a new AWSCURRENT, or AWSPENDING when AWSCURRENT itself
   * was refused. Resolves false when there is nothing new yet (the caller backs off) and throws when
   * Secrets Manager refuses access (never worth retrying).
   */
  async handleAuthenticationFailure(refused: DatabaseCredentials, error?: unknown): Promise<boolean> {
    this.emit("authenticationFailure", {
      secretId: this.secretId,
      versionId: refused.versionId,
      ...(this.stageOf(refused.versionId) ? { stage: this.stageOf(refused.versionId) } : {}),
      username: refused.username,
      ...(authenticationErrorCode(error) !== undefined ? { code: authenticationErrorCode(error) } : {}),
    });
    if (refused.versionId !== this.preferredId) return true;
    // Within the minimum forced interval, every refused caller waits for the one refresh at its end.
    if (!this.inflight && Date.now() - this.lastForcedAt < this.forcedGapMs) {
      await this.endOfForcedGap();
      if (refused.versionId !== this.preferredId) return true;
    }
    try {
      await this.refreshOnce(true);
    } catch (err) {
      if (isPermanent(err)) throw err;
      return false;
    }
    if (this.preferredId !== refused.versionId) return true;
    const next = nextVersionAfterRefusal(refused.versionId, this.labels, this.awsPendingFallback);
    if (!next) return false;
    try {
      await this.load(next.versionId);
    } catch (err) {
      // AWS's RotateSecret labels an empty placeholder AWSPENDING before createSecret: it has no value yet.
      if (next.pendingFallback && err instanceof SecretNotFoundError) return false;
      if (isPermanent(err)) throw err;
      return false;
    }
    if (this.preferredId === refused.versionId) {
      this.preferredId = next.versionId;
      this.prune();
      if (next.pendingFallback && this.labels.current !== undefined) {
        this.emit("pendingFallback", { secretId: this.secretId, currentVersionId: this.labels.current, pendingVersionId: next.versionId });
      }
    }
    return true;
  }

  private endOfForcedGap(): Promise<void> {
    this.forcedGap ??= new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, this.lastForcedAt + this.forcedGapMs - Date.now()))).finally(() => {
      this.forcedGap = undefined;
    });
    return this.forcedGap;
  }

  private stageOf(versionId: string): "AWSCURRENT" | "AWSPENDING" | undefined {
    if (versionId === this.labels.current) return "AWSCURRENT";
    if (versionId === this.labels.pending) return "AWSPENDING";
    return undefined;
  }

  private requirePreferred(): DatabaseCredentials {
    const credentials = this.peek();
    if (!credentials) throw new SecretCredentialsError(`secret ${this.secretId} has no credentials cached after a refresh`, this.secretId);
    return credentials;
  }

  private refreshInBackground(): void {
    // Failures are reported through the refreshError event; the cached value keeps being served.
    this.refreshOnce(false).catch(() => undefined);
  }

  private refreshOnce(forced: boolean): Promise<void> {
    if (this.inflight) return this.inflight;
    if (forced) {
      this.lastForcedAt = Date.now();
      this.forcedGapMs = jittered(this.minForcedRefreshIntervalMs, FORCED_REFRESH_JITTER);
    }
    this.inflight = this.runRefresh(forced).finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async runRefresh(forced: boolean): Promise<void> {
    try {
      let described;
      try {
        described = await this.client.send(new DescribeSecretCommand({ SecretId: this.secretId }));
      } catch (err) {
        throw classifySecretsManagerError(err, this.secretId, "DescribeSecret");
      }
      const labels = labelledVersions(described.VersionIdsToStages);
      if (labels.current === undefined) throw new InvalidSecretValueError(`secret ${this.secretId} has no version labelled AWSCURRENT`, this.secretId);
      await this.load(labels.current);
      const previous = this.labels.current;
      this.labels = labels;
      if (previous !== labels.current || this.preferredId === undefined) this.preferredId = labels.current;
      this.prune();
      this.transientFailures = 0;
      this.lastError = undefined;
      this.nextRefreshAt = Date.now() + jittered(this.refreshIntervalMs, REFRESH_JITTER);
      this.emit("refresh", {
        secretId: this.secretId,
        versionId: labels.current,
        ...(previous !== undefined ? { previousVersionId: previous } : {}),
        changed: previous !== labels.current,
        forced,
      });
    } catch (err) {
      const error = classifySecretsManagerError(err, this.secretId, "refresh");
      const permanent = isPermanent(error);
      const retryInMs = permanent
        ? jittered(this.refreshIntervalMs, REFRESH_JITTER)
        : backoffDelay(this.transientFailures++, TRANSIENT_RETRY_BASE_DELAY_MS, Math.min(TRANSIENT_RETRY_MAX_DELAY_MS, this.refreshIntervalMs));
      this.nextRefreshAt = Date.now() + retryInMs;
      this.lastError = error;
      this.emit("refreshError", {
        secretId: this.secretId,
        error,
        permanent,
        ...(this.preferredId !== undefined ? { servingVersionId: this.preferredId } : {}),
        retryInMs,
      });
      throw error;
    }
  }

  /** The value of one version, by id: cached, or one GetSecretValue shared by concurrent callers. */
  private load(versionId: string): Promise<DatabaseCredentials> {
    const cached = this.versions.get(versionId);
    if (cached) return Promise.resolve(cached);
    const inflight = this.loading.get(versionId);
    if (inflight) return inflight;
    const loading = (async () => {
      let out;
      try {
        out = await this.client.send(new GetSecretValueCommand({ SecretId: this.secretId, VersionId: versionId }));
      } catch (err) {
        throw classifySecretsManagerError(err, this.secretId, `GetSecretValue of version ${versionId}`);
      }
      if (out.VersionId !== undefined && out.VersionId !== versionId) {
        throw new InvalidSecretValueError(`Secrets Manager answered version ${out.VersionId} of secret ${this.secretId} when asked for ${versionId}`, this.secretId);
      }
      const credentials = credentialsFromSecretString(this.secretId, versionId, out.SecretString);
      this.versions.set(versionId, credentials);
      return credentials;
    })().finally(() => this.loading.delete(versionId));
    this.loading.set(versionId, loading);
    return loading;
  }

  /** Keeps only the versions that can still be offered. */
  private prune(): void {
    for (const id of this.versions.keys()) {
      if (id !== this.preferredId && id !== this.labels.current && id !== this.labels.pending) this.versions.delete(id);
    }
  }
}
