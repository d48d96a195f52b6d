// The log searches of the test suites (tests/services/logSearch.ts) and the fixtures' plaintext-login
// patterns, on log lines copied from the servers the suites run: a leaked password is found in each
// escaped form a server or logger writes it in, a search without a positive control fails, and a
// failure never prints the secret it found.
import { strict as assert } from "assert";
import { assertLogSearch, escapedForms, logContains, secretNeedles } from "../services";
import { mariadbPlaintextLogin } from "../lambda/mariadbFixture";
import { postgresPlaintextLogin } from "../lambda/postgresFixture";

const PASSWORD = `Pw'\\"q8ZrT1xY-abc`;

describe("logContains", () => {
  it("finds a password as sent", () => {
    assert.equal(logContains(`x ${PASSWORD} y`, PASSWORD), true);
  });

  it("finds a password in MariaDB's general log, where mysql2 escaped it with backslashes", () => {
    const log = `\t\t     6 Query\tSET PASSWORD = PASSWORD('Pw\\'\\\\\\"q8ZrT1xY-abc')\n`;
    assert.equal(log.includes(PASSWORD), false, "precondition: the raw password is not in the line");
    assert.equal(logContains(log, PASSWORD), true);
  });

  it("finds a password in PostgreSQL's log, in a standard literal ('' for ') and in an E'' literal (\\\\ too)", () => {
    assert.equal(logContains(`LOG:  statement: ALTER ROLE x PASSWORD 'Pw''\\"q8ZrT1xY-abc'`, PASSWORD), true);
    assert.equal(logContains(`LOG:  statement: SELECT  E'Pw''\\\\"q8ZrT1xY-abc'`, PASSWORD), true);
  });

  it("finds a password in a JSON log line", () => {
    const line = JSON.stringify({ message: `login with ${PASSWORD}` });
    assert.equal(line.includes(PASSWORD), false, "precondition: JSON escaped the password");
    assert.equal(logContains(line, PASSWORD), true);
  });

  it("does not find another password", () => {
    assert.equal(logContains(`SET PASSWORD = PASSWORD('Pw\\'\\\\\\"q8ZrT1xY-abd')`, PASSWORD), false);
  });

  it("finds a pattern, and a global pattern again and again (no lastIndex carried over)", () => {
    const pattern = /Connect\s+admin@/g;
    for (let i = 0; i < 3; i++) assert.equal(logContains("1 Connect\tadmin@127.0.0.1 on  using SSL/TLS", pattern), true);
  });

  it("refuses to search for a string shorter than 8 characters", () => {
    assert.throws(() => logContains("admin logged in", "admin"), /^Error: refusing to search for a 5-character string: it matches by chance$/);
  });

  it("lists each escaped form once", () => {
    assert.deepEqual(escapedForms("plainpassword"), ["plainpassword"]);
    assert.equal(new Set(escapedForms(PASSWORD)).size, escapedForms(PASSWORD).length);
    assert.ok(escapedForms(PASSWORD).includes(`Pw\\'\\\\\\"q8ZrT1xY-abc`));
  });
});

