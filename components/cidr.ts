// The one CIDR rule of the package, for `allowedCidrBlocks` and the stack config alike: an IPv4
// range in dotted decimal or an IPv6 range in RFC 4291 text form ("::1/128", "2001:db8::/32"), with
// a prefix length, naming the network address itself, and never a /0 (design.md section 5: nothing
// is open to everyone). EC2 canonicalises a range with host bits set ("10.0.0.5/16" becomes
// "10.0.0.0/16") and the AWS provider refuses one before deploying, so it is refused here, with the
// range it would have meant.

/** A range that passed {@link parseCidr}. */
export interface Cidr {
  family: "ipv4" | "ipv6";
  /** The address as a number (32 or 128 bits). */
  address: bigint;
  prefixLength: number;
}

/** Why a string is not an allowed range; messages are phrased by each layer that reports it. */
export type CidrProblem =
  | { kind: "malformed" }
  | { kind: "open" }
  | { kind: "host-bits"; network: Cidr };

export type CidrCheck = { ok: true; value: Cidr } | { ok: false; problem: CidrProblem };

const BITS = { ipv4: 32, ipv6: 128 } as const;
// No leading zeros: Go's parser (the AWS provider's) refuses "010.0.0.0/8", and "/08" is no length.
const DECIMAL = /^(0|[1-9]\d{0,2})$/;
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

function parseIpv4(text: string): bigint | undefined {
  const octets = text.split(".");
  if (octets.length !== 4 || !octets.every((o) => DECIMAL.test(o) && Number(o) <= 255)) return undefined;
  return octets.reduce((n, o) => (n << 8n) | BigInt(o), 0n);
}

// Eight groups of 1-4 hex digits, or fewer with one "::" standing for the missing zero groups.
// Embedded dotted IPv4 ("::ffff:10.0.0.0") and zone ids ("%eth0") are not ranges a rule takes.
function parseIpv6(text: string): bigint | undefined {
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const groupsOf = (half: string) => (half === "" ? [] : half.split(":"));
  const head = groupsOf(halves[0]);
  const tail = halves.length === 2 ? groupsOf(halves[1]) : [];
  const given = head.length + tail.length;
  if (![...head, ...tail].every((g) => HEX_GROUP.test(g))) return undefined;
  if (halves.length === 1 ? given !== 8 : given > 7) return undefined;
  const groups = [...head, ...Array<string>(8 - given).fill("0"), ...tail];
  return groups.reduce((n, g) => (n << 16n) | BigInt(parseInt(g, 16)), 0n);
}

function formatIpv4(address: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((address >> shift) & 0xffn)).join(".");
}

/** RFC 5952 form: lower case, the longest run of two or more zero groups (the first) as "::". */
function formatIpv6(address: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) => ((address >> BigInt(112 - 16 * i)) & 0xffffn).toString(16));
  const full = groups.join(":");
  // Zero runs with the colons around them; a stable sort keeps the first of equally long runs first.
  const runs = [...full.matchAll(/(?:^|:)0(?::0)+(?::|$)/g)].map((m) => m[0]).sort((a, b) => b.length - a.length);
  return runs.length === 0 ? full : full.replace(runs[0], "::");
}

/** Formats a range, e.g. for the network address a host-bits range stands for. */
export function formatCidr(cidr: Cidr): string {
  const address = cidr.family === "ipv4" ? formatIpv4(cidr.address) : formatIpv6(cidr.address);
  return `${address}/${cidr.prefixLength}`;
}

/**
 * Checks `text` against the rule: malformed first, then open (any /0), then host bits set after the
 * prefix length. The text is never trimmed or rewritten: a rule takes the value as given.
 */
export function parseCidr(text: string): CidrCheck {
  const malformed: CidrCheck = { ok: false, problem: { kind: "malformed" } };
  const parts = text.split("/");
  if (parts.length !== 2 || !DECIMAL.test(parts[1])) return malformed;
  const family = parts[0].includes(":") ? "ipv6" : "ipv4";
  const address = family === "ipv4" ? parseIpv4(parts[0]) : parseIpv6(parts[0]);
  const prefixLength = Number(parts[1]);
  if (address === undefined || prefixLength > BITS[family]) return malformed;
  if (prefixLength === 0) return { ok: false, problem: { kind: "open" } };
  const hostMask = (1n << BigInt(BITS[family] - prefixLength)) - 1n;
  if ((address & hostMask) !== 0n) {
    return { ok: false, problem: { kind: "host-bits", network: { family, address: address & ~hostMask, prefixLength } } };
  }
  return { ok: true, value: { family, address, prefixLength } };
}

/** True for a range that covers every address of its family (any /0, whatever the address). */
export function isOpenCidr(text: string): boolean {
  const check = parseCidr(text);
  return !check.ok && check.problem.kind === "open";
}

/** What a range with host bits set should be, for either layer's message ("must be ..."). */
export function networkAddressRule(network: Cidr): string {
  return `the network address of its range, ${JSON.stringify(formatCidr(network))} (the AWS provider refuses host bits after the prefix length)`;
}
