// What differs between engines behind an RDS Proxy: the engine family the proxy speaks and the
// password authentication it offers clients. One table, like engines.ts; sources in docs/proxy.md.
import type { AnyEngine } from "./types";

/** CreateDBProxy EngineFamily. */
export type ProxyEngineFamily = "POSTGRESQL" | "MYSQL";

/** UserAuthConfig ClientPasswordAuthType values this package uses. */
export type ProxyClientPasswordAuthType = "POSTGRES_SCRAM_SHA_256" | "MYSQL_CACHING_SHA2_PASSWORD" | "MYSQL_NATIVE_PASSWORD";

export interface ProxyEngineFacts {
  engineFamily: ProxyEngineFamily;
  /**
   * How clients prove the password to the proxy (with `iamAuth` the token takes the password's
   * place). The strongest each engine's clients speak: SCRAM-SHA-256 for PostgreSQL (RDS's
   * default, and what the database itself uses since RDS for PostgreSQL 14); caching_sha2_password
   * for MySQL 8.0+ and Aurora MySQL 3 (RDS's default, and MySQL 8.4 disables mysql_native_password);
   * mysql_native_password for MariaDB, whose server and clients have no caching_sha2_password.
   */
  clientPasswordAuthType: ProxyClientPasswordAuthType;
}

/** Facts per engine. */
export const PROXY_ENGINE_FACTS: Record<AnyEngine, ProxyEngineFacts> = {
  postgres: { engineFamily: "POSTGRESQL", clientPasswordAuthType: "POSTGRES_SCRAM_SHA_256" },
  "aurora-postgresql": { engineFamily: "POSTGRESQL", clientPasswordAuthType: "POSTGRES_SCRAM_SHA_256" },
  mysql: { engineFamily: "MYSQL", clientPasswordAuthType: "MYSQL_CACHING_SHA2_PASSWORD" },
  "aurora-mysql": { engineFamily: "MYSQL", clientPasswordAuthType: "MYSQL_CACHING_SHA2_PASSWORD" },
  mariadb: { engineFamily: "MYSQL", clientPasswordAuthType: "MYSQL_NATIVE_PASSWORD" },
};
