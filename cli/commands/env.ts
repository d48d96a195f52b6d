// `env`: client environment variables as shell exports, a dotenv file or JSON.
import { caBundlePath } from "../connect/caBundle";
import type { CommandContext } from "../context";
import { BadArgumentError } from "../errors";
import { environmentVariables, ENV_FORMATS, renderEnvironment, type EnvFormat } from "../secret/environment";
import { connectionTarget, detailsFor, isProxyTarget, iamAuthNote, type TargetFlags } from "../secret/connectionTarget";
import { readConnectionDetails } from "../secret/readSecret";
import { PASSWORD_WARNING } from "./url";

export interface EnvFlags extends TargetFlags {
  showPassword?: boolean;
  format?: string;
  caBundle?: string;
}

export async function envCommand(ctx: CommandContext, flags: EnvFlags): Promise<number> {
  const format = (flags.format ?? (ctx.output === "json" ? "json" : "shell")) as EnvFormat;
  if (!ENV_FORMATS.includes(format)) throw new BadArgumentError(`--format must be one of ${ENV_FORMATS.join(", ")}, got ${JSON.stringify(flags.format)}`);
  const details = await readConnectionDetails(ctx.aws, ctx.secretId());
  const target = connectionTarget(details, ctx.endpoints(), flags);
  const caBundle = caBundlePath(flags.caBundle, ctx.io.env, isProxyTarget(target) ? "proxy" : "database");
  const vars = environmentVariables(detailsFor(details, target), { showPassword: flags.showPassword === true, caBundle });
  if (target.iamAuth) ctx.io.stderr.write(iamAuthNote(target, details.username));
  if (flags.showPassword) ctx.io.stderr.write(PASSWORD_WARNING);
  ctx.io.stdout.write(renderEnvironment(vars, format));
  return 0;
}
