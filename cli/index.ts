#!/usr/bin/env node
// The `rotated-rds` executable (package.json "bin"). Everything is in main.ts; this only wires the
// process's streams and exit status.
import { runCli } from "./main";

// The SDK warns on every run that its releases after January 2027 need Node.js 22; the lockfile pins a
// release tested on Node.js 20 (design.md section 4), and a CLI must not print that to every user.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

// `rotated-rds url | head -1`: a reader that goes away early ends the command quietly (the exit handler
// still removes connect's credentials file).
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code !== "EPIPE") throw err;
  process.exit(process.exitCode ?? 0);
});

runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`rotated-rds: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 255;
  },
);
