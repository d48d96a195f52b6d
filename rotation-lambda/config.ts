// The function's settings, read once from the environment and validated, so a typo in the Lambda's
// configuration fails loudly instead of weakening TLS or generating short passwords.
import {
  DB_CONNECT_TIMEOUT_MS,
  DB_STATEMENT_TIMEOUT_MS,
  DB_TLS_VERIFY_INSECURE_TESTS_ONLY,
  DEFAULT_EXCLUDE_CHARACTERS,
  DEFAULT_PASSWORD_LENGTH,
  ENV,
} from "./contract";
import type { ConnectOptions } from "./engines/engine";
import { RotationError } from "./errors";

/** The Lambda's environment is not usable. */
export class ConfigurationError extends RotationError {}

export interface RotationConfig {
  /** Secrets Manager endpoint override; undefined means the SDK's regional endpoint. */
  secretsManagerEndpoint: string | undefined;
  passwordLength: number;
  excludeCharacters: string;
  /** TLS, connect and statement timeouts for every database login. */
  connect: ConnectOptions;
}

/** GetRandomPassword accepts 1-4096; below 16 a database password is too weak to rotate to. */
const MIN_PASSWORD_LENGTH = 16;
const MAX_PASSWORD_LENGTH = 4096;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): RotationConfig {
  const lengthText = env[ENV.PASSWORD_LENGTH];
  const passwordLength = lengthText === undefined || lengthText === "" ? DEFAULT_PASSWORD_LENGTH : Number(lengthText);
  if (!Number.isInteger(passwordLength) || passwordLength < MIN_PASSWORD_LENGTH || passwordLength > MAX_PASSWORD_LENGTH) {
    throw new ConfigurationError(
      `${ENV.PASSWORD_LENGTH} must be an integer from ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH}, got "${lengthText}"`,
    );
  }
  const verifyText = env[ENV.DB_TLS_VERIFY];
  let verify: boolean;
  if (verifyText === undefined || verifyText === "" || verifyText === "true") verify = true;
  else if (verifyText === DB_TLS_VERIFY_INSECURE_TESTS_ONLY) verify = false;
  else {
    throw new ConfigurationError(
      `${ENV.DB_TLS_VERIFY} must be "true" or "${DB_TLS_VERIFY_INSECURE_TESTS_ONLY}", got "${verifyText}"`,
    );
  }
  const endpoint = env[ENV.SECRETS_MANAGER_ENDPOINT];
  return {
    secretsManagerEndpoint: endpoint === undefined || endpoint === "" ? undefined : endpoint,
    passwordLength,
    excludeCharacters: env[ENV.EXCLUDE_CHARACTERS] ?? DEFAULT_EXCLUDE_CHARACTERS,
    connect: {
      tls: { verify },
      connectTimeoutMs: DB_CONNECT_TIMEOUT_MS,
      statementTimeoutMs: DB_STATEMENT_TIMEOUT_MS,
    },
  };
}
