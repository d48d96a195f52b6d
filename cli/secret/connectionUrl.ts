// A connection URL from a secret: libpq's `postgresql://` with certificate verification, or the
// `mysql://` form MySQL Shell and most drivers read. The password is replaced by REDACTED_PASSWORD
// unless the caller asks for it.
import { engineFamily } from "../../rotation-lambda/contract";
import type { ConnectionDetails } from "./connectionDetails";

/** What stands in for the password in printed output. */
export const REDACTED_PASSWORD = "****";

export interface UrlOptions {
  showPassword: boolean;
  /** CA bundle the client verifies the server certificate with. */
  caBundle: string;
}

function userInfo(details: ConnectionDetails, showPassword: boolean): string {
  const password = showPassword ? encodeURIComponent(details.password) : REDACTED_PASSWORD;
  return `${encodeURIComponent(details.username)}:${password}`;
}

function hostPort(details: ConnectionDetails): string {
  const host = details.host.includes(":") ? `[${details.host}]` : details.host;
  return `${host}:${details.port}`;
}

export function connectionUrl(details: ConnectionDetails, options: UrlOptions): string {
  const path = details.dbname !== undefined ? `/${encodeURIComponent(details.dbname)}` : "/";
  const ca = encodeURIComponent(options.caBundle);
  if (engineFamily(details.engine) === "postgres") {
    return `postgresql://${userInfo(details, options.showPassword)}@${hostPort(details)}${path}?sslmode=verify-full&sslrootcert=${ca}`;
  }
  return `mysql://${userInfo(details, options.showPassword)}@${hostPort(details)}${path}?ssl-mode=VERIFY_IDENTITY&ssl-ca=${ca}`;
}
