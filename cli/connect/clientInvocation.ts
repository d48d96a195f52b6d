// How to start psql, mysql or mariadb logged in through a secret without the password on the command
// line or in the environment (design.md section 8): libpq reads it from a PGPASSFILE, the MySQL and
// MariaDB clients from an option file named by --defaults-extra-file, which must be their first
// argument. TLS is required with the server certificate verified. Pure: the runner writes the file.
import type { ConnectionDetails } from "../secret/connectionDetails";

export type ClientFlavour = "psql" | "mariadb" | "mysql";

export interface ClientPlan {
  /** The program, looked up on PATH. */
  program: string;
  flavour: ClientFlavour;
  /** Arguments; `{file}` stands for the credentials file's path. */
  args: string[];
  /** Variables set for the client (none holds the password). */
  env: Record<string, string>;
  /** Variables removed from the client's environment (they would carry or override a password). */
  unsetEnv: string[];
  /** The credentials file, written 0600 in a private directory. */
  file: { name: string; content: string };
}

export const FILE_PLACEHOLDER = "{file}";

/** Variables a client would take a password from instead of the file. */
const PASSWORD_VARIABLES = ["PGPASSWORD", "MYSQL_PWD"];

/** A pgpass field: `\` and `:` are escaped with a backslash. */
export function pgpassField(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/:/g, "\\:");
}

/** A double-quoted option-file value: backslash and quote escaped, as the MySQL/MariaDB option parser reads them. */
export function optionFileValue(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

export function psqlPlan(details: ConnectionDetails, caBundle: string, extraArgs: string[]): ClientPlan {
  // Any database on this host and port: psql's \c to another database finds the password too.
  const line = [details.host, String(details.port), "*", details.username, details.password].map(pgpassField).join(":");
  return {
    program: "psql",
    flavour: "psql",
    args: ["--host", details.host, "--port", String(details.port), "--username", details.username, "--dbname", details.dbname ?? "postgres", ...extraArgs],
    env: { PGPASSFILE: FILE_PLACEHOLDER, PGSSLMODE: "verify-full", PGSSLROOTCERT: caBundle },
    unsetEnv: PASSWORD_VARIABLES,
    file: { name: "pgpass", content: `${line}\n` },
  };
}

export function mysqlPlan(details: ConnectionDetails, caBundle: string, extraArgs: string[], program: string, flavour: "mariadb" | "mysql"): ClientPlan {
  const tls = flavour === "mariadb" ? ["ssl-verify-server-cert"] : ["ssl-mode=VERIFY_IDENTITY"];
  const content = [
    "[client]",
    `user=${optionFileValue(details.username)}`,
    `password=${optionFileValue(details.password)}`,
    `host=${optionFileValue(details.host)}`,
    `port=${details.port}`,
    `ssl-ca=${optionFileValue(caBundle)}`,
    ...tls,
    "",
  ].join("\n");
  return {
    program,
    flavour,
    args: [`--defaults-extra-file=${FILE_PLACEHOLDER}`, ...(details.dbname !== undefined ? [`--database=${details.dbname}`] : []), ...extraArgs],
    env: {},
    unsetEnv: PASSWORD_VARIABLES,
    file: { name: "client.cnf", content },
  };
}
