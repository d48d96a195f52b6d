// CIDR checks for `allowedCidrBlocks`: a malformed range or the whole internet (0.0.0.0/0, ::/0, or
// any /0) is refused, because the database must never be reachable from everywhere (design.md §5).
import { ConfigError } from "./ConfigError";

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;
const IPV6 = /^[0-9a-fA-F:]+\/(\d{1,3})$/;

export function validateCidr(key: string, cidr: string): string {
  const allowed = "an IPv4 or IPv6 CIDR range such as \"10.0.0.0/16\"; open ranges (0.0.0.0/0, ::/0) are refused";
  const v4 = IPV4.exec(cidr);
  const v6 = !v4 && cidr.includes(":") ? IPV6.exec(cidr) : null;
  if (v4) {
    if (v4.slice(1, 5).some((o) => Number(o) > 255) || Number(v4[5]) > 32) throw new ConfigError(key, cidr, allowed);
    if (Number(v4[5]) === 0) throw new ConfigError(key, cidr, allowed);
  } else if (v6) {
    if (Number(v6[1]) > 128 || Number(v6[1]) === 0) throw new ConfigError(key, cidr, allowed);
  } else {
    throw new ConfigError(key, cidr, allowed);
  }
  return cidr;
}
