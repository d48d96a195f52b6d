// Preloaded (NODE_OPTIONS=--require) into every Stryker process by scripts/mutation-run.js.
// Mocha 12 ships its cli internals as .cjs files; @stryker-mutator/mocha-runner 9.x (the last line
// that runs on Node 20) still requires them without an extension ("lib/cli/options",
// "lib/cli/run-helpers", "lib/cli/collect-files") and fails to load. This maps exactly those
// extensionless requests inside mocha's own folder to the .cjs file beside them; nothing else changes.
"use strict";
const fs = require("fs");
const Module = require("module");

const MOCHA_CLI_EXTENSIONLESS = /[\\/]node_modules[\\/]mocha[\\/]lib[\\/]cli[\\/][\w-]+$/;
const resolveFilename = Module._resolveFilename;

Module._resolveFilename = function resolveMochaCli(request, ...rest) {
  if (typeof request === "string" && MOCHA_CLI_EXTENSIONLESS.test(request) && fs.existsSync(`${request}.cjs`)) {
    return resolveFilename.call(this, `${request}.cjs`, ...rest);
  }
  return resolveFilename.call(this, request, ...rest);
};
