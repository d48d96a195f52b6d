// The Aurora engines' facts: parameter-group families for the cluster and instance groups, the
// cluster parameter that forces TLS, ports, version syntax and support window, and the lists that
// keep instance and cluster engines apart.
import * as assert from "assert";
import {
  CLUSTER_ENGINES, ENGINES, ENGINE_FACTS, isClusterEngine, isDatabaseEngine, isOlderThan,
} from "../../components/engines";
import type { AnyEngine } from "../../components/types";

describe("Aurora engine facts", () => {
  it("lists the cluster engines apart from the instance engines", () => {
    assert.deepStrictEqual(CLUSTER_ENGINES, ["aurora-postgresql", "aurora-mysql"]);
    assert.deepStrictEqual(ENGINES, ["postgres", "mysql", "mariadb"]);
    assert.ok(isClusterEngine("aurora-mysql") && !isClusterEngine("mysql") && !isClusterEngine("aurora"));
    assert.ok(!isDatabaseEngine("aurora-postgresql"));
  });

  it("derives the parameter-group family of both the cluster and the instance groups from the version", () => {
    const pg = ENGINE_FACTS["aurora-postgresql"];
    assert.strictEqual(pg.family("17.7"), "aurora-postgresql17");
    assert.strictEqual(pg.family("16"), "aurora-postgresql16");
    assert.strictEqual(pg.family("14.6"), "aurora-postgresql14");
    const my = ENGINE_FACTS["aurora-mysql"];
    assert.strictEqual(my.family("8.0.mysql_aurora.3.10.3"), "aurora-mysql8.0");
    assert.strictEqual(my.family("8.0"), "aurora-mysql8.0");
    assert.strictEqual(my.family("8.4.mysql_aurora.8.4.7"), "aurora-mysql8.4");
  });

  it("forces TLS with the cluster parameter group's names and values", () => {
    assert.deepStrictEqual(ENGINE_FACTS["aurora-postgresql"].tlsParameter, { name: "rds.force_ssl", value: "1" });
    assert.deepStrictEqual(ENGINE_FACTS["aurora-mysql"].tlsParameter, { name: "require_secure_transport", value: "ON" });
    // An RDS for MySQL DB parameter group takes 1 for the same parameter.
    assert.deepStrictEqual(ENGINE_FACTS.mysql.tlsParameter, { name: "require_secure_transport", value: "1" });
  });

  it("listens on the community engines' ports and takes their name limits", () => {
    assert.strictEqual(ENGINE_FACTS["aurora-postgresql"].port, 5432);
    assert.strictEqual(ENGINE_FACTS["aurora-mysql"].port, 3306);
    for (const [aurora, community] of [["aurora-postgresql", "postgres"], ["aurora-mysql", "mysql"]] as const) {
      const a = ENGINE_FACTS[aurora];
      const c = ENGINE_FACTS[community];
      assert.deepStrictEqual([a.masterUsernameMax, a.userNameMax, a.dbNameMax], [c.masterUsernameMax, c.userNameMax, c.dbNameMax], aurora);
      assert.deepStrictEqual([a.reservedUsernames, a.reservedUsernamePrefixes, a.reservedDbNames], [c.reservedUsernames, c.reservedUsernamePrefixes, c.reservedDbNames], aurora);
    }
  });

  it("takes CreateDBCluster's 41-character password limit on both, PostgreSQL included", () => {
    assert.strictEqual(ENGINE_FACTS["aurora-postgresql"].passwordMax, 41);
    assert.strictEqual(ENGINE_FACTS["aurora-mysql"].passwordMax, 41);
    assert.strictEqual(ENGINE_FACTS.postgres.passwordMax, 128);
  });

  it("defaults every engine to a version its own rules accept", () => {
    for (const engine of [...ENGINES, ...CLUSTER_ENGINES] as AnyEngine[]) {
      const f = ENGINE_FACTS[engine];
      assert.match(f.defaultVersion, f.versionPattern, engine);
      assert.ok(!isOlderThan(engine, f.defaultVersion, f.minimumVersion), engine);
    }
    assert.strictEqual(ENGINE_FACTS["aurora-postgresql"].defaultVersion, "17.7");
    assert.strictEqual(ENGINE_FACTS["aurora-mysql"].defaultVersion, "8.0.mysql_aurora.3.10.3");
  });

  it("reads Aurora MySQL versions as MySQL then Aurora numbers, and writes them back", () => {
    const my = ENGINE_FACTS["aurora-mysql"];
    assert.deepStrictEqual(my.versionNumbers("8.0.mysql_aurora.3.10.3"), [8, 0, 3, 10, 3]);
    assert.deepStrictEqual(my.versionNumbers("8.0"), [8, 0]);
    assert.strictEqual(my.versionName([8, 0, 3, 8]), "8.0.mysql_aurora.3.08");
    assert.strictEqual(my.versionName([8, 0, 3, 10, 3]), "8.0.mysql_aurora.3.10.3");
    assert.strictEqual(my.versionName([8, 0]), "8.0");
  });

  it("compares a bare major (or MySQL major.minor) as the default of its prefix", () => {
    assert.strictEqual(isOlderThan("aurora-mysql", "8.0", [8, 0, 3, 8]), false);
    assert.strictEqual(isOlderThan("aurora-mysql", "8.0.mysql_aurora.3.04.6", [8, 0, 3, 8]), true);
    assert.strictEqual(isOlderThan("aurora-mysql", "8.0.mysql_aurora.3.09.0", [8, 0, 3, 10]), true);
    assert.strictEqual(isOlderThan("aurora-mysql", "8.4.mysql_aurora.8.4.7", [8, 0, 3, 10]), false);
    assert.strictEqual(isOlderThan("aurora-postgresql", "14", [14]), false);
    assert.strictEqual(isOlderThan("aurora-postgresql", "13.23", [14]), true);
    assert.strictEqual(isOlderThan("mariadb", "10.4.34", [10, 5]), true);
  });
});
