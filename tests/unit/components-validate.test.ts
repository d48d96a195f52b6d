// Every validation rule of RotatedDatabase with a good and a bad value; messages name the argument,
// show the value and say what is allowed.
import * as assert from "assert";
import { DEFAULT_MASTER_USERNAME, withDefaults } from "../../components/defaults";
import type { RotatedDatabaseArgs } from "../../components/types";
import {
  cidrError,
  engineVersionError,
  excludeCharactersError,
  passwordLengthError,
  resolveRotatedDatabaseArgs,
  secretsManagerAccessError,
  subnetIdsError,
  validateRotatedDatabaseArgs,
} from "../../components/validate";

const base: RotatedDatabaseArgs = { vpcId: "vpc-1", subnetIds: ["subnet-0aaa1111", "subnet-0bbb2222"] };

function errorsOf(extra: Partial<RotatedDatabaseArgs>): string[] {
  return validateRotatedDatabaseArgs({ ...base, ...extra });
}

function onlyError(extra: Partial<RotatedDatabaseArgs>): string {
  const errors = errorsOf(extra);
  assert.strictEqual(errors.length, 1, `expected one error, got ${JSON.stringify(errors)}`);
  return errors[0];
}

describe("validateRotatedDatabaseArgs", () => {
  it("accepts the defaults", () => {
    assert.deepStrictEqual(errorsOf({}), []);
  });

  it("accepts every engine with its defaults", () => {
    for (const engine of ["postgres", "mysql", "mariadb"] as const) assert.deepStrictEqual(errorsOf({ engine }), []);
  });

  it("rejects an unknown engine and lists the allowed ones", () => {
    const e = onlyError({ engine: "oracle" as never });
    assert.strictEqual(e, 'engine must be one of "postgres", "mysql", "mariadb"; got "oracle"');
  });

  it("rejects an unknown strategy", () => {
    const e = onlyError({ rotation: { strategy: "weekly" as never } });
    assert.strictEqual(e, 'rotation.strategy must be one of "single-user", "alternating-users", "managed"; got "weekly"');
  });

  describe("network", () => {
    it("needs two subnets", () => {
      assert.strictEqual(onlyError({ subnetIds: ["subnet-0aaa1111"] }), 'subnetIds must list at least 2 private subnets in different availability zones; got ["subnet-0aaa1111"]');
    });
    it("refuses 0.0.0.0/0 and ::/0", () => {
      assert.match(onlyError({ allowedCidrBlocks: ["0.0.0.0/0"] }), /^allowedCidrBlocks\[0\] must be .*0\.0\.0\.0\/0 and ::\/0 are refused\); got "0\.0\.0\.0\/0"$/);
      assert.match(onlyError({ allowedCidrBlocks: ["10.0.0.0/8", "::/0"] }), /^allowedCidrBlocks\[1\] .*got "::\/0"$/);
    });
    it("accepts private IPv4 and IPv6 ranges", () => {
      assert.deepStrictEqual(errorsOf({ allowedCidrBlocks: ["10.1.0.0/16", "fd00:1::/64"] }), []);
    });
    it("refuses natGateway together with an endpoint", () => {
      const e = onlyError({ secretsManagerAccess: { natGateway: true, createEndpoint: true } as never });
      assert.strictEqual(e, 'secretsManagerAccess must be exactly one of { endpoint: <SecretsManagerEndpoint> }, { createEndpoint: true }, { existingEndpoint: { endpointId, securityGroupId } } or { natGateway: true }; got keys ["natGateway","createEndpoint"]');
    });
    it("accepts natGateway alone", () => {
      assert.deepStrictEqual(errorsOf({ secretsManagerAccess: { natGateway: true } }), []);
    });
  });

  describe("database", () => {
    it("checks the engine version's form and age", () => {
      assert.strictEqual(onlyError({ engine: "mysql", engineVersion: "8" }), 'engineVersion for mysql must look like "8.4" (major.minor, optionally more); got "8"');
      assert.strictEqual(onlyError({ engine: "mariadb", engineVersion: "10.4" }), 'engineVersion for mariadb must be 10.5 or newer; got "10.4"');
      assert.deepStrictEqual(errorsOf({ engine: "postgres", engineVersion: "16.4" }), []);
    });
    it("checks the instance class", () => {
      assert.strictEqual(onlyError({ instanceClass: "t3.micro" }), 'instanceClass must look like "db.t4g.micro"; got "t3.micro"');
      assert.deepStrictEqual(errorsOf({ instanceClass: "db.r6g.large" }), []);
    });
    it("checks storage and backup retention", () => {
      assert.strictEqual(onlyError({ allocatedStorage: 10 }), "allocatedStorage must be a whole number of GiB from 20 to 65536; got 10");
      assert.strictEqual(onlyError({ backupRetentionDays: 36 }), "backupRetentionDays must be a whole number from 0 to 35; got 36");
      assert.deepStrictEqual(errorsOf({ allocatedStorage: 100, backupRetentionDays: 0 }), []);
    });
    it("checks the master user name per engine", () => {
      assert.strictEqual(onlyError({ masterUsername: "rdsadmin" }), 'masterUsername must not be "rdsadmin", which postgres or RDS reserves; got "rdsadmin"');
      assert.strictEqual(onlyError({ engine: "mysql", masterUsername: "root" }), 'masterUsername must not be "root", which mysql or RDS reserves; got "root"');
      assert.strictEqual(onlyError({ masterUsername: "averyveryverylongname" }), 'masterUsername must be 1 to 16 characters long on postgres (got 21); got "averyveryverylongname"');
      assert.deepStrictEqual(errorsOf({ engine: "mariadb", masterUsername: "admin_1" }), []);
    });
    it("checks the database name per engine", () => {
      assert.strictEqual(onlyError({ dbName: "postgres" }), 'dbName must not be "postgres", which exists on every postgres instance or is a reserved word there; got "postgres"');
      assert.strictEqual(onlyError({ engine: "mysql", dbName: "1app" }), 'dbName must start with a letter and contain only letters, digits and underscores; got "1app"');
      assert.deepStrictEqual(errorsOf({ engine: "mysql", dbName: "orders_2" }), []);
    });
  });

  describe("rotation", () => {
    it("checks schedule and duration together", () => {
      assert.strictEqual(onlyError({ rotation: { schedule: "rate(2 hours)" } }), 'rotation.schedule must be at least every 4 hours; got "rate(2 hours)"');
      assert.strictEqual(onlyError({ rotation: { schedule: "rate(4 hours)", duration: "4h" } }), 'rotation.duration must be shorter than the schedule\'s interval (4 h for "rate(4 hours)"); got "4h"');
      assert.deepStrictEqual(errorsOf({ rotation: { schedule: "cron(0 2 * * ? *)", duration: "3h" } }), []);
    });
    it("requires applicationUsername for alternating-users", () => {
      assert.match(onlyError({ rotation: { strategy: "alternating-users" } }), /^rotation\.applicationUsername is required by the "alternating-users" strategy/);
      assert.deepStrictEqual(errorsOf({ rotation: { strategy: "alternating-users", applicationUsername: "app_user" } }), []);
    });
    it("refuses an application user equal to the master user", () => {
      const e = onlyError({ masterUsername: "owner", rotation: { strategy: "alternating-users", applicationUsername: "Owner" } });
      assert.strictEqual(e, 'rotation.applicationUsername must differ from masterUsername: the master user is rotated by RDS; got "Owner" for both');
    });
    it("refuses an application user whose _clone twin would not fit", () => {
      const name = "u".repeat(27);
      const e = onlyError({ engine: "mysql", rotation: { strategy: "alternating-users", applicationUsername: name } });
      assert.strictEqual(e, `rotation.applicationUsername must be at most 26 characters so that "${name}_clone" fits mysql's 32-character limit; got "${name}" (27)`);
      assert.deepStrictEqual(errorsOf({ engine: "mysql", rotation: { strategy: "alternating-users", applicationUsername: "u".repeat(26) } }), []);
    });
    it("refuses applicationUsername with single-user and managed", () => {
      assert.strictEqual(onlyError({ rotation: { applicationUsername: "app" } }), 'rotation.applicationUsername is only used by the "alternating-users" strategy; got "app" with "single-user"');
      assert.match(onlyError({ rotation: { strategy: "managed", applicationUsername: "app" } }), /^rotation\.applicationUsername needs the "alternating-users" strategy; "managed" rotates only the master user \(got "app"\)$/);
    });
    it("refuses password options with managed", () => {
      const errors = errorsOf({ rotation: { strategy: "managed", passwordLength: 32, excludeCharacters: "/@\"" } });
      assert.deepStrictEqual(errors, [
        'rotation.passwordLength cannot be set with the "managed" strategy: RDS generates those passwords itself (got 32)',
        'rotation.excludeCharacters cannot be set with the "managed" strategy: RDS generates those passwords itself (got "/@\\"")',
      ]);
      assert.deepStrictEqual(errorsOf({ rotation: { strategy: "managed" } }), []);
    });
    it("checks password length against the engine", () => {
      assert.strictEqual(onlyError({ engine: "mysql", rotation: { passwordLength: 64 } }), "rotation.passwordLength must be a whole number from 16 to 41 for mysql (RDS's limit); got 64");
      assert.deepStrictEqual(errorsOf({ engine: "postgres", rotation: { passwordLength: 64 } }), []);
    });
  });

  describe("alerts and housekeeping", () => {
    it("checks the e-mail address", () => {
      assert.strictEqual(onlyError({ alerts: { email: "ops" } }), 'alerts.email must be an e-mail address; got "ops"');
      assert.deepStrictEqual(errorsOf({ alerts: { email: "ops@example.com" } }), []);
    });
    it("refuses an e-mail with an existing topic", () => {
      assert.match(onlyError({ alerts: { email: "ops@example.com", topicArn: "arn:aws:sns:us-east-1:1:t" } }), /^alerts\.email subscribes to the topic this component creates/);
    });
    it("checks log retention against CloudWatch's values", () => {
      assert.match(onlyError({ logRetentionDays: 31 }), /^logRetentionDays must be one of CloudWatch's values \(1, 3, 5, .*\); got 31$/);
      assert.deepStrictEqual(errorsOf({ logRetentionDays: 90 }), []);
    });
    it("refuses aws: tag keys", () => {
      assert.strictEqual(onlyError({ tags: { "aws:owner": "me" } }), 'tags must not use the reserved "aws:" prefix; got key "aws:owner"');
      assert.deepStrictEqual(errorsOf({ tags: { team: "data" } }), []);
    });
  });

  it("reports every problem at once", () => {
    assert.strictEqual(errorsOf({ subnetIds: [], dbName: "1", rotation: { schedule: "rate(1 hours)" } }).length, 3);
  });
});

