// YAML parsing for stack files, in one place so the rest of the plan does not depend on the parser.
import { load } from "js-yaml";

/** Parses one YAML document; errors carry the file name and line. */
export function parseYaml(text: string, filename: string): unknown {
  return load(text, { filename });
}
