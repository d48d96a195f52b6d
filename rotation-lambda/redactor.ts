// Remembers every secret value the invocation has seen (secret strings, passwords, the
// RotationToken) and scrubs them out of anything about to be logged or thrown: a second line of
// defence behind never putting them in messages in the first place.
export const REDACTED = "[redacted]";

/** Values shorter than this are not scrubbed: they would mangle ordinary words and are no secret. */
const MIN_SECRET_LENGTH = 4;

export class Redactor {
  private readonly values = new Set<string>();

  add(value: string | undefined): void {
    if (value && value.length >= MIN_SECRET_LENGTH) this.values.add(value);
  }

  scrub(text: string): string {
    let out = text;
    // Longest first, so a secret string is replaced whole before the password inside it.
    for (const value of [...this.values].sort((a, b) => b.length - a.length)) {
      if (out.includes(value)) out = out.split(value).join(REDACTED);
    }
    return out;
  }
}
