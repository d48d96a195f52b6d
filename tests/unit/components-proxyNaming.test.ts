// The physical names of the proxy and of its read-only endpoint: valid for CreateDBProxy whatever the component is called, unique per
// project, stack and component, stable across runs. Pure, no mocks.
import * as assert from "assert";
import { PROXY_ENDPOINT_NAME_MAX, PROXY_NAME_MAX, proxyName, proxyReaderEndpointName } from "../../components/proxyNaming";

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
      // A RotatedCluster and a RotatedDatabase both called orders in one stack.
      proxyName("rotated-rds", "dev", "orders", "cluster"),
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

describe("proxyReaderEndpointName", () => {
  it("is <component>-proxy-reader-<hash>, stable, and not the proxy's name", () => {
    const name = proxyReaderEndpointName("rotated-rds", "staging", "orders");
    assert.match(name, /^orders-proxy-reader-[0-9a-f]{8}$/);
    assert.strictEqual(proxyReaderEndpointName("rotated-rds", "staging", "orders"), name);
    assert.notStrictEqual(name.replace(/-[0-9a-f]{8}$/, ""), proxyName("rotated-rds", "staging", "orders").replace(/-[0-9a-f]{8}$/, ""));
  });

  it("differs between stacks, projects and components (endpoint names are unique per account and region)", () => {
    const names = [
      proxyReaderEndpointName("rotated-rds", "dev", "orders"), proxyReaderEndpointName("rotated-rds", "prod", "orders"),
      proxyReaderEndpointName("other", "dev", "orders"), proxyReaderEndpointName("rotated-rds", "dev", "billing"),
    ];
    assert.strictEqual(new Set(names).size, names.length);
  });

  it("is valid for CreateDBProxyEndpoint (at most 63 characters) for names RDS would refuse as they are", () => {
    assert.strictEqual(PROXY_ENDPOINT_NAME_MAX, 63);
    for (const component of ["Orders_DB", "1orders", "--x--", "_", "orders--eu", "a".repeat(100), "ü-db", "123"]) {
      const name = proxyReaderEndpointName("p", "s", component);
      assert.match(name, VALID, `${component} -> ${name}`);
      assert.ok(name.length <= PROXY_ENDPOINT_NAME_MAX, `${component} -> ${name} (${name.length})`);
    }
    assert.strictEqual(proxyReaderEndpointName("p", "s", "a".repeat(100)).length, PROXY_ENDPOINT_NAME_MAX);
    assert.match(proxyReaderEndpointName("p", "s", "123"), /^proxy-reader-[0-9a-f]{8}$/);
  });
});
