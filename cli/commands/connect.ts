// `connect [-- client args]`: runs psql, or mysql/mariadb, logged in through the secret.
import { execFileSync } from "child_process";
import { requireCaBundle } from "../connect/caBundle";
import { mysqlPlan, psqlPlan, type ClientPlan } from "../connect/clientInvocation";
import { findOnPath, runClient } from "../connect/runClient";
import type { CommandContext } from "../context";
import { ClientNotInstalledError } from "../errors";
import type { ConnectionDetails } from "../secret/connectionDetails";
import { readConnectionDetails } from "../secret/readSecret";

export interface ConnectFlags {
  caBundle?: string;
}

/** Which programs serve an engine, in order of preference. */
const PROGRAMS: Record<ConnectionDetails["engine"], string[]> = {
  postgres: ["psql"],
  mysql: ["mysql", "mariadb"],
  mariadb: ["mariadb", "mysql"],
  "aurora-postgresql": ["psql"],
  "aurora-mysql": ["mysql", "mariadb"],
  aurora: ["mysql", "mariadb"],
};

const INSTALL_HINT: Record<ConnectionDetails["engine"], string> = {
  postgres: "install the PostgreSQL client (Debian/Ubuntu: apt-get install postgresql-client; macOS: brew install libpq)",
  mysql: "install a MySQL or MariaDB client (Debian/Ubuntu: apt-get install mariadb-client; macOS: brew install mysql-client)",
  mariadb: "install the MariaDB client (Debian/Ubuntu: apt-get install mariadb-client; macOS: brew install mariadb)",
  "aurora-postgresql": "install the PostgreSQL client (Debian/Ubuntu: apt-get install postgresql-client; macOS: brew install libpq)",
  "aurora-mysql": "install a MySQL or MariaDB client (Debian/Ubuntu: apt-get install mariadb-client; macOS: brew install mysql-client)",
  aurora: "install a MySQL or MariaDB client (Debian/Ubuntu: apt-get install mariadb-client; macOS: brew install mysql-client)",
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
  const details = await readConnectionDetails(ctx.aws, ctx.secretId());
  const programs = PROGRAMS[details.engine];
  let executable: string | undefined;
  let program = programs[0];
  for (const p of programs) {
    executable = findOnPath(p, ctx.io.env);
    if (executable) {
      program = p;
      break;
    }
  }
  if (!executable) throw new ClientNotInstalledError(`${programs.join(" or ")} is not installed (not on PATH): ${INSTALL_HINT[details.engine]}`);
  const caBundle = requireCaBundle(flags.caBundle, ctx.io.env);
  const plan: ClientPlan = details.engine === "postgres" ? psqlPlan(details, caBundle, clientArgs) : mysqlPlan(details, caBundle, clientArgs, program, flavourOf(executable));
  return runClient(plan, executable, { env: ctx.io.env, stdio: ctx.deps.clientStdio, stdout: ctx.io.stdout, stderr: ctx.io.stderr });
}
