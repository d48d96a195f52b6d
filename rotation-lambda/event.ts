// The event Secrets Manager sends to a rotation function, validated before anything else runs.
import { InvalidRotationStateError } from "./errors";

export const ROTATION_STEPS = ["createSecret", "setSecret", "testSecret", "finishSecret"] as const;
export type RotationStep = (typeof ROTATION_STEPS)[number];

export interface RotationEvent {
  Step: RotationStep;
  /** The secret's ARN (Secrets Manager always sends the ARN). */
  SecretId: string;
  /** The version id of the secret version being created: the rotation's token. */
  ClientRequestToken: string;
  /** Proof that this invocation belongs to the rotation; passed on to PutSecretValue, never logged. */
  RotationToken?: string;
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === "string" && value.length > 0;
}

export function parseRotationEvent(event: unknown): RotationEvent {
  const e = (typeof event === "object" && event !== null ? event : {}) as Record<string, unknown>;
  if (!ROTATION_STEPS.includes(e.Step as RotationStep)) {
    throw new InvalidRotationStateError(
      `Invalid rotation event: Step must be one of ${ROTATION_STEPS.join(", ")}, got ${JSON.stringify(String(e.Step))}`,
    );
  }
  if (!nonEmptyString(e.SecretId)) throw new InvalidRotationStateError("Invalid rotation event: SecretId is missing");
  if (!nonEmptyString(e.ClientRequestToken)) {
    throw new InvalidRotationStateError("Invalid rotation event: ClientRequestToken is missing");
  }
  if (e.RotationToken !== undefined && !nonEmptyString(e.RotationToken)) {
    throw new InvalidRotationStateError("Invalid rotation event: RotationToken must be a non-empty string when present");
  }
  return {
    Step: e.Step as RotationStep,
    SecretId: e.SecretId,
    ClientRequestToken: e.ClientRequestToken,
    ...(e.RotationToken !== undefined ? { RotationToken: e.RotationToken as string } : {}),
  };
}
