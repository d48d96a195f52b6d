// Randomised delays: the refresh interval's jitter and the exponential backoff of retries. Pure
// functions of their arguments and a random source, so tests need no clock.

/** A random number in [0, 1), as Math.random. */
export type RandomSource = () => number;

/** `ms` spread uniformly over ±`fraction` of itself: jittered(300_000, 0.1) is in [270 s, 330 s]. */
export function jittered(ms: number, fraction: number, random: RandomSource = Math.random): number {
  if (!(fraction >= 0 && fraction <= 1)) throw new RangeError(`jitter fraction must be between 0 and 1, got ${fraction}`);
  return ms * (1 - fraction + 2 * fraction * random());
}

/**
 * The pause before retry number `attempt` (0 for the first): baseMs · 2^attempt capped at maxMs, with
 * "equal jitter" (half fixed, half random), so it never collapses to zero and never exceeds the cap.
 */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: RandomSource = Math.random): number {
  if (!Number.isInteger(attempt) || attempt < 0) throw new RangeError(`attempt must be a non-negative integer, got ${attempt}`);
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  return ceiling / 2 + (ceiling / 2) * random();
}
