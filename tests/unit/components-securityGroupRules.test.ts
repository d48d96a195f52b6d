// Security-group rule lists: nothing open to the world, each group only what it needs.
import * as assert from "assert";
import {
  clientEgressRules,
  databaseIngressRules,
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
  it("admits 443 from the granted group", () => {
    const r = endpointIngressRule("sg-rot");
    assert.deepStrictEqual([r.port, r.peer], [443, { securityGroupId: "sg-rot" }]);
  });
});
