// Serverless v2 capacity of a RotatedCluster: AWS's limits (ServerlessV2ScalingConfiguration: half
// ACU steps, at most 256 ACU on current Aurora versions, minCapacity 0 only for auto-pause) and the one
// this package adds: no auto-pause, because a paused instance takes longer to resume than the rotation
// function waits for a login. Checked with the rest of the arguments before anything is created.
import type { ServerlessV2ScalingArgs } from "./types";

/** The instance class of Aurora Serverless v2 instances. */
export const SERVERLESS_INSTANCE_CLASS = "db.serverless";
/** Smallest capacity, in ACU: 0.5 is AWS's floor without auto-pause (0 would pause the instance). */
export const SERVERLESS_V2_MIN_CAPACITY = { min: 0.5, max: 256, step: 0.5 } as const;
/** Largest capacity, in ACU: at least 1, at most 256 (every version this package accepts; Aurora MySQL before 3.06 stopped at 128). */
export const SERVERLESS_V2_MAX_CAPACITY = { min: 1, max: 256, step: 0.5 } as const;

/** The keys `serverlessV2Scaling` takes, in the order messages list them. */
export const SERVERLESS_V2_SCALING_KEYS = ["minCapacity", "maxCapacity"] as const satisfies ReadonlyArray<keyof ServerlessV2ScalingArgs>;

/** Why minCapacity 0 is refused. */
export const AUTO_PAUSE_REFUSAL =
  "0 turns on auto-pause, and a paused instance takes longer to resume than the rotation function waits for a login (5 s), so rotations would fail";

const show = (v: unknown): string => JSON.stringify(v) ?? String(v);

/** Whether `n` is a capacity in the range, on a step boundary. */
export function isCapacity(n: unknown, range: { min: number; max: number; step: number }): n is number {
  return typeof n === "number" && Number.isFinite(n) && n >= range.min && n <= range.max && Number.isInteger(n / range.step);
}

/** A capacity's error, or undefined; `arg` names it in the message. */
export function capacityError(
  arg: string,
  value: unknown,
  range: { min: number; max: number; step: number },
): string | undefined {
  if (isCapacity(value, range)) return undefined;
  const allowed = `${arg} must be a number of Aurora capacity units from ${range.min} to ${range.max} in steps of ${range.step}`;
  if (value === 0 && arg.endsWith("minCapacity")) return `${allowed}: ${AUTO_PAUSE_REFUSAL}; got 0`;
  return `${allowed}; got ${show(value)}`;
}

/**
 * Errors of `serverlessV2Scaling` for the given instance class. `given` is the argument as written
 * (undefined: not set); `resolved` is what the component would use (the defaults with db.serverless).
 */
export function serverlessScalingErrors(
  instanceClass: string,
  given: unknown,
  resolved: ServerlessV2ScalingArgs | undefined,
): string[] {
  if (instanceClass !== SERVERLESS_INSTANCE_CLASS) {
    if (given === undefined) return [];
    return [`serverlessV2Scaling applies only to instanceClass ${show(SERVERLESS_INSTANCE_CLASS)} (Serverless v2); drop it, or use ${show(SERVERLESS_INSTANCE_CLASS)} instead of ${show(instanceClass)}`];
  }
  if (given !== undefined && (typeof given !== "object" || given === null || Array.isArray(given))) {
    return [`serverlessV2Scaling must be { minCapacity, maxCapacity } in Aurora capacity units; got ${show(given)}`];
  }
  const errors: string[] = [];
  if (given !== undefined) {
    const extra = Object.keys(given).filter((k) => !(SERVERLESS_V2_SCALING_KEYS as readonly string[]).includes(k));
    if (extra.length > 0) errors.push(`serverlessV2Scaling takes only ${SERVERLESS_V2_SCALING_KEYS.join(", ")}; got ${show(extra)}`);
  }
  const min = resolved?.minCapacity;
  const max = resolved?.maxCapacity;
  const minError = capacityError("serverlessV2Scaling.minCapacity", min, SERVERLESS_V2_MIN_CAPACITY);
  const maxError = capacityError("serverlessV2Scaling.maxCapacity", max, SERVERLESS_V2_MAX_CAPACITY);
  if (minError) errors.push(minError);
  if (maxError) errors.push(maxError);
  if (!minError && !maxError && (min as number) > (max as number)) {
    errors.push(`serverlessV2Scaling.minCapacity must be at most maxCapacity; got minCapacity ${min} and maxCapacity ${max}`);
  }
  return errors;
}

