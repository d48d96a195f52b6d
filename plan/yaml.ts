// YAML parsing for stack files. js-yaml is installed as a dependency of @pulumi/pulumi (which reads
// Pulumi.yaml with it); it ships no types, so this module gives the one call we make a typed face.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const jsYaml = require("js-yaml") as { load(text: string, options?: { filename?: string }): unknown };

/** Parses one YAML document; errors carry the file name and line. */
export function parseYaml(text: string, filename: string): unknown {
  return jsYaml.load(text, { filename });
}
