// `url`: a connection URL with certificate verification; the password only with --show-password.
import { caBundlePath } from "../connect/caBundle";
import type { CommandContext } from "../context";
import { connectionTarget, detailsFor, isProxyTarget, iamAuthNote, type TargetFlags } from "../secret/connectionTarget";
import { connectionUrl } from "../secret/connectionUrl";
import { readConnectionDetails } from "../secret/readSecret";

export interface UrlFlags extends TargetFlags {
  showPassword?: boolean;
  caBundle?: string;
}

export const PASSWORD_WARNING = "warning: the output holds the database password; it stays valid until the next rotation. Do not paste it into shared places.\n";

export async function urlCommand(ctx: CommandContext, flags: UrlFlags): Promise<number> {
  const details = await readConnectionDetails(ctx.aws, ctx.secretId());
  const target = connectionTarget(details, ctx.endpoints(), flags);
  const caBundle = caBundlePath(flags.caBundle, ctx.io.env, isProxyTarget(target) ? "proxy" : "database");
  const url = connectionUrl(detailsFor(details, target), { showPassword: flags.showPassword === true, caBundle });
  if (target.iamAuth) ctx.io.stderr.write(iamAuthNote(target, details.username));
  if (flags.showPassword) ctx.io.stderr.write(PASSWORD_WARNING);
  ctx.io.stdout.write(ctx.output === "json" ? `${JSON.stringify({ url }, null, 2)}\n` : `${url}\n`);
  return 0;
}
