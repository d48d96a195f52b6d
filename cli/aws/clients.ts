// AWS SDK v3 clients, each loaded on first use: `status` or `url` must not pay for loading the EC2
// client (the largest of them) that only `doctor` needs.
import type { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import type { EC2Client } from "@aws-sdk/client-ec2";
import type { LambdaClient } from "@aws-sdk/client-lambda";
import type { RDSClient } from "@aws-sdk/client-rds";
import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { AwsOptions } from "./awsOptions";

export interface AwsClients {
  secretsManager(): Promise<SecretsManagerClient>;
  ec2(): Promise<EC2Client>;
  lambda(): Promise<LambdaClient>;
  rds(): Promise<RDSClient>;
  logs(): Promise<CloudWatchLogsClient>;
  /** The region the clients use (from options, or the profile, as the SDK resolves it). */
  region(): Promise<string>;
}

/** Retries per call: enough for a throttled burst of doctor's calls, few enough to stay fast. */
const MAX_ATTEMPTS = 3;

function clientConfig(options: AwsOptions): Record<string, unknown> {
  return {
    maxAttempts: MAX_ATTEMPTS,
    ...(options.region ? { region: options.region } : {}),
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.endpointUrl ? { endpoint: options.endpointUrl } : {}),
  };
}

function memo<T>(make: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => (value ??= make());
}

export function createAwsClients(options: AwsOptions): AwsClients {
  const config = clientConfig(options);
  const secretsManager = memo(async () => new (await import("@aws-sdk/client-secrets-manager")).SecretsManagerClient(config));
  return {
    secretsManager,
    ec2: memo(async () => new (await import("@aws-sdk/client-ec2")).EC2Client(config)),
    lambda: memo(async () => new (await import("@aws-sdk/client-lambda")).LambdaClient(config)),
    rds: memo(async () => new (await import("@aws-sdk/client-rds")).RDSClient(config)),
    logs: memo(async () => new (await import("@aws-sdk/client-cloudwatch-logs")).CloudWatchLogsClient(config)),
    region: memo(async () => {
      const client = await secretsManager();
      return typeof client.config.region === "function" ? await client.config.region() : String(client.config.region);
    }),
  };
}
