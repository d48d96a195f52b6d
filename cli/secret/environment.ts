// Environment variables for a database client, from a secret: libpq's PG* variables, or the MySQL
// equivalents, rendered as shell `export` lines, a dotenv file or JSON. The password is left out
// unless asked for.
import { engineFamily } from "../../rotation-lambda/contract";
import type { ConnectionDetails } from "./connectionDetails";

export type EnvFormat = "shell" | "dotenv" | "json";
export const ENV_FORMATS: readonly EnvFormat[] = ["shell", "dotenv", "json"];

export interface EnvOptions {
  showPassword: boolean;
  caBundle: string;
}

/**
 * The variables, in a fixed order. PostgreSQL: every one is read by libpq (psql, pg_dump, most
 * drivers). MySQL/MariaDB: the mysql and mariadb clients read MYSQL_HOST, MYSQL_TCP_PORT and
 * MYSQL_PWD; MYSQL_USER, MYSQL_DATABASE, MYSQL_SSL_MODE and MYSQL_SSL_CA are the names applications
 * and container images commonly read.
 */
export function environmentVariables(details: ConnectionDetails, options: EnvOptions): [string, string][] {
  if (engineFamily(details.engine) === "postgres") {
    const vars: [string, string][] = [
      ["PGHOST", details.host],
      ["PGPORT", String(details.port)],
      ["PGUSER", details.username],
      ["PGDATABASE", details.dbname ?? "postgres"],
      ["PGSSLMODE", "verify-full"],
      ["PGSSLROOTCERT", options.caBundle],
    ];
    if (options.showPassword) vars.push(["PGPASSWORD", details.password]);
    return vars;
  }
  const vars: [string, string][] = [
    ["MYSQL_HOST", details.host],
    ["MYSQL_TCP_PORT", String(details.port)],
    ["MYSQL_USER", details.username],
  ];
  if (details.dbname !== undefined) vars.push(["MYSQL_DATABASE", details.dbname]);
  vars.push(["MYSQL_SSL_MODE", "VERIFY_IDENTITY"], ["MYSQL_SSL_CA", options.caBundle]);
  if (options.showPassword) vars.push(["MYSQL_PWD", details.password]);
  return vars;
}

function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

function dotenvQuote(value: string): string {
  return /^[A-Za-z0-9_./:@%+,-]*$/.test(value) ? value : `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n").replace(/\$/g, "\\$")}"`;
}

export function renderEnvironment(vars: [string, string][], format: EnvFormat): string {
  switch (format) {
    case "shell":
      return vars.map(([k, v]) => `export ${k}=${shellQuote(v)}\n`).join("");
    case "dotenv":
      return vars.map(([k, v]) => `${k}=${dotenvQuote(v)}\n`).join("");
    case "json":
      return `${JSON.stringify(Object.fromEntries(vars), null, 2)}\n`;
  }
}
