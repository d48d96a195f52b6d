// runCli: parses argv, runs the command, prints a failure as one line on stderr, and returns the exit
// status (the AWS CLI's codes). It never calls process.exit, so tests run it in-process.
import { CommanderError } from "commander";
import { createAwsClients } from "./aws/clients";
import type { CliDependencies, CliIo } from "./context";
import { CliError } from "./errors";
import { EXIT } from "./exitCodes";
import { createProgram } from "./program";
import { rotateSecretStarter } from "./rotate/startRotation";

/** How often `rotate --wait` looks at the stages: often enough for a rotation of a few seconds. */
export const DEFAULT_POLL_INTERVAL_MS = 1000;

export const defaultDependencies: CliDependencies = {
  createClients: createAwsClients,
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  startRotation: rotateSecretStarter,
  pollIntervalMs: DEFAULT_POLL_INTERVAL_MS,
  clientStdio: "inherit",
};

/** `argv` without node and the script: `["status", "--secret-id", "x"]`. */
export async function runCli(argv: string[], io: CliIo, deps: Partial<CliDependencies> = {}): Promise<number> {
  const { program, exitCode } = createProgram(io, { ...defaultDependencies, ...deps });
  try {
    await program.parseAsync(argv, { from: "user" });
    return exitCode() ?? EXIT.OK;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.OK : EXIT.BAD_ARGUMENT;
    if (err instanceof CliError) {
      io.stderr.write(`rotated-rds: ${err.message}\n`);
      return err.exitCode;
    }
    io.stderr.write(`rotated-rds: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT.OTHER;
  }
}