describe("assertLogSearch", () => {
  const log = "marker-0123456789 Connect\tapp@127.0.0.1 on  using SSL/TLS\n";
  const marker = { name: "the flush marker", value: "marker-0123456789" };

  it("passes when every control is found and nothing forbidden is", () => {
    assertLogSearch({ source: "the log", log, mustFind: [marker], mustNotFind: secretNeedles("password", ["not-in-the-log-1"]) });
  });

  it("fails a search that has no positive control", () => {
    assert.throws(() => assertLogSearch({ source: "the MariaDB general log", log, mustFind: [], mustNotFind: [] }), /a search of the MariaDB general log needs a positive control/);
  });

  it("fails when a control is missing (an empty or half-read log), naming the control", () => {
    assert.throws(
      () => assertLogSearch({ source: "the PostgreSQL server log", log: "", mustFind: [marker], mustNotFind: secretNeedles("password", ["not-in-the-log-1"]) }),
      /^AssertionError.*: positive control failed: the PostgreSQL server log \(0 chars\) lacks the flush marker, so its negative checks would prove nothing/,
    );
  });

  it("fails when a forbidden value is there, naming it without printing it", () => {
    const secret = "s3cret-that-leaked";
    assert.throws(
      () => assertLogSearch({ source: "the log", log: `${log}${secret}`, mustFind: [marker], mustNotFind: secretNeedles("password", ["other-password", secret]) }),
      (err: Error) => {
        assert.match(err.message, /^the log contains password #2 \(18 chars\)/);
        assert.ok(!err.message.includes(secret), "the message prints the secret");
        return true;
      },
    );
  });
});

describe("the fixtures' plaintext-login patterns", () => {
  describe("MariaDB general log", () => {
    const log = [
      "261201 18:54:07\t     4 Connect\troot@localhost on  using Socket",
      "\t\t     5 Connect\tadmin@127.0.0.1 on  using SSL/TLS",
      "\t\t     6 Connect\tplaintext_control@127.0.0.1 on appdb using TCP/IP",
      "\t\t     7 Query\tSELECT 'Connect\tapp@127.0.0.1 on  using TCP/IP'",
    ].join("\n");

    it("finds a login without TLS by its user", () => {
      assert.equal(logContains(log, mariadbPlaintextLogin({ user: "plaintext_control" })), true);
    });

    it("ignores logins over TLS and the local socket", () => {
      assert.equal(logContains(log, mariadbPlaintextLogin({ user: "admin" })), false);
      assert.equal(logContains(log, mariadbPlaintextLogin({ user: "root" })), false);
    });

    it("finds a refused attempt without TLS, and one by a hostile user name", () => {
      const refused = "\t\t     8 Connect\tapp@127.0.0.1 on  using TCP/IP\n\t\t     8 Connect\tAccess denied for user 'app'@'127.0.0.1' (using password: YES)";
      assert.equal(logContains(refused, mariadbPlaintextLogin({ user: "app" })), true);
      const hostile = "x`y'); DROP USER 'admin'@'%'; #";
      assert.equal(logContains(`\t\t     9 Connect\t${hostile}@127.0.0.1 on appdb using TCP/IP`, mariadbPlaintextLogin({ user: hostile })), true);
    });

    it("finds a login without TLS by anyone but the control, and not the control's own", () => {
      assert.equal(logContains(log, mariadbPlaintextLogin({ anyoneBut: "plaintext_control" })), false);
      assert.equal(logContains(`${log}\n\t\t    10 Connect\tapp_clone@127.0.0.1 on appdb using TCP/IP`, mariadbPlaintextLogin({ anyoneBut: "plaintext_control" })), true);
      assert.equal(logContains("\t\t    11 Connect\tplaintext_control_2@127.0.0.1 on  using TCP/IP", mariadbPlaintextLogin({ anyoneBut: "plaintext_control" })), true);
    });
  });

  describe("PostgreSQL log", () => {
    const tls = "2026-12-01 18:54:00.477 UTC [19369] LOG:  connection authorized: user=postgres database=postgres SSL enabled (protocol=TLSv1.3, cipher=TLS_AES_256_GCM_SHA384, bits=256)";
    const plain = "2026-12-01 18:54:00.463 UTC [19368] LOG:  connection authorized: user=plaintext_control database=postgres application_name=plain-ctl";

    it("finds a login without TLS by its user, with or without an application name", () => {
      assert.equal(logContains(plain, postgresPlaintextLogin({ user: "plaintext_control" })), true);
      assert.equal(logContains("LOG:  connection authorized: user=app database=postgres\n", postgresPlaintextLogin({ user: "app" })), true);
    });

    it("ignores a login over TLS", () => {
      assert.equal(logContains(`${tls}\n${plain}`, postgresPlaintextLogin({ user: "postgres" })), false);
      assert.equal(logContains(tls.replace("user=postgres", "user=app"), postgresPlaintextLogin({ anyoneBut: "plaintext_control" })), false);
    });

    it("finds a login without TLS by anyone but the control, and not the control's own", () => {
      assert.equal(logContains(`${tls}\n${plain}`, postgresPlaintextLogin({ anyoneBut: "plaintext_control" })), false);
      const hostile = `LOG:  connection authorized: user=s'"; DROP TABLE canary;-- database=postgres application_name=rotated-rds-rotation`;
      assert.equal(logContains(`${plain}\n${hostile}`, postgresPlaintextLogin({ anyoneBut: "plaintext_control" })), true);
    });
  });
});
