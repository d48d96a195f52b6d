// The client library (`rotated-rds/client`): rotation-aware credentials and pools for applications
// that read the database secret at run time (docs/client.md).
export { SecretCredentials, defaultSecretsManagerClient } from "./secretCredentials";
export type { SecretCredentialsOptions, SecretsManagerSender } from "./secretCredentials";
export type { AuthenticationFailureEvent, PendingFallbackEvent, RefreshErrorEvent, RefreshEvent, SecretCredentialsEvents } from "./credentialEvents";
export type { DatabaseCredentials } from "./databaseCredentials";
export { createPgPool } from "./pgPool";
export type { PgPoolOptions, SecretPgClientInfo, SecretPgPool } from "./pgPool";
export { createMysqlPool } from "./mysqlPool";
export type { MysqlPoolOptions, SecretMysqlPool } from "./mysqlPool";
export type { ConnectRetryOptions } from "./connectWithRetry";
export { isAuthenticationError } from "./isAuthenticationError";
export {
  CredentialsRefusedError,
  InvalidSecretValueError,
  SecretAccessDeniedError,
  SecretCredentialsError,
  SecretNotFoundError,
  SecretsManagerUnavailableError,
} from "./errors";
export {
  DEFAULT_CONNECT_RETRY_BUDGET_MS,
  DEFAULT_MIN_FORCED_REFRESH_INTERVAL_MS,
  DEFAULT_REFRESH_INTERVAL_MS,
  SECRET_ARN_ENV,
} from "./constants";
