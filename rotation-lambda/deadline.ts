// The step's deadline: the moment by which a step must have failed on its own, a safety margin before
// Lambda would kill it. Logins and statements ask it for their timeout before they start, so a step
// that runs many statements (alternating-users copies one grant or role membership per statement)
// stops with a StepDeadlineError naming what it was about to do instead of dying mid-step.
import { MIN_DB_OPERATION_MS, ROTATION_FUNCTION_TIMEOUT_SECONDS, STEP_DEADLINE_SAFETY_MARGIN_MS } from "./contract";
import { StepDeadlineError } from "./errors";

/** What the deadline error names: never a secret value. */
export interface DeadlineLabels {
  step: string;
  secretArn: string;
  versionId: string;
}

/** The part of Lambda's context object the function reads. */
export interface LambdaContextLike {
  getRemainingTimeInMillis(): number;
}

/** Milliseconds since the epoch; injected so tests control time. */
export type Clock = () => number;

export class Deadline {
  constructor(
    /** Epoch milliseconds by which the step must have failed. */
    readonly endsAt: number,
    private readonly labels: DeadlineLabels,
    private readonly now: Clock = Date.now,
  ) {}

  /**
   * The deadline of one invocation: Lambda's remaining time when there is a context, else the
   * function timeout the component sets, counted from `startedAt`; both less the safety margin.
   */
  static forInvocation(labels: DeadlineLabels, startedAt: number, context: LambdaContextLike | undefined, now: Clock = Date.now): Deadline {
    const end =
      context && typeof context.getRemainingTimeInMillis === "function"
        ? now() + context.getRemainingTimeInMillis()
        : startedAt + ROTATION_FUNCTION_TIMEOUT_SECONDS * 1000;
    return new Deadline(end - STEP_DEADLINE_SAFETY_MARGIN_MS, labels, now);
  }

  remainingMs(): number {
    return this.endsAt - this.now();
  }

  /**
   * The timeout to give the operation `what` (e.g. `logging in as "app" with the current
   * credentials`): `limitMs` clamped to the time left. Throws a StepDeadlineError when less than
   * MIN_DB_OPERATION_MS is left, before the operation starts.
   */
  timeoutFor(limitMs: number, what: string): number {
    const left = this.remainingMs();
    if (left < Math.min(MIN_DB_OPERATION_MS, limitMs)) {
      const { step, secretArn, versionId } = this.labels;
      throw new StepDeadlineError(
        `${step} for secret ${secretArn} version ${versionId} stopped before ${what}: ` +
          `${Math.max(0, Math.floor(left))} ms left before the step's deadline, at least ${MIN_DB_OPERATION_MS} ms needed; ` +
          `stopping now so Lambda does not kill the function mid-step`,
      );
    }
    return Math.max(1, Math.min(limitMs, Math.floor(left)));
  }
}
