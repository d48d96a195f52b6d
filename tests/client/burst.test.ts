// Burst: 50 connects refused at once (the pool's cached version was rotated away) make one
// GetSecretValue between them, counted at the recording proxy in front of moto.
import { strict as assert } from "assert";
import { useClientEnv, type Engine } from "./clientEnv";

const BURST = 50;

for (const engine of ["postgres", "mariadb"] as Engine[]) {
  describe(`client burst on ${engine}`, function () {
    this.timeout(60_000);
    const getEnv = useClientEnv(engine);

    it(`${BURST} concurrent authentication failures cause exactly one GetSecretValue`, async () => {
      const env = getEnv();
      const { scenario } = env;
      const { secret } = await scenario.makeSecret("single-user");
      const credentials = env.credentials(secret.arn);
      let failures = 0;
      credentials.on("authenticationFailure", () => failures++);
      const before = await credentials.get();
      await scenario.driver.rotate(scenario.invoke, secret);
      const pool = env.libraryPool(credentials, BURST);
      try {
        const mark = scenario.proxy.operations.length;
        const connections = await Promise.all(Array.from({ length: BURST }, () => pool.connect()));
        const calls = scenario.proxy.operationsSince(mark);
        for (const c of connections) c.release();
        assert.equal(failures, BURST, `${failures} connects were refused, not ${BURST}: the burst did not happen`);
        assert.equal(calls.filter((op) => op === "secretsmanager:GetSecretValue").length, 1, `calls: ${calls.join(", ")}`);
        assert.equal(calls.filter((op) => op === "secretsmanager:DescribeSecret").length, 1, `calls: ${calls.join(", ")}`);
        assert.notEqual(pool.secretVersionId(), before.versionId);
        assert.equal(pool.secretVersionId(), await scenario.driver.versionWith(secret, "AWSCURRENT"));
      } finally {
        await pool.end();
      }
    });
  });
}
