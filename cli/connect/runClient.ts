// Runs the database client with its credentials file: a private 0700 directory holding the 0600
// file, removed when the client exits, when this process is interrupted (SIGINT, SIGTERM and SIGHUP
// are passed on to the client, which decides when to stop) and, as a last resort, on process exit.
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { Output } from "../context";
import { ClientNotInstalledError } from "../errors";
import { FILE_PLACEHOLDER, type ClientPlan } from "./clientInvocation";

const FORWARDED_SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

export interface RunOptions {
  /** The client's environment before the plan's changes. */
  env: NodeJS.ProcessEnv;
  stdio: "inherit" | "pipe";
  stdout: Output;
  stderr: Output;
  /** Called with the credentials file's path once it exists (tests inspect it). */
  onFile?: (file: string) => void;
}

/** Finds a program on PATH; undefined when it is not installed. */
export function findOnPath(program: string, env: NodeJS.ProcessEnv): string | undefined {
  if (program.includes("/")) return fs.existsSync(program) ? program : undefined;
  for (const dir of (env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, program);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Runs the plan; resolves with the client's exit status (128 + signal number when a signal ended it). */
export function runClient(plan: ClientPlan, executable: string, options: RunOptions): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rotated-rds-connect-"));
  fs.chmodSync(dir, 0o700);
  const file = path.join(dir, plan.file.name);
  let removed = false;
  const cleanup = () => {
    if (removed) return;
    removed = true;
    fs.rmSync(dir, { recursive: true, force: true });
  };
  process.once("exit", cleanup);
  try {
    fs.writeFileSync(file, plan.file.content, { mode: 0o600, flag: "wx" });
  } catch (err) {
    cleanup();
    throw err;
  }
  options.onFile?.(file);
  const env: NodeJS.ProcessEnv = { ...options.env };
  for (const name of plan.unsetEnv) delete env[name];
  for (const [k, v] of Object.entries(plan.env)) env[k] = v === FILE_PLACEHOLDER ? file : v;
  const args = plan.args.map((a) => a.replace(FILE_PLACEHOLDER, file));

  return new Promise<number>((resolve, reject) => {
    const child = spawn(executable, args, { env, stdio: options.stdio === "inherit" ? "inherit" : ["ignore", "pipe", "pipe"] });
    child.stdout?.on("data", (c: Buffer) => options.stdout.write(c.toString("utf8")));
    child.stderr?.on("data", (c: Buffer) => options.stderr.write(c.toString("utf8")));
    const forward = (signal: NodeJS.Signals) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    };
    for (const s of FORWARDED_SIGNALS) process.on(s, forward);
    const finish = () => {
      for (const s of FORWARDED_SIGNALS) process.removeListener(s, forward);
      process.removeListener("exit", cleanup);
      cleanup();
    };
    child.once("error", (err: NodeJS.ErrnoException) => {
      finish();
      reject(err.code === "ENOENT" ? new ClientNotInstalledError(`${plan.program} could not be started (${executable}: not found)`, { cause: err }) : err);
    });
    child.once("close", (code, signal) => {
      finish();
      resolve(code ?? 128 + (signal ? (os.constants.signals[signal] ?? 0) : 0));
    });
  });
}
