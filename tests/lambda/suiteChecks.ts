// Scenarios 9-11 of the issue, run last in an engine's suite: the built bundle rotates, nothing
// secret leaked anywhere during the whole suite, and every Secrets Manager call is permitted.
import { strict as assert } from "assert";
import { SECRETS_MANAGER_ACTIONS } from "../../rotation-lambda/contract";
import { bundleInvoker, type StepInvoker } from "./driver";
import type { ScenarioEnv, Strategy } from "./scenarioEnv";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildRotationLambda } = require("../../scripts/build-lambda.js") as {
  buildRotationLambda(options?: { outfile?: string }): Promise<{ outfile: string; bytes: number }>;
};

export function bundleScenarios(getEnv: () => ScenarioEnv): void {
  describe("the built bundle (dist/rotation-lambda/index.js) in fresh Node processes with NODE_EXTRA_CA_CERTS", () => {
    let invoke: StepInvoker;
    before(async function () {
      this.timeout(120_000);
      const env = getEnv();
      const { outfile } = await buildRotationLambda();
      invoke = bundleInvoker({ bundlePath: outfile, proxy: env.proxy, caPath: env.fixture.caPath, capture: env.capture });
    });
    for (const strategy of ["single-user", "alternating-users"] as Strategy[]) {
      it(`passes a full ${strategy} rotation over verified TLS`, async function () {
        this.timeout(60_000);
        const env = getEnv();
        const { secret, value } = await env.makeSecret(strategy);
        const rotation = await env.driver.rotate(invoke, secret);
        assert.equal(await env.driver.versionWith(secret, "AWSCURRENT"), rotation.token);
        const current = await env.assertCurrentLogsIn(secret);
        assert.notEqual(current.password, value.password);
      });
    }
  });
}

/**
 * Every secret the suite made or saw: what the driver remembered, plus every value the function wrote
 * (PutSecretValue through the proxy) and its password, including pending passwords no test ever read.
 */
function allSecrets(env: ScenarioEnv): Set<string> {
  const secrets = new Set(env.capture.secrets);
  for (const r of env.proxy.requests) {
    if (r.operation !== "PutSecretValue" || typeof r.input.SecretString !== "string") continue;
    secrets.add(r.input.SecretString);
    try {
      const password = (JSON.parse(r.input.SecretString) as { password?: unknown }).password;
      if (typeof password === "string") secrets.add(password);
    } catch {
      // not JSON: the whole string is in the set
    }
  }
  return secrets;
}

function findLeaks(haystack: string, secrets: Set<string>): string[] {
  const leaks: string[] = [];
  for (const s of secrets) if (s.length >= 8 && haystack.includes(s)) leaks.push(`${s.slice(0, 3)}… (${s.length} chars)`);
  return leaks;
}

export function suiteChecks(getEnv: () => ScenarioEnv): void {
  describe("suite-wide checks", () => {
    it("leaks no password, secret string or RotationToken into logs, errors or the server log", async () => {
      const env = getEnv();
      const secrets = allSecrets(env);
      assert.ok(env.capture.logLines.length > 50, "too few log lines were captured for the check to mean anything");
      assert.ok(secrets.size > 20);
      for (const line of env.capture.logLines) JSON.parse(line);
      assert.deepEqual(findLeaks(env.capture.logLines.join("\n"), secrets), [], "log lines leak");
      assert.deepEqual(findLeaks(env.capture.errorMessages.join("\n"), secrets), [], "error messages leak");
      await env.fixture.flushLog();
      const serverLog = env.fixture.serverLog();
      assert.ok(serverLog.length > 1000, "the server log is empty: statements were not logged");
      assert.deepEqual(findLeaks(serverLog, secrets), [], "the server log leaks");
      assert.equal(env.fixture.plaintextLogins(serverLog), 0, "a login went through without TLS");
    });

    it("sends only Secrets Manager operations that are in SECRETS_MANAGER_ACTIONS", () => {
      const env = getEnv();
      const used = [...new Set(env.proxy.operations)].sort();
      assert.ok(used.length >= 5, `only ${used.join(", ")} recorded`);
      assert.deepEqual(used.filter((op) => !SECRETS_MANAGER_ACTIONS.includes(op)), []);
    });
  });
}
