// Grant copying for alternating users on MySQL/MariaDB: SHOW GRANTS lines as MariaDB 10.11 and
// MySQL 8.0/8.4/9 print them, rewritten for the clone with every option kept and nothing else added.
import * as assert from "node:assert/strict";
import { parseGrantLine, planPrivilegeCopy, type PrivilegeCopyInput } from "../../rotation-lambda/engines/mysqlGrants";

const NORMAL = { noBackslashEscapes: false };
const NO_BACKSLASH = { noBackslashEscapes: true };
const HASH = "*2B602296A79E0A8784ACC5C88D92E46588CCA3C3";

const plan = (input: Partial<PrivilegeCopyInput> & Pick<PrivilegeCopyInput, "sourceGrants">) =>
  planPrivilegeCopy({ flavour: "mariadb", mode: NORMAL, fromUser: "app", toUser: "app_clone", ...input });

describe("parseGrantLine", () => {
  it("reads privileges per column, the object and WITH GRANT OPTION", () => {
    const line = parseGrantLine("GRANT SELECT (`a`), UPDATE (`a`, `b`), INSERT ON `d1`.`t` TO `app`@`%` WITH GRANT OPTION", NORMAL);
    assert.equal(line.kind, "grant");
    assert.equal(line.user, "app");
    assert.equal(line.host, "%");
    assert.deepEqual(
      line.items.map((i) => (i.type === "privilege" ? `${i.privilege} ON ${i.object}` : i.type)),
      ["SELECT (`a`) ON `d1`.`t`", "UPDATE (`a`) ON `d1`.`t`", "UPDATE (`b`) ON `d1`.`t`", "INSERT ON `d1`.`t`", "GRANT OPTION ON `d1`.`t`"],
    );
  });

  it("drops MariaDB's IDENTIFIED BY PASSWORD clause but keeps REQUIRE and resource limits", () => {
    const line = parseGrantLine(`GRANT USAGE ON *.* TO \`app\`@\`%\` IDENTIFIED BY PASSWORD '${HASH}' REQUIRE SSL WITH MAX_QUERIES_PER_HOUR 100`, NORMAL);
    assert.equal(line.rewriteFor("'c'@'%'"), "GRANT USAGE ON *.* TO 'c'@'%' REQUIRE SSL WITH MAX_QUERIES_PER_HOUR 100");
    assert.deepEqual(line.items, []);
  });

  it("drops an IDENTIFIED VIA clause with several plugins", () => {
    const line = parseGrantLine("GRANT ALL PRIVILEGES ON *.* TO `app`@`%` IDENTIFIED VIA ed25519 USING 'abc' OR unix_socket WITH GRANT OPTION", NORMAL);
    assert.equal(line.rewriteFor("'c'@'%'"), "GRANT ALL PRIVILEGES ON *.* TO 'c'@'%' WITH GRANT OPTION");
  });

  it("skips a bare GRANT USAGE, which only says the account exists", () => {
    assert.equal(parseGrantLine("GRANT USAGE ON *.* TO `app`@`%`", NORMAL).rewriteFor("'c'@'%'"), undefined);
    assert.equal(parseGrantLine(`GRANT USAGE ON *.* TO \`app\`@\`%\` IDENTIFIED BY PASSWORD '${HASH}'`, NORMAL).rewriteFor("'c'@'%'"), undefined);
  });

  it("reads MySQL role grants with WITH ADMIN OPTION", () => {
    const line = parseGrantLine("GRANT `r1`@`%`,`r2`@`localhost` TO `app`@`%` WITH ADMIN OPTION", NORMAL);
    assert.deepEqual(line.items, [
      { type: "role", role: "`r1`@`%`", name: "r1@%", adminOption: true },
      { type: "role", role: "`r2`@`localhost`", name: "r2@localhost", adminOption: true },
    ]);
    assert.equal(line.rewriteFor("'c'@'%'"), "GRANT `r1`@`%`,`r2`@`localhost` TO 'c'@'%' WITH ADMIN OPTION");
  });

  it("finds the grantee by structure when a quoted name contains TO, quotes and semicolons", () => {
    const line = parseGrantLine("GRANT SELECT ON `x TO ``app``@``%``; DROP DATABASE y; '`.* TO `app`@`%`", NORMAL);
    assert.equal(line.rewriteFor("'c'@'%'"), "GRANT SELECT ON `x TO ``app``@``%``; DROP DATABASE y; '`.* TO 'c'@'%'");
  });

  it("decodes a hostile grantee name printed with doubled backticks", () => {
    const line = parseGrantLine("GRANT SELECT ON `d`.* TO `h'o\\s``t;x`@`%`", NORMAL);
    assert.equal(line.user, "h'o\\s`t;x");
  });

  it("reads MySQL partial revokes and MariaDB default roles", () => {
    const revoke = parseGrantLine("REVOKE INSERT, UPDATE ON `mysql`.* FROM `app`@`%`", NORMAL);
    assert.equal(revoke.kind, "partialRevoke");
    assert.equal(revoke.rewriteFor("'c'@'%'"), "REVOKE INSERT, UPDATE ON `mysql`.* FROM 'c'@'%'");
    const role = parseGrantLine("SET DEFAULT ROLE `r1` FOR `app`@`%`", NORMAL);
    assert.equal(role.kind, "defaultRole");
    assert.equal(role.rewriteFor("'c'@'%'"), "SET DEFAULT ROLE `r1` FOR 'c'@'%'");
  });

  it("reads old-style single-quoted accounts", () => {
    assert.equal(parseGrantLine("GRANT SELECT ON `d`.* TO 'app'@'%'", NORMAL).user, "app");
  });

  it("rejects lines it does not understand without quoting them (MariaDB lines hold a password hash)", () => {
    for (const text of [`ALTER USER \`app\`@\`%\` IDENTIFIED BY PASSWORD '${HASH}'`, "GRANT SELECT ON `d`.* TO", "GRANT SELECT ON d.* TO `a`@`%`; DROP USER x"]) {
      assert.throws(() => parseGrantLine(text, NORMAL), (error: Error) => {
        assert.match(error.message, /^cannot understand a SHOW GRANTS line: /);
        assert.ok(!error.message.includes(HASH));
        return true;
      });
    }
  });
});

