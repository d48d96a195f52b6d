// The dynamic provider behind GeneratedPassword (generatedPassword.ts), and the pure rules it applies.
// Pulumi serializes the provider into the stack's state as source text and runs that text in a
// process of its own on every later operation, where neither this package nor TypeScript exists. So
// the provider's functions capture only local functions (serialized by value) and literals:
// node:crypto is required inside create, nothing is imported at run time, and no exported constant
// is read (TypeScript compiles such a read to `exports.X`, which would capture the whole module).
import type * as pulumi from "@pulumi/pulumi";

/**
 * The type token GeneratedPassword registers with (`pulumi-nodejs:dynamic/<module>:<type>`). Here,
 * not in generatedPassword.ts, so the plan's mocks can name it without loading the SDK.
 */
export const GENERATED_PASSWORD_TYPE = "pulumi-nodejs:dynamic/rotated-rds:GeneratedPassword";

/** What a generated password must satisfy (the rotation function's own PASSWORD_LENGTH and EXCLUDE_CHARACTERS). */
export interface PasswordRules {
  /** Number of characters. */
  length: number;
  /** Characters the password never contains. */
  excludeCharacters: string;
}

/** A uniform choice of a whole number from 0 to `max - 1` (node:crypto's randomInt). */
export type RandomInt = (max: number) => number;

/** GetRandomPassword's characters: printable ASCII from `!` to `~` (no space), less `excludeCharacters`. */
export function passwordAlphabet(excludeCharacters: string): string {
  let alphabet = "";
  for (let code = 33; code <= 126; code++) {
    const c = String.fromCharCode(code);
    if (!excludeCharacters.includes(c)) alphabet += c;
  }
  return alphabet;
}

/** GetRandomPassword's character types: lowercase, uppercase, digit, punctuation. */
export function characterType(c: string): "lowercase" | "uppercase" | "digit" | "punctuation" {
  if (c >= "a" && c <= "z") return "lowercase";
  if (c >= "A" && c <= "Z") return "uppercase";
  if (c >= "0" && c <= "9") return "digit";
  return "punctuation";
}

/**
 * A password of `rules.length` characters of {@link passwordAlphabet}, with at least one character of
 * every type the alphabet has, as GetRandomPassword's RequireEachIncludedType. Each character is a
 * uniform choice from the whole alphabet; a draw that misses a type is drawn again, so the result is
 * uniform over the passwords that satisfy the rules (a miss is rare: about 1 draw in 36 for the defaults).
 */
export function generatePassword(rules: PasswordRules, randomInt: RandomInt): string {
  const alphabet = passwordAlphabet(rules.excludeCharacters);
  const types = new Set([...alphabet].map(characterType));
  if (!Number.isInteger(rules.length) || rules.length < types.size) {
    throw new Error(`password length must be a whole number of at least ${types.size} (one character of each type); got ${rules.length}`);
  }
  // Even the sparsest alphabet the component accepts (one punctuation character among 32, 16
  // characters) misses with probability under 0.61 a draw: 200 misses in a row (< 1e-42) mean a
  // broken random source, not bad luck.
  for (let attempt = 0; attempt < 200; attempt++) {
    let password = "";
    const seen = new Set<string>();
    for (let i = 0; i < rules.length; i++) {
      const c = alphabet[randomInt(alphabet.length)];
      password += c;
      seen.add(characterType(c));
    }
    if (seen.size === types.size) return password;
  }
  throw new Error("password generation failed: 200 draws in a row missed a character type");
}

/**
 * The inputs whose change gives a new password (a replacement): the instance's identity and the
 * rules. The same list as GeneratedPasswordArgs' keys; anything else (the serialized provider itself,
 * which changes with this package's code) changes nothing.
 */
export function replacedInputs(olds: Record<string, unknown>, news: Record<string, unknown>): string[] {
  const triggers = ["instance", "passwordLength", "excludeCharacters"];
  return triggers.filter((key) => JSON.stringify(olds[key]) !== JSON.stringify(news[key]));
}

/**
 * The provider: create draws the password with node:crypto, diff replaces the resource when a trigger
 * changes and reports no change otherwise (an unanswered diff would fall back to comparing every
 * input, the serialized provider's text among them), update keeps the password it has.
 */
export const generatedPasswordProvider: pulumi.dynamic.ResourceProvider = {
  create: async (inputs: Record<string, unknown>) => {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const crypto = require("crypto") as typeof import("crypto");
    const rules = { length: Number(inputs.passwordLength), excludeCharacters: String(inputs.excludeCharacters) };
    const password = generatePassword(rules, (max) => crypto.randomInt(max));
    return { id: crypto.randomUUID(), outs: { ...inputs, password } };
  },
  diff: async (_id: string, olds: Record<string, unknown>, news: Record<string, unknown>) => {
    const replaces = replacedInputs(olds, news);
    return { changes: replaces.length > 0, replaces, deleteBeforeReplace: false };
  },
  update: async (_id: string, olds: Record<string, unknown>, news: Record<string, unknown>) => ({
    outs: { ...news, password: olds.password },
  }),
};
