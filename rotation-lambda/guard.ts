// The check every step runs first (design.md section 4), as a pure function of DescribeSecret's
// answer so it is unit-tested without Secrets Manager.
import { InvalidRotationStateError } from "./errors";

export const AWSCURRENT = "AWSCURRENT";
export const AWSPENDING = "AWSPENDING";
export const AWSPREVIOUS = "AWSPREVIOUS";

/** What the guard needs from DescribeSecret. */
export interface SecretDescription {
  arn: string;
  rotationEnabled: boolean;
  /** Version id → staging labels. */
  versionStages: Record<string, readonly string[]>;
}

/** `run`: do the step. `done`: the token is already AWSCURRENT, so this rotation finished earlier. */
export type GuardDecision = "run" | "done";

export function guardRotation(description: SecretDescription, token: string): GuardDecision {
  if (!description.rotationEnabled) {
    throw new InvalidRotationStateError(`Secret ${description.arn} is not enabled for rotation`);
  }
  const stages = description.versionStages[token];
  if (!stages) {
    throw new InvalidRotationStateError(`Version ${token} is not a version of secret ${description.arn}`);
  }
  if (stages.includes(AWSCURRENT)) return "done";
  if (!stages.includes(AWSPENDING)) {
    throw new InvalidRotationStateError(`Version ${token} of secret ${description.arn} is not labelled AWSPENDING`);
  }
  return "run";
}

/** The version carrying `stage`, if any. */
export function versionWithStage(description: SecretDescription, stage: string): string | undefined {
  // Stryker disable next-line OptionalChaining: equivalent, every id comes from Object.keys of the same record, so its entry exists
  return Object.keys(description.versionStages).find((id) => description.versionStages[id]?.includes(stage));
}
