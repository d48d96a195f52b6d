// The `proxy` argument's rules at their boundaries, the refusal of alternating-users, and that
// RotatedDatabase's resolution reports them with the rest. Pure, no mocks.
import * as assert from "assert";
import { withProxyDefaults } from "../../components/defaults";
import {
  PROXY_ALTERNATING_USERS_REFUSAL,
  PROXY_CONNECTION_BORROW_TIMEOUT,
  PROXY_IDLE_CLIENT_TIMEOUT,
  PROXY_MAX_CONNECTIONS_PERCENT,
  proxyArgsErrors,
} from "../../components/proxyValidation";
import { resolveRotatedDatabaseArgs } from "../../components/validate";
import type { DatabaseProxyArgs } from "../../components/types";

const errorsOf = (given: DatabaseProxyArgs, strategy: "single-user" | "managed" | "alternating-users" = "single-user") =>
  proxyArgsErrors(withProxyDefaults(given), strategy, given);

describe("proxyArgsErrors", () => {
  it("accepts no proxy, the defaults, and every strategy but alternating-users", () => {
    assert.deepStrictEqual(proxyArgsErrors(undefined, "alternating-users"), []);
    assert.deepStrictEqual(errorsOf({}), []);
    assert.deepStrictEqual(errorsOf({ iamAuth: true }, "managed"), []);
  });

  const ranges: Array<[keyof DatabaseProxyArgs, { min: number; max: number }, string]> = [
    ["idleClientTimeout", PROXY_IDLE_CLIENT_TIMEOUT, "seconds"],
    ["maxConnectionsPercent", PROXY_MAX_CONNECTIONS_PERCENT, "percent"],
    ["connectionBorrowTimeout", PROXY_CONNECTION_BORROW_TIMEOUT, "seconds"],
  ];
  for (const [key, range, unit] of ranges) {
    it(`takes ${key} from ${range.min} to ${range.max} and refuses one step outside, fractions and non-numbers`, () => {
      assert.deepStrictEqual(errorsOf({ [key]: range.min }), []);
      assert.deepStrictEqual(errorsOf({ [key]: range.max }), []);
      for (const bad of [range.min - 1, range.max + 1, range.min + 0.5, "30" as unknown as number, Number.NaN]) {
        assert.deepStrictEqual(errorsOf({ [key]: bad }), [
          `proxy.${key} must be a whole number of ${unit} from ${range.min} to ${range.max}; got ${JSON.stringify(bad) ?? String(bad)}`,
        ], String(bad));
      }
    });
  }

  it("uses RDS Proxy's limits: idle 1..28800 s, pool 1..100 %, borrow 0..3600 s", () => {
    assert.deepStrictEqual([PROXY_IDLE_CLIENT_TIMEOUT, PROXY_MAX_CONNECTIONS_PERCENT, PROXY_CONNECTION_BORROW_TIMEOUT],
      [{ min: 1, max: 28800 }, { min: 1, max: 100 }, { min: 0, max: 3600 }]);
  });

  it("names unknown keys and a non-boolean iamAuth or directAccess", () => {
    assert.deepStrictEqual(errorsOf({ iamAuth: "yes" as unknown as boolean, endpoint: "x" } as DatabaseProxyArgs), [
      'proxy takes only iamAuth, directAccess, idleClientTimeout, maxConnectionsPercent, connectionBorrowTimeout; got ["endpoint"]',
      'proxy.iamAuth must be true or false; got "yes"',
    ]);
    assert.deepStrictEqual(errorsOf({ directAccess: 1 as unknown as boolean }), ["proxy.directAccess must be true or false; got 1"]);
    assert.deepStrictEqual(errorsOf({ directAccess: true }), []);
    assert.deepStrictEqual(errorsOf({ directAccess: false, iamAuth: true }, "managed"), []);
  });

  it("refuses a proxy that is not a mapping", () => {
    assert.deepStrictEqual(proxyArgsErrors(withProxyDefaults({}), "single-user", true), ["proxy must be a mapping of proxy settings (or {} for the defaults); got true"]);
  });

  it("refuses alternating-users, saying why and what to use instead", () => {
    assert.deepStrictEqual(errorsOf({}, "alternating-users"), [PROXY_ALTERNATING_USERS_REFUSAL]);
    assert.match(PROXY_ALTERNATING_USERS_REFUSAL, /^proxy cannot be used with the "alternating-users" strategy: /);
    assert.match(PROXY_ALTERNATING_USERS_REFUSAL, /Use "single-user" .* or "managed" behind a proxy, or drop proxy to keep alternating-users$/);
  });
});

describe("resolveRotatedDatabaseArgs with a proxy", () => {
  const base = { vpcId: "vpc-0123456789abcdef0", subnetIds: ["subnet-0aaa1111", "subnet-0bbb2222"] };
  it("resolves the proxy's defaults", () => {
    const resolved = resolveRotatedDatabaseArgs({ ...base, proxy: {} });
    assert.ok(resolved.ok, resolved.ok ? "" : resolved.errors.join("; "));
    assert.deepStrictEqual(resolved.value.proxy, { iamAuth: false, directAccess: false, idleClientTimeout: 1800, maxConnectionsPercent: 90, connectionBorrowTimeout: 120 });
  });
  it("has no proxy unless asked", () => {
    const resolved = resolveRotatedDatabaseArgs(base);
    assert.ok(resolved.ok, resolved.ok ? "" : resolved.errors.join("; "));
    assert.strictEqual(resolved.value.proxy, undefined);
  });
  it("reports the proxy's errors with the others", () => {
    const resolved = resolveRotatedDatabaseArgs({ ...base, proxy: { maxConnectionsPercent: 0 }, rotation: { strategy: "alternating-users", applicationUsername: "orders_app" } });
    assert.ok(!resolved.ok);
    assert.deepStrictEqual(resolved.errors, [
      "proxy.maxConnectionsPercent must be a whole number of percent from 1 to 100; got 0",
      PROXY_ALTERNATING_USERS_REFUSAL,
    ]);
  });
});
