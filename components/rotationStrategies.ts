// The rotation strategies (design.md section 2), listed once: validation, the stack config and error
// messages read this list, in this order.
import type { RotationStrategy } from "./types";

const LISTED = ["single-user", "alternating-users", "managed"] as const satisfies readonly RotationStrategy[];

/** Every {@link RotationStrategy}, in the order error messages list them. */
export const ROTATION_STRATEGIES: readonly RotationStrategy[] = LISTED;

// Compile-time guard: a strategy added to the type fails the type check here until it is listed.
const everyStrategyListed: Record<Exclude<RotationStrategy, (typeof LISTED)[number]>, never> = {};
void everyStrategyListed;

/** Whether `strategy` is one this package supports (for values that arrive untyped, e.g. from config). */
export function isRotationStrategy(strategy: unknown): strategy is RotationStrategy {
  return (ROTATION_STRATEGIES as readonly unknown[]).includes(strategy);
}
