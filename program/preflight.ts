// Every database's arguments, checked before the program declares anything. Resources registered while
// the program runs are created while it runs, so a component refusing its arguments after the VPC and
// the endpoint were registered would leave them behind on a first `pulumi up`. The checks are the
// components' own (resolveRotatedDatabaseArgs, resolveRotatedClusterArgs), run on the arguments the
// program will give them, with stand-ins for what only exists once the network does: the created VPC's
// ids (unknown Outputs, as the components see them at preview) and the endpoint the stack will create.
import * as pulumi from "@pulumi/pulumi";
import { validateRotatedClusterArgs, validateRotatedDatabaseArgs } from "../components/validate";
import type { SecretsManagerAccess } from "../components/types";
import { PROJECT } from "../config";
import type { StackConfig } from "../config";
import { clusterArgs } from "./clusterArgs";
import { DatabaseConfigError } from "./DatabaseConfigError";
import { databaseArgs, needsEndpoint } from "./databaseArgs";
import { configuredSecretsManagerAccess } from "./network";
import type { StackNetwork } from "./network";

/** The network and the way to Secrets Manager as the databases will be given them, declaring nothing. */
export function plannedNetwork(config: StackConfig): { network: StackNetwork; access: SecretsManagerAccess | undefined } {
  const network: StackNetwork = config.vpc.mode === "existing"
    ? { vpcId: config.vpc.vpcId, subnetIds: config.vpc.subnetIds }
    : { vpcId: unknownId(), subnetIds: Array.from({ length: config.vpc.availabilityZones }, unknownId) };
  const access = config.secretsManager.mode === "endpoint"
    ? (config.databases.some(needsEndpoint) ? { createEndpoint: true as const } : undefined)
    : configuredSecretsManagerAccess(config.secretsManager);
  return { network, access };
}

/** An id the cloud has not given yet: an Output that is not known, as in a preview. */
function unknownId(): pulumi.Output<string> {
  return pulumi.output(pulumi.unknown as pulumi.Input<string>);
}

/**
 * The first database whose component would refuse its arguments, as the error the program throws
 * (the key, the component and every reason), or undefined when all of them can be declared.
 */
export function preflightError(config: StackConfig): DatabaseConfigError | undefined {
  const { network, access } = plannedNetwork(config);
  for (const db of config.databases) {
    const errors = db.cluster === undefined
      ? validateRotatedDatabaseArgs(databaseArgs(db, config, network, access))
      : validateRotatedClusterArgs(clusterArgs(db, config, network, access));
    if (errors.length > 0) {
      const component = db.cluster === undefined ? "RotatedDatabase" : "RotatedCluster";
      return new DatabaseConfigError(`${PROJECT}:databases.${db.name}`, new Error(`${component} "${db.name}": ${errors.join("; ")}`));
    }
  }
  return undefined;
}
