import { strict as assert } from "assert";
import { loadConfig } from "../../rotation-lambda/config";
import { DB_CONNECT_TIMEOUT_MS, DEFAULT_EXCLUDE_CHARACTERS, DEFAULT_PASSWORD_LENGTH } from "../../rotation-lambda/contract";

describe("loadConfig", () => {
  it("defaults to verified TLS, the default length and exclusions, and the SDK's endpoint", () => {
    const c = loadConfig({});
    assert.equal(c.connect.tls.verify, true);
    assert.equal(c.connect.tls.ca, undefined);
    assert.equal(c.passwordLength, DEFAULT_PASSWORD_LENGTH);
    assert.equal(c.excludeCharacters, DEFAULT_EXCLUDE_CHARACTERS);
    assert.equal(c.secretsManagerEndpoint, undefined);
    assert.equal(c.connect.connectTimeoutMs, DB_CONNECT_TIMEOUT_MS);
  });

  it("reads the endpoint, length and exclusions", () => {
    const c = loadConfig({ SECRETS_MANAGER_ENDPOINT: "http://127.0.0.1:5000", PASSWORD_LENGTH: "40", EXCLUDE_CHARACTERS: "abc" });
    assert.equal(c.secretsManagerEndpoint, "http://127.0.0.1:5000");
    assert.equal(c.passwordLength, 40);
    assert.equal(c.excludeCharacters, "abc");
  });

  it("rejects a password length that is not an integer from 16 to 4096", () => {
    for (const bad of ["8", "abc", "32.5", "5000"]) {
      assert.throws(() => loadConfig({ PASSWORD_LENGTH: bad }), new RegExp(`PASSWORD_LENGTH must be an integer from 16 to 4096, got "${bad}"`));
    }
  });

  it("turns verification off only for the explicit tests-only value", () => {
    assert.equal(loadConfig({ DB_TLS_VERIFY: "insecure-tests-only" }).connect.tls.verify, false);
    assert.equal(loadConfig({ DB_TLS_VERIFY: "true" }).connect.tls.verify, true);
    for (const bad of ["false", "0", "no"]) {
      assert.throws(() => loadConfig({ DB_TLS_VERIFY: bad }), new RegExp(`DB_TLS_VERIFY must be "true" or "insecure-tests-only", got "${bad}"`));
    }
  });
});
