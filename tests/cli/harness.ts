// Runs the CLI in-process (runCli with captured streams and injectable dependencies) or as a child
// process (the real executable through ts-node), against moto with dummy credentials.
import { spawn } from "child_process";
import * as path from "path";
import { runCli } from "../../cli/main";
import type { CliDependencies } from "../../cli/context";
import { MOTO_CREDENTIALS, MOTO_REGION } from "../services";

export const ROOT = path.resolve(__dirname, "..", "..");

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** The environment a developer would have: credentials and region for moto, nothing else from AWS. */
export function motoEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^AWS_/.test(k) && !/^(PG|MYSQL_)/.test(k)) env[k] = v;
  return {
    ...env,
    AWS_ACCESS_KEY_ID: MOTO_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: MOTO_CREDENTIALS.secretAccessKey,
    AWS_REGION: MOTO_REGION,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    ...extra,
  };
}

export async function runInProcess(argv: string[], options: { env?: NodeJS.ProcessEnv; deps?: Partial<CliDependencies>; tty?: boolean } = {}): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(
    argv,
    {
      stdout: { write: (s: string) => (stdout += s), isTTY: options.tty === true },
      stderr: { write: (s: string) => (stderr += s), isTTY: options.tty === true },
      env: options.env ?? motoEnv(),
    },
    { clientStdio: "pipe", ...options.deps },
  );
  return { code, stdout, stderr };
}

/** The executable as a user runs it (cli/index.ts through ts-node), with its pid for /proc checks. */
export function spawnCli(argv: string[], env: NodeJS.ProcessEnv): { pid: number; done: Promise<CliRun>; kill(signal: NodeJS.Signals): void } {
  const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(ROOT, "cli", "index.ts"), ...argv], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
  const done = new Promise<CliRun>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code, signal) => resolve({ code: code ?? (signal ? 128 : 255), stdout, stderr }));
  });
  return { pid: child.pid as number, done, kill: (signal) => child.kill(signal) };
}

/**
 * The SDK's default credential chain reads process.env, not the env a test hands to runCli: set
 * moto's dummy credentials there for the calling suite, and put back what was there after it.
 */
export function useMotoCredentials(): void {
  const names = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED"] as const;
  const saved: Partial<Record<(typeof names)[number], string | undefined>> = {};
  before(() => {
    for (const n of names) saved[n] = process.env[n];
    process.env.AWS_ACCESS_KEY_ID = MOTO_CREDENTIALS.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = MOTO_CREDENTIALS.secretAccessKey;
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  });
  after(() => {
    for (const n of names) {
      if (saved[n] === undefined) delete process.env[n];
      else process.env[n] = saved[n];
    }
  });
}
