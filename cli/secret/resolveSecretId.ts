// Which secret a command works on: `--secret-id`, or the stack outputs of this project's program
// (`pulumi stack output --json > outputs.json`) with `--database NAME`, found without it when the
// outputs name one database only. A single RotatedDatabase exported as `secretArn` works too.
import * as fs from "fs";
import { BadArgumentError, ConfigurationError } from "../errors";

export interface SecretSelection {
  secretId?: string;
  stackOutputs?: string;
  database?: string;
}

interface DatabaseOutputsLike {
  secretArn?: unknown;
}

function databasesOf(outputs: Record<string, unknown>): Record<string, DatabaseOutputsLike> {
  const databases = outputs.databases;
  if (databases && typeof databases === "object" && !Array.isArray(databases)) return databases as Record<string, DatabaseOutputsLike>;
  // A program that exports one RotatedDatabase's outputs at the top level.
  if (typeof outputs.secretArn === "string") return { "": { secretArn: outputs.secretArn } };
  return {};
}

/** Picks the secret ARN out of parsed stack outputs. Pure: tests call it with objects. */
export function secretIdFromOutputs(outputs: unknown, database: string | undefined, file: string): string {
  if (!outputs || typeof outputs !== "object" || Array.isArray(outputs)) {
    throw new BadArgumentError(`--stack-outputs ${file} is not a JSON object (expected the output of "pulumi stack output --json")`);
  }
  const databases = databasesOf(outputs as Record<string, unknown>);
  const names = Object.keys(databases);
  if (names.length === 0) {
    throw new BadArgumentError(`--stack-outputs ${file} has no "databases" output and no "secretArn": is it the output of "pulumi stack output --json"?`);
  }
  let name: string;
  if (database !== undefined) {
    if (!names.includes(database)) {
      throw new BadArgumentError(`--database ${JSON.stringify(database)} is not in ${file}; it names ${names.map((n) => JSON.stringify(n)).join(", ")}`);
    }
    name = database;
  } else if (names.length === 1) {
    name = names[0];
  } else {
    throw new BadArgumentError(`${file} names ${names.length} databases (${names.join(", ")}): pass --database NAME`);
  }
  const arn = databases[name]?.secretArn;
  if (typeof arn !== "string" || arn === "" || arn === "[secret]") {
    throw new BadArgumentError(`${file} has no usable secretArn for database ${JSON.stringify(name)}${arn === "[secret]" ? " (it is marked secret: run pulumi stack output --json --show-secrets)" : ""}`);
  }
  return arn;
}

/** The secret id the flags select. */
export function resolveSecretId(selection: SecretSelection, readFile: (path: string) => string = (p) => fs.readFileSync(p, "utf8")): string {
  if (selection.secretId !== undefined && selection.stackOutputs !== undefined) {
    throw new BadArgumentError("pass either --secret-id or --stack-outputs, not both");
  }
  if (selection.secretId !== undefined) {
    if (selection.database !== undefined) throw new BadArgumentError("--database needs --stack-outputs");
    if (selection.secretId === "") throw new BadArgumentError("--secret-id must not be empty");
    return selection.secretId;
  }
  if (selection.stackOutputs === undefined) {
    throw new BadArgumentError("no secret: pass --secret-id ARN|NAME, or --stack-outputs FILE (pulumi stack output --json) with --database NAME");
  }
  let text: string;
  try {
    text = readFile(selection.stackOutputs);
  } catch (err) {
    throw new ConfigurationError(`cannot read --stack-outputs ${selection.stackOutputs}: ${(err as Error).message}`, { cause: err });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new BadArgumentError(`--stack-outputs ${selection.stackOutputs} is not valid JSON`);
  }
  return secretIdFromOutputs(parsed, selection.database, selection.stackOutputs);
}
