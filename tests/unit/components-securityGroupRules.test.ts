// Security-group rule lists: nothing open to the world, each group only what it needs.
import * as assert from "assert";
import { grantEndpointAccess } from "../../components/endpointResources";
import { securityGroupRuleArgs } from "../../components/securityGroupRuleResources";
import {
  clientEgressRules,
  clientIngressRules,
  databaseIngressRules,
  endpointGrants,
  endpointIngressRule,
  rotationEgressRules,
} from "../../components/securityGroupRules";

describe("databaseIngressRules", () => {
  it("admits the port from the rotation group, the client group, named groups and CIDRs", () => {
    const rules = databaseIngressRules({
      port: 5432, rotationSecurityGroupId: "sg-rot", clientSecurityGroupId: "sg-cli",
      allowedSecurityGroupIds: ["sg-app"], allowedCidrBlocks: ["10.1.0.0/16", "fd00::/8"],
    });
    assert.deepStrictEqual(rules.map((r) => [r.key, r.port, r.peer]), [
      ["from-rotation", 5432, { securityGroupId: "sg-rot" }],
      ["from-client", 5432, { securityGroupId: "sg-cli" }],
      ["from-sg-0", 5432, { securityGroupId: "sg-app" }],
      ["from-cidr-0", 5432, { cidrIpv4: "10.1.0.0/16" }],
      ["from-cidr-1", 5432, { cidrIpv6: "fd00::/8" }],
    ]);
  });
  it("has no rotation rule without a rotation function (managed)", () => {
    const rules = databaseIngressRules({ port: 3306, clientSecurityGroupId: "sg-cli", allowedSecurityGroupIds: [], allowedCidrBlocks: [] });
    assert.deepStrictEqual(rules.map((r) => r.key), ["from-client"]);
  });
  it("refuses open ranges even if validation was bypassed", () => {
    assert.throws(() => databaseIngressRules({ port: 5432, clientSecurityGroupId: "sg", allowedSecurityGroupIds: [], allowedCidrBlocks: ["0.0.0.0/0"] }), /refusing to open the database to 0\.0\.0\.0\/0/);
  });
  it("with directClients: false (behind a proxy) admits the rotation function alone, and directClients: true changes nothing", () => {
    const given = { port: 5432, rotationSecurityGroupId: "sg-rot", clientSecurityGroupId: "sg-cli", allowedSecurityGroupIds: ["sg-app"], allowedCidrBlocks: ["10.1.0.0/16"] };
    assert.deepStrictEqual(databaseIngressRules({ ...given, directClients: false }).map((r) => [r.key, r.peer]), [["from-rotation", { securityGroupId: "sg-rot" }]]);
    assert.deepStrictEqual(databaseIngressRules({ ...given, rotationSecurityGroupId: undefined, directClients: false }), []);
    assert.deepStrictEqual(databaseIngressRules({ ...given, directClients: true }), databaseIngressRules(given));
  });
});

describe("clientIngressRules", () => {
  it("lists the clients as the database admits them without a proxy: the client group, named groups, CIDRs", () => {
    const given = { port: 3306, clientSecurityGroupId: "sg-cli", allowedSecurityGroupIds: ["sg-app"], allowedCidrBlocks: ["fd00::/8"] };
    assert.deepStrictEqual(clientIngressRules(given).map((r) => [r.key, r.port, r.peer]), [
      ["from-client", 3306, { securityGroupId: "sg-cli" }],
      ["from-sg-0", 3306, { securityGroupId: "sg-app" }],
      ["from-cidr-0", 3306, { cidrIpv6: "fd00::/8" }],
    ]);
    assert.deepStrictEqual(databaseIngressRules(given), clientIngressRules(given));
  });
});

describe("rotationEgressRules", () => {
  it("reaches only the database port and the endpoint on 443", () => {
    const rules = rotationEgressRules({ port: 5432, databaseSecurityGroupId: "sg-db", secretsManager: { endpointSecurityGroupId: "sg-vpce" } });
    assert.deepStrictEqual(rules.map((r) => [r.port, r.peer]), [[5432, { securityGroupId: "sg-db" }], [443, { securityGroupId: "sg-vpce" }]]);
  });
  it("needs 443 to anywhere through NAT", () => {
    const rules = rotationEgressRules({ port: 3306, databaseSecurityGroupId: "sg-db", secretsManager: { nat: true } });
    assert.deepStrictEqual(rules.map((r) => [r.port, r.peer]), [[3306, { securityGroupId: "sg-db" }], [443, { cidrIpv4: "0.0.0.0/0" }]]);
  });
});

