// `.ci/run` fails a run in which mocha skipped anything: it passes mocha flags that turn a skipped
// suite (requireService outside CI), a test calling this.skip(), a pending test and a leftover .only
// into failures. These tests take the flags from .ci/run itself and run a child mocha with the
// project's reporter on fixture files (tests/support/fixtures), each first without the flags: the
// control, showing the fixture really skips, and that the closing line CI reads counts it.
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../..");
const MOCHA = path.join(ROOT, "node_modules/mocha/bin/mocha.js");
const FIXTURES = path.join(ROOT, "tests/support/fixtures");

/** The arguments .ci/run passes to mocha through `npm test -- …`. */
function ciMochaFlags(): string[] {
  const script = fs.readFileSync(path.join(ROOT, ".ci/run"), "utf8");
  const lines = script.split("\n").filter((line) => /^\s*npm (run )?test\b/.test(line));
  assert.equal(lines.length, 1, `.ci/run should run the tests once, found: ${JSON.stringify(lines)}`);
  const match = /^\s*npm test -- (.+)$/.exec(lines[0]);
  assert.ok(match, `.ci/run runs the tests without mocha flags: ${lines[0]}`);
  return match[1].trim().split(/\s+/);
}

/** Runs mocha on one fixture, outside CI, with the project's reporter; returns exit code, output and the closing line. */
function runMocha(fixture: string, flags: string[]): { status: number | null; output: string; closing: string } {
  const env = { ...process.env };
  delete env.CI;
  const result = spawnSync(
    process.execPath,
    [MOCHA, "--no-config", "--require", "ts-node/register/transpile-only", "--reporter", path.join(ROOT, "tests/support/reporter.js"), ...flags, path.join(FIXTURES, fixture)],
    { cwd: ROOT, env, encoding: "utf8", timeout: 60_000 },
  );
  const output = `${result.stdout}${result.stderr}`;
  const closing = output.trimEnd().split("\n").pop() ?? "";
  return { status: result.status, output, closing };
}

describe(".ci/run's mocha flags", function () {
  this.timeout(60_000);

  it("are given to npm test", () => {
    assert.deepEqual(ciMochaFlags(), ["--forbid-pending", "--forbid-only"]);
  });

  describe("on a file with a skipped suite, a self-skipping test and a pending test", () => {
    it("control: without the flags mocha passes and the closing line counts 3 skipped", () => {
      const run = runMocha("skips.fixture.ts", []);
      assert.equal(run.closing, "1 passed, 0 failed, 3 skipped", run.output);
      assert.equal(run.status, 0, run.output);
      assert.match(run.output, /skipping suite: fixture service is not available \(not installed\); install: nothing to install/);
    });

    it("with the flags every skipped test fails the run", () => {
      const run = runMocha("skips.fixture.ts", ciMochaFlags());
      assert.equal(run.closing, "1 passed, 3 failed, 0 skipped", run.output);
      assert.notEqual(run.status, 0, run.output);
      assert.equal(run.output.match(/Error: Pending test forbidden/g)?.length, 3, run.output);
    });
  });

  describe("on a file with a leftover .only", () => {
    it("control: without the flags mocha runs only that test and passes", () => {
      const run = runMocha("only.fixture.js", []);
      assert.equal(run.closing, "1 passed, 0 failed, 0 skipped", run.output);
      assert.equal(run.status, 0, run.output);
    });

    it("with the flags the run fails", () => {
      const run = runMocha("only.fixture.js", ciMochaFlags());
      assert.notEqual(run.status, 0, run.output);
      assert.match(run.output, /`\.only` forbidden by --forbid-only/);
    });
  });
});
