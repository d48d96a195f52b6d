// Reads a stack's config the way the Pulumi CLI hands it to a program: Pulumi.<stack>.yaml's `config`
// with keys namespaced by the project, Pulumi.yaml's project defaults filled in for keys the stack
// does not set, every value a string (mappings and lists as JSON), and `secure:` values listed as
// secret keys. The offline plan and the program tests both use it, so neither restates a stack file.
import * as fs from "fs";
import * as path from "path";
import { parseYaml } from "./yaml";

/** A stack's config as `pulumi.runtime.setAllConfig` takes it. */
export interface StackFileConfig {
  project: string;
  stack: string;
  config: Record<string, string>;
  secretKeys: string[];
}

/** The stack file could not be read; the message says which file and why. */
export class StackFileError extends Error {
  override readonly name = "StackFileError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

interface ProjectFile {
  name: string;
  config: Record<string, unknown>;
}

function asRecord(v: unknown): Record<string, unknown> | undefined {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function readYamlFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    throw new StackFileError(`cannot read ${file}: ${(err as Error).message}`, { cause: err });
  }
  try {
    return parseYaml(text, file);
  } catch (err) {
    throw new StackFileError(`${file} is not valid YAML: ${(err as Error).message}`, { cause: err });
  }
}

function readProjectFile(dir: string): ProjectFile {
  const file = path.join(dir, "Pulumi.yaml");
  const doc = asRecord(readYamlFile(file));
  if (!doc || typeof doc.name !== "string") throw new StackFileError(`${file} has no project name`);
  return { name: doc.name, config: asRecord(doc.config) ?? {} };
}

/** Stacks that have a Pulumi.<stack>.yaml in `dir`, sorted. */
export function listStacks(dir: string): string[] {
  return fs.readdirSync(dir)
    .map((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .sort();
}

/** A config value as the CLI passes it to the program: scalars as strings, structures as JSON. */
function toConfigString(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value === null || value === undefined) return "";
  return JSON.stringify(value);
}

function namespaced(project: string, key: string): string {
  return key.includes(":") ? key : `${project}:${key}`;
}

/** Reads `dir/Pulumi.<stack>.yaml` (and `dir/Pulumi.yaml` for the project name and defaults). */
export function readStackFile(dir: string, stack: string): StackFileConfig {
  if (!/^[A-Za-z0-9_.-]+$/.test(stack)) throw new StackFileError(`stack name "${stack}" may contain only letters, digits, "_", "." and "-"`);
  const project = readProjectFile(dir);
  const file = ["yaml", "yml"].map((ext) => path.join(dir, `Pulumi.${stack}.${ext}`)).find((f) => fs.existsSync(f));
  if (!file) {
    const known = listStacks(dir);
    throw new StackFileError(`no stack file Pulumi.${stack}.yaml in ${dir}; stacks here: ${known.join(", ") || "none"}`);
  }
  const doc = readYamlFile(file);
  const stackConfig = asRecord(asRecord(doc)?.config) ?? {};

  const config: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const [k, declaration] of Object.entries(project.config)) {
    const decl = asRecord(declaration);
    // Shorthand `key: value` in Pulumi.yaml is a default for project keys, as in the CLI.
    const value = decl ? (decl.default ?? decl.value) : declaration;
    if (value !== undefined) config[namespaced(project.name, k)] = toConfigString(value);
  }
  for (const [k, value] of Object.entries(stackConfig)) {
    const key = namespaced(project.name, k);
    const secure = asRecord(value)?.secure;
    if (typeof secure === "string") {
      // Encrypted with the stack's key, which we do not have offline: the program sees a placeholder.
      secretKeys.push(key);
      config[key] = "[secret]";
    } else {
      config[key] = toConfigString(value);
    }
  }
  return { project: project.name, stack, config, secretKeys };
}
