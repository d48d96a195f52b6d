// The rules an RDS Proxy adds: clients (the client group, named groups, CIDRs) to the proxy on the
// database port, the proxy to the database on that port, and nothing else; and, with the database's
// own lists, that behind a proxy the clients reach the database only through it unless directAccess
// keeps their direct path. Pure, no mocks.
import * as assert from "assert";
import { withProxyDefaults } from "../../components/defaults";
import { clientsReachDatabaseDirectly, proxyRules } from "../../components/proxyRules";
import { RuleSpec, clientEgressRules, databaseIngressRules, endpointGrants } from "../../components/securityGroupRules";

const BASE = {
  port: 5432, clientSecurityGroupId: "sg-cli", proxySecurityGroupId: "sg-prx", databaseSecurityGroupId: "sg-db",
  allowedSecurityGroupIds: [] as string[], allowedCidrBlocks: [] as string[],
};

describe("proxyRules", () => {
  it("opens exactly client -> proxy and proxy -> database on the database port", () => {
    const rules = proxyRules(BASE);
    assert.deepStrictEqual(
      Object.fromEntries(Object.entries(rules).map(([group, specs]: [string, RuleSpec<string>[]]) => [group, specs.map((s) => [s.key, s.port, s.peer])])),
      {
        proxyIngress: [["proxy-from-client", 5432, { securityGroupId: "sg-cli" }]],
        proxyEgress: [["proxy-to-database", 5432, { securityGroupId: "sg-db" }]],
        databaseIngress: [["db-from-proxy", 5432, { securityGroupId: "sg-prx" }]],
        clientEgress: [["client-to-proxy", 5432, { securityGroupId: "sg-prx" }]],
      },
    );
  });

  it("admits the allowed groups and CIDR ranges to the proxy, as the database admits them", () => {
    const rules = proxyRules({ ...BASE, port: 3306, allowedSecurityGroupIds: ["sg-app", "sg-batch"], allowedCidrBlocks: ["10.1.0.0/16", "fd00::/8"] });
    assert.deepStrictEqual(rules.proxyIngress.map((s) => [s.key, s.port, s.peer]), [
      ["proxy-from-client", 3306, { securityGroupId: "sg-cli" }],
      ["proxy-from-sg-0", 3306, { securityGroupId: "sg-app" }],
      ["proxy-from-sg-1", 3306, { securityGroupId: "sg-batch" }],
      ["proxy-from-cidr-0", 3306, { cidrIpv4: "10.1.0.0/16" }],
      ["proxy-from-cidr-1", 3306, { cidrIpv6: "fd00::/8" }],
    ]);
    // Only the proxy's ingress grows: the database still admits the proxy alone among the proxy's rules.
    assert.deepStrictEqual(rules.databaseIngress.map((s) => s.peer), [{ securityGroupId: "sg-prx" }]);
    assert.deepStrictEqual(rules.proxyEgress.map((s) => s.peer), [{ securityGroupId: "sg-db" }]);
  });

  it("never admits the rotation function (it logs in to the database directly) or anything on another port", () => {
    const rules = proxyRules({ ...BASE, allowedSecurityGroupIds: ["sg-app"], allowedCidrBlocks: ["10.0.0.0/8"] });
    const all = Object.values(rules).flat();
    assert.deepStrictEqual([...new Set(all.map((s) => s.port))], [5432]);
    assert.ok(all.every((s) => !s.key.includes("rotation")), all.map((s) => s.key).join(", "));
  });

  it("keys are unique, so every rule resource gets its own name", () => {
    const all = Object.values(proxyRules({ ...BASE, allowedSecurityGroupIds: ["a", "b"], allowedCidrBlocks: ["10.0.0.0/8"] })).flat();
    assert.strictEqual(new Set(all.map((s) => s.key)).size, all.length);
  });

  it("refuses an open range even if validation was bypassed, with the database's own message", () => {
    assert.throws(() => proxyRules({ ...BASE, allowedCidrBlocks: ["0.0.0.0/0"] }), /^Error: refusing to open the database to 0\.0\.0\.0\/0$/);
    assert.throws(() => proxyRules({ ...BASE, allowedCidrBlocks: ["::/0"] }), /refusing to open the database to ::\/0/);
  });
});

