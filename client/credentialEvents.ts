// The events SecretCredentials emits. None carries a password; usernames and version ids are not secret.
import type { SecretCredentialsError } from "./errors";

/** A refresh succeeded. */
export interface RefreshEvent {
  secretId: string;
  /** AWSCURRENT's version id now. */
  versionId: string;
  /** AWSCURRENT's version id before, undefined on the first read. */
  previousVersionId?: string;
  /** Whether AWSCURRENT moved (a GetSecretValue was made unless the value was already cached). */
  changed: boolean;
  /** Whether an authentication failure (or `refresh()`) forced it, rather than the interval. */
  forced: boolean;
}

/** A refresh failed; with a warm cache the last good value is still served. */
export interface RefreshErrorEvent {
  secretId: string;
  error: SecretCredentialsError;
  /** AccessDenied, ResourceNotFound or an unusable value: not retried before the next interval. */
  permanent: boolean;
  /** The version still served, undefined on a cold start. */
  servingVersionId?: string;
  /** When the next refresh may run. */
  retryInMs: number;
}

/** The database refused credentials from this secret. */
export interface AuthenticationFailureEvent {
  secretId: string;
  versionId: string;
  /** The version's label when it was refused, as far as the cache knows. */
  stage?: "AWSCURRENT" | "AWSPENDING";
  username: string;
  /** The driver's code: "28P01", "28000" or 1045. */
  code?: string | number;
}

/** AWSCURRENT was refused and new connections now use AWSPENDING. */
export interface PendingFallbackEvent {
  secretId: string;
  currentVersionId: string;
  pendingVersionId: string;
}

export interface SecretCredentialsEvents {
  refresh: [RefreshEvent];
  refreshError: [RefreshErrorEvent];
  authenticationFailure: [AuthenticationFailureEvent];
  pendingFallback: [PendingFallbackEvent];
}
