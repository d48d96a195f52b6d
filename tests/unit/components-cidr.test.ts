// The one CIDR rule (components/cidr.ts), and the layers that report it: the component's cidrError,
// the config's validateCidr and the rule list's guard. Each row below is a case where the three
// definitions this replaced used to disagree with each other or with the AWS provider.
import * as assert from "assert";
import { formatCidr, isOpenCidr, parseCidr } from "../../components/cidr";
import { databaseIngressRules } from "../../components/securityGroupRules";
import { cidrError } from "../../components/validate";
import { ConfigError } from "../../config/ConfigError";
import { validateCidr } from "../../config/cidrRules";

const kind = (text: string): string => {
  const check = parseCidr(text);
  return check.ok ? check.value.family : check.problem.kind;
};

describe("parseCidr", () => {
  it("accepts IPv4 ranges from /1 to /32", () => {
    const ranges = ["10.0.0.0/8", "192.168.1.0/24", "10.1.2.3/32", "128.0.0.0/1", "0.0.0.0/8", "255.255.255.255/32"];
    assert.deepStrictEqual(ranges.map(kind), ranges.map(() => "ipv4"));
    assert.deepStrictEqual(parseCidr("192.168.1.0/24"), { ok: true, value: { family: "ipv4", address: 0xc0a80100n, prefixLength: 24 } });
  });
  it("accepts every IPv6 text form: full, compressed anywhere, upper case", () => {
    const forms = ["::1/128", "2001:db8::/32", "fd00:10::/64", "2001:0db8:0000:0000:0000:0000:0000:0000/32", "2001:DB8::/32", "1:2:3:4:5:6:7::/128", "::2:3:4:5:6:7:8/128", "fe80::1:0:0:0/80"];
    assert.deepStrictEqual(forms.map(kind), forms.map(() => "ipv6"));
    assert.deepStrictEqual(parseCidr("::1/128"), { ok: true, value: { family: "ipv6", address: 1n, prefixLength: 128 } });
    assert.strictEqual((parseCidr("2001:DB8::/32") as { value: { address: bigint } }).value.address, 0x20010db8n << 96n);
  });
  it("refuses any /0 as open, whatever the address", () => {
    assert.deepStrictEqual(["0.0.0.0/0", "::/0", "10.0.0.0/0", "2001:db8::/0"].map(kind), ["open", "open", "open", "open"]);
  });
  it("refuses a range with host bits set, naming the network it means", () => {
    const network = (text: string) => {
      const check = parseCidr(text);
      assert.ok(!check.ok && check.problem.kind === "host-bits", text);
      return formatCidr(check.problem.network);
    };
    assert.strictEqual(network("10.0.0.5/16"), "10.0.0.0/16");
    assert.strictEqual(network("192.168.1.1/31"), "192.168.1.0/31");
    assert.strictEqual(network("2001::/15"), "2000::/15");
    assert.strictEqual(network("2001:db8::1/64"), "2001:db8::/64");
    assert.strictEqual(network("fd00:0:0:1:2::/64"), "fd00:0:0:1::/64");
    assert.strictEqual(network("::1/127"), "::/127");
  });
  it("refuses malformed IPv4", () => {
    const bad = ["10.0.0.300/8", "10.0.0.0", "10.0.0/8", "10.0.0.0.0/8", "010.0.0.0/8", "10.0.0.0/33", "10.0.0.0/08", "10.0.0.0/00", " 10.0.0.0/8", "10.0.0.0/8 ", "10.0.0.0/-1", "10.0.0.256/32", "10.0.0.0/", "/8", "a.b.c.d/8", "10.0.0.0/8/8", ""];
    assert.deepStrictEqual(bad.map(kind), bad.map(() => "malformed"));
  });
  it("refuses malformed IPv6", () => {
    const bad = ["fffff::/64", "1::2::3/64", ":::/64", ":1::/64", "1:::2/64", "1:2:3:4:5:6:7:8:9/128", "1:2:3:4:5:6:7/112", "1:2:3:4:5:6:7:8::/128", "::/129", "g::/64", "::ffff:10.0.0.0/104", "fe80::1%eth0/64", ":/64", "::1"];
    assert.deepStrictEqual(bad.map(kind), bad.map(() => "malformed"));
  });
});

