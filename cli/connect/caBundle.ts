// The CA bundle clients verify the server certificate with: --ca-bundle, else an environment
// variable, else a fixed per-user path where the README says to put the bundle. A database (instance,
// Aurora cluster) presents an RDS certificate: AWS's RDS global bundle. An RDS Proxy presents an ACM
// certificate (a wildcard one) that chains to Amazon Root CA 1, which the RDS bundle does not hold,
// so the proxy has its own default.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ConfigurationError } from "../errors";

/** AWS's bundle of every RDS certificate authority, for all regions. */
export const RDS_GLOBAL_BUNDLE_URL = "https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem";
/** Amazon Trust Services' root that RDS Proxy's ACM certificates chain to. */
export const AMAZON_ROOT_CA_URL = "https://www.amazontrust.com/repository/AmazonRootCA1.pem";

export const CA_BUNDLE_ENV = "ROTATED_RDS_CA_BUNDLE";
export const PROXY_CA_BUNDLE_ENV = "ROTATED_RDS_PROXY_CA_BUNDLE";

/** Which server the bundle verifies: the database itself (RDS certificate) or an RDS Proxy (ACM certificate). */
export type CaTarget = "database" | "proxy";

const FILE_NAME: Record<CaTarget, string> = { database: "rds-global-bundle.pem", proxy: "amazon-root-ca-1.pem" };
const ENV_NAME: Record<CaTarget, string> = { database: CA_BUNDLE_ENV, proxy: PROXY_CA_BUNDLE_ENV };
const URL_OF: Record<CaTarget, string> = { database: RDS_GLOBAL_BUNDLE_URL, proxy: AMAZON_ROOT_CA_URL };

/** `$XDG_CONFIG_HOME/rotated-rds/<file>`, `~/.config/...` without XDG_CONFIG_HOME. */
export function defaultCaBundlePath(env: NodeJS.ProcessEnv, target: CaTarget = "database"): string {
  const base = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(env.HOME ?? os.homedir(), ".config");
  return path.join(base, "rotated-rds", FILE_NAME[target]);
}

export function caBundlePath(flag: string | undefined, env: NodeJS.ProcessEnv, target: CaTarget = "database"): string {
  return path.resolve(flag ?? env[ENV_NAME[target]] ?? defaultCaBundlePath(env, target));
}

export function downloadHint(file: string, target: CaTarget = "database"): string {
  const what = target === "proxy" ? "Amazon Root CA 1 (RDS Proxy's certificates chain to it, not to the RDS bundle)" : "the RDS global bundle";
  return `download ${what}: curl -fsSL --create-dirs -o ${file} ${URL_OF[target]}`;
}

/** The bundle path, which must exist: a client told to verify with a missing file fails less clearly. */
export function requireCaBundle(flag: string | undefined, env: NodeJS.ProcessEnv, target: CaTarget = "database"): string {
  const file = caBundlePath(flag, env, target);
  if (!fs.existsSync(file)) throw new ConfigurationError(`CA bundle ${file} not found: ${downloadHint(file, target)} (or pass --ca-bundle FILE)`);
  return file;
}
