// Typed errors of the client library. Each keeps the original error as `cause`; messages name the
// secret and the Secrets Manager operation or the database refusal, never a secret value.

/** Base class: anything the client library throws on purpose. */
export class SecretCredentialsError extends Error {
  constructor(
    message: string,
    /** The secret's ARN or name, as given to SecretCredentials. */
    readonly secretId: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * Secrets Manager refused access (AccessDeniedException, or DecryptionFailure from KMS). Never
 * retried: another call would be refused the same way until someone changes a policy.
 */
export class SecretAccessDeniedError extends SecretCredentialsError {}

/** The secret does not exist or is scheduled for deletion (ResourceNotFoundException, InvalidRequestException). Never retried. */
export class SecretNotFoundError extends SecretCredentialsError {}

/** Secrets Manager could not be reached or answered with a transient error (network, throttling, 5xx). */
export class SecretsManagerUnavailableError extends SecretCredentialsError {}

/** The secret's value is not the database secret JSON a pool can use, or is for another engine. */
export class InvalidSecretValueError extends SecretCredentialsError {}

/**
 * A connect kept being refused by the database until its retry budget ran out. `cause` is the last
 * refusal (so `isAuthenticationError` holds for this error too).
 */
export class CredentialsRefusedError extends SecretCredentialsError {
  constructor(
    message: string,
    secretId: string,
    /** Connect attempts made, including the first. */
    readonly attempts: number,
    options?: { cause?: unknown },
  ) {
    super(message, secretId, options);
  }
}

/** Error names after which a Secrets Manager call is not repeated by any retry loop. */
const ACCESS_DENIED = new Set(["AccessDeniedException", "DecryptionFailure"]);
const NOT_FOUND = new Set(["ResourceNotFoundException", "InvalidRequestException"]);

/** Whether the library stops retrying after this error. */
export function isPermanent(err: unknown): boolean {
  return err instanceof SecretAccessDeniedError || err instanceof SecretNotFoundError || err instanceof InvalidSecretValueError;
}

/** Turns an AWS SDK error into one of the typed errors above. */
export function classifySecretsManagerError(err: unknown, secretId: string, operation: string): SecretCredentialsError {
  if (err instanceof SecretCredentialsError) return err;
  const name = err instanceof Error ? err.name : "Error";
  const detail = err instanceof Error ? `${name}: ${err.message}` : String(err);
  if (ACCESS_DENIED.has(name)) {
    return new SecretAccessDeniedError(
      `Secrets Manager denied ${operation} on secret ${secretId} (${detail}); the application's role needs ` +
        "secretsmanager:GetSecretValue and secretsmanager:DescribeSecret on the secret, and kms:Decrypt through " +
        "Secrets Manager when the secret uses a customer-managed key. Not retried.",
      secretId,
      { cause: err },
    );
  }
  if (NOT_FOUND.has(name)) {
    return new SecretNotFoundError(`secret ${secretId} was not found or is scheduled for deletion (${operation}: ${detail}). Not retried.`, secretId, {
      cause: err,
    });
  }
  return new SecretsManagerUnavailableError(`cannot read secret ${secretId} from Secrets Manager (${operation}: ${detail})`, secretId, { cause: err });
}
