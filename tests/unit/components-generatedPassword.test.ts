// The stateful password generator's pure parts (alphabet, generator, which inputs replace it, the
// triggers) and its provider as Pulumi runs it: serialized to source text and loaded in a bare Node.js
// process, where neither this package nor TypeScript exists.
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { randomInt } from "crypto";
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_EXCLUDE_CHARACTERS, DEFAULT_PASSWORD_LENGTH } from "../../components/defaults";
import { generatedPasswordTriggers } from "../../components/generatedPassword";
import {
  characterType,
  generatePassword,
  generatedPasswordProvider,
  passwordAlphabet,
  replacedInputs,
} from "../../components/generatedPasswordProvider";

const DEFAULTS = { length: DEFAULT_PASSWORD_LENGTH, excludeCharacters: DEFAULT_EXCLUDE_CHARACTERS };

/** A random source that answers `values` in turn (and records what it was asked). */
function scripted(values: number[]): { next: (max: number) => number; asked: number[] } {
  const asked: number[] = [];
  let i = 0;
  return { asked, next: (max) => { asked.push(max); return values[i++ % values.length] % max; } };
}

function assertFollowsRules(password: string, rules: { length: number; excludeCharacters: string }): void {
  assert.strictEqual(password.length, rules.length);
  const alphabet = passwordAlphabet(rules.excludeCharacters);
  const outside = [...password].filter((c) => !alphabet.includes(c));
  assert.deepStrictEqual(outside, [], "characters outside the alphabet");
  assert.deepStrictEqual(new Set([...password].map(characterType)), new Set([...alphabet].map(characterType)));
}

describe("passwordAlphabet", () => {
  it("is printable ASCII from ! to ~ without the excluded characters, and no space", () => {
    assert.strictEqual(passwordAlphabet("").length, 94);
    const a = passwordAlphabet(DEFAULT_EXCLUDE_CHARACTERS);
    assert.strictEqual(a.length, 70);
    for (const c of "\"'@/\\ ") assert.ok(!a.includes(c), `${JSON.stringify(c)} is excluded`);
    assert.ok(a.includes("!") && a.includes("a") && a.includes("Z") && a.includes("0"));
  });
});

describe("generatePassword", () => {
  it("follows the rules: length, excluded characters, one character of each type", () => {
    for (let i = 0; i < 200; i++) assertFollowsRules(generatePassword(DEFAULTS, randomInt), DEFAULTS);
    const sparse = { length: 16, excludeCharacters: "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}" }; // "~" is the only punctuation left
    for (let i = 0; i < 50; i++) assertFollowsRules(generatePassword(sparse, randomInt), sparse);
  });

  it("chooses each character uniformly from the whole alphabet", () => {
    const asked: number[] = [];
    generatePassword(DEFAULTS, (max) => { asked.push(max); return randomInt(max); });
    assert.ok(asked.length >= DEFAULTS.length);
    assert.deepStrictEqual(new Set(asked), new Set([70]), "every character is one choice among all 70");
  });

  it("draws again when a draw misses a character type", () => {
    const a = passwordAlphabet(DEFAULTS.excludeCharacters);
    const idx = (c: string) => a.indexOf(c);
    // First draw: lowercase only. Second: one of each type, then lowercase.
    const first = Array<number>(4).fill(idx("a"));
    const second = [idx("a"), idx("B"), idx("3"), idx("!")];
    const source = scripted([...first, ...second]);
    assert.strictEqual(generatePassword({ length: 4, excludeCharacters: DEFAULTS.excludeCharacters }, source.next), "aB3!");
  });

  it("gives up with a message when the random source never yields every type", () => {
    assert.throws(() => generatePassword(DEFAULTS, () => 0), /200 draws in a row missed a character type/);
  });

  it("refuses a length shorter than the number of character types", () => {
    assert.throws(() => generatePassword({ length: 3, excludeCharacters: "" }, randomInt), /at least 4 \(one character of each type\); got 3/);
  });
});

