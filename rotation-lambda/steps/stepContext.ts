// What every step receives: the event's identifiers, the guard's DescribeSecret answer (reused so
// no step describes the secret twice) and the invocation's services.
import type { RotationConfig } from "../config";
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
}
