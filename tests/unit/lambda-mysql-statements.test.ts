// The exact statements the MySQL/MariaDB engine sends for each server flavour and version. No MySQL
// server runs on the build machines, so these tests are where MySQL 8.0, 8.4 and 9.x syntax is proven.
import * as assert from "node:assert/strict";
import { createHash } from "node:crypto";
import {
  DEFAULT_ROLES_SQL,
  USER_EXISTS_SQL,
  createUserStatement,
  databaseGrantStatement,
  hasDefaultRolesTable,
  nativePasswordHash,
  partialRevokesSql,
  setOwnPasswordFallback,
  setOwnPasswordStatement,
  setUserPasswordStatement,
  showGrantsStatement,
  userPasswordFallback,
  type MysqlDialect,
} from "../../rotation-lambda/engines/mysqlStatements";
import { parseServerVersion } from "../../rotation-lambda/engines/mysqlVersion";

const NORMAL = { noBackslashEscapes: false };
const NO_BACKSLASH = { noBackslashEscapes: true };
const dialect = (version: string, mode = NORMAL): MysqlDialect => ({ server: parseServerVersion(version), mode });

const MARIADB_10 = dialect("10.11.19-MariaDB-0+deb12u1-log");
const MARIADB_11 = dialect("11.4.5-MariaDB");
const MYSQL_80 = dialect("8.0.39");
const MYSQL_84 = dialect("8.4.3");
const MYSQL_9 = dialect("9.1.0");
const MYSQL_8012 = dialect("8.0.12");
const PASSWORD = "N3w-P@ss'w\\rd";
// SELECT PASSWORD('New-Pw1') on MariaDB 10.11 returned this value.
const KNOWN_HASH = "*A5CCADD7AF792F0B57BCDD7E62972FDFA62A474B";

describe("nativePasswordHash", () => {
  it("matches the server's PASSWORD() for a known password", () => {
    assert.equal(nativePasswordHash("New-Pw1"), KNOWN_HASH);
  });

  it("is '*' and 40 upper-case hex digits of SHA1(SHA1(utf-8 bytes))", () => {
    const inner = createHash("sha1").update(Buffer.from("pässwörd", "utf8")).digest();
    assert.equal(nativePasswordHash("pässwörd"), `*${createHash("sha1").update(inner).digest("hex").toUpperCase()}`);
    assert.match(nativePasswordHash(PASSWORD), /^\*[0-9A-F]{40}$/);
  });
});

describe("setOwnPasswordStatement", () => {
  for (const [name, d] of [["MariaDB 10.11", MARIADB_10], ["MariaDB 11.4", MARIADB_11]] as const) {
    it(`sends ${name} SET PASSWORD with a client-computed hash, never the plaintext`, () => {
      const statement = setOwnPasswordStatement(d, "New-Pw1");
      assert.deepEqual(statement, { sql: `SET PASSWORD = '${KNOWN_HASH}'`, carriesSecret: true });
      assert.ok(!statement.sql.includes("New-Pw1"));
    });
  }

  for (const [name, d] of [["MySQL 8.0", MYSQL_80], ["MySQL 8.4", MYSQL_84], ["MySQL 9.1", MYSQL_9]] as const) {
    it(`sends ${name} ALTER USER CURRENT_USER() IDENTIFIED BY with the password quoted`, () => {
      assert.deepEqual(setOwnPasswordStatement(d, PASSWORD), {
        sql: "ALTER USER CURRENT_USER() IDENTIFIED BY 'N3w-P@ss''w\\\\rd'",
        carriesSecret: true,
      });
    });
  }

  it("quotes the password by NO_BACKSLASH_ESCAPES rules when the session uses them", () => {
    assert.equal(setOwnPasswordStatement(dialect("8.4.3", NO_BACKSLASH), PASSWORD).sql, "ALTER USER CURRENT_USER() IDENTIFIED BY 'N3w-P@ss''w\\rd'");
  });
});

describe("setOwnPasswordFallback", () => {
  it("lets MariaDB hash the password itself when strict password validation refuses hashes (1290)", () => {
    assert.deepEqual(setOwnPasswordFallback(MARIADB_10, 1290, "New-Pw1", "old"), { sql: "SET PASSWORD = PASSWORD('New-Pw1')", carriesSecret: true });
  });

  it("lets MariaDB hash the password for an account on another plugin (1372)", () => {
    assert.equal(setOwnPasswordFallback(MARIADB_11, 1372, "New-Pw1", "old")?.sql, "SET PASSWORD = PASSWORD('New-Pw1')");
  });

  it("adds REPLACE '<current>' on MySQL 8.0.13+ when the server requires the current password (3892)", () => {
    for (const d of [MYSQL_80, MYSQL_84, MYSQL_9]) {
      assert.deepEqual(setOwnPasswordFallback(d, 3892, "New-Pw1", "Old'Pw"), {
        sql: "ALTER USER CURRENT_USER() IDENTIFIED BY 'New-Pw1' REPLACE 'Old''Pw'",
        carriesSecret: true,
      });
    }
  });

  it("has no fallback before MySQL 8.0.13, which has no REPLACE clause", () => {
    assert.equal(setOwnPasswordFallback(MYSQL_8012, 3892, "New-Pw1", "old"), undefined);
  });

  it("has no fallback for other errors", () => {
    assert.equal(setOwnPasswordFallback(MARIADB_10, 1045, "n", "o"), undefined);
    assert.equal(setOwnPasswordFallback(MYSQL_84, 1290, "n", "o"), undefined);
    assert.equal(setOwnPasswordFallback(MYSQL_84, undefined, "n", "o"), undefined);
  });
});

