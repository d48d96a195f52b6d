// Builds the rotation Lambda: one deterministic CommonJS file, dist/rotation-lambda/index.js,
// exporting `handler`. Pulumi hashes the archive's bytes, so the same sources must give the same
// bytes: fixed working directory, no timestamps, no source maps with absolute paths. The AWS SDK
// client is bundled rather than taken from the runtime, so the tested code is the deployed code.
// Run directly (npm run build / prepare) or call buildRotationLambda() from code.
"use strict";
const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
const ENTRY = "rotation-lambda/handler.ts";
const OUTFILE = "dist/rotation-lambda/index.js";

/**
 * @param {{ outfile?: string, minify?: boolean }} [options]
 * @returns {Promise<{ outfile: string, bytes: number }>}
 */
async function buildRotationLambda(options = {}) {
  const esbuild = require("esbuild");
  const outfile = path.resolve(ROOT, options.outfile || OUTFILE);
  await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: [ENTRY],
    outfile,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    // Whitespace and syntax only: keeps class names, which our error `name`s come from.
    minify: options.minify !== false,
    keepNames: true,
    sourcemap: false,
    legalComments: "none",
    charset: "utf8",
    // pg loads pg-native only when asked to; it is not installed and not wanted.
    external: ["pg-native"],
    logLevel: "warning",
    metafile: false,
  });
  return { outfile, bytes: fs.statSync(outfile).size };
}

module.exports = { buildRotationLambda, ROTATION_LAMBDA_BUNDLE: path.join(ROOT, OUTFILE) };

if (require.main === module) {
  buildRotationLambda().then(
    ({ outfile, bytes }) => process.stdout.write(`built ${path.relative(ROOT, outfile)} (${bytes} bytes)\n`),
    (err) => {
      process.stderr.write(`${err && err.stack ? err.stack : err}\n`);
      process.exit(1);
    },
  );
}
