// A short, stable stand-in for a secret value in test records and assertion messages, so a failing
// test can show which password was used without ever printing one.
import { createHash } from "crypto";

export function fingerprint(value: string): string {
  return `sha256:${createHash("sha256").update(value).digest("hex").slice(0, 12)}`;
}
