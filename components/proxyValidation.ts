// The rules of the `proxy` argument, shared by RotatedDatabase and RotatedCluster and checked with
// the rest of the arguments before anything is created. The limits are RDS Proxy's (CreateDBProxy,
// ModifyDBProxyTargetGroup); the strategy rule is why a proxy and alternating users cannot meet.
import type { ResolvedProxyArgs } from "./defaults";
import type { RotationStrategy } from "./types";

/** Seconds a client connection may idle (CreateDBProxy IdleClientTimeout). */
export const PROXY_IDLE_CLIENT_TIMEOUT = { min: 1, max: 28800 } as const;
/** Percentage of max_connections the pool may use (ConnectionPoolConfiguration MaxConnectionsPercent). */
export const PROXY_MAX_CONNECTIONS_PERCENT = { min: 1, max: 100 } as const;
/** Seconds a client waits for a pooled connection (ConnectionPoolConfiguration ConnectionBorrowTimeout). */
export const PROXY_CONNECTION_BORROW_TIMEOUT = { min: 0, max: 3600 } as const;

/** The keys `proxy` takes, in the order messages list them. */
export const PROXY_KEYS = ["iamAuth", "directAccess", "idleClientTimeout", "maxConnectionsPercent", "connectionBorrowTimeout"] as const satisfies ReadonlyArray<keyof ResolvedProxyArgs>;

const show = (v: unknown): string => JSON.stringify(v) ?? String(v);

/**
 * Why alternating-users cannot sit behind a proxy, and what to use instead. RDS Proxy holds one login
 * per secret, read from the secret's AWSCURRENT version (docs/proxy.md): after a rotation it knows only
 * the new user, so the clients alternating-users exists for, those still using the previous user, are
 * refused by the proxy although the database would take them.
 */
export const PROXY_ALTERNATING_USERS_REFUSAL =
  'proxy cannot be used with the "alternating-users" strategy: RDS Proxy logs clients in only as the user in the secret\'s current version, ' +
  "and that strategy switches the secret between <user> and <user>_clone at every rotation, so clients still using the previous user, " +
  'which the database keeps valid for them, are refused by the proxy ("This RDS proxy has no credentials for the role"). ' +
  'Use "single-user" (with proxy.iamAuth: true applications need no password, only grantConnect) or "managed" behind a proxy, or drop proxy to keep alternating-users';

/**
 * Errors of a resolved `proxy` (undefined: no proxy, no errors) for the chosen strategy. `given` is the
 * argument as the caller wrote it, so unknown keys are named.
 */
export function proxyArgsErrors(proxy: ResolvedProxyArgs | undefined, strategy: RotationStrategy, given?: unknown): string[] {
  if (proxy === undefined) return [];
  const errors: string[] = [];
  if (typeof given !== "object" || given === null || Array.isArray(given)) {
    if (given !== undefined) return [`proxy must be a mapping of proxy settings (or {} for the defaults); got ${show(given)}`];
  } else {
    const extra = Object.keys(given).filter((k) => !(PROXY_KEYS as readonly string[]).includes(k));
    if (extra.length > 0) errors.push(`proxy takes only ${PROXY_KEYS.join(", ")}; got ${show(extra)}`);
  }
  for (const key of ["iamAuth", "directAccess"] as const) {
    if (typeof proxy[key] !== "boolean") errors.push(`proxy.${key} must be true or false; got ${show(proxy[key])}`);
  }
  const ranges: Array<[keyof ResolvedProxyArgs, { min: number; max: number }, string]> = [
    ["idleClientTimeout", PROXY_IDLE_CLIENT_TIMEOUT, "seconds"],
    ["maxConnectionsPercent", PROXY_MAX_CONNECTIONS_PERCENT, "percent"],
    ["connectionBorrowTimeout", PROXY_CONNECTION_BORROW_TIMEOUT, "seconds"],
  ];
  for (const [key, range, unit] of ranges) {
    const v = proxy[key];
    if (!Number.isInteger(v) || (v as number) < range.min || (v as number) > range.max) {
      errors.push(`proxy.${key} must be a whole number of ${unit} from ${range.min} to ${range.max}; got ${show(v)}`);
    }
  }
  if (strategy === "alternating-users") errors.push(PROXY_ALTERNATING_USERS_REFUSAL);
  return errors;
}
