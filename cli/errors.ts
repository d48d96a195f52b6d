// Typed errors of the CLI. Each carries the exit status it maps to and a message meant to be printed
// as it is, on one line: what went wrong and, where there is one, what to do.
import { EXIT, type ExitCode } from "./exitCodes";

/** Base class: anything the CLI reports on purpose. */
export class CliError extends Error {
  readonly exitCode: ExitCode = EXIT.OTHER;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A command line that cannot be used: unknown option, missing value, two choices that exclude each other. */
export class BadArgumentError extends CliError {
  override readonly exitCode = EXIT.BAD_ARGUMENT;
}

/** Missing region or credentials, a profile that does not exist, a file that cannot be read. */
export class ConfigurationError extends CliError {
  override readonly exitCode = EXIT.CONFIGURATION;
}

/** AWS refused or failed a call. `action` is the IAM action of that call, e.g. `secretsmanager:GetSecretValue`. */
export class ServiceError extends CliError {
  override readonly exitCode = EXIT.SERVICE;
  constructor(
    message: string,
    readonly action: string,
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The secret is not in the AWS RDS secret JSON shape; the message names the field. */
export class NotADatabaseSecretError extends CliError {
  override readonly exitCode = EXIT.OTHER;
}

/** The command needs rotation, and the secret has none. */
export class RotationDisabledError extends CliError {
  override readonly exitCode = EXIT.OTHER;
}

/** `connect` could not find psql, mysql or mariadb on PATH. */
export class ClientNotInstalledError extends CliError {
  override readonly exitCode = EXIT.CONFIGURATION;
}

/** `rotate --wait` saw the rotation fail or time out. */
export class RotationFailedError extends CliError {
  override readonly exitCode = EXIT.OTHER;
}