describe("planPrivilegeCopy", () => {
  it("copies MariaDB grants, roles, column and routine grants and the default role to the clone", () => {
    const statements = plan({
      sourceGrants: [
        "GRANT `r1` TO `app`@`%`",
        `GRANT USAGE ON *.* TO \`app\`@\`%\` IDENTIFIED BY PASSWORD '${HASH}' REQUIRE SSL WITH MAX_QUERIES_PER_HOUR 100`,
        "GRANT SELECT, INSERT ON `d1`.* TO `app`@`%` WITH GRANT OPTION",
        "GRANT SELECT (`a`), UPDATE (`a`, `b`) ON `d1`.`t` TO `app`@`%`",
        "GRANT EXECUTE ON PROCEDURE `d1`.`p` TO `app`@`%`",
        "SET DEFAULT ROLE `r1` FOR `app`@`%`",
      ],
    });
    assert.deepEqual(statements, [
      "GRANT `r1` TO 'app_clone'@'%'",
      "GRANT USAGE ON *.* TO 'app_clone'@'%' REQUIRE SSL WITH MAX_QUERIES_PER_HOUR 100",
      "GRANT SELECT, INSERT ON `d1`.* TO 'app_clone'@'%' WITH GRANT OPTION",
      "GRANT SELECT (`a`), UPDATE (`a`, `b`) ON `d1`.`t` TO 'app_clone'@'%'",
      "GRANT EXECUTE ON PROCEDURE `d1`.`p` TO 'app_clone'@'%'",
      "SET DEFAULT ROLE `r1` FOR 'app_clone'@'%'",
    ]);
    assert.ok(!statements.join("\n").includes("IDENTIFIED"));
  });

  it("copies MySQL 8.4 static and dynamic privileges, roles with admin option, partial revokes and default roles", () => {
    const statements = plan({
      flavour: "mysql",
      sourceGrants: [
        "GRANT SELECT, INSERT, UPDATE ON *.* TO `app`@`%` WITH GRANT OPTION",
        "GRANT BACKUP_ADMIN,XA_RECOVER_ADMIN ON *.* TO `app`@`%`",
        "REVOKE UPDATE ON `mysql`.* FROM `app`@`%`",
        "GRANT `reader`@`%`,`writer`@`%` TO `app`@`%` WITH ADMIN OPTION",
      ],
      sourceDefaultRoles: [{ user: "reader", host: "%" }],
      targetDefaultRoles: [],
    });
    assert.deepEqual(statements, [
      "GRANT SELECT, INSERT, UPDATE ON *.* TO 'app_clone'@'%' WITH GRANT OPTION",
      "GRANT BACKUP_ADMIN,XA_RECOVER_ADMIN ON *.* TO 'app_clone'@'%'",
      "GRANT `reader`@`%`,`writer`@`%` TO 'app_clone'@'%' WITH ADMIN OPTION",
      "REVOKE UPDATE ON `mysql`.* FROM 'app_clone'@'%'",
      "SET DEFAULT ROLE 'reader'@'%' TO 'app_clone'@'%'",
    ]);
  });

  it("keeps the target's own MySQL default roles when adding the source's", () => {
    const statements = plan({
      flavour: "mysql",
      sourceGrants: ["GRANT `reader`@`%` TO `app`@`%`"],
      sourceDefaultRoles: [{ user: "reader", host: "%" }],
      targetDefaultRoles: [{ user: "auditor", host: "%" }, { user: "reader", host: "%" }],
    });
    assert.deepEqual(statements, ["GRANT `reader`@`%` TO 'app_clone'@'%'", "SET DEFAULT ROLE 'auditor'@'%', 'reader'@'%' TO 'app_clone'@'%'"]);
  });

  it("sends nothing but the grants when the source has no default role, leaving the target's alone", () => {
    assert.deepEqual(plan({ flavour: "mysql", sourceGrants: ["GRANT SELECT ON `d1`.* TO `app`@`%`"], sourceDefaultRoles: [], targetDefaultRoles: [{ user: "x", host: "%" }] }), [
      "GRANT SELECT ON `d1`.* TO 'app_clone'@'%'",
    ]);
    assert.deepEqual(plan({ sourceGrants: ["GRANT USAGE ON *.* TO `app`@`%`"] }), []);
  });

  it("does not set a MariaDB default role the source no longer holds (the server keeps it after REVOKE)", () => {
    const statements = plan({ sourceGrants: ["GRANT SELECT ON `d1`.* TO `app`@`%`", "SET DEFAULT ROLE `reader` FOR `app`@`%`"] });
    assert.deepEqual(statements, ["GRANT SELECT ON `d1`.* TO 'app_clone'@'%'"]);
  });

  it("sets only MySQL default roles that are granted, quoting hostile role names", () => {
    const statements = plan({
      flavour: "mysql",
      sourceGrants: ["GRANT `r'1`@`%`,`gone`@`%` TO `app`@`%`"],
      sourceDefaultRoles: [{ user: "r'1", host: "%" }, { user: "revoked", host: "%" }],
      targetDefaultRoles: [],
    });
    assert.deepEqual(statements, ["GRANT `r'1`@`%`,`gone`@`%` TO 'app_clone'@'%'", "SET DEFAULT ROLE 'r''1'@'%' TO 'app_clone'@'%'"]);
  });

  it("is idempotent: the same statements re-grant what the target already has", () => {
    const once = plan({ sourceGrants: ["GRANT SELECT ON `d1`.* TO `app`@`%` WITH GRANT OPTION"] });
    assert.deepEqual(once, ["GRANT SELECT ON `d1`.* TO 'app_clone'@'%' WITH GRANT OPTION"]);
  });

  it("quotes hostile user names as literals in every statement", () => {
    const from = "a'b\\c`d; DROP USER root; --";
    const statements = plan({
      flavour: "mysql",
      fromUser: from,
      toUser: `${from}_clone`,
      sourceGrants: ["GRANT SELECT ON `d1`.* TO `a'b\\c``d; DROP USER root; --`@`%`"],
    });
    assert.deepEqual(statements, ["GRANT SELECT ON `d1`.* TO 'a''b\\\\c`d; DROP USER root; --_clone'@'%'"]);
  });

  it("quotes by NO_BACKSLASH_ESCAPES rules when the session uses them", () => {
    const statements = plan({ mode: NO_BACKSLASH, fromUser: "a\\b", toUser: "a\\b_clone", sourceGrants: ["GRANT SELECT ON `d1`.* TO `a\\b`@`%`"] });
    assert.deepEqual(statements, ["GRANT SELECT ON `d1`.* TO 'a\\b_clone'@'%'"]);
  });

  it("refuses grants printed for another account", () => {
    assert.throws(() => plan({ sourceGrants: ["GRANT SELECT ON `d1`.* TO `other`@`%`"] }), {
      message: `cannot understand a SHOW GRANTS line: a line names another account than "app"@'%'`,
    });
    assert.throws(() => plan({ sourceGrants: ["GRANT SELECT ON `d1`.* TO `app`@`localhost`"] }), /another account/);
  });
});
