// The stack keys that choose how the VPC reaches Secrets Manager: each mode read, each refusal with its
// full key and what is allowed, and the mapping to RotatedDatabase's secretsManagerAccess.
import * as assert from "assert";
import { ConfigError, loadStackConfig } from "../../config";
import { configuredSecretsManagerAccess } from "../../program";

const EXISTING_VPC = { "rotated-rds:vpcId": "vpc-0123456789abcdef0", "rotated-rds:subnetIds": '["subnet-0aaaaaaaaaaaaaaaa","subnet-0bbbbbbbbbbbbbbbb"]' };
const ENDPOINT = { "rotated-rds:secretsManagerEndpointId": "vpce-0123456789abcdef0", "rotated-rds:secretsManagerEndpointSecurityGroupId": "sg-0123456789abcdef0" };

function refusal(raw: Record<string, string>): string {
  try {
    loadStackConfig(raw);
  } catch (err) {
    assert.ok(err instanceof ConfigError, String(err));
    return err.message;
  }
  assert.fail("the config was accepted");
}

describe("config: secretsManagerAccess", () => {
  it("creates the shared endpoint by default", () => {
    assert.deepStrictEqual(loadStackConfig({}).secretsManager, { mode: "endpoint" });
    assert.deepStrictEqual(loadStackConfig({ ...EXISTING_VPC, "rotated-rds:secretsManagerAccess": "endpoint" }).secretsManager, { mode: "endpoint" });
  });

  it("reads an existing endpoint by its id and security group", () => {
    const config = loadStackConfig({ ...EXISTING_VPC, ...ENDPOINT, "rotated-rds:secretsManagerAccess": "existing-endpoint" });
    assert.deepStrictEqual(config.secretsManager, { mode: "existing-endpoint", endpointId: "vpce-0123456789abcdef0", securityGroupId: "sg-0123456789abcdef0" });
    assert.deepStrictEqual(configuredSecretsManagerAccess(config.secretsManager), {
      existingEndpoint: { endpointId: "vpce-0123456789abcdef0", securityGroupId: "sg-0123456789abcdef0" },
    });
  });

  it("reads nat", () => {
    const config = loadStackConfig({ ...EXISTING_VPC, "rotated-rds:secretsManagerAccess": "nat" });
    assert.deepStrictEqual(config.secretsManager, { mode: "nat" });
    assert.deepStrictEqual(configuredSecretsManagerAccess(config.secretsManager), { natGateway: true });
    assert.strictEqual(configuredSecretsManagerAccess({ mode: "endpoint" }), undefined);
  });

  it("refuses an unknown mode, listing the modes", () => {
    assert.strictEqual(refusal({ "rotated-rds:secretsManagerAccess": "vpce" }),
      'rotated-rds:secretsManagerAccess must be one of "endpoint", "existing-endpoint", "nat"; got "vpce"');
  });

  it("refuses existing-endpoint and nat in the created VPC, which has neither", () => {
    for (const mode of ["existing-endpoint", "nat"]) {
      assert.strictEqual(refusal({ ...(mode === "existing-endpoint" ? ENDPOINT : {}), "rotated-rds:secretsManagerAccess": mode }),
        `rotated-rds:secretsManagerAccess must be "endpoint" when vpcId is "create": the created VPC has no NAT gateway and no endpoint of its own; "${mode}" needs an existing VPC that has one; got "${mode}"`);
    }
  });

  it("refuses existing-endpoint without a well-formed endpoint id or security group", () => {
    const base = { ...EXISTING_VPC, "rotated-rds:secretsManagerAccess": "existing-endpoint" };
    assert.strictEqual(refusal({ ...base, "rotated-rds:secretsManagerEndpointSecurityGroupId": "sg-0123456789abcdef0" }),
      'rotated-rds:secretsManagerEndpointId must be the id of the VPC\'s Secrets Manager endpoint, such as "vpce-0123456789abcdef0", when secretsManagerAccess is "existing-endpoint"; got nothing (the key is missing)');
    assert.match(refusal({ ...base, ...ENDPOINT, "rotated-rds:secretsManagerEndpointId": "vpc-0123456789abcdef0" }), /^rotated-rds:secretsManagerEndpointId must be .*; got "vpc-0123456789abcdef0"$/);
    assert.strictEqual(refusal({ ...base, "rotated-rds:secretsManagerEndpointId": "vpce-0123456789abcdef0", "rotated-rds:secretsManagerEndpointSecurityGroupId": "sg-xyz" }),
      'rotated-rds:secretsManagerEndpointSecurityGroupId must be a security group of that endpoint, such as "sg-0123456789abcdef0", when secretsManagerAccess is "existing-endpoint"; got "sg-xyz"');
  });

  it("refuses an endpoint id or group with another mode, so a forgotten mode is not silently ignored", () => {
    assert.strictEqual(refusal({ ...EXISTING_VPC, "rotated-rds:secretsManagerEndpointId": "vpce-0123456789abcdef0" }),
      'rotated-rds:secretsManagerEndpointId must be empty unless secretsManagerAccess is "existing-endpoint" (it is "endpoint"); got "vpce-0123456789abcdef0"');
    assert.strictEqual(refusal({ ...EXISTING_VPC, "rotated-rds:secretsManagerAccess": "nat", "rotated-rds:secretsManagerEndpointSecurityGroupId": "sg-0123456789abcdef0" }),
      'rotated-rds:secretsManagerEndpointSecurityGroupId must be empty unless secretsManagerAccess is "existing-endpoint" (it is "nat"); got "sg-0123456789abcdef0"');
  });
});
