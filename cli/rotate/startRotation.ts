// Starting a rotation: Secrets Manager's RotateSecret, which invokes the secret's rotation function
// asynchronously. A seam, because moto cannot invoke this repository's function: the tests replace it
// with a starter that plays the rotation service and runs the real handler.
import { awsCall } from "../aws/awsCall";
import { ServiceError } from "../errors";
import type { AwsClients } from "../aws/clients";
import { secretSubject } from "../secret/readSecret";

/** Starts one rotation and returns the new version id (the ClientRequestToken the function receives). */
export type RotationStarter = (clients: AwsClients, secretId: string) => Promise<{ versionId: string }>;

export const rotateSecretStarter: RotationStarter = async (clients, secretId) => {
  const sm = await clients.secretsManager();
  const { RotateSecretCommand } = await import("@aws-sdk/client-secrets-manager");
  try {
    const out = await awsCall({ action: "secretsmanager:RotateSecret", subject: secretSubject(secretId) }, () =>
      sm.send(new RotateSecretCommand({ SecretId: secretId, RotateImmediately: true })),
    );
    return { versionId: out.VersionId ?? "" };
  } catch (err) {
    // RotateSecret checks the caller's right to invoke the function too (AWS: "you must have
    // secretsmanager:RotateSecret and lambda:InvokeFunction"); AWS's message says which is missing.
    if (err instanceof ServiceError && /AccessDenied/.test(err.code)) {
      throw new ServiceError(`${err.message} (RotateSecret also needs lambda:InvokeFunction on the rotation function)`, err.action, err.code, { cause: err });
    }
    throw err;
  }
};
