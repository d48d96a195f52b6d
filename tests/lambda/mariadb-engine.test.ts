// The MySQL/MariaDB engine against a real MariaDB (Debian's mariadb-server, TLS with a throwaway CA,
// general log on): own-password changes without privileges, users and
// exact privilege copies for alternating users, hostile names under both sql_mode quoting rules, and
// no password in the server's general log. MySQL syntax is covered by the unit tests
// (tests/unit/lambda-mysql-statements.test.ts): no MySQL server can be installed on these machines.
import * as assert from "node:assert/strict";
import { createConnection } from "mysql2/promise";
import { mysqlEngine } from "../../rotation-lambda/engines/mysql";
import { AuthenticationError, DatabaseOperationError } from "../../rotation-lambda/errors";
import { assertLogSearch, createTestCertificates, removeTestCertificates, requireService, secretNeedles, type TestCertificates } from "../services";
import { MARIADB_INSTALL, startMariadb, type MariadbService } from "../services/mariadb";
import { asAdmin, createFixtureUser, engineOptions, issuedPasswords, login, newPassword, normalizedGrants, rejection, withSession } from "./mariadbHelpers";

describe("MySQL/MariaDB engine against MariaDB", function () {
  this.timeout(120_000);
  let certs: TestCertificates | undefined;
  let svc: MariadbService;

  before(async function () {
    certs = createTestCertificates();
    svc = await requireService(this, "MariaDB", MARIADB_INSTALL, () => startMariadb({ certs }));
    await asAdmin(svc, async (c) => {
      await c.query("CREATE DATABASE shop");
      await c.query("CREATE TABLE shop.items (id INT PRIMARY KEY, name VARCHAR(20), price INT)");
      await c.query("INSERT INTO shop.items VALUES (1, 'tea', 3)");
      await c.query("CREATE ROLE reader");
      await c.query("GRANT SELECT ON shop.* TO reader");
    });
  });

  after(async () => {
    await svc?.stop();
    removeTestCertificates(certs);
  });

  describe("login", () => {
    it("logs in over verified TLS and runs a query", async () => {
      await withSession(svc, svc.user, svc.password, (s) => s.ping());
      await svc.flushLog();
      assert.match(svc.generalLog?.() ?? "", /Connect\s+admin@127\.0\.0\.1 on\s+using SSL\/TLS/);
    });

    it("rejects a wrong password with an AuthenticationError that names the user, not the password", async () => {
      const wrong = newPassword();
      const error = await rejection(login(svc, svc.user, wrong), AuthenticationError);
      assert.equal(error.message, `login as "admin" to 127.0.0.1:${svc.port} was refused (ER_ACCESS_DENIED_ERROR 1045)`);
    });

    it("rejects an unknown database after authentication with a DatabaseOperationError", async () => {
      const login = { host: svc.host, port: svc.port, username: svc.user, password: svc.password, dbname: "nope" };
      const error = await rejection(mysqlEngine.connect(login, engineOptions(svc)), DatabaseOperationError);
      assert.match(error.message, /failed after authentication \(ER_BAD_DB_ERROR 1049\)$/);
    });
  });

  describe("setOwnPassword (single-user)", () => {
    it("lets an account without any privilege change its own password; the old one stops working", async () => {
      const [first, second] = [newPassword(), newPassword()];
      await createFixtureUser(svc, "solo", first);
      await withSession(svc, "solo", first, (s) => s.setOwnPassword(second));
      await withSession(svc, "solo", second, (s) => s.ping());
      await rejection(login(svc, "solo", first), AuthenticationError);
      assert.deepEqual(await normalizedGrants(svc, "solo"), ["GRANT USAGE ON *.* TO <user>@`%`"]);
    });

    it("is idempotent: setting the same password again keeps it working", async () => {
      const [first, second] = [newPassword(), newPassword()];
      await createFixtureUser(svc, "solo_twice", first);
      await withSession(svc, "solo_twice", first, (s) => s.setOwnPassword(second));
      await withSession(svc, "solo_twice", second, (s) => s.setOwnPassword(second));
      await withSession(svc, "solo_twice", second, (s) => s.ping());
    });

    it("reports an account on a plugin mysql2 cannot speak (ed25519) as an AuthenticationError", async () => {
      // Fixture password sent in plaintext on purpose (ed25519 takes no client hash); not an issued one.
      await asAdmin(svc, async (c) => {
        await c.query("INSTALL SONAME 'auth_ed25519'");
        await c.query("CREATE USER 'ed'@'%' IDENTIFIED VIA ed25519 USING PASSWORD('Ed-fixture-1')");
      });
      const error = await rejection(login(svc, "ed", "Ed-fixture-1"), AuthenticationError);
      assert.match(error.message, /authentication plugin is not supported \(AUTH_SWITCH_PLUGIN_ERROR\)$/);
    });
  });

  describe("users and privileges (alternating-users, as master)", () => {
    const appPassword = newPassword();

    before(async () => {
      await createFixtureUser(svc, "app", appPassword);
      await asAdmin(svc, async (c) => {
        await c.query("GRANT SELECT, INSERT ON shop.* TO 'app'@'%' WITH GRANT OPTION");
        await c.query("GRANT UPDATE (name, price) ON shop.items TO 'app'@'%'");
        await c.query("GRANT reader TO 'app'@'%'");
        await c.query("SET DEFAULT ROLE reader FOR 'app'@'%'");
        await c.query("GRANT USAGE ON *.* TO 'app'@'%' REQUIRE SSL WITH MAX_USER_CONNECTIONS 20");
      });
    });

    it("creates a missing clone with host '%' and a password that works", async () => {
      const clonePassword = newPassword();
      await withSession(svc, svc.user, svc.password, async (master) => {
        assert.equal(await master.userExists("app_clone"), false);
        await master.createOrUpdateUser("app_clone", clonePassword);
        assert.equal(await master.userExists("app_clone"), true);
      });
      await withSession(svc, "app_clone", clonePassword, (s) => s.ping());
    });

    it("copies every grant, WITH GRANT OPTION, column grants, roles, the default role and REQUIRE SSL", async () => {
      await withSession(svc, svc.user, svc.password, (master) => master.copyPrivileges("app", "app_clone"));
      assert.deepEqual(await normalizedGrants(svc, "app_clone"), await normalizedGrants(svc, "app"));
      assert.ok((await normalizedGrants(svc, "app_clone")).includes("GRANT SELECT, INSERT ON `shop`.* TO <user>@`%` WITH GRANT OPTION"));
    });

    it("lets both users work with their own passwords after the copy", async () => {
      const clonePassword = newPassword();
      await withSession(svc, svc.user, svc.password, (master) => master.createOrUpdateUser("app_clone", clonePassword));
      for (const [user, password] of [["app", appPassword], ["app_clone", clonePassword]]) {
        const connection = await createConnection({
          host: svc.host,
          port: svc.port,
          user,
          password,
          ssl: { ca: svc.caPem, rejectUnauthorized: true },
        });
        try {
          const [rows] = await connection.query("SELECT name FROM shop.items WHERE id = 1");
          assert.deepEqual(rows, [{ name: "tea" }], user);
        } finally {
          await connection.end();
        }
      }
    });

    it("changes only the password of an existing user, leaving its grants", async () => {
      const before = await normalizedGrants(svc, "app_clone");
      const [oldPassword, nextPassword] = [newPassword(), newPassword()];
      await withSession(svc, svc.user, svc.password, (master) => master.createOrUpdateUser("app_clone", oldPassword));
      await withSession(svc, svc.user, svc.password, (master) => master.createOrUpdateUser("app_clone", nextPassword));
      await rejection(login(svc, "app_clone", oldPassword), AuthenticationError);
      await withSession(svc, "app_clone", nextPassword, (s) => s.ping());
      assert.deepEqual(await normalizedGrants(svc, "app_clone"), before);
    });

    it("brings a later grant to the clone on the next copy, keeping what the clone has of its own", async () => {
      await asAdmin(svc, async (c) => {
        await c.query("GRANT DELETE ON shop.* TO 'app'@'%'");
        await c.query("GRANT SELECT ON mysql.db TO 'app_clone'@'%'");
      });
      await withSession(svc, svc.user, svc.password, (master) => master.copyPrivileges("app", "app_clone"));
      const grants = await normalizedGrants(svc, "app_clone");
      assert.ok(grants.includes("GRANT SELECT, INSERT, DELETE ON `shop`.* TO <user>@`%` WITH GRANT OPTION"), grants.join("\n"));
      assert.ok(grants.includes("GRANT SELECT ON `mysql`.`db` TO <user>@`%`"), grants.join("\n"));
    });

    it("copies back from the clone to the original (the next flip): a grant made to either user reaches the other", async () => {
      await withSession(svc, svc.user, svc.password, (master) => master.copyPrivileges("app_clone", "app"));
      assert.deepEqual(await normalizedGrants(svc, "app"), await normalizedGrants(svc, "app_clone"));
      assert.ok((await normalizedGrants(svc, "app")).includes("GRANT SELECT ON `mysql`.`db` TO <user>@`%`"));
    });

    it("does not set a default role the source no longer holds", async () => {
      await createFixtureUser(svc, "role_target", newPassword());
      await asAdmin(svc, (c) => c.query("REVOKE reader FROM 'app'@'%'"));
      await withSession(svc, svc.user, svc.password, (master) => master.copyPrivileges("app", "role_target"));
      const grants = await normalizedGrants(svc, "role_target");
      assert.ok(!grants.some((g) => g.includes("`reader`")), grants.join("\n"));
      await asAdmin(svc, (c) => c.query("GRANT reader TO 'app'@'%'"));
    });

    it("gives a first user exactly its database, not others its name matches as a pattern", async () => {
      const password = newPassword();
      await asAdmin(svc, async (c) => {
        await c.query("CREATE DATABASE my_app");
        await c.query("CREATE DATABASE myXapp");
      });
      await withSession(svc, svc.user, svc.password, async (master) => {
        await master.createOrUpdateUser("first_user", password);
        await master.grantDatabaseAccess("first_user", "my_app");
      });
      const grants = await normalizedGrants(svc, "first_user");
      assert.ok(grants.includes("GRANT ALL PRIVILEGES ON `my\\_app`.* TO <user>@`%`"), grants.join("\n"));
      await withSession(svc, "first_user", password, (s) => s.ping());
      const connect = async (database: string) =>
        createConnection({ host: svc.host, port: svc.port, user: "first_user", password, database, ssl: { ca: svc.caPem } });
      await (await connect("my_app")).end();
      await assert.rejects(connect("myXapp"), { code: "ER_DBACCESS_DENIED_ERROR" });
    });

    it("refuses to copy from a user that does not exist", async () => {
      const error = await withSession(svc, svc.user, svc.password, (master) => rejection(master.copyPrivileges("ghost", "app_clone"), DatabaseOperationError));
      assert.equal(error.message, `user "ghost"@'%' does not exist`);
    });
  });

  describe("hostile user names", () => {
    // `?` checks that no client-side placeholder substitution touches the engine's own statements.
    const HOSTILE = ["evil'; DROP DATABASE shop; --", "x`y'); DROP USER 'admin'@'%'; #", "back\\slash\\' OR '1'='1", "what?'?? ?; SELECT 1 /*"];

    async function roundTrip(name: string): Promise<void> {
      const [first, second] = [newPassword(), newPassword()];
      await withSession(svc, svc.user, svc.password, async (master) => {
        assert.equal(await master.userExists(name), false);
        await master.createOrUpdateUser(name, first);
        assert.equal(await master.userExists(name), true);
        await master.copyPrivileges("app", name);
      });
      await withSession(svc, name, first, (s) => s.setOwnPassword(second));
      await withSession(svc, name, second, (s) => s.ping());
      const [users] = await asAdmin(svc, (c) => c.query("SELECT User FROM mysql.user WHERE User = ?", [name]));
      assert.deepEqual(users, [{ User: name }]);
      assert.deepEqual(await normalizedGrants(svc, name), await normalizedGrants(svc, "app"));
    }

    async function assertNothingExecuted(): Promise<void> {
      const [databases] = await asAdmin(svc, (c) => c.query("SHOW DATABASES LIKE 'shop'"));
      assert.equal((databases as unknown[]).length, 1);
      await withSession(svc, svc.user, svc.password, (s) => s.ping());
    }

    for (const name of HOSTILE) {
      it(`quotes ${JSON.stringify(name)} as data, never as SQL`, async () => {
        await roundTrip(name);
        await assertNothingExecuted();
      });
    }

    it("quotes by NO_BACKSLASH_ESCAPES rules when the server runs with them", async () => {
      await asAdmin(svc, (c) => c.query("SET GLOBAL sql_mode = CONCAT(@@GLOBAL.sql_mode, ',NO_BACKSLASH_ESCAPES')"));
      try {
        await roundTrip("nbe\\' OR 1=1; DROP DATABASE shop; -- \\");
      } finally {
        await asAdmin(svc, (c) => c.query("SET GLOBAL sql_mode = REPLACE(@@GLOBAL.sql_mode, 'NO_BACKSLASH_ESCAPES', '')"));
      }
      await assertNothingExecuted();
    });
  });

  describe("the general log", () => {
    it("never contains a password the engine was given", async () => {
      const marker = await svc.flushLog();
      assert.ok(issuedPasswords.length >= 15, `checked ${issuedPasswords.length} passwords`);
      assertLogSearch({
        source: "the MariaDB general log",
        log: svc.generalLog?.() ?? "",
        // The marker has a quote, a double quote and a backslash, as the issued passwords do, and
        // reached the log as an escaped literal: finding it shows a leaked password would be found.
        mustFind: [
          { name: "the flush marker", value: marker },
          { name: "the engine's SET PASSWORD with a hash", value: /SET PASSWORD = '\*[0-9A-F]{40}'/ },
        ],
        mustNotFind: secretNeedles("issued password", issuedPasswords),
      });
    });
  });
});
