// The CA bundle clients verify the RDS server certificate with: --ca-bundle, else
// ROTATED_RDS_CA_BUNDLE, else a fixed per-user path where the README says to put AWS's global bundle.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ConfigurationError } from "../errors";

/** AWS's bundle of every RDS certificate authority, for all regions. */
export const RDS_GLOBAL_BUNDLE_URL = "https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem";

export const CA_BUNDLE_ENV = "ROTATED_RDS_CA_BUNDLE";

/** `$XDG_CONFIG_HOME/rotated-rds/rds-global-bundle.pem`, `~/.config/...` without XDG_CONFIG_HOME. */
export function defaultCaBundlePath(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(env.HOME ?? os.homedir(), ".config");
  return path.join(base, "rotated-rds", "rds-global-bundle.pem");
}

export function caBundlePath(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  return path.resolve(flag ?? env[CA_BUNDLE_ENV] ?? defaultCaBundlePath(env));
}

export function downloadHint(file: string): string {
  return `download the RDS global bundle: curl -fsSL --create-dirs -o ${file} ${RDS_GLOBAL_BUNDLE_URL}`;
}

/** The bundle path, which must exist: a client told to verify with a missing file fails less clearly. */
export function requireCaBundle(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  const file = caBundlePath(flag, env);
  if (!fs.existsSync(file)) throw new ConfigurationError(`CA bundle ${file} not found: ${downloadHint(file)} (or pass --ca-bundle FILE)`);
  return file;
}
