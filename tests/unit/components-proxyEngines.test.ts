// The engine family and client password authentication each engine gets behind a proxy.
import * as assert from "assert";
import { PROXY_ENGINE_FACTS } from "../../components/proxyEngines";

describe("PROXY_ENGINE_FACTS", () => {
  it("speaks POSTGRESQL to the PostgreSQL engines and MYSQL to MySQL, MariaDB and Aurora MySQL", () => {
    assert.deepStrictEqual(Object.fromEntries(Object.entries(PROXY_ENGINE_FACTS).map(([e, f]) => [e, f.engineFamily])), {
      postgres: "POSTGRESQL", "aurora-postgresql": "POSTGRESQL", mysql: "MYSQL", "aurora-mysql": "MYSQL", mariadb: "MYSQL",
    });
  });
  it("offers SCRAM-SHA-256 to PostgreSQL clients, caching_sha2 to MySQL 8 clients and native passwords to MariaDB's", () => {
    assert.deepStrictEqual(Object.fromEntries(Object.entries(PROXY_ENGINE_FACTS).map(([e, f]) => [e, f.clientPasswordAuthType])), {
      postgres: "POSTGRES_SCRAM_SHA_256", "aurora-postgresql": "POSTGRES_SCRAM_SHA_256",
      mysql: "MYSQL_CACHING_SHA2_PASSWORD", "aurora-mysql": "MYSQL_CACHING_SHA2_PASSWORD", mariadb: "MYSQL_NATIVE_PASSWORD",
    });
  });
});
