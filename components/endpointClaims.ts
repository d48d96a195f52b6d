// Only one Secrets Manager endpoint per VPC can carry private DNS: a second one fails at deploy time
// ("conflicting DNS domain"), after everything before it was created. This remembers, per program
// run, which VPCs already have an endpoint declared, so a second one is refused before deploying.
// A VPC id is recognised when it is the same string or the same Output object (e.g. `vpc.vpcId`
// passed to both); two different Outputs for one VPC cannot be compared before deployment.
import * as pulumi from "@pulumi/pulumi";

const claimsByRun = new WeakMap<object, Map<unknown, string>>();
const outsideRun = {};

function claims(): Map<unknown, string> {
  // One monitor per program run (and per setMocks in tests), so runs never see each other's claims.
  const run = (pulumi.runtime.getMonitor() as object | undefined) ?? outsideRun;
  let map = claimsByRun.get(run);
  if (!map) claimsByRun.set(run, (map = new Map()));
  return map;
}

/** Why `endpointName` may not be created in `vpcId`, or undefined when no other endpoint is declared there. */
export function endpointConflict(vpcId: pulumi.Input<string>, endpointName: string): string | undefined {
  const owner = claims().get(vpcId);
  if (owner === undefined || owner === endpointName) return undefined;
  const vpc = typeof vpcId === "string" ? JSON.stringify(vpcId) : "(the same vpcId Output)";
  return `VPC ${vpc} already has the Secrets Manager endpoint "${owner}" in this program, and only one endpoint per VPC can carry private DNS; ` +
    "create one SecretsManagerEndpoint and pass secretsManagerAccess: { endpoint } to every RotatedDatabase in that VPC";
}

/** Records that `endpointName` serves `vpcId`. */
export function claimEndpointVpc(vpcId: pulumi.Input<string>, endpointName: string): void {
  claims().set(vpcId, endpointName);
}
