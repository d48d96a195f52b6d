// The entry program as a function: reads the stack's config through the validated loader, declares
// the network, one shared Secrets Manager endpoint and a RotatedDatabase per `databases` entry, and
// returns the stack outputs. index.ts runs it under Pulumi; tests and the offline plan call it under
// mocks, once per stack in one process.
import * as pulumi from "@pulumi/pulumi";
import { RotatedDatabase, SecretsManagerEndpoint } from "../components";
import type { EcsSecretEntry } from "../components/types";
import { loadStackConfig, PROJECT } from "../config";
import { databaseArgs, needsEndpoint } from "./databaseArgs";
import { declareNetwork } from "./network";

/** Stack outputs of one database. */
export interface DatabaseOutputs {
  address: pulumi.Output<string>;
  port: pulumi.Output<number>;
  secretArn: pulumi.Output<string>;
  /** Attach this security group to an application to let it connect. */
  clientSecurityGroupId: pulumi.Output<string>;
  /** Ready-made `containerDefinitions[].secrets` entries for ECS. */
  ecsSecrets: pulumi.Output<EcsSecretEntry[]>;
  alertTopicArn: pulumi.Output<string>;
}

/** The stack outputs. */
export interface StackOutputs {
  vpcId: pulumi.Output<string>;
  subnetIds: pulumi.Output<string[]>;
  /** The shared endpoint; absent when every database uses the managed strategy. */
  secretsManagerEndpointId?: pulumi.Output<string>;
  databases: Record<string, DatabaseOutputs>;
}

/** A RotatedDatabase refused its arguments; the message names the stack file key it came from. */
export class DatabaseConfigError extends Error {
  override readonly name = "DatabaseConfigError";
  constructor(readonly key: string, cause: unknown) {
    super(`${key}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

export function main(): StackOutputs {
  const config = loadStackConfig(pulumi.runtime.allConfig());
  const network = declareNetwork(config.vpc, config.tags);

  // Only one endpoint per VPC can carry the private DNS name the SDK resolves, so all databases share it.
  const endpoint = config.databases.some(needsEndpoint)
    ? new SecretsManagerEndpoint("secrets-manager", { vpcId: network.vpcId, subnetIds: network.subnetIds, tags: config.tags })
    : undefined;

  const databases: Record<string, DatabaseOutputs> = {};
  for (const db of config.databases) {
    const args = databaseArgs(db, config, network, endpoint && needsEndpoint(db) ? { endpoint } : undefined);
    let database: RotatedDatabase;
    try {
      database = new RotatedDatabase(db.name, args);
    } catch (err) {
      throw new DatabaseConfigError(`${PROJECT}:databases.${db.name}`, err);
    }
    databases[db.name] = {
      address: database.address,
      port: database.port,
      secretArn: database.secretArn,
      clientSecurityGroupId: database.clientSecurityGroupId,
      ecsSecrets: database.ecsSecrets,
      alertTopicArn: database.alertTopicArn,
    };
  }

  return {
    vpcId: pulumi.output(network.vpcId),
    subnetIds: pulumi.output(network.subnetIds),
    ...(endpoint ? { secretsManagerEndpointId: endpoint.endpointId } : {}),
    databases,
  };
}
