// Quoting of user names and passwords for MySQL/MariaDB statements under both sql_mode rules. Each
// quoted literal is read back with the engine's own lexer (which follows the server's rules) to prove
// that a hostile value stays one string and nothing after it could run.
import * as assert from "node:assert/strict";
import { quoteAccount, quoteIdentifier, quoteString, quotingModeFromSqlMode } from "../../rotation-lambda/engines/mysqlQuoting";
import { tokenizeMysql } from "../../rotation-lambda/engines/mysqlTokens";

const NORMAL = { noBackslashEscapes: false };
const NO_BACKSLASH = { noBackslashEscapes: true };

const HOSTILE = [
  "app'; DROP USER 'admin'@'%'; --",
  "app\\'; DROP DATABASE prod; -- ",
  "x\\",
  "a''b",
  "back`tick`@`%` TO `evil`",
  'double"quote',
  "new\nline\r\x1a",
  "émoji-🙂",
  "%_wild",
];

describe("quotingModeFromSqlMode", () => {
  it("detects NO_BACKSLASH_ESCAPES in any case and position", () => {
    assert.deepEqual(quotingModeFromSqlMode("STRICT_TRANS_TABLES,no_backslash_escapes"), NO_BACKSLASH);
    assert.deepEqual(quotingModeFromSqlMode("ANSI_QUOTES, NO_BACKSLASH_ESCAPES"), NO_BACKSLASH);
  });

  it("treats every other mode, and the empty mode, as backslash-escaping", () => {
    assert.deepEqual(quotingModeFromSqlMode(""), NORMAL);
    assert.deepEqual(quotingModeFromSqlMode("STRICT_TRANS_TABLES,NO_ENGINE_SUBSTITUTION"), NORMAL);
  });
});

describe("quoteString", () => {
  it("escapes quotes and backslashes when backslashes are escapes", () => {
    assert.equal(quoteString("it's a \\ test", NORMAL), "'it''s a \\\\ test'");
  });

  it("only doubles quotes under NO_BACKSLASH_ESCAPES, where a backslash is literal", () => {
    assert.equal(quoteString("it's a \\ test", NO_BACKSLASH), "'it''s a \\ test'");
  });

  for (const mode of [NORMAL, NO_BACKSLASH]) {
    for (const value of HOSTILE) {
      it(`keeps ${JSON.stringify(value)} one literal (noBackslashEscapes=${mode.noBackslashEscapes})`, () => {
        const tokens = tokenizeMysql(quoteString(value, mode), mode);
        assert.equal(tokens.length, 1);
        assert.equal(tokens[0].kind, "string");
        assert.equal(tokens[0].value, value);
      });
    }
  }

  it("shows why mysql2's backslash escaping is unsafe under NO_BACKSLASH_ESCAPES", () => {
    // mysql2's client-side escaping turns "x' OR 'y" into 'x\' OR \'y'; with backslashes literal the
    // first string ends after the backslash and OR becomes SQL.
    const escaped: string = require("mysql2").escape("x' OR 'y");
    assert.deepEqual(tokenizeMysql(escaped, NO_BACKSLASH).slice(0, 2).map((t) => [t.kind, t.value]), [["string", "x\\"], ["word", "OR"]]);
    assert.deepEqual(tokenizeMysql(quoteString("x' OR 'y", NO_BACKSLASH), NO_BACKSLASH).map((t) => t.value), ["x' OR 'y"]);
  });

  it("refuses a NUL character", () => {
    assert.throws(() => quoteString("a\0b", NORMAL), { message: "a quoted value contains a NUL character, which the engine does not accept" });
  });
});

describe("quoteIdentifier", () => {
  it("doubles backticks", () => {
    assert.equal(quoteIdentifier("we`ird"), "`we``ird`");
    assert.deepEqual(tokenizeMysql(quoteIdentifier("a`; DROP TABLE t; `"), NORMAL).map((t) => [t.kind, t.value]), [["identifier", "a`; DROP TABLE t; `"]]);
  });
});

describe("quoteAccount", () => {
  it("writes the user as a string literal with host '%'", () => {
    assert.equal(quoteAccount("o'neil", NORMAL), "'o''neil'@'%'");
    assert.equal(quoteAccount("c:\\tmp", NO_BACKSLASH), "'c:\\tmp'@'%'");
  });
});