describe("replacedInputs (the provider's diff)", () => {
  const olds = { instance: '["postgres","app","dbadmin",""]', passwordLength: 32, excludeCharacters: "/@\"", password: "old", __provider: "v1" };

  it("replaces nothing for the same triggers, whatever the stored password and provider text", () => {
    assert.deepStrictEqual(replacedInputs(olds, { ...olds, password: undefined, __provider: "v2" }), []);
  });
  for (const [key, value] of [["instance", '["postgres","orders","dbadmin",""]'], ["passwordLength", 40], ["excludeCharacters", "/@\"'"]] as const) {
    it(`replaces the password for a new ${key}`, () => {
      assert.deepStrictEqual(replacedInputs(olds, { ...olds, [key]: value }), [key]);
    });
  }
});

describe("generatedPasswordTriggers", () => {
  const instance = { engine: "postgres", dbName: "app", username: "dbadmin", kmsKeyArn: undefined };
  const rules = { passwordLength: 32, excludeCharacters: DEFAULT_EXCLUDE_CHARACTERS };
  const base = generatedPasswordTriggers(instance, rules);

  it("are the same for the same instance and rules", () => {
    assert.deepStrictEqual(replacedInputs(base, generatedPasswordTriggers({ ...instance }, { ...rules })), []);
  });
  for (const [input, change] of [
    ["engine", { engine: "mysql" }], ["dbName", { dbName: "orders" }], ["username", { username: "owner" }],
    ["kmsKeyArn", { kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/k" }],
  ] as const) {
    it(`change with the instance's ForceNew ${input}`, () => {
      assert.deepStrictEqual(replacedInputs(base, generatedPasswordTriggers({ ...instance, ...change }, rules)), ["instance"]);
    });
  }
});

describe("generatedPasswordProvider", () => {
  it("creates a password that follows the rules and keeps it on update", async () => {
    const created = await generatedPasswordProvider.create({ instance: "i", passwordLength: 20, excludeCharacters: DEFAULT_EXCLUDE_CHARACTERS });
    const password = String(created.outs?.password);
    assertFollowsRules(password, { length: 20, excludeCharacters: DEFAULT_EXCLUDE_CHARACTERS });
    const updated = await generatedPasswordProvider.update!(created.id, created.outs, { ...created.outs, password: undefined });
    assert.strictEqual(updated.outs?.password, password);
    const diff = await generatedPasswordProvider.diff!(created.id, created.outs, { ...created.outs, instance: "j" });
    assert.deepStrictEqual([diff.changes, diff.replaces], [true, ["instance"]]);
  });

  it("works as Pulumi runs it: serialized, then loaded in a bare Node.js process", async function () {
    this.timeout(60_000);
    const serialized = await pulumi.runtime.serializeFunction(() => generatedPasswordProvider, { allowSecrets: true });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "generated-password-"));
    try {
      const file = path.join(dir, "provider.js");
      fs.writeFileSync(file, serialized.text);
      // The dynamic provider host does `requireFromString(text).handler()`. Only facts are printed, never the password.
      const script = `
        const p = require(${JSON.stringify(file)}).handler();
        (async () => {
          const c = await p.create({ instance: "i", passwordLength: 24, excludeCharacters: "/@\\"' " });
          const same = await p.diff(c.id, c.outs, { ...c.outs, __provider: "other" });
          const next = await p.diff(c.id, c.outs, { ...c.outs, instance: "j" });
          const pw = c.outs.password;
          console.log(JSON.stringify({ length: pw.length, excluded: /[\\/@"' ]/.test(pw), types: [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].map((r) => r.test(pw)), same, next }));
        })().catch((e) => { console.error(e.message); process.exit(1); });`;
      const out = JSON.parse(execFileSync(process.execPath, ["-e", script], { cwd: dir, encoding: "utf8" })) as Record<string, unknown>;
      assert.deepStrictEqual(out, {
        length: 24, excluded: false, types: [true, true, true, true],
        same: { changes: false, replaces: [], deleteBeforeReplace: false },
        next: { changes: true, replaces: ["instance"], deleteBeforeReplace: false },
      });
      assert.ok(!/require\("@pulumi|require\("\.\//.test(serialized.text), "the serialized provider must not load this package or the SDK");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
