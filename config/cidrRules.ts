// CIDR checks at config level, so a bad stack file fails with the config key in the message. The rule
// itself (syntax, no /0, no host bits) is the component's, components/cidr.ts, so the program and
// RotatedDatabase cannot disagree; this module only turns a refusal into a ConfigError.
import { networkAddressRule, parseCidr } from "../components/cidr";
import { ConfigError } from "./ConfigError";

const ALLOWED = "an IPv4 or IPv6 CIDR range such as \"10.0.0.0/16\"; open ranges (0.0.0.0/0, ::/0) are refused";

/** `cidr` if it is an allowed range for `allowedCidrBlocks`; throws ConfigError naming `key` otherwise. */
export function validateCidr(key: string, cidr: string): string {
  const check = parseCidr(cidr);
  if (check.ok) return cidr;
  throw new ConfigError(key, cidr, check.problem.kind === "host-bits" ? networkAddressRule(check.problem.network) : ALLOWED);
}