describe("createUserStatement and setUserPasswordStatement", () => {
  it("give MariaDB the hash (CREATE USER ... IDENTIFIED BY PASSWORD, SET PASSWORD FOR) and host '%'", () => {
    assert.deepEqual(createUserStatement(MARIADB_10, "app_clone", "New-Pw1"), {
      sql: `CREATE USER 'app_clone'@'%' IDENTIFIED BY PASSWORD '${KNOWN_HASH}'`,
      carriesSecret: true,
    });
    assert.equal(setUserPasswordStatement(MARIADB_11, "app_clone", "New-Pw1").sql, `SET PASSWORD FOR 'app_clone'@'%' = '${KNOWN_HASH}'`);
  });

  it("give MySQL 8.0, 8.4 and 9 IDENTIFIED BY with the quoted password", () => {
    for (const d of [MYSQL_80, MYSQL_84, MYSQL_9]) {
      assert.equal(createUserStatement(d, "app_clone", PASSWORD).sql, "CREATE USER 'app_clone'@'%' IDENTIFIED BY 'N3w-P@ss''w\\\\rd'");
      assert.equal(setUserPasswordStatement(d, "app_clone", PASSWORD).sql, "ALTER USER 'app_clone'@'%' IDENTIFIED BY 'N3w-P@ss''w\\\\rd'");
    }
  });

  it("quote a hostile user name as one literal", () => {
    const hostile = "x'@'%' IDENTIFIED BY 'p'; DROP USER root; -- \\";
    assert.equal(
      createUserStatement(MYSQL_84, hostile, "pw").sql,
      "CREATE USER 'x''@''%'' IDENTIFIED BY ''p''; DROP USER root; -- \\\\'@'%' IDENTIFIED BY 'pw'",
    );
    assert.equal(
      setUserPasswordStatement(dialect("10.11.2-MariaDB", NO_BACKSLASH), hostile, "New-Pw1").sql,
      `SET PASSWORD FOR 'x''@''%'' IDENTIFIED BY ''p''; DROP USER root; -- \\'@'%' = '${KNOWN_HASH}'`,
    );
  });
});

describe("userPasswordFallback", () => {
  it("sends MariaDB the plaintext only when strict password validation refuses the hash (1290)", () => {
    assert.equal(userPasswordFallback(MARIADB_10, 1290, "create", "u", "New-Pw1")?.sql, "CREATE USER 'u'@'%' IDENTIFIED BY 'New-Pw1'");
    assert.equal(userPasswordFallback(MARIADB_10, 1290, "set", "u", "New-Pw1")?.sql, "SET PASSWORD FOR 'u'@'%' = PASSWORD('New-Pw1')");
  });

  it("lets MariaDB hash for the account's own plugin when it is not mysql_native_password (1372)", () => {
    assert.equal(userPasswordFallback(MARIADB_11, 1372, "set", "u", "New-Pw1")?.sql, "SET PASSWORD FOR 'u'@'%' = PASSWORD('New-Pw1')");
  });

  it("has no fallback for other errors or for MySQL", () => {
    assert.equal(userPasswordFallback(MARIADB_10, 1396, "create", "u", "New-Pw1"), undefined);
    assert.equal(userPasswordFallback(MARIADB_10, 1372, "create", "u", "New-Pw1"), undefined);
    assert.equal(userPasswordFallback(MYSQL_84, 1290, "create", "u", "New-Pw1"), undefined);
    assert.equal(userPasswordFallback(MYSQL_84, 1290, "set", "u", "New-Pw1"), undefined);
  });
});

describe("grant lookups", () => {
  it("bind the user name as a parameter of a prepared statement", () => {
    assert.equal(USER_EXISTS_SQL, "SELECT COUNT(*) AS n FROM mysql.user WHERE User = ? AND Host = '%'");
    assert.match(DEFAULT_ROLES_SQL, /WHERE USER = \? AND HOST = '%'/);
  });

  it("write SHOW GRANTS FOR with the quoted account", () => {
    assert.equal(showGrantsStatement(MYSQL_9, "o'neil"), "SHOW GRANTS FOR 'o''neil'@'%'");
  });

  it("read default roles from mysql.default_roles on MySQL 8+ only", () => {
    assert.equal(hasDefaultRolesTable(MYSQL_80.server), true);
    assert.equal(hasDefaultRolesTable(MYSQL_9.server), true);
    assert.equal(hasDefaultRolesTable(dialect("5.7.44").server), false);
    assert.equal(hasDefaultRolesTable(MARIADB_11.server), false);
  });
});

describe("databaseGrantStatement", () => {
  it("escapes the wildcards _ and % so the grant covers exactly the named database", () => {
    assert.equal(databaseGrantStatement(MARIADB_10, "app", "my_app%", false), "GRANT ALL PRIVILEGES ON `my\\_app\\%`.* TO 'app'@'%'");
    assert.equal(databaseGrantStatement(MYSQL_84, "app", "we`ird\\db", false), "GRANT ALL PRIVILEGES ON `we``ird\\\\db`.* TO 'app'@'%'");
  });

  it("leaves the name as is where the server reads it literally (MySQL with partial_revokes=ON)", () => {
    assert.equal(databaseGrantStatement(MYSQL_9, "o'neil", "my_app", true), "GRANT ALL PRIVILEGES ON `my_app`.* TO 'o''neil'@'%'");
  });
});

describe("partialRevokesSql", () => {
  it("asks MySQL 8.0.16+ only", () => {
    assert.equal(partialRevokesSql(MYSQL_80.server), "SELECT @@GLOBAL.partial_revokes AS enabled");
    assert.equal(partialRevokesSql(MYSQL_9.server), "SELECT @@GLOBAL.partial_revokes AS enabled");
    assert.equal(partialRevokesSql(dialect("8.0.15").server), undefined);
    assert.equal(partialRevokesSql(MARIADB_11.server), undefined);
  });
});
