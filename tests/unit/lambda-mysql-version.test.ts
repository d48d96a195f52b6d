// Server flavour and version detection of the MySQL/MariaDB engine, from the strings real servers report.
import * as assert from "node:assert/strict";
import { parseServerVersion, versionAtLeast } from "../../rotation-lambda/engines/mysqlVersion";
import { assertSupportedServer } from "../../rotation-lambda/engines/mysqlStatements";

describe("parseServerVersion", () => {
  const cases: Array<[string, string, string, number, number, number]> = [
    ["10.11.19-MariaDB-0+deb12u1-log", "Debian 12", "mariadb", 10, 11, 19],
    ["10.6.18-MariaDB-log", "Source distribution", "mariadb", 10, 6, 18],
    ["11.4.5-MariaDB", "MariaDB Server", "mariadb", 11, 4, 5],
    ["5.5.5-10.5.27-MariaDB-log", "", "mariadb", 10, 5, 27],
    ["8.0.39", "Source distribution", "mysql", 8, 0, 39],
    ["8.0.36-28", "Percona Server (GPL), Release 28", "mysql", 8, 0, 36],
    ["8.4.3", "MySQL Community Server - GPL", "mysql", 8, 4, 3],
    ["9.1.0", "MySQL Community Server - GPL", "mysql", 9, 1, 0],
    ["9.10.2-commercial", "MySQL Enterprise Server - Commercial", "mysql", 9, 10, 2],
    ["10.0.1", "MySQL Community Server - GPL", "mysql", 10, 0, 1],
    ["8.0.mysql_aurora.3.05.2", "Source distribution", "mysql", 8, 0, 0],
    ["11.8.1-MariaDB-ubu2404", "mariadb.org binary distribution", "mariadb", 11, 8, 1],
  ];
  for (const [version, comment, flavour, major, minor, patch] of cases) {
    it(`reads ${JSON.stringify(version)} as ${flavour} ${major}.${minor}.${patch}`, () => {
      assert.deepEqual(parseServerVersion(version, comment), { flavour, major, minor, patch, version });
    });
  }

  it("recognises MariaDB by @@version_comment when VERSION() does not say so", () => {
    assert.equal(parseServerVersion("10.11.8", "mariadb.org binary distribution").flavour, "mariadb");
  });

  it("rejects a version without major.minor, naming what it got", () => {
    assert.throws(() => parseServerVersion("unknown-build", ""), {
      message: 'cannot parse the server version "unknown-build": expected "<major>.<minor>..."',
    });
  });
});

describe("versionAtLeast", () => {
  it("compares numerically, so MySQL 9 and 10 count as newer than 8.0", () => {
    assert.equal(versionAtLeast(parseServerVersion("9.0.1"), 8, 0, 13), true);
    assert.equal(versionAtLeast(parseServerVersion("10.0.0"), 9, 9, 9), true);
    assert.equal(versionAtLeast(parseServerVersion("8.0.12"), 8, 0, 13), false);
    assert.equal(versionAtLeast(parseServerVersion("8.0.13"), 8, 0, 13), true);
    assert.equal(versionAtLeast(parseServerVersion("8.10.0"), 8, 9), true);
  });
});

describe("assertSupportedServer", () => {
  it("accepts MySQL 5.7.6+ and MariaDB 10.2+", () => {
    for (const version of ["5.7.6", "8.0.39", "8.4.3", "9.1.0", "10.2.0-MariaDB", "11.4.5-MariaDB"]) {
      assert.doesNotThrow(() => assertSupportedServer(parseServerVersion(version)));
    }
  });

  it("refuses older servers with a message naming the version", () => {
    assert.throws(() => assertSupportedServer(parseServerVersion("5.6.51-log")), {
      message: "unsupported server MySQL 5.6.51-log: the engine needs MySQL 5.7.6+ or MariaDB 10.2+",
    });
    assert.throws(() => assertSupportedServer(parseServerVersion("10.1.48-MariaDB")), {
      message: "unsupported server MariaDB 10.1.48-MariaDB: the engine needs MySQL 5.7.6+ or MariaDB 10.2+",
    });
  });
});
