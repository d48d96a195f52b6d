// The consumer project that README.md's "Use it from your own Pulumi project" shows, read from the
// README itself so the test installs exactly what users are told to write.
import * as fs from "fs";

export interface ReadmeExample {
  pulumiYaml: string;
  indexTs: string;
}

export function readReadmeExample(readmePath: string): ReadmeExample {
  const text = fs.readFileSync(readmePath, "utf8");
  const start = text.indexOf("## Use it from your own Pulumi project");
  if (start < 0) throw new Error(`${readmePath} has no "Use it from your own Pulumi project" section`);
  const end = text.indexOf("\n## ", start + 1);
  const section = text.slice(start, end < 0 ? undefined : end);
  const block = (lang: string): string => {
    const m = new RegExp("```" + lang + "\\n([\\s\\S]*?)```").exec(section);
    if (!m) throw new Error(`the README section has no \`\`\`${lang} block`);
    return m[1];
  };
  return { pulumiYaml: block("yaml"), indexTs: block("ts") };
}
