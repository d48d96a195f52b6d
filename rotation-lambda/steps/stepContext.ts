// What every step receives: the event's identifiers, the guard's DescribeSecret answer (reused so
// no step describes the secret twice), the invocation's services and the step's deadline.
import type { RotationConfig } from "../config";
import type { Deadline } from "../deadline";
import type { EngineRegistry } from "../engines";
import type { SecretDescription } from "../guard";
import type { Logger } from "../logger";
import type { Redactor } from "../redactor";
import type { SecretsManagerApi } from "../secretsManager";

export interface StepContext {
  secretArn: string;
  /** ClientRequestToken: the id of the version being created. */
  token: string;
  /** Passed to PutSecretValue; never logged. */
  rotationToken?: string;
  description: SecretDescription;
  sm: SecretsManagerApi;
  engines: EngineRegistry;
  config: RotationConfig;
  log: Logger;
  redactor: Redactor;
  /** When the step must have failed on its own; every database login and statement is clamped to it. */
  deadline: Deadline;
}
