// The consumer project that README.md's "Use it from your own Pulumi project" shows, read from the
// README itself so the test installs exactly what users are told to write; and the fuller example
// program of its "Components" section, which the test type-checks against the installed package.
import * as fs from "fs";

export interface ReadmeExample {
  pulumiYaml: string;
  indexTs: string;
  /** The ```ts block of the "Components" section. */
  componentsTs: string;
}

/** The text of README's `## <title>` section. */
function readmeSection(text: string, title: string, readmePath: string): string {
  const start = text.indexOf(`## ${title}`);
  if (start < 0) throw new Error(`${readmePath} has no "${title}" section`);
  const end = text.indexOf("\n## ", start + 1);
  return text.slice(start, end < 0 ? undefined : end);
}

function codeBlock(section: string, lang: string, where: string): string {
  const m = new RegExp("```" + lang + "\\n([\\s\\S]*?)```").exec(section);
  if (!m) throw new Error(`the README section ${where} has no \`\`\`${lang} block`);
  return m[1];
}

export function readReadmeExample(readmePath: string): ReadmeExample {
  const text = fs.readFileSync(readmePath, "utf8");
  const consumer = readmeSection(text, "Use it from your own Pulumi project", readmePath);
  const components = readmeSection(text, "Components", readmePath);
  return {
    pulumiYaml: codeBlock(consumer, "yaml", "\"Use it from your own Pulumi project\""),
    indexTs: codeBlock(consumer, "ts", "\"Use it from your own Pulumi project\""),
    componentsTs: codeBlock(components, "ts", "\"Components\""),
  };
}
