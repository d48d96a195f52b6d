// Where the proxy outputs of a RotatedDatabase or RotatedCluster come from, read off a recorded
// program run: the endpoint and ARN of `<db>-proxy`, the id of `<db>-proxy-sg`, and the
// rds-db:connect document written out here (not built with components/proxyPolicy.ts) for the
// proxy's own resource id. identity.ts spreads these into every database's sources, so a database
// without a proxy must output undefined for each.
import * as assert from "assert";
import { unwrapSecrets } from "../../plan/recorder";
// Types only: identity.ts imports this file, so nothing is taken from it at run time.
import type { OutputSource, Recorded } from "./identity";

export const PROXY_TYPES = {
  proxy: "aws:rds/proxy:Proxy",
  proxyEndpoint: "aws:rds/proxyEndpoint:ProxyEndpoint",
  clusterInstance: "aws:rds/clusterInstance:ClusterInstance",
  securityGroup: "aws:ec2/securityGroup:SecurityGroup",
} as const;

/** What a database was given as `proxy`, as far as its outputs show. */
export interface ProxyExpectation {
  iamAuth: boolean;
  /** The user clients log in as (the secret's user). */
  username: string;
  /** Region and account the program ran in. */
  region: string;
  accountId: string;
}

function one(resources: readonly Recorded[], type: string, name: string): Recorded {
  const found = resources.filter((r) => r.type === type && r.name === name);
  assert.strictEqual(found.length, 1, `expected one ${type} named ${name}, found ${found.length}`);
  return found[0];
}

/** The rds-db:connect document for one user on one proxy, written out. */
export function expectedConnectPolicy(proxyArn: string, e: ProxyExpectation): string {
  const id = /:db-proxy:(prx-[0-9a-z]+)$/.exec(proxyArn)?.[1];
  assert.ok(id, `${proxyArn} is not a proxy ARN`);
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Sid: "ConnectThroughProxy", Effect: "Allow", Action: ["rds-db:connect"], Resource: `arn:aws:rds-db:${e.region}:${e.accountId}:dbuser:${id}/${e.username}` }],
  });
}

/** The four proxy outputs of `db`: undefined without a proxy, its resources' values with one. */
export function proxySources(resources: readonly Recorded[], db: string, e: ProxyExpectation | undefined): Record<string, OutputSource> {
  const none = (why: string): OutputSource => ({ value: undefined, from: `undefined (${why})` });
  if (e === undefined) {
    const proxies = resources.filter((r) => r.type === PROXY_TYPES.proxy && r.name === `${db}-proxy`);
    assert.deepStrictEqual(proxies.map((r) => r.name), [], `${db} was given no proxy but created one`);
    return {
      proxyEndpoint: none("no proxy"), proxyArn: none("no proxy"), proxySecurityGroupId: none("no proxy"), proxyConnectPolicyDocument: none("no proxy"),
    };
  }
  const proxy = one(resources, PROXY_TYPES.proxy, `${db}-proxy`);
  const arn = String(unwrapSecrets(proxy.state.arn));
  return {
    proxyEndpoint: { value: unwrapSecrets(proxy.state.endpoint), from: `the endpoint of Proxy ${db}-proxy` },
    proxyArn: { value: arn, from: `the arn of Proxy ${db}-proxy` },
    proxySecurityGroupId: { value: one(resources, PROXY_TYPES.securityGroup, `${db}-proxy-sg`).id, from: `the id of SecurityGroup ${db}-proxy-sg` },
    proxyConnectPolicyDocument: e.iamAuth
      ? { value: expectedConnectPolicy(arn, e), from: `rds-db:connect as ${e.username} on Proxy ${db}-proxy only` }
      : none("the proxy's clients log in with the password (no iamAuth)"),
  };
}

/**
 * The proxyReaderEndpoint of the cluster `cluster`: with a proxy and readers (its recorded
 * `<cluster>-reader-<i>` instances), the endpoint of the ProxyEndpoint `<cluster>-proxy-reader`;
 * otherwise undefined, and no ProxyEndpoint of this cluster is declared.
 */
export function proxyReaderSource(resources: readonly Recorded[], cluster: string, e: ProxyExpectation | undefined): OutputSource {
  const readers = resources.filter((r) => r.type === PROXY_TYPES.clusterInstance && r.name.startsWith(`${cluster}-reader-`)).length;
  if (e === undefined || readers === 0) {
    const endpoints = resources.filter((r) => r.type === PROXY_TYPES.proxyEndpoint && r.name.startsWith(`${cluster}-proxy`));
    assert.deepStrictEqual(endpoints.map((r) => r.name), [], `${cluster} has ${e ? "no readers" : "no proxy"} but declared a proxy endpoint`);
    return { value: undefined, from: `undefined (${e ? "no readers" : "no proxy"})` };
  }
  const endpoint = one(resources, PROXY_TYPES.proxyEndpoint, `${cluster}-proxy-reader`);
  return { value: unwrapSecrets(endpoint.state.endpoint), from: `the endpoint of ProxyEndpoint ${cluster}-proxy-reader` };
}