describe("clientsReachDatabaseDirectly", () => {
  it("keeps the direct path without a proxy and with directAccess, and drops it behind a proxy by default", () => {
    assert.strictEqual(clientsReachDatabaseDirectly(undefined), true);
    assert.strictEqual(clientsReachDatabaseDirectly(withProxyDefaults({})), false);
    assert.strictEqual(clientsReachDatabaseDirectly(withProxyDefaults({ iamAuth: true })), false);
    assert.strictEqual(clientsReachDatabaseDirectly(withProxyDefaults({ directAccess: true })), true);
  });
});

describe("a database's rules behind a proxy (the database's lists with the proxy's)", () => {
  const given = { ...BASE, rotationSecurityGroupId: "sg-rot", allowedSecurityGroupIds: ["sg-app"], allowedCidrBlocks: ["10.1.0.0/16"] };
  const route = { endpointSecurityGroupId: "sg-vpce" };
  /** Every rule on the database group and the client group, as [key, port, peer], for a `proxy` argument. */
  function groups(proxy: Parameters<typeof withProxyDefaults>[0]) {
    const resolved = withProxyDefaults(proxy);
    const directClients = clientsReachDatabaseDirectly(resolved);
    const added = resolved && proxyRules(given);
    const show = (specs: RuleSpec<string>[]) => specs.map((s) => [s.key, s.port, s.peer]);
    return {
      databaseIngress: show([...databaseIngressRules({ ...given, directClients }), ...(added?.databaseIngress ?? [])]),
      clientEgress: show([...clientEgressRules({ ...given, secretsManager: route, directClients }), ...(added?.clientEgress ?? [])]),
    };
  }
  const direct = {
    databaseIngress: [
      ["from-client", 5432, { securityGroupId: "sg-cli" }], ["from-sg-0", 5432, { securityGroupId: "sg-app" }], ["from-cidr-0", 5432, { cidrIpv4: "10.1.0.0/16" }],
    ],
    clientEgress: [["to-database", 5432, { securityGroupId: "sg-db" }]],
  };

  it("by default: the database admits the rotation function and the proxy only; the client group's database port goes to the proxy, 443 stays", () => {
    assert.deepStrictEqual(groups({}), {
      databaseIngress: [["from-rotation", 5432, { securityGroupId: "sg-rot" }], ["db-from-proxy", 5432, { securityGroupId: "sg-prx" }]],
      clientEgress: [["to-secretsmanager", 443, { securityGroupId: "sg-vpce" }], ["client-to-proxy", 5432, { securityGroupId: "sg-prx" }]],
    });
  });

  it("with directAccess: true the direct paths of a database without a proxy are back, beside the proxy's", () => {
    const without = groups(undefined);
    assert.deepStrictEqual(without, {
      databaseIngress: [["from-rotation", 5432, { securityGroupId: "sg-rot" }], ...direct.databaseIngress],
      clientEgress: [...direct.clientEgress, ["to-secretsmanager", 443, { securityGroupId: "sg-vpce" }]],
    });
    assert.deepStrictEqual(groups({ directAccess: true }), {
      databaseIngress: [...without.databaseIngress, ["db-from-proxy", 5432, { securityGroupId: "sg-prx" }]],
      clientEgress: [...without.clientEgress, ["client-to-proxy", 5432, { securityGroupId: "sg-prx" }]],
    });
  });

  it("admits the named groups and CIDR ranges to the proxy either way, and keeps their grants on the Secrets Manager endpoint", () => {
    assert.deepStrictEqual(proxyRules(given).proxyIngress.map((s) => s.peer), [{ securityGroupId: "sg-cli" }, { securityGroupId: "sg-app" }, { cidrIpv4: "10.1.0.0/16" }]);
    // endpointGrants takes no proxy setting: reading the secret is not a path to the database.
    assert.deepStrictEqual(endpointGrants(given).map((g) => g.sourceSecurityGroupId), ["sg-rot", "sg-cli", "sg-app"]);
  });
});
