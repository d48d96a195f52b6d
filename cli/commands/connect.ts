// `connect [-- client args]`: runs psql, or mysql/mariadb, logged in through the secret.
import { execFileSync } from "child_process";
import { engineFamily, type EngineFamily } from "../../rotation-lambda/contract";
import { requireCaBundle } from "../connect/caBundle";
import { mysqlPlan, psqlPlan, type ClientPlan } from "../connect/clientInvocation";
import { findOnPath, runClient } from "../connect/runClient";
import type { CommandContext } from "../context";
import { BadArgumentError, ClientNotInstalledError } from "../errors";
import { connectionTarget, detailsFor, isProxyTarget, iamTokenHint, type TargetFlags } from "../secret/connectionTarget";
import { readConnectionDetails } from "../secret/readSecret";

export interface ConnectFlags extends TargetFlags {
  caBundle?: string;
}

/** Which programs serve an engine family (Aurora's engines are PostgreSQL's and MySQL's), in order of preference. */
const PROGRAMS: Record<EngineFamily, string[]> = { postgres: ["psql"], mysql: ["mysql", "mariadb"] };
/** A MariaDB secret prefers MariaDB's own client. */
const MARIADB_PROGRAMS = ["mariadb", "mysql"];

const INSTALL_HINT: Record<EngineFamily, string> = {
  postgres: "install the PostgreSQL client (Debian/Ubuntu: apt-get install postgresql-client; macOS: brew install libpq)",
  mysql: "install a MySQL or MariaDB client (Debian/Ubuntu: apt-get install mariadb-client; macOS: brew install mysql-client or mariadb)",
};

/** MariaDB's client and Oracle's take different TLS options: ask the binary which it is. */
function flavourOf(executable: string): "mariadb" | "mysql" {
  try {
    return /MariaDB/i.test(execFileSync(executable, ["--version"], { encoding: "utf8", timeout: 5000 })) ? "mariadb" : "mysql";
  } catch {
    return "mariadb";
  }
}

export async function connectCommand(ctx: CommandContext, flags: ConnectFlags, clientArgs: string[]): Promise<number> {
  const secret = await readConnectionDetails(ctx.aws, ctx.secretId());
  const target = connectionTarget(secret, ctx.endpoints(), flags);
  if (target.iamAuth) {
    throw new BadArgumentError(
      `proxy ${target.host} requires IAM authentication, and connect logs in with the secret's password: use --via direct, or run the client yourself with a token as the password (${iamTokenHint(target, secret.username)})`,
    );
  }
  const details = detailsFor(secret, target);
  const family = engineFamily(details.engine) ?? "postgres";
  const programs = details.engine === "mariadb" ? MARIADB_PROGRAMS : PROGRAMS[family];
  let executable: string | undefined;
  let program = programs[0];
  for (const p of programs) {
    executable = findOnPath(p, ctx.io.env);
    if (executable) {
      program = p;
      break;
    }
  }
  if (!executable) throw new ClientNotInstalledError(`${programs.join(" or ")} is not installed (not on PATH): ${INSTALL_HINT[family]}`);
  const caBundle = requireCaBundle(flags.caBundle, ctx.io.env, isProxyTarget(target) ? "proxy" : "database");
  const plan: ClientPlan = family === "postgres" ? psqlPlan(details, caBundle, clientArgs) : mysqlPlan(details, caBundle, clientArgs, program, flavourOf(executable));
  return runClient(plan, executable, { env: ctx.io.env, stdio: ctx.deps.clientStdio, stdout: ctx.io.stdout, stderr: ctx.io.stderr });
}
