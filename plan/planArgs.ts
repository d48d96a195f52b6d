// Command-line arguments of `npm run plan`, parsed without a library: the surface is four options.
export interface PlanArgs {
  stack: string;
  json: boolean;
  mermaidFile?: string;
  /** Project directory holding Pulumi.yaml and the stack files. */
  dir: string;
}

export const PLAN_USAGE = `Usage: npm run plan -- --stack <name> [--json] [--mermaid FILE] [--dir DIR]

Runs the program for Pulumi.<name>.yaml under Pulumi's mocks (no cloud calls, no Pulumi CLI) and
prints what it declares: the resource tree and a security and rotation summary.

  --stack <name>    the stack file to read (Pulumi.<name>.yaml); default: $PULUMI_STACK
  --json            print {"stack", "resources": [{"urn","type","name","parent","id","inputs","options"}],
                    "databases": [...], "proxies": [...]} instead
  --mermaid FILE    also write a Mermaid diagram of the resources and network paths to FILE
  --dir DIR         the project directory (default: the current directory)`;

export class PlanUsageError extends Error {
  override readonly name = "PlanUsageError";
}

export function parsePlanArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): PlanArgs | "help" {
  let stack = env.PULUMI_STACK;
  let json = false;
  let mermaidFile: string | undefined;
  let dir = ".";
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === "" || (inline === undefined && v.startsWith("--"))) throw new PlanUsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case "--stack": case "-s": stack = value(); break;
      case "--json": json = true; break;
      case "--mermaid": mermaidFile = value(); break;
      case "--dir": dir = value(); break;
      case "--help": case "-h": return "help";
      default: throw new PlanUsageError(`unknown argument ${JSON.stringify(arg)}`);
    }
  }
  if (!stack) throw new PlanUsageError("--stack is required (or set PULUMI_STACK)");
  return { stack, json, mermaidFile, dir };
}
