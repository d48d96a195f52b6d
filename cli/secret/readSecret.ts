// Reads a secret's metadata and value through Secrets Manager, with errors that name the secret and
// the IAM action.
import type { DescribeSecretCommandOutput, ListSecretVersionIdsCommandOutput } from "@aws-sdk/client-secrets-manager";
import { awsCall } from "../aws/awsCall";
import type { AwsClients } from "../aws/clients";
import { connectionDetails, type ConnectionDetails } from "./connectionDetails";

export function secretSubject(secretId: string): string {
  return `secret ${JSON.stringify(secretId)}`;
}

export async function describeSecret(clients: AwsClients, secretId: string): Promise<DescribeSecretCommandOutput> {
  const sm = await clients.secretsManager();
  const { DescribeSecretCommand } = await import("@aws-sdk/client-secrets-manager");
  return awsCall({ action: "secretsmanager:DescribeSecret", subject: secretSubject(secretId) }, () => sm.send(new DescribeSecretCommand({ SecretId: secretId })));
}

export async function listVersions(clients: AwsClients, secretId: string): Promise<ListSecretVersionIdsCommandOutput["Versions"]> {
  const sm = await clients.secretsManager();
  const { ListSecretVersionIdsCommand } = await import("@aws-sdk/client-secrets-manager");
  const versions: NonNullable<ListSecretVersionIdsCommandOutput["Versions"]> = [];
  let nextToken: string | undefined;
  do {
    const page = await awsCall({ action: "secretsmanager:ListSecretVersionIds", subject: secretSubject(secretId) }, () =>
      sm.send(new ListSecretVersionIdsCommand({ SecretId: secretId, IncludeDeprecated: false, NextToken: nextToken })),
    );
    versions.push(...(page.Versions ?? []));
    nextToken = page.NextToken;
  } while (nextToken);
  return versions;
}

/** The SecretString of one stage (default AWSCURRENT); undefined when the version holds only SecretBinary. */
export async function secretValue(clients: AwsClients, secretId: string, stage = "AWSCURRENT"): Promise<{ arn: string; name: string; text?: string }> {
  const sm = await clients.secretsManager();
  const { GetSecretValueCommand } = await import("@aws-sdk/client-secrets-manager");
  const out = await awsCall({ action: "secretsmanager:GetSecretValue", subject: secretSubject(secretId) }, () =>
    sm.send(new GetSecretValueCommand({ SecretId: secretId, VersionStage: stage })),
  );
  return { arn: out.ARN ?? secretId, name: out.Name ?? secretId, ...(out.SecretString !== undefined ? { text: out.SecretString } : {}) };
}

/** The AWSCURRENT connection details; throws NotADatabaseSecretError naming the field. */
export async function readConnectionDetails(clients: AwsClients, secretId: string): Promise<ConnectionDetails & { secretName: string }> {
  const value = await secretValue(clients, secretId);
  return { ...connectionDetails(value.text, `secret ${JSON.stringify(value.name)}`), secretName: value.name };
}
