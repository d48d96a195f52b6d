// Excluded from this repository's tsconfig: it imports "rotated-rds/client" as an installed consumer does.
// An application of the package's client, as a consumer writes it: copied into the throwaway consumer
// project by package.test.ts, type-checked there against the installed package and the drivers' own
// types, then run. Secrets Manager is a stand-in (no network): what is checked is that the installed
// rotated-rds/client resolves, reads a login through its real code, and hands back real driver pools.
import { Pool } from "pg";
import { SecretCredentials, createMysqlPool, createPgPool, isAuthenticationError, type SecretsManagerSender } from "rotated-rds/client";

type Command = { constructor: { name: string }; input: { VersionId?: string } };

export async function main(): Promise<Record<string, unknown>> {
  const calls: string[] = [];
  const value = { engine: "postgres", host: "db.example.internal", port: 5432, username: "app", password: "consumer-test-password-0", dbname: "app" };
  const fake = {
    async send(command: Command): Promise<unknown> {
      calls.push(command.constructor.name);
      if (command.constructor.name === "DescribeSecretCommand") return { VersionIdsToStages: { "v-current": ["AWSCURRENT"] } };
      if (command.constructor.name === "GetSecretValueCommand" && command.input.VersionId === "v-current") {
        return { VersionId: "v-current", VersionStages: ["AWSCURRENT"], SecretString: JSON.stringify(value) };
      }
      throw new Error(`unexpected ${command.constructor.name}`);
    },
  } as unknown as SecretsManagerSender;

  const credentials = new SecretCredentials({ secretId: "arn:aws:secretsmanager:us-east-1:123456789012:secret:app-AbCdEf", client: fake });
  const login = await credentials.get();
  const pg = createPgPool({ credentials, max: 1 });
  const mysql = createMysqlPool({ credentials, connectionLimit: 1 });
  const mysqlPoolApi = (["query", "execute", "getConnection", "end"] as const).filter((m) => typeof mysql[m] === "function").sort();
  await pg.end();
  await mysql.end();
  const client = await import("rotated-rds/client");
  return {
    resolvedFrom: require.resolve("rotated-rds/client"),
    exports: Object.fromEntries((["SecretCredentials", "createPgPool", "createMysqlPool", "isAuthenticationError"] as const).map((n) => [n, typeof client[n]])),
    login: { versionId: login.versionId, engine: login.engine, username: login.username, host: login.host },
    calls,
    pgPoolIsPgPool: pg instanceof Pool,
    mysqlPoolApi,
    authenticationErrors: [
      isAuthenticationError(Object.assign(new Error("refused"), { code: "28P01" })),
      isAuthenticationError(new Error("wrapped", { cause: Object.assign(new Error("denied"), { errno: 1045 }) })),
      isAuthenticationError(new Error("password authentication failed for user")),
    ],
  };
}