describe("resolveRotatedDatabaseArgs", () => {
  it("returns the arguments with every default applied, when they pass", () => {
    const args: RotatedDatabaseArgs = { ...base, engine: "mysql", rotation: { schedule: "rate(1 day)" } };
    assert.deepStrictEqual(resolveRotatedDatabaseArgs(args), { ok: true, value: withDefaults(args) });
  });
  it("returns every error and no value otherwise", () => {
    const resolved = resolveRotatedDatabaseArgs({ ...base, allocatedStorage: 1, logRetentionDays: 2, alerts: { email: "ops" } });
    assert.deepStrictEqual(resolved, { ok: false, errors: [
      "allocatedStorage must be a whole number of GiB from 20 to 65536; got 1",
      'alerts.email must be an e-mail address; got "ops"',
      `logRetentionDays must be one of CloudWatch's values (${[1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653].join(", ")}); got 2`,
    ] });
  });
  it("checks the defaulted values it returns: the default master user is compared with the application user", () => {
    const resolved = resolveRotatedDatabaseArgs({ ...base, rotation: { strategy: "alternating-users", applicationUsername: DEFAULT_MASTER_USERNAME.toUpperCase() } });
    assert.deepStrictEqual(resolved, { ok: false, errors: [
      `rotation.applicationUsername must differ from masterUsername: the master user is rotated by RDS; got "${DEFAULT_MASTER_USERNAME.toUpperCase()}" for both`,
    ] });
  });
  it("checks the default schedule against a given window", () => {
    assert.deepStrictEqual(errorsOf({ rotation: { duration: "4h" } }), ['rotation.duration must be shorter than the schedule\'s interval (4 h for "rate(4 hours)"); got "4h"']);
  });
  it("refuses managed password options only when they are given, not their defaults", () => {
    const resolved = resolveRotatedDatabaseArgs({ ...base, rotation: { strategy: "managed" } });
    assert.ok(resolved.ok);
    assert.strictEqual(resolved.value.rotation.passwordLength, 32);
  });
});

