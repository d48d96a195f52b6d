// Where a client connects: the secret's `host` (an instance, or an Aurora cluster's writer endpoint),
// a cluster's reader endpoint (`--reader`), or the RDS Proxy in front of the database (`--via proxy`,
// the default when the stack outputs name one: applications connect through it, so people see what
// they see; not when the proxy requires IAM authentication, since the secret's password does not log
// in there). Pure: the endpoints come from the secret and the stack outputs.
import { engineFamily, type EngineFamily } from "../../rotation-lambda/contract";
import { BadArgumentError } from "../errors";
import type { ConnectionDetails } from "./connectionDetails";
import type { DatabaseEndpoints } from "./resolveSecretId";

export type Via = "proxy" | "direct";
export const VIA_CHOICES: readonly Via[] = ["proxy", "direct"];

export interface TargetFlags {
  /** `proxy` or `direct`; undefined: the proxy when the stack outputs name one, else direct. */
  via?: Via;
  /** An Aurora cluster's reader endpoint instead of the writer. */
  reader?: boolean;
}

/** `secret`: the secret's own host and port; `reader`: the cluster's reader endpoint; `proxy`: the RDS Proxy. */
export type TargetKind = "secret" | "reader" | "proxy";

export interface ConnectionTarget {
  kind: TargetKind;
  host: string;
  port: number;
  /** A proxy that requires IAM authentication: clients log in with a token, not the password. */
  iamAuth?: boolean;
}

/**
 * The port RDS Proxy listens on: its engine family's default, whatever port the database uses (RDS
 * Proxy has no port setting; RDS User Guide, "RDS Proxy limitations"; aws-cdk discussion #28321).
 */
export const PROXY_PORT: Readonly<Record<EngineFamily, number>> = { postgres: 5432, mysql: 3306 };

/** `<cluster>.cluster-<id>.<region>.rds.amazonaws.com`, AWS's form of a cluster (writer) endpoint. */
const CLUSTER_ENDPOINT = /^([^.]+)\.cluster-([a-z0-9]+)\.(.+)$/i;

/** The reader endpoint of a cluster (writer) endpoint: AWS names it `<cluster>.cluster-ro-<id>.…`. */
export function readerEndpointOf(host: string): string | undefined {
  const m = host.match(CLUSTER_ENDPOINT);
  return m ? `${m[1]}.cluster-ro-${m[2]}.${m[3]}` : undefined;
}

/** An Aurora secret: an Aurora engine string, a dbClusterIdentifier, or a cluster endpoint as host. */
export function isClusterSecret(details: Pick<ConnectionDetails, "engine" | "host" | "dbClusterIdentifier">): boolean {
  return details.engine.startsWith("aurora") || details.dbClusterIdentifier !== undefined || CLUSTER_ENDPOINT.test(details.host);
}

/** Flags that exclude each other, refused before any AWS call. */
export function checkTargetFlags(flags: TargetFlags): void {
  if (flags.reader && flags.via === "proxy") {
    throw new BadArgumentError("--reader and --via proxy exclude each other: the proxy's default endpoint reaches the writer; use --reader alone for the cluster's reader endpoint");
  }
}

export function connectionTarget(details: ConnectionDetails & { secretName?: string }, endpoints: DatabaseEndpoints, flags: TargetFlags): ConnectionTarget {
  checkTargetFlags(flags);
  const name = JSON.stringify(details.secretName ?? "the secret");
  if (flags.reader) {
    if (!isClusterSecret(details)) {
      throw new BadArgumentError(`--reader needs an Aurora cluster, and secret ${name} describes an instance (engine ${details.engine}, host ${details.host})`);
    }
    const reader = endpoints.readerEndpoint ?? readerEndpointOf(details.host);
    if (!reader) {
      throw new BadArgumentError(
        `--reader: no reader endpoint for secret ${name}: the stack outputs name no readerEndpoint, and host ${details.host} is not a cluster endpoint (<cluster>.cluster-<id>.<region>.rds.amazonaws.com)`,
      );
    }
    return { kind: "reader", host: reader, port: details.port };
  }
  const proxy = endpoints.proxyEndpoint;
  if (flags.via === "proxy" && !proxy) {
    throw new BadArgumentError(`--via proxy needs the proxy's endpoint: pass --stack-outputs of a stack whose database has a proxy (output proxyEndpoint); the secret's host is the database itself`);
  }
  if (proxy && (flags.via === "proxy" || (flags.via === undefined && !endpoints.proxyIamAuth))) {
    return { kind: "proxy", host: proxy, port: PROXY_PORT[engineFamily(details.engine) ?? "postgres"], ...(endpoints.proxyIamAuth ? { iamAuth: true } : {}) };
  }
  return { kind: "secret", host: details.host, port: details.port };
}

/** The details with host and port of the target: what url, env and connect hand to a client. */
export function detailsFor<T extends ConnectionDetails>(details: T, target: ConnectionTarget): T {
  return { ...details, host: target.host, port: target.port };
}

/** How to get the IAM token a proxy with IAM authentication wants instead of the password. */
export function iamTokenHint(target: ConnectionTarget, username: string): string {
  return `aws rds generate-db-auth-token --hostname ${target.host} --port ${target.port} --username ${username}`;
}

/** The stderr note of url and env for a proxy that requires IAM authentication. */
export function iamAuthNote(target: ConnectionTarget, username: string): string {
  return `note: proxy ${target.host} requires IAM authentication: log in with a token (${iamTokenHint(target, username)}), not the secret's password\n`;
}
