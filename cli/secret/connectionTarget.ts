// Where a client connects: the secret's `host` (an instance, or an Aurora cluster's writer endpoint),
// a cluster's reader endpoint (`--reader`), or the RDS Proxy in front of the database (`--via proxy`,
// the default when the stack outputs name one: applications connect through it, so people see what
// they see; not when the proxy requires IAM authentication, since the secret's password does not log
// in there). `--reader` through the proxy is its read-only endpoint (`proxyReaderEndpoint`), chosen by
// the same rule. Pure: the endpoints come from the secret and the stack outputs.
import { engineFamily, type EngineFamily } from "../../rotation-lambda/contract";
import { BadArgumentError } from "../errors";
import type { ConnectionDetails } from "./connectionDetails";
import type { DatabaseEndpoints } from "./resolveSecretId";

export type Via = "proxy" | "direct";
export const VIA_CHOICES: readonly Via[] = ["proxy", "direct"];

export interface TargetFlags {
  /** `proxy` or `direct`; undefined: the proxy when the stack outputs name one, else direct. */
  via?: Via;
  /** An Aurora cluster's readers instead of the writer (through the proxy: its read-only endpoint). */
  reader?: boolean;
}

/**
 * `secret`: the secret's own host and port; `reader`: the cluster's reader endpoint; `proxy`: the RDS
 * Proxy; `proxy-reader`: the proxy's read-only endpoint.
 */
export type TargetKind = "secret" | "reader" | "proxy" | "proxy-reader";

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

/** The proxy's port and IAM note for `host`, one of its endpoints. */
function throughProxy(kind: "proxy" | "proxy-reader", host: string, details: ConnectionDetails, endpoints: DatabaseEndpoints): ConnectionTarget {
  return { kind, host, port: PROXY_PORT[engineFamily(details.engine) ?? "postgres"], ...(endpoints.proxyIamAuth ? { iamAuth: true } : {}) };
}

/** Whether the target is one of the RDS Proxy's endpoints (its certificate chains to Amazon Root CA 1). */
export function isProxyTarget(target: ConnectionTarget): boolean {
  return target.kind === "proxy" || target.kind === "proxy-reader";
}

export function connectionTarget(details: ConnectionDetails & { secretName?: string }, endpoints: DatabaseEndpoints, flags: TargetFlags): ConnectionTarget {
  const name = JSON.stringify(details.secretName ?? "the secret");
  const proxy = endpoints.proxyEndpoint;
  if (flags.reader) {
    if (!isClusterSecret(details)) {
      throw new BadArgumentError(`--reader needs an Aurora cluster, and secret ${name} describes an instance (engine ${details.engine}, host ${details.host})`);
    }
    const proxyReader = endpoints.proxyReaderEndpoint;
    if (flags.via === "proxy" && !proxyReader) {
      throw new BadArgumentError(proxy
        ? `--reader --via proxy needs the proxy's read-only endpoint, and the stack outputs name no proxyReaderEndpoint for secret ${name} (a cluster without readers has none; the proxy's default endpoint reaches the writer); use --reader --via direct for the cluster's reader endpoint`
        : `--reader --via proxy needs the proxy's read-only endpoint: pass --stack-outputs of a stack whose cluster has readers and a proxy (output proxyReaderEndpoint); use --reader alone for the cluster's reader endpoint`);
    }
    if (proxyReader && (flags.via === "proxy" || (flags.via === undefined && !endpoints.proxyIamAuth))) {
      return throughProxy("proxy-reader", proxyReader, details, endpoints);
    }
    const reader = endpoints.readerEndpoint ?? readerEndpointOf(details.host);
    if (!reader) {
      throw new BadArgumentError(
        `--reader: no reader endpoint for secret ${name}: the stack outputs name no readerEndpoint, and host ${details.host} is not a cluster endpoint (<cluster>.cluster-<id>.<region>.rds.amazonaws.com)`,
      );
    }
    return { kind: "reader", host: reader, port: details.port };
  }
  if (flags.via === "proxy" && !proxy) {
    throw new BadArgumentError(`--via proxy needs the proxy's endpoint: pass --stack-outputs of a stack whose database has a proxy (output proxyEndpoint); the secret's host is the database itself`);
  }
  if (proxy && (flags.via === "proxy" || (flags.via === undefined && !endpoints.proxyIamAuth))) {
    return throughProxy("proxy", proxy, details, endpoints);
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
