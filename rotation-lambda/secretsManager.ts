// The few Secrets Manager calls the rotation function makes, behind a small interface so the steps
// read as the rotation protocol and tests can count calls. The client honours
// SECRETS_MANAGER_ENDPOINT and bounds every request so retries stay inside the Lambda timeout.
import {
  DescribeSecretCommand,
  GetRandomPasswordCommand,
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
  type SecretVersionsListEntry,
} from "@aws-sdk/client-secrets-manager";
import {
  SECRETS_MANAGER_CONNECT_TIMEOUT_MS,
  SECRETS_MANAGER_MAX_ATTEMPTS,
  SECRETS_MANAGER_REQUEST_TIMEOUT_MS,
} from "./contract";
import { RotationError } from "./errors";
import type { SecretDescription } from "./guard";

export interface SecretVersionEntry {
  versionId: string;
  stages: readonly string[];
  createdDate?: Date;
}

export interface SecretsManagerApi {
  describe(secretId: string): Promise<SecretDescription>;
  /**
   * SecretString of one version, selected by id and/or stage. `undefined` when no such version has
   * a value (Secrets Manager answers ResourceNotFoundException, as for the empty AWSPENDING
   * placeholder that RotateSecret creates). A version holding only SecretBinary reads as "": it
   * exists and cannot be replaced, so callers must see it as unreadable, not as missing.
   */
  getSecretString(secretId: string, select: { versionId?: string; stage?: string }): Promise<string | undefined>;
  /** Creates version `versionId` with `secretString`, labelled AWSPENDING. */
  putPendingValue(secretId: string, versionId: string, secretString: string, rotationToken?: string): Promise<void>;
  /** Moves (or, without `toVersionId`, removes) a staging label. */
  updateStage(secretId: string, stage: string, move: { toVersionId?: string; fromVersionId?: string }): Promise<void>;
  randomPassword(length: number, excludeCharacters: string): Promise<string>;
  /** Every version including deprecated (unlabelled) ones, newest first where dates are known. */
  listVersions(secretId: string): Promise<SecretVersionEntry[]>;
}

export interface SecretsManagerClientOptions {
  endpoint?: string;
  region?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}


export function createSecretsManagerClient(options: SecretsManagerClientOptions = {}): SecretsManagerClient {
  return new SecretsManagerClient({
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.region ? { region: options.region } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    maxAttempts: SECRETS_MANAGER_MAX_ATTEMPTS,
    // Without throwOnRequestTimeout the SDK only warns and keeps waiting, past the Lambda timeout.
    requestHandler: {
      connectionTimeout: SECRETS_MANAGER_CONNECT_TIMEOUT_MS,
      requestTimeout: SECRETS_MANAGER_REQUEST_TIMEOUT_MS,
      throwOnRequestTimeout: true,
    },
  });
}

function toEntry(v: SecretVersionsListEntry): SecretVersionEntry | undefined {
  if (!v.VersionId) return undefined;
  return { versionId: v.VersionId, stages: v.VersionStages ?? [], ...(v.CreatedDate ? { createdDate: v.CreatedDate } : {}) };
}

export function createSecretsManagerApi(client: SecretsManagerClient): SecretsManagerApi {
  return {
    async describe(secretId) {
      const out = await client.send(new DescribeSecretCommand({ SecretId: secretId }));
      const versionStages: Record<string, readonly string[]> = {};
      for (const [id, stages] of Object.entries(out.VersionIdsToStages ?? {})) versionStages[id] = stages;
      return { arn: out.ARN ?? secretId, rotationEnabled: out.RotationEnabled === true, versionStages };
    },
    async getSecretString(secretId, select) {
      try {
        const out = await client.send(
          new GetSecretValueCommand({ SecretId: secretId, VersionId: select.versionId, VersionStage: select.stage }),
        );
        return out.SecretString ?? "";
      } catch (err) {
        if (err instanceof ResourceNotFoundException) return undefined;
        throw err;
      }
    },
    async putPendingValue(secretId, versionId, secretString, rotationToken) {
      await client.send(
        new PutSecretValueCommand({
          SecretId: secretId,
          ClientRequestToken: versionId,
          SecretString: secretString,
          VersionStages: ["AWSPENDING"],
          ...(rotationToken ? { RotationToken: rotationToken } : {}),
        }),
      );
    },
    async updateStage(secretId, stage, move) {
      await client.send(
        new UpdateSecretVersionStageCommand({
          SecretId: secretId,
          VersionStage: stage,
          MoveToVersionId: move.toVersionId,
          RemoveFromVersionId: move.fromVersionId,
        }),
      );
    },
    async randomPassword(length, excludeCharacters) {
      const out = await client.send(
        new GetRandomPasswordCommand({
          PasswordLength: length,
          ...(excludeCharacters ? { ExcludeCharacters: excludeCharacters } : {}),
        }),
      );
      if (!out.RandomPassword) throw new RotationError("GetRandomPassword returned no password");
      return out.RandomPassword;
    },
    async listVersions(secretId) {
      const entries: SecretVersionEntry[] = [];
      let nextToken: string | undefined;
      do {
        const out = await client.send(
          new ListSecretVersionIdsCommand({ SecretId: secretId, IncludeDeprecated: true, NextToken: nextToken }),
        );
        for (const v of out.Versions ?? []) {
          const entry = toEntry(v);
          if (entry) entries.push(entry);
        }
        nextToken = out.NextToken;
      } while (nextToken);
      // Newest first. Equal dates (moto keeps whole seconds) fall back to list order, which is
      // creation order in moto and irrelevant in AWS, whose dates carry milliseconds.
      return entries
        .map((entry, index) => ({ entry, index }))
        .sort((a, b) => (b.entry.createdDate?.getTime() ?? 0) - (a.entry.createdDate?.getTime() ?? 0) || b.index - a.index)
        .map(({ entry }) => entry);
    },
  };
}
