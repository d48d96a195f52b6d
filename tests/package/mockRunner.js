// Runs a compiled consumer program under its own copy of @pulumi/pulumi's mocks and prints what it
// registered as JSON on stdout. Plain JavaScript, copied into the consumer project before it runs, so
// every `require` resolves inside the consumer's node_modules (one SDK copy, as in a real project). The realistic mock answers come from this repository's plan/realisticOutputs.ts,
// which depends on nothing but `crypto`.
"use strict";
const path = require("path");
const [, , programFile, realisticOutputsFile, tsNodeDir] = process.argv;

require(tsNodeDir).register({ transpileOnly: true, compilerOptions: { module: "commonjs" } });
const { realisticState, realisticCall } = require(realisticOutputsFile);
const pulumi = require("@pulumi/pulumi");

const ctx = { region: "eu-west-1", accountId: "123456789012" };
const registered = [];

async function main() {
  await pulumi.runtime.setMocks({
    async newResource(args) {
      const { id, state } = realisticState(args.type, args.name, args.inputs, ctx);
      // A Lambda's code archive keeps its file paths behind promises: read them for the test.
      const codePaths = [];
      if (pulumi.asset.Archive.isInstance(args.inputs.code)) {
        const assets = (await args.inputs.code.assets) || {};
        for (const a of Object.values(assets)) if (a.path) codePaths.push(await a.path);
      }
      // The id and state too: the test compares the program's outputs with them.
      const resourceId = args.custom === false ? undefined : id;
      registered.push({ type: args.type, name: args.name, id: resourceId, state, inputs: args.inputs, codePaths });
      return { id: resourceId, state };
    },
    call(args) {
      return realisticCall(args.token, args.inputs, ctx);
    },
  }, "consumer", "test", false);
  pulumi.runtime.setConfig("aws:region", ctx.region);

  const outputs = require(path.resolve(programFile));
  const resolved = {};
  for (const [k, v] of Object.entries(outputs)) {
    resolved[k] = await new Promise((resolve) => pulumi.output(v).apply((x) => { resolve(x); return x; }));
  }
  const settings = require("@pulumi/pulumi/runtime/settings");
  if (settings.waitForRPCs) await settings.waitForRPCs();
  const monitor = pulumi.runtime.getMonitor();
  process.stdout.write(JSON.stringify({
    outputs: resolved,
    urns: [...monitor.resources.keys()],
    registered,
    sdk: require.resolve("@pulumi/pulumi"),
    sdkSeenByPackage: require.resolve("@pulumi/pulumi", { paths: [path.dirname(require.resolve("rotated-rds"))] }),
    awsSeenByPackage: require.resolve("@pulumi/aws", { paths: [path.dirname(require.resolve("rotated-rds"))] }),
    aws: require.resolve("@pulumi/aws"),
    packageMain: require.resolve("rotated-rds"),
  }));
}

main().catch((err) => {
  process.stderr.write(`${err && err.stack ? err.stack : err}\n`);
  process.exit(1);
});
