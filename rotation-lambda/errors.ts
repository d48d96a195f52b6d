// Typed errors of the rotation function. Each keeps the original error as `cause`; messages name the
// step, the secret ARN and the version id where known, and never a secret value.

/** Base class: anything the rotation function throws on purpose. */
export class RotationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The event or the secret's state does not allow this step (guard failures). */
export class InvalidRotationStateError extends RotationError {}

/** The secret's value is not usable: not JSON, a missing field, the wrong engine. */
export class InvalidSecretError extends RotationError {}

/** The database refused the credentials. Callers may try another version's password. */
export class AuthenticationError extends RotationError {}

/** The database could not be reached: network, TLS, timeout. Callers stop here. */
export class DatabaseUnreachableError extends RotationError {}

/** A database statement failed after login. */
export class DatabaseOperationError extends RotationError {}

/**
 * A step stopped itself because too little of the invocation's time was left for the next database
 * login or statement: failing here, with this message, beats being killed by Lambda mid-step.
 */
export class StepDeadlineError extends RotationError {}
