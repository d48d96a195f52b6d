// Applications survive rotation (issue 8): for each engine × strategy, queries run without pause
// through the library's pool while 20 rotations run back to back and a new physical connection is
// forced after every step. Zero failed queries, zero failed or over-budget connects. The control,
// a plain pool that read the secret once, fails after the first single-user rotation: the soak can fail.
import { strict as assert } from "assert";
import { DEFAULT_CONNECT_RETRY_BUDGET_MS, isAuthenticationError } from "../../client";
import type { Strategy } from "../lambda/scenarioEnv";
import { useClientEnv, type Engine } from "./clientEnv";
import { formatReport, runSoak, type SoakReport } from "./soak";

const ROTATIONS = 20;

function describeFailures(report: SoakReport): string {
  return report.failures
    .slice(0, 3)
    .map((f) => `rotation ${f.rotation} after ${f.step}, ${f.what}: ${(f.error as Error).name}: ${(f.error as Error).message}`)
    .join("; ");
}

for (const engine of ["postgres", "mariadb"] as Engine[]) {
  describe(`client soak on ${engine}`, function () {
    this.timeout(120_000);
    const getEnv = useClientEnv(engine);

    for (const strategy of ["single-user", "alternating-users"] as Strategy[]) {
      it(`${strategy}: no query fails and every connect succeeds within the budget through ${ROTATIONS} rotations`, async () => {
        const report = await runSoak(getEnv(), { strategy, rotations: ROTATIONS, pool: "library" });
        process.stdout.write(formatReport(report));
        assert.equal(report.failures.length, 0, `failures: ${describeFailures(report)}`);
        assert.equal(report.rotations, ROTATIONS);
        assert.ok(report.queries > 0, "the load generator ran no query");
        assert.equal(report.forcedConnects, 1 + 4 * ROTATIONS);
        assert.ok(report.slowestForcedConnectMs < DEFAULT_CONNECT_RETRY_BUDGET_MS, `a connect took ${report.slowestForcedConnectMs} ms`);
        // The soak must have hit refusals, or it proved nothing about them.
        assert.ok(report.authenticationFailures >= ROTATIONS - 1, `only ${report.authenticationFailures} authentication failures`);
        if (strategy === "single-user") {
          // Every setSecret changes the password before AWSCURRENT moves: each rotation's window is closed by AWSPENDING.
          assert.ok(report.pendingFallbacks >= ROTATIONS, `only ${report.pendingFallbacks} fallbacks to AWSPENDING`);
          assert.equal(report.finalVersionId, report.currentVersionId);
        } else {
          // The previous user keeps its password until the next rotation: AWSCURRENT is never refused.
          assert.equal(report.pendingFallbacks, 0);
          assert.ok([report.currentVersionId, report.previousVersionId].includes(report.finalVersionId), `pool reports ${report.finalVersionId}`);
        }
      });
    }

    it("control: a plain pool that read the secret once fails after the first single-user rotation", async () => {
      const report = await runSoak(getEnv(), { strategy: "single-user", rotations: 1, pool: "plain" });
      process.stdout.write(formatReport(report));
      assert.ok(report.failures.length > 0, "the plain pool survived a single-user rotation: the soak cannot fail");
      const first = report.failures[0]!;
      assert.equal(first.rotation, 1);
      // It worked before the rotation and after createSecret (the database still had the old password).
      assert.notEqual(first.step, "before");
      assert.ok(report.forcedConnects >= 2, `only ${report.forcedConnects} connects succeeded`);
      assert.ok(isAuthenticationError(first.error), `first failure is not a refused login: ${(first.error as Error).message}`);
    });
  });
}
