// Starting a rotation: Secrets Manager's RotateSecret, which invokes the secret's rotation function
// asynchronously. A seam, because moto cannot invoke this repository's function: the tests replace it
// with a starter that plays the rotation service and runs the real handler.
import { awsCall } from "../aws/awsCall";
import type { AwsClients } from "../aws/clients";
import { secretSubject } from "../secret/readSecret";

/** Starts one rotation and returns the new version id (the ClientRequestToken the function receives). */
export type RotationStarter = (clients: AwsClients, secretId: string) => Promise<{ versionId: string }>;

export const rotateSecretStarter: RotationStarter = async (clients, secretId) => {
  const sm = await clients.secretsManager();
  const { RotateSecretCommand } = await import("@aws-sdk/client-secrets-manager");
  const out = await awsCall({ action: "secretsmanager:RotateSecret", subject: secretSubject(secretId) }, () =>
    sm.send(new RotateSecretCommand({ SecretId: secretId, RotateImmediately: true })),
  );
  return { versionId: out.VersionId ?? "" };
};