describe("formatCidr", () => {
  it("writes IPv6 in RFC 5952 form: the first longest zero run compressed, a single zero group kept", () => {
    const format = (text: string) => formatCidr((parseCidr(text) as { value: Parameters<typeof formatCidr>[0] }).value);
    assert.strictEqual(format("2001:0DB8:0:0:1:0:0:0/128"), "2001:db8:0:0:1::/128");
    assert.strictEqual(format("1:0:0:2:0:0:3:4/128"), "1::2:0:0:3:4/128");
    assert.strictEqual(format("2001:db8:0:1:1:1:1:1/128"), "2001:db8:0:1:1:1:1:1/128");
    assert.strictEqual(format("::/128"), "::/128");
    assert.strictEqual(format("1:0:0:2:0:0:0:3/128"), "1:0:0:2::3/128");
    assert.strictEqual(format("1:0:0:0:2:0:0:3/128"), "1::2:0:0:3/128");
    assert.strictEqual(format("1:0:0:0:0:0:0:0/128"), "1::/128");
    assert.strictEqual(format("0:0:0:0:0:0:0:1/128"), "::1/128");
    assert.strictEqual(format("1:0:2:3:4:5:6:7/128"), "1:0:2:3:4:5:6:7/128");
    assert.strictEqual(format("a0:0:0:b:1:2:3:4/128"), "a0::b:1:2:3:4/128");
    assert.strictEqual(format("10.1.0.0/16"), "10.1.0.0/16");
  });
});

describe("isOpenCidr", () => {
  it("is true for /0 ranges only", () => {
    assert.deepStrictEqual(["0.0.0.0/0", "::/0", "10.0.0.0/8", "10.0.0.0/0", "10.0.0.0/00", "junk/0"].map(isOpenCidr), [true, true, false, true, false, false]);
  });
});

describe("the layers that report the CIDR rule", () => {
  const configError = (cidr: string): string | undefined => {
    try {
      validateCidr("rotated-rds:databases.app.allowedCidrBlocks[0]", cidr);
      return undefined;
    } catch (e) {
      assert.ok(e instanceof ConfigError);
      return e.message;
    }
  };
  const guard = (cidr: string): string | undefined => {
    try {
      databaseIngressRules({ port: 5432, clientSecurityGroupId: "sg-cli", allowedSecurityGroupIds: [], allowedCidrBlocks: [cidr] });
      return undefined;
    } catch (e) {
      return (e as Error).message;
    }
  };

  // Each was accepted by at least one of the three old definitions (or by all three, and then refused by the provider).
  const disputed = ["fffff::/64", "1::2::3/64", ":/64", "010.0.0.0/8", "10.0.0.0/00", "10.0.0.5/16", "2001:db8::1/64"];

  it("refuse the same ranges", () => {
    for (const cidr of disputed) {
      assert.ok(cidrError(cidr), `component accepts ${cidr}`);
      assert.ok(configError(cidr), `config accepts ${cidr}`);
      assert.ok(guard(cidr), `rule list accepts ${cidr}`);
    }
  });
  it("accept the same ranges, and route each to its family's rule field", () => {
    for (const cidr of ["10.1.0.0/16", "::1/128", "2001:db8::/32", "2001:DB8::/32"]) {
      assert.deepStrictEqual([cidrError(cidr), configError(cidr), guard(cidr)], [undefined, undefined, undefined], cidr);
    }
    const rules = databaseIngressRules({ port: 5432, clientSecurityGroupId: "sg-cli", allowedSecurityGroupIds: [], allowedCidrBlocks: ["::1/128", "10.1.0.0/16"] });
    assert.deepStrictEqual(rules.slice(1).map((r) => r.peer), [{ cidrIpv6: "::1/128" }, { cidrIpv4: "10.1.0.0/16" }]);
  });
  it("say which network a range with host bits set means", () => {
    assert.strictEqual(cidrError("10.0.0.5/16", "allowedCidrBlocks[2]"),
      'allowedCidrBlocks[2] must be the network address of its range, "10.0.0.0/16" (the AWS provider refuses host bits after the prefix length); got "10.0.0.5/16"');
    assert.strictEqual(configError("2001:db8::1/64"),
      'rotated-rds:databases.app.allowedCidrBlocks[0] must be the network address of its range, "2001:db8::/64" (the AWS provider refuses host bits after the prefix length); got "2001:db8::1/64"');
    assert.strictEqual(guard("10.0.0.5/16"), 'refusing "10.0.0.5/16", which is not an allowed CIDR range (host-bits)');
  });
  it("keep each layer's message for malformed and open ranges", () => {
    assert.strictEqual(cidrError("fffff::/64"), 'allowedCidrBlocks must be an IPv4 or IPv6 CIDR range like "10.0.0.0/16" that is not open to everyone (0.0.0.0/0 and ::/0 are refused); got "fffff::/64"');
    assert.strictEqual(configError("::/0"), 'rotated-rds:databases.app.allowedCidrBlocks[0] must be an IPv4 or IPv6 CIDR range such as "10.0.0.0/16"; open ranges (0.0.0.0/0, ::/0) are refused; got "::/0"');
    assert.strictEqual(guard("::/0"), "refusing to open the database to ::/0");
  });
});
