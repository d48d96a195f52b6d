// Aurora secrets without services: the engine strings the function accepts and the driver each one
// gets, and whole rotations of a secret shaped like an Aurora cluster's (an Aurora engine string, the
// cluster writer endpoint as host, dbClusterIdentifier and no dbInstanceIdentifier) for both
// strategies, including an RDS-managed cluster master secret.
import { strict as assert } from "assert";
import { SECRET_ENGINES, engineFamily, isSecretEngine, secretEnginesOf, type SecretEngine } from "../../rotation-lambda/contract";
import { defaultEngineRegistry } from "../../rotation-lambda/engines";
import { mysqlEngine } from "../../rotation-lambda/engines/mysql";
import { postgresEngine } from "../../rotation-lambda/engines/postgres";
import { InvalidSecretError } from "../../rotation-lambda/errors";
import { ROTATION_STEPS } from "../../rotation-lambda/event";
import { parseDatabaseSecret } from "../../rotation-lambda/secret";
import { AWSCURRENT, AWSPENDING, AWSPREVIOUS } from "../support/fakeSecretsManager";
import { fingerprint as fp } from "../support/fingerprint";
import { MYSQL_SHAPE, POSTGRES_SHAPE, type EngineShape } from "../support/recordingEngine";
import { CURRENT_VERSION, RotationHarness } from "../support/rotationHarness";

const WRITER = "orders.cluster-c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com";
const READER = "orders.cluster-ro-c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com";
const FIRST = "first-password-0001";
const MASTER = "master-password-0003";

describe("engine strings (rotation-lambda/contract.ts)", () => {
  it("accepts the RDS instance strings, the Aurora strings and Aurora MySQL 1's legacy aurora", () => {
    assert.deepEqual(SECRET_ENGINES, ["postgres", "mysql", "mariadb", "aurora-postgresql", "aurora-mysql", "aurora"]);
  });

  it("maps each accepted string to its protocol family", () => {
    assert.deepEqual(
      SECRET_ENGINES.map((e) => [e, engineFamily(e)]),
      [["postgres", "postgres"], ["mysql", "mysql"], ["mariadb", "mysql"], ["aurora-postgresql", "postgres"], ["aurora-mysql", "mysql"], ["aurora", "mysql"]],
    );
    assert.deepEqual(secretEnginesOf("postgres"), ["postgres", "aurora-postgresql"]);
    assert.deepEqual(secretEnginesOf("mysql"), ["mysql", "mariadb", "aurora-mysql", "aurora"]);
  });

  it("has no family for strings that are not RDS engine strings, nor for inherited property names", () => {
    for (const engine of ["postgresql", "aurora-postgres", "Postgres", "AURORA-MYSQL", "", "toString", "__proto__", undefined, 5]) {
      assert.equal(engineFamily(engine), undefined, String(engine));
      assert.equal(isSecretEngine(engine), false, String(engine));
    }
  });

  it("gives the Aurora strings the driver of their community engine", () => {
    const drivers = SECRET_ENGINES.map((e) => defaultEngineRegistry(e));
    assert.deepEqual(drivers, [postgresEngine, mysqlEngine, mysqlEngine, postgresEngine, mysqlEngine, mysqlEngine]);
    assert.deepEqual(postgresEngine.engines, ["postgres", "aurora-postgresql"]);
  });

  it("refuses a string outside the list in the registry too", () => {
    assert.throws(() => defaultEngineRegistry("postgresql" as SecretEngine), (e: Error) => e instanceof InvalidSecretError && e.message === `No rotation engine for engine "postgresql"`);
  });

  it("limits Aurora user names like the community engine", () => {
    assert.equal(postgresEngine.maxUsernameLength("aurora-postgresql"), 63);
    assert.equal(mysqlEngine.maxUsernameLength("aurora-mysql"), 32);
    assert.equal(mysqlEngine.maxUsernameLength("aurora"), 32);
  });
});

describe("parseDatabaseSecret on Aurora secrets", () => {
  for (const engine of ["aurora-postgresql", "aurora-mysql", "postgres", "mysql"]) {
    it(`accepts engine ${engine} with dbClusterIdentifier and no dbInstanceIdentifier, keeping every field`, () => {
      const value = { engine, host: WRITER, port: 5432, username: "app", password: FIRST, dbname: "orders", dbClusterIdentifier: "orders" };
      const s = parseDatabaseSecret(JSON.stringify(value), "AWSCURRENT of secret S");
      assert.deepEqual({ ...s }, value);
    });
  }
});

type Strategy = "single-user" | "alternating-users";

interface AuroraRotation {
  h: RotationHarness;
  engines: string[];
  masterArn?: string;
}

