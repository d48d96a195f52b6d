// npm run test:mutation [-- stryker options]: runs Stryker (stryker.config.mjs) with the mocha-cli
// shim preloaded in every process it starts, then prints the mutation score per folder
// (scripts/mutation-score.js). Extra arguments go to `stryker run`, e.g. `--force` for a full run
// that ignores reports/stryker-incremental.json, or `--mutate components/naming.ts`.
"use strict";
const { spawnSync } = require("child_process");
const path = require("path");

const root = path.resolve(__dirname, "..");
const shim = path.join(__dirname, "mutation-mocha-cli.js");
const nodeOptions = [process.env.NODE_OPTIONS, `--require=${shim}`].filter(Boolean).join(" ");
const stryker = path.join(path.dirname(require.resolve("@stryker-mutator/core/package.json")), "bin", "stryker.js");

const started = Date.now();
const run = spawnSync(process.execPath, [stryker, "run", ...process.argv.slice(2)], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, NODE_OPTIONS: nodeOptions },
});
const minutes = ((Date.now() - started) / 60000).toFixed(1);
if (run.status !== 0) {
  console.error(`stryker run failed (exit ${run.status ?? run.signal}) after ${minutes} min`);
  process.exit(run.status || 1);
}
console.log(`\nstryker run took ${minutes} min\n`);
if (process.argv.includes("--dryRunOnly")) process.exit(0);
const score = spawnSync(process.execPath, [path.join(__dirname, "mutation-score.js")], { cwd: root, stdio: "inherit" });
process.exit(score.status ?? 1);
