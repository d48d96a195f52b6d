// Mutation testing (npm run test:mutation, which runs scripts/mutation-run.js): Stryker mutates the
// component, config, program and rotation-function code below and runs the fast suites (unit,
// component, program; no servers) against each mutant. Not part of npm test or CI.
/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "mocha",
  mochaOptions: {
    // The repo's own .mocharc.json supplies `require: ts-node/register/transpile-only` and the ts extension.
    config: ".mocharc.json",
    spec: ["tests/unit/**/*.test.ts", "tests/component/**/*.test.ts", "tests/program/**/*.test.ts"],
    // It compares README.md with a reference generated from the text of components/*.ts, which
    // Stryker rewrites with its mutant switches: it cannot pass in the sandbox, and it tests the
    // generator, not the components.
    ignore: [
      "tests/unit/readme-reference.test.ts",
      // It builds the Lambda bundle with esbuild from a copy of the sandbox's instrumented sources;
      // since the 20:40 main that build fails in the sandbox only (cause not found yet). locateRotationBundle's
      // decisions stay covered by tests/unit/components-helpers.test.ts.
      "tests/unit/components-rotationBundle.test.ts",
      // The suite's own guarantees (test services, .ci/run's mocha flags): nothing mutated is under
      // test there, and the ones that start mocha or servers in child processes fail in the sandbox.
      "tests/unit/services-*.test.ts",
    ],
  },
  // No type checker by default: the tests run the TypeScript through ts-node's transpile-only mode, so
  // a mutant that would not type-check still runs, and it counts like any other (the stricter score).
  // On 2 cores the TypeScript checker was the bottleneck of every run, 10 to 50 times slower than the
  // tests (rotation-lambda/steps: 28 s without it, over 10 s a mutant with it). Add it with
  // `npm run test:mutation -- --checkers typescript`; it compiles only the mutated folders
  // (tsconfig.mutation.json).
  checkers: [],
  tsconfigFile: "tsconfig.mutation.json",
  mutate: [
    "components/**/*.ts",
    // Pulumi serializes this dynamic provider's code and a test runs it in a bare Node.js process,
    // where Stryker's mutant switches have no runtime: instrumented, it cannot pass.
    "!components/generatedPasswordProvider.ts",
    "config/**/*.ts",
    "program/**/*.ts",
    "rotation-lambda/steps/**/*.ts",
    "rotation-lambda/guard.ts",
    "rotation-lambda/secret.ts",
    // The engines' pure parts: quoting, SCRAM verifiers, server versions, error mapping, statements, grant parsing.
    "rotation-lambda/engines/postgresQuoting.ts",
    "rotation-lambda/engines/scram.ts",
    "rotation-lambda/engines/mysqlQuoting.ts",
    "rotation-lambda/engines/mysqlVersion.ts",
    "rotation-lambda/engines/mysqlTokens.ts",
    "rotation-lambda/engines/mysqlErrors.ts",
    "rotation-lambda/engines/mysqlStatements.ts",
    "rotation-lambda/engines/mysqlGrants.ts",
  ],
  coverageAnalysis: "perTest",
  // A static mutant (module-level code: constant tables, default values, messages built at load) can
  // only be tested by restarting the runner and running all ~450 tests: about 550 of them took ~84%
  // of a run, over two hours on 2 cores. They are reported as "Ignored" and count in no score.
  ignoreStatic: true,
  incremental: true,
  incrementalFile: "reports/stryker-incremental.json",
  // Two cores: one test runner and one type checker at a time.
  concurrency: 2,
  timeoutMS: 10000,
  reporters: ["clear-text", "progress-append-only", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/mutation.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  clearTextReporter: { allowColor: false, reportMutants: false, reportScoreTable: true },
  ignorePatterns: ["dist", "reports", ".test-services", ".venv", "coverage", "*.tgz"],
  tempDirName: ".stryker-tmp",
};
