// One place that turns an AWS SDK failure into a one-line CliError: not found, access denied naming
// the IAM action, no credentials, no region. Messages from AWS never hold secret values.
import { CliError, ConfigurationError, ServiceError } from "../errors";

export interface CallContext {
  /** The IAM action the call needs, e.g. `secretsmanager:GetSecretValue`. */
  action: string;
  /** What the call is about, for the message: `secret "db-app"`, `function "rotate-db"`. */
  subject: string;
}

interface SdkErrorLike {
  name?: string;
  message?: string;
  code?: string;
  Code?: string;
  $fault?: string;
  $metadata?: { httpStatusCode?: number };
}

const NOT_FOUND = new Set([
  "ResourceNotFoundException",
  "NotFoundException",
  "DBInstanceNotFound",
  "DBInstanceNotFoundFault",
  "InvalidSubnetID.NotFound",
  "InvalidGroup.NotFound",
  "InvalidVpcID.NotFound",
]);
const ACCESS_DENIED = new Set(["AccessDeniedException", "AccessDenied", "UnauthorizedOperation", "UnrecognizedClientException", "AuthFailure"]);
const NETWORK_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "ETIMEDOUT", "ECONNRESET", "EAI_AGAIN", "EHOSTUNREACH"]);

/** The error's code as AWS sends it (`name` in SDK v3), or undefined when it is not an AWS answer. */
export function awsErrorCode(err: unknown): string | undefined {
  const e = err as SdkErrorLike;
  if (!e || typeof e !== "object") return undefined;
  return e.name ?? e.Code ?? e.code;
}

export function isNotFound(err: unknown): boolean {
  const code = awsErrorCode(err);
  return code !== undefined && (NOT_FOUND.has(code) || code.endsWith(".NotFound") || code.endsWith("NotFoundFault"));
}

/** Maps any failure of an AWS call to a CliError. */
export function toCliError(err: unknown, context: CallContext): CliError {
  if (err instanceof CliError) return err;
  const e = (err ?? {}) as SdkErrorLike;
  const code = awsErrorCode(err) ?? "Error";
  const message = typeof e.message === "string" ? e.message.split("\n")[0] : String(err);
  if (code === "CredentialsProviderError" || /Could not load credentials|credential/i.test(code)) {
    return new ConfigurationError(`no AWS credentials (${message}); set AWS_PROFILE or pass --profile, or run "aws configure" / "aws sso login"`, { cause: err });
  }
  if (/Region is missing/i.test(message)) {
    return new ConfigurationError("no AWS region: pass --region or set AWS_REGION (or a region in the profile)", { cause: err });
  }
  if (isNotFound(err)) {
    return new ServiceError(`${context.subject} not found (${context.action})`, context.action, code, { cause: err });
  }
  if (ACCESS_DENIED.has(code)) {
    return new ServiceError(`access denied: the caller may not call ${context.action} on ${context.subject}; grant ${context.action}`, context.action, code, { cause: err });
  }
  const sysCode = (err as { code?: string })?.code;
  if (sysCode && NETWORK_CODES.has(sysCode)) {
    return new CliError(`cannot reach AWS for ${context.action}: ${message}`, { cause: err });
  }
  if (e.$metadata || e.$fault) {
    return new ServiceError(`${context.action} on ${context.subject} failed: ${code}: ${message}`, context.action, code, { cause: err });
  }
  return new CliError(`${context.action} on ${context.subject} failed: ${message}`, { cause: err });
}

/** Runs one AWS call; any failure becomes a CliError naming the action. */
export async function awsCall<T>(context: CallContext, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw toCliError(err, context);
  }
}