describe("validateRotatedDatabaseArgs at the edges", () => {
  it("accepts the limits themselves", () => {
    assert.deepStrictEqual(errorsOf({ allocatedStorage: 65536, backupRetentionDays: 35, rotation: { passwordLength: 16 } }), []);
    assert.deepStrictEqual(errorsOf({ allocatedStorage: 20, engine: "mariadb", engineVersion: "10.5", rotation: { passwordLength: 41 } }), []);
    assert.deepStrictEqual(errorsOf({ tags: { ["k".repeat(128)]: "v".repeat(256), k: "" } }), []);
  });
  it("refuses values just past them, and fractions", () => {
    assert.strictEqual(onlyError({ allocatedStorage: 65537 }), "allocatedStorage must be a whole number of GiB from 20 to 65536; got 65537");
    assert.strictEqual(onlyError({ allocatedStorage: 20.5 }), "allocatedStorage must be a whole number of GiB from 20 to 65536; got 20.5");
    assert.strictEqual(onlyError({ backupRetentionDays: -1 }), "backupRetentionDays must be a whole number from 0 to 35; got -1");
  });
  it("checks tag keys and values by length and type", () => {
    const long = "k".repeat(129);
    assert.strictEqual(onlyError({ tags: { [long]: "v" } }), `tags keys must be 1 to 128 characters; got "${long}"`);
    assert.strictEqual(onlyError({ tags: { "": "v" } }), 'tags keys must be 1 to 128 characters; got ""');
    assert.strictEqual(onlyError({ tags: { team: "v".repeat(257) } }), `tags["team"] must be a string of at most 256 characters; got "${"v".repeat(257)}"`);
    assert.strictEqual(onlyError({ tags: { team: 7 as never } }), 'tags["team"] must be a string of at most 256 characters; got 7');
  });
  it("reports an application user's name rules only for alternating-users, where it is used", () => {
    const name = "u".repeat(40);
    assert.deepStrictEqual(errorsOf({ engine: "mysql", rotation: { applicationUsername: name } }), [
      `rotation.applicationUsername is only used by the "alternating-users" strategy; got "${name}" with "single-user"`,
    ]);
  });
  it("does not check managed password options past refusing them", () => {
    assert.deepStrictEqual(errorsOf({ rotation: { strategy: "managed", passwordLength: 10 } }), [
      'rotation.passwordLength cannot be set with the "managed" strategy: RDS generates those passwords itself (got 10)',
    ]);
  });
});

