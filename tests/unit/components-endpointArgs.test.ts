// SecretsManagerEndpoint's arguments, resolved without a Pulumi runtime.
import * as assert from "assert";
import { resolveSecretsManagerEndpointArgs } from "../../components/endpointArgs";
import { secretsManagerServiceName } from "../../components/endpointResources";

describe("resolveSecretsManagerEndpointArgs", () => {
  it("applies the defaults: no granted groups, no tags", () => {
    assert.deepStrictEqual(resolveSecretsManagerEndpointArgs({ vpcId: "vpc-1", subnetIds: ["subnet-a"] }), {
      ok: true,
      value: { vpcId: "vpc-1", subnetIds: ["subnet-a"], allowedSecurityGroupIds: [], tags: {} },
    });
  });
  it("keeps what the caller gave", () => {
    const args = { vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"], allowedSecurityGroupIds: ["sg-1"], tags: { team: "platform" } };
    assert.deepStrictEqual(resolveSecretsManagerEndpointArgs(args), { ok: true, value: args });
  });
  it("needs at least one subnet", () => {
    assert.deepStrictEqual(resolveSecretsManagerEndpointArgs({ vpcId: "vpc-1", subnetIds: [] }), { ok: false, errors: ["subnetIds must list at least 1 subnet for the endpoint; got []"] });
    assert.deepStrictEqual(resolveSecretsManagerEndpointArgs({ vpcId: "vpc-1", subnetIds: undefined as never }), { ok: false, errors: ["subnetIds must list at least 1 subnet for the endpoint; got undefined"] });
  });
});

describe("secretsManagerServiceName", () => {
  it("is the region's interface endpoint service", () => {
    assert.strictEqual(secretsManagerServiceName("eu-central-1"), "com.amazonaws.eu-central-1.secretsmanager");
  });
});
