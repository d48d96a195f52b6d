// What `status` says about the database behind the secret: engine, instance or Aurora cluster and its
// identifier, the endpoint the secret names, and the other endpoints (a cluster's reader endpoint,
// an RDS Proxy's and its read-only endpoint) from the stack outputs. Pure: built from the secret's JSON and the outputs.
import { connectionDetails } from "../secret/connectionDetails";
import { isClusterSecret, PROXY_PORT, readerEndpointOf } from "../secret/connectionTarget";
import type { DatabaseEndpoints } from "../secret/resolveSecretId";
import { engineFamily } from "../../rotation-lambda/contract";

export interface DatabaseFacts {
  engine: string;
  /** `cluster` for an Aurora secret, else `instance`. */
  kind: "cluster" | "instance";
  /** dbClusterIdentifier or dbInstanceIdentifier, when the secret carries it. */
  identifier?: string;
  host: string;
  port: number;
  readerEndpoint?: string;
  proxyEndpoint?: string;
  proxyPort?: number;
  /** The proxy requires IAM authentication (the stack outputs carry its rds-db:connect policy). */
  proxyIamAuth?: boolean;
  /** The proxy's read-only endpoint (a cluster with readers), on proxyPort. */
  proxyReaderEndpoint?: string;
}

/** The facts, or why there are none (the value could not be read or is not a database secret). */
export type DatabaseFactsResult = { ok: true; facts: DatabaseFacts } | { ok: false; reason: string };

export function databaseFacts(text: string | undefined, endpoints: DatabaseEndpoints): DatabaseFactsResult {
  let details;
  try {
    details = connectionDetails(text, "the secret");
  } catch (err) {
    return { ok: false, reason: (err as Error).message };
  }
  const cluster = isClusterSecret(details);
  const facts: DatabaseFacts = { engine: details.engine, kind: cluster ? "cluster" : "instance", host: details.host, port: details.port };
  const identifier = cluster ? details.dbClusterIdentifier : details.dbInstanceIdentifier;
  if (identifier) facts.identifier = identifier;
  const reader = cluster ? (endpoints.readerEndpoint ?? readerEndpointOf(details.host)) : undefined;
  if (reader) facts.readerEndpoint = reader;
  if (endpoints.proxyEndpoint) {
    facts.proxyEndpoint = endpoints.proxyEndpoint;
    facts.proxyPort = PROXY_PORT[engineFamily(details.engine) ?? "postgres"];
    if (endpoints.proxyIamAuth) facts.proxyIamAuth = true;
    if (cluster && endpoints.proxyReaderEndpoint) facts.proxyReaderEndpoint = endpoints.proxyReaderEndpoint;
  }
  return { ok: true, facts };
}
