// Scenarios 9-11 of the issue, run last in an engine's suite: the built bundle rotates, nothing
// secret leaked anywhere during the whole suite, and every Secrets Manager call is permitted.
import { strict as assert } from "assert";
import { SECRETS_MANAGER_ACTIONS } from "../../rotation-lambda/contract";
import { assertLogSearch, secretNeedles } from "../services";
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
  // An empty string is what the driver remembers of a version without SecretString: nothing to search.
  const secrets = new Set([...env.capture.secrets].filter((s) => s !== ""));
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

/** The ARNs of the secrets the function wrote a version of: every step logs its secret's ARN. */
function rotatedSecretArns(env: ScenarioEnv): string[] {
  const arns = new Set<string>();
  for (const r of env.proxy.requests) if (r.operation === "PutSecretValue" && typeof r.input.SecretId === "string") arns.add(r.input.SecretId);
  return [...arns];
}

export function suiteChecks(getEnv: () => ScenarioEnv): void {
  describe("suite-wide checks", () => {
    it("leaks no password, secret string or RotationToken into logs, errors or the server log", async () => {
      const env = getEnv();
      const secrets = secretNeedles("secret", allSecrets(env));
      const arns = rotatedSecretArns(env);
      assert.ok(secrets.length > 20, `only ${secrets.length} secrets recorded`);
      assert.ok(arns.length > 10, `only ${arns.length} secrets were rotated`);
      for (const line of env.capture.logLines) JSON.parse(line);
      assertLogSearch({
        source: "the function's log lines",
        log: env.capture.logLines.join("\n"),
        mustFind: arns.map((arn, i) => ({ name: `the ARN of rotated secret #${i + 1}`, value: arn })),
        mustNotFind: secrets,
      });
      assertLogSearch({
        source: "the function's error messages",
        log: env.capture.errorMessages.join("\n"),
        mustFind: [{ name: "a secret ARN (errors name their secret)", value: /arn:aws:secretsmanager:[a-z0-9-]+:\d{12}:secret:/ }],
        mustNotFind: secrets,
      });
      const control = await env.fixture.logInWithoutTls();
      const marker = await env.fixture.flushLog();
      const serverLog = env.fixture.serverLog();
      assertLogSearch({
        source: env.fixture.serverLogName,
        log: serverLog,
        mustFind: [
          { name: "the flush marker", value: marker },
          { name: "the control account's login without TLS", value: env.fixture.plaintextLogin({ user: control }) },
        ],
        mustNotFind: [...secrets, { name: "a login without TLS by anyone but the control account", value: env.fixture.plaintextLogin({ anyoneBut: control }) }],
      });
    });

    it("sends only Secrets Manager operations that are in SECRETS_MANAGER_ACTIONS", () => {
      const env = getEnv();
      const used = [...new Set(env.proxy.operations)].sort();
      assert.ok(used.length >= 5, `only ${used.join(", ")} recorded`);
      assert.deepEqual(used.filter((op) => !SECRETS_MANAGER_ACTIONS.includes(op)), []);
    });
  });
}
