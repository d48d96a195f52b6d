// Aurora-shaped secrets on the same local server: Aurora speaks the PostgreSQL and MySQL protocols,
// so what differs is the secret (the Aurora engine string, dbClusterIdentifier, no
// dbInstanceIdentifier). A representative subset of the suite, not all of it again: a full rotation
// per strategy and a retry after a crash. The suite's leak check, which runs after these, covers
// every value they wrote.
import { strict as assert } from "assert";
import { expectRejection } from "./driver";
import { TEST_CLUSTER_IDENTIFIER, crashAfterPasswordChange, type ScenarioEnv, type Strategy } from "./scenarioEnv";

export function auroraScenarios(getEnv: () => ScenarioEnv): void {
  describe("an Aurora-shaped secret (Aurora engine string, dbClusterIdentifier, no dbInstanceIdentifier)", () => {
    for (const strategy of ["single-user", "alternating-users"] as Strategy[]) {
      it(`${strategy}: rotates; the engine string and dbClusterIdentifier survive and no dbInstanceIdentifier appears`, async () => {
        const env = getEnv();
        const { secret, value } = await env.makeSecret(strategy, { shape: "aurora" });
        assert.match(value.engine, /^aurora-/);
        const rotation = await env.driver.rotate(env.invoke, secret);
        assert.equal(await env.driver.versionWith(secret, "AWSCURRENT"), rotation.token);
        const current = await env.assertCurrentLogsIn(secret);
        assert.notEqual(current.password, value.password);
        assert.equal(current.engine, value.engine);
        assert.equal(current.dbClusterIdentifier, TEST_CLUSTER_IDENTIFIER);
        assert.equal("dbInstanceIdentifier" in current, false);
        assert.equal(current.team, "payments");
        assert.equal(current.username, strategy === "single-user" ? value.username : `${value.username}_clone`);
      });
    }

    it("alternating-users with an RDS-managed master secret: a crash after the password change, then the retry succeeds without lockout", async () => {
      const env = getEnv();
      const master = await env.makeMasterSecret();
      const { secret } = await env.makeSecret("alternating-users", { shape: "aurora", masterArn: master.arn });
      const rotation = env.driver.startRotation(secret);
      const check = async (): Promise<void> => env.assertSomeVersionLogsIn(secret);
      await expectRejection(env.driver.runSteps(env.invoker({ engines: crashAfterPasswordChange() }), secret, rotation, { afterStep: check }), /injected/);
      await env.driver.runSteps(env.invoke, secret, rotation, { afterStep: check });
      assert.equal(await env.driver.versionWith(secret, "AWSCURRENT"), rotation.token);
      assert.equal((await env.assertCurrentLogsIn(secret)).dbClusterIdentifier, TEST_CLUSTER_IDENTIFIER);
    });
  });
}