function auroraShape(engine: "aurora-postgresql" | "aurora-mysql"): EngineShape {
  return { ...(engine === "aurora-postgresql" ? POSTGRES_SHAPE : MYSQL_SHAPE), engine };
}

/** An Aurora-shaped secret on the fake database at the cluster writer endpoint. */
function auroraSecret(engine: "aurora-postgresql" | "aurora-mysql", strategy: Strategy, master: Record<string, unknown> = { username: "admin", password: MASTER }): AuroraRotation {
  const h = new RotationHarness({ host: WRITER, shape: auroraShape(engine) });
  const fields: Record<string, unknown> = { dbClusterIdentifier: "orders" };
  let masterArn: string | undefined;
  if (strategy === "alternating-users") {
    masterArn = h.sm.addSecret("rds!cluster-0f1e2d3c");
    h.sm.seedVersion(masterArn, "m-1", { secretString: JSON.stringify(master) }, [AWSCURRENT]);
    fields.masterarn = masterArn;
    h.db.addUser("admin", MASTER);
  } else {
    h.db.addUser("app", FIRST);
  }
  h.seedCurrent(h.secret({ username: "app", password: FIRST, ...fields }));
  return { h, engines: [], masterArn };
}

async function rotate(r: AuroraRotation, token: string): Promise<Error | undefined> {
  r.h.sm.seedPlaceholder(r.h.arn, token);
  const handler = r.h.handler({
    engines: (engine) => {
      r.engines.push(engine);
      return r.h.db.driver();
    },
  });
  for (const Step of ROTATION_STEPS) {
    try {
      await handler({ Step, SecretId: r.h.arn, ClientRequestToken: token, RotationToken: `rotation-token-${token}` });
    } catch (err) {
      return err as Error;
    }
  }
  return undefined;
}

describe("a rotation of an Aurora-shaped secret through the handler, without services", () => {
  for (const engine of ["aurora-postgresql", "aurora-mysql"] as const) {
    it(`${engine}, single-user: the new password works at the writer endpoint; engine and dbClusterIdentifier survive`, async () => {
      const r = auroraSecret(engine, "single-user");
      assert.equal(await rotate(r, "tok-1"), undefined);
      const next = r.h.value("tok-1");
      assert.equal(r.h.db.passwordOf("app"), fp(next.password));
      assert.deepEqual(r.h.sm.stages(r.h.arn), { [CURRENT_VERSION]: [AWSPREVIOUS], "tok-1": [AWSCURRENT, AWSPENDING] });
      const { password: _password, ...rest } = next;
      assert.deepEqual(rest, { engine, host: WRITER, port: auroraShape(engine).defaultPort, dbname: "app", username: "app", dbClusterIdentifier: "orders" });
      assert.equal("dbInstanceIdentifier" in next, false);
      assert.deepEqual([...new Set(r.engines)], [engine], "the steps ask the registry for the secret's own engine string");
      assert.ok(r.h.db.logins.every((l) => l.host === WRITER));
    });

    it(`${engine}, alternating-users with an RDS-managed cluster master secret: logs in as master at the writer endpoint`, async () => {
      const r = auroraSecret(engine, "alternating-users");
      assert.equal(await rotate(r, "tok-1"), undefined);
      const next = r.h.value("tok-1");
      assert.equal(next.username, "app_clone");
      assert.equal(next.dbClusterIdentifier, "orders");
      assert.equal(next.engine, engine);
      assert.equal(r.h.db.passwordOf("app_clone"), fp(next.password));
      const master = r.h.db.logins.filter((l) => l.username === "admin");
      assert.deepEqual(master.map((l) => [l.host, l.outcome]), [[WRITER, "ok"]]);
    });
  }

  it("alternating-users: a master secret naming the writer endpoint is accepted", async () => {
    const r = auroraSecret("aurora-postgresql", "alternating-users", { username: "admin", password: MASTER, host: WRITER, port: 5432, engine: "aurora-postgresql", dbClusterIdentifier: "orders" });
    assert.equal(await rotate(r, "tok-1"), undefined);
    assert.equal(r.h.value("tok-1").username, "app_clone");
  });

  it("alternating-users: a master secret naming the reader endpoint is refused before any master login", async () => {
    const r = auroraSecret("aurora-postgresql", "alternating-users", { username: "admin", password: MASTER, host: READER });
    const failed = await rotate(r, "tok-1");
    assert.ok(failed instanceof InvalidSecretError, String(failed));
    assert.match(failed.message, new RegExp(`master secret ${r.masterArn} \\(masterarn of ${r.h.arn.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\) names another host than secret`));
    assert.deepEqual(r.h.db.logins.filter((l) => l.username === "admin"), []);
    assert.equal(r.h.db.hasUser("app_clone"), false);
  });
});
