// The version numbers of write-only inputs (`secretStringWoVersion`). The provider writes a write-only
// value only when its version number changes, so the number must change exactly when the value has to
// be written again: when a new instance (a new RDS `resourceId`) needs a first secret version.
import { createHash } from "crypto";

/**
 * Hex digits of the hash kept: 48 bits. The provider carries the number as a float64, exact up to
 * 2^53, so the number survives the round trip through state unchanged.
 */
export const WRITE_ONLY_VERSION_HEX_DIGITS = 12;

/** A positive whole number, the same for one instance on every run, another for another instance. */
export function writeOnlyVersion(resourceId: string): number {
  const n = parseInt(createHash("sha256").update(resourceId).digest("hex").slice(0, WRITE_ONLY_VERSION_HEX_DIGITS), 16);
  return n === 0 ? 1 : n;
}
