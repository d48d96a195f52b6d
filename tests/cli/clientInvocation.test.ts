// How connect starts each client, as pure plans: the credentials file's content and escaping, the
// option file as the first argument, TLS options per client flavour, and no password anywhere but in
// the file.
import { strict as assert } from "assert";
import { mysqlPlan, optionFileValue, pgpassField, psqlPlan } from "../../cli/connect/clientInvocation";
import type { ConnectionDetails } from "../../cli/secret/connectionDetails";
import { connectionUrl } from "../../cli/secret/connectionUrl";
import { environmentVariables } from "../../cli/secret/environment";

const details: ConnectionDetails = { engine: "mysql", host: "db.example.com", port: 3306, username: "app", password: 'a:b\\c"d', dbname: "shop" };

describe("CLI: connect's client plans", () => {
  it("escapes pgpass fields and option-file values", () => {
    assert.equal(pgpassField('a:b\\c"d'), 'a\\:b\\\\c"d');
    assert.equal(optionFileValue('a:b\\c"d'), '"a:b\\\\c\\"d"');
  });

  it("psql: a pgpass line for any database on the host, verify-full with the CA, PGPASSWORD removed", () => {
    const plan = psqlPlan({ ...details, engine: "postgres", port: 5432, dbname: "orders" }, "/ca.pem", ["-c", "select 1"]);
    assert.equal(plan.file.content, 'db.example.com:5432:*:app:a\\:b\\\\c"d\n');
    assert.deepEqual(plan.args, ["--host", "db.example.com", "--port", "5432", "--username", "app", "--dbname", "orders", "-c", "select 1"]);
    assert.deepEqual(plan.env, { PGPASSFILE: "{file}", PGSSLMODE: "verify-full", PGSSLROOTCERT: "/ca.pem" });
    assert.ok(plan.unsetEnv.includes("PGPASSWORD"));
  });

  it("mysql/mariadb: --defaults-extra-file first, TLS options per flavour, the password only in the file", () => {
    const maria = mysqlPlan(details, "/ca.pem", ["-e", "select 1"], "mariadb", "mariadb");
    assert.equal(maria.args[0], "--defaults-extra-file={file}");
    assert.deepEqual(maria.args.slice(1), ["--database=shop", "-e", "select 1"]);
    assert.equal(maria.file.content, '[client]\nuser="app"\npassword="a:b\\\\c\\"d"\nhost="db.example.com"\nport=3306\nssl-ca="/ca.pem"\nssl-verify-server-cert\n');
    const oracle = mysqlPlan(details, "/ca.pem", [], "mysql", "mysql");
    assert.ok(oracle.file.content.endsWith("ssl-mode=VERIFY_IDENTITY\n"));
    for (const plan of [maria, oracle]) {
      assert.ok(!plan.args.some((a) => a.includes(details.password)) && !Object.values(plan.env).some((v) => v.includes(details.password)));
    }
  });
});

describe("CLI: Aurora secrets use their engine family's URL and variables", () => {
  it("aurora-postgresql is PostgreSQL, aurora-mysql is MySQL", () => {
    const aurora = (engine: ConnectionDetails["engine"], port: number): ConnectionDetails => ({ engine, host: "cluster.example.com", port, username: "app", password: "pw" });
    assert.equal(connectionUrl(aurora("aurora-postgresql", 5432), { showPassword: false, caBundle: "/ca.pem" }), "postgresql://app:****@cluster.example.com:5432/?sslmode=verify-full&sslrootcert=%2Fca.pem");
    assert.equal(connectionUrl(aurora("aurora-mysql", 3306), { showPassword: false, caBundle: "/ca.pem" }), "mysql://app:****@cluster.example.com:3306/?ssl-mode=VERIFY_IDENTITY&ssl-ca=%2Fca.pem");
    assert.equal(environmentVariables(aurora("aurora-postgresql", 5432), { showPassword: false, caBundle: "/ca.pem" })[0][0], "PGHOST");
    assert.equal(environmentVariables(aurora("aurora-mysql", 3306), { showPassword: false, caBundle: "/ca.pem" })[0][0], "MYSQL_HOST");
  });
});
