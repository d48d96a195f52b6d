// The entry program's config loader: defaults, each refusal with its message, and the shapes it returns.
import * as assert from "assert";
import { ConfigError, loadStackConfig } from "../../config";

/** Raw config as Pulumi gives it: namespaced keys, every value a string (objects as JSON). */
function raw(values: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = { "aws:region": "eu-west-1" };
  for (const [k, v] of Object.entries(values)) out[`rotated-rds:${k}`] = typeof v === "string" ? v : JSON.stringify(v);
  return out;
}

function refuses(values: Record<string, unknown>, message: string | RegExp): void {
  assert.throws(() => loadStackConfig(raw(values)), (err: unknown) => {
    assert.ok(err instanceof ConfigError, `expected ConfigError, got ${String(err)}`);
    if (typeof message === "string") assert.strictEqual(err.message, message);
    else assert.match(err.message, message);
    return true;
  });
}

describe("loadStackConfig", () => {
  it("defaults to a created VPC and one database called app", () => {
    const config = loadStackConfig(raw({}));
    assert.deepStrictEqual(config, {
      vpc: { mode: "create", cidrBlock: "10.0.0.0/16", availabilityZones: 2 },
      secretsManager: { mode: "endpoint" },
      databases: [{ name: "app" }],
      tags: {},
      alertEmail: undefined,
    });
  });

  it("reads an existing VPC with its subnets", () => {
    const config = loadStackConfig(raw({ vpcId: "vpc-0123456789abcdef0", subnetIds: ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"] }));
    assert.deepStrictEqual(config.vpc, { mode: "existing", vpcId: "vpc-0123456789abcdef0", subnetIds: ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"] });
  });

  it("reads per-database settings, accepting the string spellings `pulumi config set --path` stores", () => {
    const config = loadStackConfig(raw({
      databases: {
        orders: {
          engine: "mysql", engineVersion: 8.4, instanceClass: "db.t4g.small", allocatedStorage: "50", multiAz: "true",
          deletionProtection: true, backupRetentionDays: 14, allowedCidrBlocks: ["10.1.0.0/16"],
          rotation: { strategy: "alternating-users", applicationUsername: "orders_app", schedule: "rate(12 hours)", duration: "2h" },
          alerts: { email: "ops@example.com" }, tags: { team: "orders", costCenter: 42 },
        },
        reports: null,
      },
    }));
    assert.deepStrictEqual(config.databases, [
      {
        name: "orders", engine: "mysql", engineVersion: "8.4", instanceClass: "db.t4g.small", allocatedStorage: 50, multiAz: true,
        deletionProtection: true, backupRetentionDays: 14, allowedCidrBlocks: ["10.1.0.0/16"],
        rotation: { strategy: "alternating-users", applicationUsername: "orders_app", schedule: "rate(12 hours)", duration: "2h" },
        alerts: { email: "ops@example.com" }, tags: { team: "orders", costCenter: "42" },
      },
      { name: "reports" },
    ]);
  });

  it("ignores other namespaces such as aws:region", () => {
    assert.doesNotThrow(() => loadStackConfig({ "aws:region": "us-east-1", "aws:profile": "x" }));
  });

  it("refuses an unknown engine", () => {
    refuses({ databases: { app: { engine: "oracle" } } },
      'rotated-rds:databases.app.engine must be one of "postgres", "mysql", "mariadb"; got "oracle"');
  });

  it("refuses an unknown strategy", () => {
    refuses({ databases: { app: { rotation: { strategy: "yearly" } } } },
      'rotated-rds:databases.app.rotation.strategy must be one of "single-user", "alternating-users", "managed"; got "yearly"');
  });

  it("refuses a schedule more frequent than every 4 hours", () => {
    refuses({ databases: { app: { rotation: { schedule: "rate(2 hours)" } } } },
      'rotated-rds:databases.app.rotation.schedule must be rate(N hours) with N >= 4, rate(N days), or cron(0 H DoM Mon DoW *) in UTC with at least 4 hours between rotations; got "rate(2 hours)"');
  });

  it("refuses a window as long as the interval", () => {
    refuses({ databases: { app: { rotation: { schedule: "rate(4 hours)", duration: "4h" } } } },
      /^rotated-rds:databases\.app\.rotation\.duration must be a window like "2h" from 1h to 3h .*; got "4h"$/);
  });

  it("refuses an existing VPC without a subnet list", () => {
    refuses({ vpcId: "vpc-0123456789abcdef0" },
      "rotated-rds:subnetIds must be a list of at least 2 private subnet ids (in different availability zones) when vpcId is an existing VPC (vpc-0123456789abcdef0); got nothing (the key is missing)");
  });

  it("refuses an existing VPC with one subnet", () => {
    refuses({ vpcId: "vpc-0123456789abcdef0", subnetIds: ["subnet-0aaaaaaaaaaaaaaaa"] }, /^rotated-rds:subnetIds must be a list of at least 2 .*; got \["subnet-0aaaaaaaaaaaaaaaa"\]$/);
  });

  it("refuses subnets together with a created VPC", () => {
    refuses({ subnetIds: ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"] }, /^rotated-rds:subnetIds must be empty when vpcId is "create"/);
  });

  it("refuses a malformed VPC id", () => {
    refuses({ vpcId: "my-vpc" }, 'rotated-rds:vpcId must be "create" or an existing VPC id such as "vpc-0123456789abcdef0"; got "my-vpc"');
  });

  for (const open of ["0.0.0.0/0", "::/0"]) {
    it(`refuses the open CIDR ${open}`, () => {
      refuses({ databases: { app: { allowedCidrBlocks: ["10.0.0.0/8", open] } } },
        `rotated-rds:databases.app.allowedCidrBlocks[1] must be an IPv4 or IPv6 CIDR range such as "10.0.0.0/16"; open ranges (0.0.0.0/0, ::/0) are refused; got "${open}"`);
    });
  }

  it("refuses a malformed CIDR", () => {
    refuses({ databases: { app: { allowedCidrBlocks: ["10.0.0.300/8"] } } }, /allowedCidrBlocks\[0\] must be an IPv4 or IPv6 CIDR range/);
  });

  it("refuses an IPv6 range the component refuses too, and accepts its compressed forms", () => {
    refuses({ databases: { app: { allowedCidrBlocks: ["fffff::/64"] } } }, /^rotated-rds:databases\.app\.allowedCidrBlocks\[0\] must be an IPv4 or IPv6 CIDR range/);
    const [db] = loadStackConfig(raw({ databases: { app: { allowedCidrBlocks: ["::1/128", "2001:db8::/32"] } } })).databases;
    assert.deepStrictEqual(db.allowedCidrBlocks, ["::1/128", "2001:db8::/32"]);
  });

  it("refuses a CIDR with host bits set, naming the network it means", () => {
    refuses({ databases: { app: { allowedCidrBlocks: ["10.1.2.3/16"] } } },
      'rotated-rds:databases.app.allowedCidrBlocks[0] must be the network address of its range, "10.1.0.0/16" (the AWS provider refuses host bits after the prefix length); got "10.1.2.3/16"');
  });

  it("refuses a VPC CIDR outside /16 to /24, malformed, or with host bits set", () => {
    for (const bad of ["10.0.0.0/8", "10.0.0.0/25", "999.0.0.0/16", "fd00::/48"]) {
      refuses({ vpcCidr: bad }, `rotated-rds:vpcCidr must be an IPv4 CIDR from /16 to /24, e.g. "10.0.0.0/16"; got ${JSON.stringify(bad)}`);
    }
    refuses({ vpcCidr: "10.0.0.5/16" }, /^rotated-rds:vpcCidr must be the network address of its range, "10\.0\.0\.0\/16" /);
    assert.deepStrictEqual(loadStackConfig(raw({ vpcCidr: "172.16.0.0/20" })).vpc, { mode: "create", cidrBlock: "172.16.0.0/20", availabilityZones: 2 });
  });

  it("refuses a typo in a database setting, listing the accepted keys", () => {
    refuses({ databases: { app: { multiAZ: true } } }, /^rotated-rds:databases\.app\.multiAZ must be absent: rotated-rds:databases\.app accepts only engine, engineVersion, .*multiAz.*; got true$/);
  });

  it("refuses an unknown stack key", () => {
    refuses({ database: {} }, /^rotated-rds:database must be absent: the keys of rotated-rds are vpcId, subnetIds, vpcCidr, secretsManagerAccess, secretsManagerEndpointId, secretsManagerEndpointSecurityGroupId, alertEmail, tags, databases/);
  });

  it("refuses a database name that cannot name resources", () => {
    refuses({ databases: { Orders_DB: {} } }, /^rotated-rds:databases\.Orders_DB must be a database name of 1-24 lowercase letters/);
  });

  it("refuses an empty databases mapping", () => {
    refuses({ databases: {} }, /^rotated-rds:databases must be a mapping with at least one database/);
  });

  it("refuses databases that are not a mapping", () => {
    refuses({ databases: ["app"] }, /^rotated-rds:databases must be a mapping of database name to settings/);
  });

  it("refuses alternating-users without an application user", () => {
    refuses({ databases: { app: { rotation: { strategy: "alternating-users" } } } },
      /^rotated-rds:databases\.app\.rotation\.applicationUsername must be set when strategy is "alternating-users"/);
  });

  it("refuses a non-integer storage size and a non-boolean flag", () => {
    refuses({ databases: { app: { allocatedStorage: "lots" } } }, 'rotated-rds:databases.app.allocatedStorage must be an integer from 20 to 65536; got "lots"');
    refuses({ databases: { app: { multiAz: "yes" } } }, 'rotated-rds:databases.app.multiAz must be true or false; got "yes"');
  });

  it("refuses a malformed alert e-mail", () => {
    refuses({ alertEmail: "ops" }, 'rotated-rds:alertEmail must be an e-mail address; got "ops"');
  });

  it("refuses a stack value that is not JSON where an object is expected", () => {
    refuses({ tags: "team=db" }, 'rotated-rds:tags must be a mapping of tag names to string values; got "team=db"');
  });
});
