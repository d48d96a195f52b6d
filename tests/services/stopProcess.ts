// Stopping the server processes the test services spawn (mariadbd, moto_server): SIGTERM, then
// SIGKILL after a grace period. A server whose suite never reached its `after` hook (a crash, an
// interrupted run) is killed when the test process exits, so no server outlives a test run.
import type { ChildProcess } from "child_process";

const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

/** Remembers `child` so that it is killed if the test process exits while it still runs. */
export function killOnExit(child: ChildProcess): ChildProcess {
  running.add(child);
  child.once("exit", () => running.delete(child));
  return child;
}

/** SIGTERM, then SIGKILL when the process has not exited after `graceMs`. */
export function stopProcess(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
