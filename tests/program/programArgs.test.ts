// The pure parts of the entry program: the created VPC's arguments and the mapping from a `databases`
// entry to RotatedDatabase arguments.
import * as assert from "assert";
import { createdVpcArgs, databaseArgs, needsEndpoint } from "../../program";

describe("createdVpcArgs", () => {
  it("asks for isolated subnets in 2 AZs, no NAT gateway and DNS for the endpoint", () => {
    assert.deepStrictEqual(createdVpcArgs({ mode: "create", cidrBlock: "10.1.0.0/16", availabilityZones: 2 }, { env: "t" }), {
      cidrBlock: "10.1.0.0/16",
      numberOfAvailabilityZones: 2,
      subnetStrategy: "Auto",
      subnetSpecs: [{ type: "Isolated", name: "isolated", cidrMask: 24 }],
      natGateways: { strategy: "None" },
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { env: "t" },
    });
  });
});

describe("databaseArgs", () => {
  const network = { vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"] };
  const endpoint = { createEndpoint: true } as const;

  it("passes set settings through, leaves unset ones to the component, and supplies the network", () => {
    const args = databaseArgs({ name: "app", engine: "mysql", rotation: { schedule: "rate(1 day)" } }, { tags: {} }, network, endpoint);
    assert.deepStrictEqual(args, {
      engine: "mysql", rotation: { schedule: "rate(1 day)" }, vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"], tags: {},
      secretsManagerAccess: { createEndpoint: true },
    });
  });

  it("merges stack tags under the database's own", () => {
    const args = databaseArgs({ name: "app", tags: { team: "db", env: "override" } }, { tags: { env: "dev", owner: "x" } }, network, undefined);
    assert.deepStrictEqual(args.tags, { env: "override", owner: "x", team: "db" });
    assert.ok(!("secretsManagerAccess" in args));
  });

  it("applies the stack's alert e-mail unless the database names its own e-mail or topic", () => {
    assert.deepStrictEqual(databaseArgs({ name: "a" }, { tags: {}, alertEmail: "ops@x.io" }, network, endpoint).alerts, { email: "ops@x.io" });
    assert.deepStrictEqual(databaseArgs({ name: "a", alerts: { email: "db@x.io" } }, { tags: {}, alertEmail: "ops@x.io" }, network, endpoint).alerts, { email: "db@x.io" });
    assert.deepStrictEqual(databaseArgs({ name: "a", alerts: { topicArn: "arn:aws:sns:eu-west-1:1:t" } }, { tags: {}, alertEmail: "ops@x.io" }, network, endpoint).alerts, { topicArn: "arn:aws:sns:eu-west-1:1:t" });
    assert.strictEqual(databaseArgs({ name: "a" }, { tags: {} }, network, endpoint).alerts, undefined);
  });

  it("needs the endpoint for every strategy but managed", () => {
    assert.strictEqual(needsEndpoint({ name: "a" }), true);
    assert.strictEqual(needsEndpoint({ name: "a", rotation: { strategy: "alternating-users", applicationUsername: "u" } }), true);
    assert.strictEqual(needsEndpoint({ name: "a", rotation: { strategy: "managed" } }), false);
  });
});
