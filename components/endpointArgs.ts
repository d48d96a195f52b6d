// SecretsManagerEndpoint arguments, resolved in one pure pass as RotatedDatabase's are (validate.ts):
// the defaults applied once and the rules checked on the values the endpoint is then built from.
import type * as pulumi from "@pulumi/pulumi";
import type { SecretsManagerEndpointArgs } from "./secretsManagerEndpoint";
import type { Resolution } from "./validate";

/** {@link SecretsManagerEndpointArgs} with every default applied: nothing is optional. */
export interface ResolvedEndpointArgs {
  vpcId: pulumi.Input<string>;
  subnetIds: pulumi.Input<string>[];
  allowedSecurityGroupIds: pulumi.Input<string>[];
  tags: Record<string, string>;
}

/** Applies the defaults (no granted groups, no tags) and checks the rules; every error, or the resolved arguments. */
export function resolveSecretsManagerEndpointArgs(args: SecretsManagerEndpointArgs): Resolution<ResolvedEndpointArgs> {
  const errors: string[] = [];
  if (!Array.isArray(args.subnetIds) || args.subnetIds.length < 1) {
    errors.push(`subnetIds must list at least 1 subnet for the endpoint; got ${JSON.stringify(args.subnetIds)}`);
  }
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      vpcId: args.vpcId,
      subnetIds: args.subnetIds,
      allowedSecurityGroupIds: args.allowedSecurityGroupIds ?? [],
      tags: args.tags ?? {},
    },
  };
}
