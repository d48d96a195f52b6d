// The entry program as a function: reads the stack's config through the validated loader, declares
// the network, its way to Secrets Manager (by default one shared endpoint) and a RotatedDatabase per `databases` entry, and
// returns the stack outputs. index.ts runs it under Pulumi; tests and the offline plan call it under
// mocks, once per stack in one process.
import * as pulumi from "@pulumi/pulumi";
import { RotatedDatabase } from "../components";
import type { EcsSecretEntry } from "../components/types";
import { loadStackConfig, PROJECT } from "../config";
import { databaseArgs } from "./databaseArgs";
import { declareNetwork, declareSecretsManagerAccess } from "./network";

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
  /** IAM policy document (JSON) for the roles of applications that read the secret. */
  applicationPolicyDocument: pulumi.Output<string>;
}

/** The stack outputs. */
export interface StackOutputs {
  vpcId: pulumi.Output<string>;
  subnetIds: pulumi.Output<string[]>;
  /** The endpoint the databases use (created, or the configured existing one); absent with NAT or when every database uses the managed strategy. */
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
  const secretsManager = declareSecretsManagerAccess(config.secretsManager, network, config.databases, config.tags);

  const databases: Record<string, DatabaseOutputs> = {};
  for (const db of config.databases) {
    const key = `${PROJECT}:databases.${db.name}`;
    if (db.cluster !== undefined) {
      // PENDING(H2): RotatedCluster, with clusterArgs(db, ...).
      throw new DatabaseConfigError(key, new Error("Aurora clusters (cluster:) need RotatedCluster, which this build does not have yet"));
    }
    const args = databaseArgs(db, config, network, secretsManager.access);
    let database: RotatedDatabase;
    try {
      database = new RotatedDatabase(db.name, args);
    } catch (err) {
      throw new DatabaseConfigError(key, err);
    }
    databases[db.name] = {
      address: database.address,
      port: database.port,
      secretArn: database.secretArn,
      clientSecurityGroupId: database.clientSecurityGroupId,
      ecsSecrets: database.ecsSecrets,
      alertTopicArn: database.alertTopicArn,
      applicationPolicyDocument: database.applicationPolicyDocument,
    };
  }

  return {
    vpcId: pulumi.output(network.vpcId),
    subnetIds: pulumi.output(network.subnetIds),
    ...(secretsManager.endpointId ? { secretsManagerEndpointId: secretsManager.endpointId } : {}),
    databases,
  };
}
