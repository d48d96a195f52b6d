// The entry program as a function: reads the stack's config through the validated loader, checks every
// database's arguments with its component's own rules (preflight.ts) before declaring anything, then
// declares the network, its way to Secrets Manager (by default one shared endpoint) and a RotatedDatabase
// or RotatedCluster per `databases` entry, and returns the stack outputs. index.ts runs it under Pulumi;
// tests and the offline plan call it under mocks, once per stack in one process.
import * as pulumi from "@pulumi/pulumi";
import { RotatedCluster, RotatedDatabase } from "../components";
import type { EcsSecretEntry } from "../components/types";
import { loadStackConfig, PROJECT } from "../config";
import type { DatabaseConfig, StackConfig } from "../config";
import { clusterArgs } from "./clusterArgs";
import { DatabaseConfigError } from "./DatabaseConfigError";
import { databaseArgs } from "./databaseArgs";
import { declareNetwork, declareSecretsManagerAccess } from "./network";
import type { StackNetwork, StackSecretsManagerAccess } from "./network";
import { preflightError } from "./preflight";

export { DatabaseConfigError };

/** Stack outputs of one database, instance or cluster. */
export interface DatabaseOutputs {
  /** The instance's address, or the cluster's writer endpoint. */
  address: pulumi.Output<string>;
  port: pulumi.Output<number>;
  secretArn: pulumi.Output<string>;
  /** Attach this security group to an application to let it connect. */
  clientSecurityGroupId: pulumi.Output<string>;
  /** Ready-made `containerDefinitions[].secrets` entries for ECS (behind a proxy without DB_HOST: use proxyEndpoint). */
  ecsSecrets: pulumi.Output<EcsSecretEntry[]>;
  alertTopicArn: pulumi.Output<string>;
  /** IAM policy document (JSON) for the roles of applications that read the secret. */
  applicationPolicyDocument: pulumi.Output<string>;
  /** Clusters only: the reader endpoint, balanced over the readers. */
  readerEndpoint?: pulumi.Output<string>;
  /** With a proxy: its endpoint, where applications connect instead of `address`. */
  proxyEndpoint?: pulumi.Output<string>;
  /** With a proxy and `iamAuth`: the `rds-db:connect` policy document (JSON) for application roles. */
  proxyConnectPolicyDocument?: pulumi.Output<string>;
  /** Clusters with readers behind a proxy: the proxy's read-only endpoint, where read traffic goes instead of `readerEndpoint`. */
  proxyReaderEndpoint?: pulumi.Output<string>;
}

/** The stack outputs. */
export interface StackOutputs {
  vpcId: pulumi.Output<string>;
  subnetIds: pulumi.Output<string[]>;
  /** The endpoint the databases use (created, or the configured existing one); absent with NAT or when every database uses the managed strategy. */
  secretsManagerEndpointId?: pulumi.Output<string>;
  databases: Record<string, DatabaseOutputs>;
}

export function main(): StackOutputs {
  const config = loadStackConfig(pulumi.runtime.allConfig());
  const refused = preflightError(config);
  if (refused) throw refused;
  const network = declareNetwork(config.vpc, config.tags);

  // Only one endpoint per VPC can carry the private DNS name the SDK resolves, so all databases share it.
  const secretsManager = declareSecretsManagerAccess(config.secretsManager, network, config.databases, config.tags);

  const databases: Record<string, DatabaseOutputs> = {};
  for (const db of config.databases) databases[db.name] = declareDatabase(db, config, network, secretsManager);

  return {
    vpcId: pulumi.output(network.vpcId),
    subnetIds: pulumi.output(network.subnetIds),
    ...(secretsManager.endpointId ? { secretsManagerEndpointId: secretsManager.endpointId } : {}),
    databases,
  };
}

/** Declares one entry's component; a refusal (preflight.ts makes one unlikely) names the entry's key. */
function declareDatabase(db: DatabaseConfig, config: StackConfig, network: StackNetwork, secretsManager: StackSecretsManagerAccess): DatabaseOutputs {
  try {
    return db.cluster === undefined
      ? databaseOutputs(new RotatedDatabase(db.name, databaseArgs(db, config, network, secretsManager.access)))
      : databaseOutputs(new RotatedCluster(db.name, clusterArgs(db, config, network, secretsManager.access)));
  } catch (err) {
    throw new DatabaseConfigError(`${PROJECT}:databases.${db.name}`, err);
  }
}

/** What a component outputs to the stack: the same names for an instance and a cluster, the optional ones only when they exist. */
function databaseOutputs(d: RotatedDatabase | RotatedCluster): DatabaseOutputs {
  return {
    address: d.address,
    port: d.port,
    secretArn: d.secretArn,
    clientSecurityGroupId: d.clientSecurityGroupId,
    ecsSecrets: d.ecsSecrets,
    alertTopicArn: d.alertTopicArn,
    applicationPolicyDocument: d.applicationPolicyDocument,
    ...(d instanceof RotatedCluster ? { readerEndpoint: d.readerEndpoint } : {}),
    ...(d.proxyEndpoint ? { proxyEndpoint: d.proxyEndpoint } : {}),
    ...(d.proxyConnectPolicyDocument ? { proxyConnectPolicyDocument: d.proxyConnectPolicyDocument } : {}),
    ...(d instanceof RotatedCluster && d.proxyReaderEndpoint ? { proxyReaderEndpoint: d.proxyReaderEndpoint } : {}),
  };
}