describe("clientEgressRules and endpointIngressRule", () => {
  it("lets clients reach the database port", () => {
    assert.deepStrictEqual(clientEgressRules({ port: 5432, databaseSecurityGroupId: "sg-db" }).map((r) => [r.port, r.peer]), [[5432, { securityGroupId: "sg-db" }]]);
  });
  it("lets clients reach the endpoint on 443, keeping the database rule's key", () => {
    const rules = clientEgressRules({ port: 3306, databaseSecurityGroupId: "sg-db", secretsManager: { endpointSecurityGroupId: "sg-vpce" } });
    assert.deepStrictEqual(rules.map((r) => [r.key, r.port, r.peer]), [
      ["to-database", 3306, { securityGroupId: "sg-db" }],
      ["to-secretsmanager", 443, { securityGroupId: "sg-vpce" }],
    ]);
  });
  it("needs 443 to anywhere through NAT, and nothing more without a route", () => {
    assert.deepStrictEqual(clientEgressRules({ port: 5432, databaseSecurityGroupId: "sg-db", secretsManager: { nat: true } }).map((r) => [r.key, r.port, r.peer]), [
      ["to-database", 5432, { securityGroupId: "sg-db" }],
      ["to-secretsmanager-nat", 443, { cidrIpv4: "0.0.0.0/0" }],
    ]);
    assert.deepStrictEqual(clientEgressRules({ port: 5432, databaseSecurityGroupId: "sg-db", secretsManager: { none: true } }).map((r) => r.key), ["to-database"]);
  });
  it("with directClients: false (behind a proxy) keeps 443 and drops the database port, which goes to the proxy instead", () => {
    const given = { port: 5432, databaseSecurityGroupId: "sg-db", secretsManager: { endpointSecurityGroupId: "sg-vpce" } };
    assert.deepStrictEqual(clientEgressRules({ ...given, directClients: false }).map((r) => [r.key, r.port, r.peer]), [["to-secretsmanager", 443, { securityGroupId: "sg-vpce" }]]);
    assert.deepStrictEqual(clientEgressRules({ ...given, secretsManager: { nat: true }, directClients: false }).map((r) => [r.key, r.port, r.peer]), [["to-secretsmanager-nat", 443, { cidrIpv4: "0.0.0.0/0" }]]);
    assert.deepStrictEqual(clientEgressRules({ ...given, directClients: true }), clientEgressRules(given));
  });
  it("admits 443 from the granted group", () => {
    const r = endpointIngressRule("sg-rot");
    assert.deepStrictEqual([r.port, r.peer], [443, { securityGroupId: "sg-rot" }]);
  });
});

describe("endpointGrants", () => {
  it("admits the rotation group, the client group and each allowed group, under stable keys", () => {
    assert.deepStrictEqual(endpointGrants({ rotationSecurityGroupId: "sg-rot", clientSecurityGroupId: "sg-cli", allowedSecurityGroupIds: ["sg-a", "sg-b"] }), [
      { key: "endpoint-from-rotation", sourceSecurityGroupId: "sg-rot" },
      { key: "endpoint-from-client", sourceSecurityGroupId: "sg-cli" },
      { key: "endpoint-from-sg-0", sourceSecurityGroupId: "sg-a" },
      { key: "endpoint-from-sg-1", sourceSecurityGroupId: "sg-b" },
    ]);
  });
  it("has no rotation grant without a rotation function (managed)", () => {
    assert.deepStrictEqual(endpointGrants({ clientSecurityGroupId: "sg-cli", allowedSecurityGroupIds: [] }).map((g) => g.key), ["endpoint-from-client"]);
  });
});

describe("securityGroupRuleArgs", () => {
  it("gives one TCP port and exactly one peer field per rule", () => {
    const [fromGroup, fromV4, fromV6] = databaseIngressRules({
      port: 3306, clientSecurityGroupId: "sg-cli", allowedSecurityGroupIds: [], allowedCidrBlocks: ["10.1.0.0/16", "fd00::/8"],
    });
    const tags = { team: "db" };
    assert.deepStrictEqual(securityGroupRuleArgs("sg-db", fromGroup, tags), {
      securityGroupId: "sg-db", ipProtocol: "tcp", fromPort: 3306, toPort: 3306,
      description: "Clients attaching the client security group", referencedSecurityGroupId: "sg-cli", tags,
    });
    assert.deepStrictEqual([securityGroupRuleArgs("sg-db", fromV4, tags).cidrIpv4, securityGroupRuleArgs("sg-db", fromV4, tags).referencedSecurityGroupId], ["10.1.0.0/16", undefined]);
    const v6 = securityGroupRuleArgs("sg-db", fromV6, tags);
    assert.deepStrictEqual(Object.keys(v6).filter((k) => /^(cidr|referenced)/.test(k)), ["cidrIpv6"]);
  });
  it("keeps the endpoint rule to 443 from the granted group", () => {
    const args = securityGroupRuleArgs("sg-vpce", endpointIngressRule("sg-rot", "Granted to orders-endpoint-from-rotation"), {});
    assert.deepStrictEqual([args.fromPort, args.toPort, args.referencedSecurityGroupId, args.description], [443, 443, "sg-rot", "Granted to orders-endpoint-from-rotation"]);
  });
});

describe("grantEndpointAccess", () => {
  const endpoint = { securityGroupId: "sg-vpce", tags: {} };
  it("refuses anything but 443 from a security group, before creating a rule", () => {
    const parent = {} as never;
    assert.throws(() => grantEndpointAccess(endpoint, "x", { key: "k", description: "d", port: 443, peer: { cidrIpv4: "10.0.0.0/8" } }, { parent }), /^Error: endpoint rules admit 443 from security groups only$/);
    assert.throws(() => grantEndpointAccess(endpoint, "x", { key: "k", description: "d", port: 5432, peer: { securityGroupId: "sg-1" } }, { parent }), /endpoint rules admit 443 from security groups only/);
  });
});
