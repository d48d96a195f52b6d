// The proxy's physical name: valid for CreateDBProxy whatever the component is called, unique per
// project, stack and component, stable across runs. Pure, no mocks.
import * as assert from "assert";
import { PROXY_NAME_MAX, proxyName } from "../../components/proxyNaming";

/** CreateDBProxy DBProxyName: a letter first, letters, digits and hyphens, no `--`, no `-` at the end. */
const VALID = /^[a-z](?:[a-z0-9]|-(?!-))*[a-z0-9]$/;

describe("proxyName", () => {
  it("is <component>-proxy-<hash> and stable", () => {
    const name = proxyName("rotated-rds", "dev", "orders");
    assert.match(name, /^orders-proxy-[0-9a-f]{8}$/);
    assert.strictEqual(proxyName("rotated-rds", "dev", "orders"), name);
  });

  it("differs between stacks, projects and components", () => {
    const names = [
      proxyName("rotated-rds", "dev", "orders"), proxyName("rotated-rds", "prod", "orders"),
      proxyName("other", "dev", "orders"), proxyName("rotated-rds", "dev", "billing"),
    ];
    assert.strictEqual(new Set(names).size, names.length);
  });

  it("is valid for names RDS would refuse as they are", () => {
    for (const component of ["Orders_DB", "1orders", "--x--", "_", "orders--eu", "a".repeat(100), "ü-db", "123"]) {
      const name = proxyName("p", "s", component);
      assert.match(name, VALID, `${component} -> ${name}`);
      assert.ok(name.length <= PROXY_NAME_MAX, `${component} -> ${name} (${name.length})`);
    }
    assert.match(proxyName("p", "s", "123"), /^proxy-[0-9a-f]{8}$/);
  });
});