describe("validation helpers", () => {
  it("subnetIdsError refuses duplicates and non-subnet ids", () => {
    assert.strictEqual(subnetIdsError(["subnet-0aaa1111", "subnet-0aaa1111"]), 'subnetIds must not repeat a subnet; got "subnet-0aaa1111" twice');
    assert.strictEqual(subnetIdsError(["subnet-0aaa1111", "vpc-1"]), 'subnetIds must hold subnet ids like "subnet-0123456789abcdef0"; got "vpc-1"');
    assert.strictEqual(subnetIdsError(["subnet-0aaa1111", "my-subnet-0aaa1111"]), 'subnetIds must hold subnet ids like "subnet-0123456789abcdef0"; got "my-subnet-0aaa1111"');
    assert.strictEqual(subnetIdsError(["subnet-0aaa1111", "subnet-0aaa1111-b"]), 'subnetIds must hold subnet ids like "subnet-0123456789abcdef0"; got "subnet-0aaa1111-b"');
    assert.strictEqual(subnetIdsError(["subnet-0aaa1111", "subnet-0bbb2222"]), undefined);
  });
  it("subnetIdsError takes 8 to 17 hex digits, as the stack config does", () => {
    assert.strictEqual(subnetIdsError(["subnet-0aaa1111", "subnet-0123456789abcdef0"]), undefined);
    for (const bad of ["subnet-0abc123", "subnet-0123456789abcdef01"]) {
      assert.strictEqual(subnetIdsError(["subnet-0aaa1111", bad]), `subnetIds must hold subnet ids like "subnet-0123456789abcdef0"; got "${bad}"`);
    }
  });
  it("subnetIdsError checks only the ids known before deployment (Outputs pass)", () => {
    assert.strictEqual(subnetIdsError(["subnet-0aaa1111", { apply: () => undefined }]), undefined);
  });
  it("cidrError refuses malformed ranges", () => {
    assert.match(cidrError("10.0.0.300/8") ?? "", /got "10\.0\.0\.300\/8"$/);
    assert.match(cidrError("10.0.0.0") ?? "", /got "10\.0\.0\.0"$/);
    assert.match(cidrError("1::2::3/64") ?? "", /got "1::2::3\/64"$/);
    assert.strictEqual(cidrError("192.168.1.0/24"), undefined);
    assert.strictEqual(cidrError("::1/128"), undefined);
  });
  it("secretsManagerAccessError needs true flags and an endpoint object", () => {
    assert.strictEqual(secretsManagerAccessError({ createEndpoint: "yes" }), 'secretsManagerAccess.createEndpoint must be true; got "yes"');
    assert.match(secretsManagerAccessError({}) ?? "", /got keys \[\]$/);
    assert.strictEqual(secretsManagerAccessError({ endpoint: "vpce-1" }), 'secretsManagerAccess.endpoint must be a SecretsManagerEndpoint; got "vpce-1"');
    assert.strictEqual(secretsManagerAccessError({ createEndpoint: true }), undefined);
  });
  it("secretsManagerAccessError leaves an unset choice to the default and refuses what is no choice", () => {
    const allowed = "exactly one of { endpoint: <SecretsManagerEndpoint> }, { createEndpoint: true }, { existingEndpoint: { endpointId, securityGroupId } } or { natGateway: true }";
    assert.strictEqual(secretsManagerAccessError(undefined), undefined);
    assert.strictEqual(secretsManagerAccessError(null), `secretsManagerAccess must be ${allowed}; got null`);
    assert.strictEqual(secretsManagerAccessError("nat"), `secretsManagerAccess must be ${allowed}; got "nat"`);
    assert.strictEqual(secretsManagerAccessError({ createEndpoint: false, natGateway: true }), undefined);
    assert.strictEqual(secretsManagerAccessError({ endpoint: null }), "secretsManagerAccess.endpoint must be a SecretsManagerEndpoint; got null");
    assert.strictEqual(secretsManagerAccessError({ endpoint: {} }), undefined);
  });
  it("secretsManagerAccessError takes an existing endpoint by its id and security group", () => {
    const arg = "secretsManagerAccess.existingEndpoint";
    const ok = { endpointId: "vpce-0123456789abcdef0", securityGroupId: "sg-0123456789abcdef0" };
    assert.strictEqual(secretsManagerAccessError({ existingEndpoint: ok }), undefined);
    assert.strictEqual(secretsManagerAccessError({ existingEndpoint: { endpointId: "vpce-01234567", securityGroupId: "sg-01234567" } }), undefined);
    assert.strictEqual(secretsManagerAccessError({ existingEndpoint: true }), `${arg} must be { endpointId: "vpce-...", securityGroupId: "sg-..." }; got true`);
    assert.strictEqual(secretsManagerAccessError({ existingEndpoint: { securityGroupId: ok.securityGroupId } }), `${arg}.endpointId is required, like "vpce-0123456789abcdef0"; got undefined`);
    assert.strictEqual(secretsManagerAccessError({ existingEndpoint: { endpointId: ok.endpointId, securityGroupId: "" } }), `${arg}.securityGroupId is required, like "sg-0123456789abcdef0"; got ""`);
    assert.strictEqual(secretsManagerAccessError({ existingEndpoint: { ...ok, endpointId: "vpc-0123456789abcdef0" } }), `${arg}.endpointId must look like "vpce-0123456789abcdef0"; got "vpc-0123456789abcdef0"`);
    assert.strictEqual(secretsManagerAccessError({ existingEndpoint: { ...ok, securityGroupId: "sg-0123456" } }), `${arg}.securityGroupId must look like "sg-0123456789abcdef0"; got "sg-0123456"`);
    assert.strictEqual(secretsManagerAccessError({ existingEndpoint: { ...ok, securityGroupId: 42 } }), `${arg}.securityGroupId must be a string or an Output; got 42`);
    assert.strictEqual(secretsManagerAccessError({ existingEndpoint: { ...ok, subnetIds: [] } }), `${arg} takes only endpointId and securityGroupId; got ["subnetIds"]`);
    assert.match(secretsManagerAccessError({ existingEndpoint: ok, natGateway: true }) ?? "", /got keys \["existingEndpoint","natGateway"\]$/);
  });
  it("engineVersionError accepts postgres majors from 13", () => {
    assert.strictEqual(engineVersionError("postgres", "12"), 'engineVersion for postgres must be 13 or newer; got "12"');
    assert.strictEqual(engineVersionError("postgres", "13"), undefined);
    assert.strictEqual(engineVersionError("postgres", "17"), undefined);
    assert.strictEqual(engineVersionError("postgres", "17.a"), 'engineVersion for postgres must look like "17" (major, optionally more); got "17.a"');
  });
  it("passwordLengthError refuses short and fractional lengths", () => {
    assert.match(passwordLengthError("postgres", 12) ?? "", /from 16 to 128 for postgres .*got 12$/);
    assert.match(passwordLengthError("postgres", 20.5) ?? "", /got 20\.5$/);
    assert.strictEqual(passwordLengthError("mariadb", 41), undefined);
  });
  it("excludeCharactersError keeps RDS's forbidden characters excluded", () => {
    assert.strictEqual(excludeCharactersError("@/"), 'rotation.excludeCharacters must include "\\"", which RDS refuses in master passwords; got "@/"');
    assert.strictEqual(excludeCharactersError(""), 'rotation.excludeCharacters must include "/\\"@", which RDS refuses in master passwords; got ""');
  });
  it("excludeCharactersError keeps every character class", () => {
    const message = (exclude: string, kept: string) =>
      `rotation.excludeCharacters must leave at least ${kept} available (GetRandomPassword includes every character type); got ${JSON.stringify(exclude)}`;
    const printable = Array.from({ length: 94 }, (_, i) => String.fromCharCode(33 + i)).join("");
    const noDigits = "/\"@0123456789";
    assert.strictEqual(excludeCharactersError(noDigits), message(noDigits, "a digit"));
    const noLower = "/\"@abcdefghijklmnopqrstuvwxyz";
    assert.strictEqual(excludeCharactersError(noLower), message(noLower, "a lowercase letter"));
    const noUpper = "/\"@ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    assert.strictEqual(excludeCharactersError(noUpper), message(noUpper, "an uppercase letter"));
    const noPunctuation = printable.replace(/[A-Za-z0-9]/g, "");
    assert.strictEqual(excludeCharactersError(noPunctuation), message(noPunctuation, "a punctuation character"));
  });
  it("excludeCharactersError accepts exactly the minimum alphabet", () => {
    const printable = Array.from({ length: 94 }, (_, i) => String.fromCharCode(33 + i));
    const keep = (kept: string) => printable.filter((c) => !kept.includes(c)).join("");
    assert.strictEqual(excludeCharactersError(keep("abcdefghijABCDEFGHIJ0123456789!#")), undefined);
    assert.match(excludeCharactersError(keep("abcdefghijABCDEFGHIJ0123456789!")) ?? "", /must leave at least 32 usable characters; 31 remain/);
  });
  it("excludeCharactersError keeps enough characters", () => {
    const most = "/\"@" + "abcdefghijklmnopqrstuvwxy" + "ABCDEFGHIJKLMNOPQRSTUVWXY" + "012345678" + "!#$%&'()*+,";
    assert.match(excludeCharactersError(most) ?? "", /must leave at least 32 usable characters; \d+ remain/);
    assert.strictEqual(excludeCharactersError("/\"@"), undefined);
  });
});
