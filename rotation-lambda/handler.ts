// The Lambda entry point: validate the event, guard with DescribeSecret, dispatch to the step.
// Dependencies are built once per container from the environment; tests pass their own through
// createHandler. Errors leave here with the step, secret ARN and version id in the message and
// every secret value scrubbed out.
import { loadConfig, type RotationConfig } from "./config";
import { Deadline, type Clock, type LambdaContextLike } from "./deadline";
import { defaultEngineRegistry, type EngineRegistry } from "./engines";
import { RotationError } from "./errors";
import { parseRotationEvent, type RotationEvent } from "./event";
import { guardRotation } from "./guard";
import { Logger, stdoutSink, type LogSink } from "./logger";
import { Redactor } from "./redactor";
import { createSecretsManagerApi, createSecretsManagerClient, type SecretsManagerApi } from "./secretsManager";
import { STEPS } from "./steps";

export interface RotationDependencies {
  secretsManager: SecretsManagerApi;
  engines: EngineRegistry;
  config: RotationConfig;
  logSink: LogSink;
  /** Epoch milliseconds; the step's deadline is measured with it. */
  clock: Clock;
}

/** `context` is Lambda's context object; without one the deadline counts the function timeout from the invocation's start. */
export type RotationHandler = (event: unknown, context?: LambdaContextLike) => Promise<void>;

function defaultDependencies(overrides: Partial<RotationDependencies>): RotationDependencies {
  const config = overrides.config ?? loadConfig();
  return {
    config,
    secretsManager:
      overrides.secretsManager ??
      createSecretsManagerApi(createSecretsManagerClient({ ...(config.secretsManagerEndpoint ? { endpoint: config.secretsManagerEndpoint } : {}) })),
    engines: overrides.engines ?? defaultEngineRegistry,
    logSink: overrides.logSink ?? stdoutSink,
    clock: overrides.clock ?? Date.now,
  };
}

/** Same class, message scrubbed; the cause is dropped when it could carry what was scrubbed. */
function safeError(err: unknown, prefix: string, redactor: Redactor): Error {
  const original = err instanceof Error ? err : new Error(String(err));
  const message = redactor.scrub(`${prefix}: ${original.message}`);
  const scrubbedSomething = message !== `${prefix}: ${original.message}`;
  const Ctor = (original instanceof RotationError ? original.constructor : RotationError) as new (
    message: string,
    options?: { cause?: unknown },
  ) => RotationError;
  const safe = new Ctor(message, scrubbedSomething ? undefined : { cause: original });
  if (!(original instanceof RotationError)) safe.name = original.name;
  return safe;
}

export function createHandler(overrides: Partial<RotationDependencies> = {}): RotationHandler {
  let deps: RotationDependencies | undefined;
  return async (rawEvent: unknown, context?: LambdaContextLike) => {
    const redactor = new Redactor();
    const maybeToken = (rawEvent as { RotationToken?: unknown } | null)?.RotationToken;
    if (typeof maybeToken === "string") redactor.add(maybeToken);
    deps ??= defaultDependencies(overrides);
    const base = new Logger(deps.logSink, redactor);
    let event: RotationEvent | undefined;
    const clock = deps.clock;
    const started = clock();
    try {
      event = parseRotationEvent(rawEvent);
      const log = base.child({ step: event.Step, secretArn: event.SecretId, versionId: event.ClientRequestToken });
      const description = await deps.secretsManager.describe(event.SecretId);
      if (guardRotation(description, event.ClientRequestToken) === "done") {
        log.info("version is already AWSCURRENT; nothing to do");
        return;
      }
      const deadline = Deadline.forInvocation(
        { step: event.Step, secretArn: description.arn, versionId: event.ClientRequestToken },
        started,
        context,
        clock,
      );
      await STEPS[event.Step]({
        secretArn: description.arn,
        token: event.ClientRequestToken,
        ...(event.RotationToken ? { rotationToken: event.RotationToken } : {}),
        description,
        sm: deps.secretsManager,
        engines: deps.engines,
        config: deps.config,
        log: log.child({ secretArn: description.arn }),
        redactor,
        deadline,
      });
      log.info("step finished", { outcome: "ok", durationMs: clock() - started });
    } catch (err) {
      const prefix = event ? `${event.Step} failed for secret ${event.SecretId} version ${event.ClientRequestToken}` : "rotation event rejected";
      const safe = safeError(err, prefix, redactor);
      base.error("step failed", {
        ...(event ? { step: event.Step, secretArn: event.SecretId, versionId: event.ClientRequestToken } : {}),
        errorName: safe.name,
        errorMessage: safe.message,
        durationMs: clock() - started,
      });
      throw safe;
    }
  };
}

/** What Lambda calls. */
export const handler: RotationHandler = createHandler();
