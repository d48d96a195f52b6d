// The pools across an alternating-users rotation: connections opened with the previous user keep
// working (pg keeps them in its one pool; mysql2's old per-version pool drains and only then ends),
// while new connections log in as the new user and the pool reports the new version id.
import { strict as assert } from "assert";
import { createMysqlPool, createPgPool, InvalidSecretValueError, type SecretPgClientInfo } from "../../client";
import { useClientEnv } from "./clientEnv";

describe("createPgPool across an alternating-users rotation (PostgreSQL)", function () {
  this.timeout(60_000);
  const getEnv = useClientEnv("postgres");

  it("keeps the old user's connection working while new connections use the new user and version", async () => {
    const env = getEnv();
    const { secret, value } = await env.scenario.makeSecret("alternating-users");
    const credentials = env.credentials(secret.arn);
    const pool = createPgPool({ credentials, ssl: { ca: env.scenario.fixture.caPem }, max: 4 });
    try {
      const old = await pool.connect();
      const oldVersion = (old as unknown as SecretPgClientInfo).secretVersionId;
      assert.equal((await old.query("SELECT current_user AS u")).rows[0].u, value.username);
      await env.scenario.driver.rotate(env.scenario.invoke, secret);
      await credentials.refresh();
      const fresh = await pool.connect();
      assert.equal((await fresh.query("SELECT current_user AS u")).rows[0].u, `${value.username}_clone`);
      assert.equal((fresh as unknown as SecretPgClientInfo).secretVersionId, await env.scenario.driver.versionWith(secret, "AWSCURRENT"));
      assert.equal(pool.secretVersionId, (fresh as unknown as SecretPgClientInfo).secretVersionId);
      assert.notEqual(pool.secretVersionId, oldVersion);
      assert.equal((await old.query("SELECT current_user AS u")).rows[0].u, value.username);
      old.release();
      fresh.release();
    } finally {
      await pool.end();
    }
  });

  it("refuses a login in the options and a secret of another engine", async () => {
    const env = getEnv();
    const credentials = env.credentials("unused");
    assert.throws(
      () => createPgPool({ credentials, password: "x" } as unknown as Parameters<typeof createPgPool>[0]),
      /^TypeError: createPgPool: password must not be given; the user and password come from the secret, always from one version$/,
    );
    const { secret } = await env.scenario.makeSecret("single-user", { createUser: false, extra: { engine: "mariadb" } });
    const pool = createPgPool({ credentials: env.credentials(secret.arn) });
    try {
      await assert.rejects(pool.query("SELECT 1"), (err: Error) => err instanceof InvalidSecretValueError && /createPgPool needs a secret with engine "postgres" or "aurora-postgresql"; version .* has "mariadb"/.test(err.message));
    } finally {
      await pool.end();
    }
  });
});

describe("createMysqlPool across an alternating-users rotation (MariaDB)", function () {
  this.timeout(60_000);
  const getEnv = useClientEnv("mariadb");

  it("lets an in-flight query on the old version's pool finish, then ends that pool; new connections use the new user", async () => {
    const env = getEnv();
    const { secret, value } = await env.scenario.makeSecret("alternating-users");
    const credentials = env.credentials(secret.arn);
    const pool = createMysqlPool({ credentials, ssl: { ca: env.scenario.fixture.caPem }, connectionLimit: 4 });
    const sessionsOf = async (user: string) => {
      const admin = env.scenario.fixture.admin;
      const { createConnection } = await import("mysql2/promise");
      const c = await createConnection({ host: env.scenario.fixture.host, port: env.scenario.fixture.port, user: admin.username, password: admin.password, ssl: { ca: env.scenario.fixture.caPem } });
      try {
        const [rows] = await c.query("SELECT COUNT(*) AS n FROM information_schema.processlist WHERE user = ?", [user]);
        return Number((rows as Array<{ n: number }>)[0]!.n);
      } finally {
        await c.end();
      }
    };
    try {
      await pool.query("SELECT 1");
      const oldVersion = pool.secretVersionId;
      const inFlight = pool.query("SELECT SLEEP(3) AS slept, CURRENT_USER() AS u");
      await new Promise((resolve) => setTimeout(resolve, 100));
      await env.scenario.driver.rotate(env.scenario.invoke, secret);
      await credentials.refresh();
      const [rows] = (await pool.query("SELECT CURRENT_USER() AS u")) as unknown as [Array<{ u: string }>];
      assert.match(rows[0]!.u, new RegExp(`^${value.username}_clone@`));
      assert.notEqual(pool.secretVersionId, oldVersion);
      assert.equal(pool.secretVersionId, await env.scenario.driver.versionWith(secret, "AWSCURRENT"));
      assert.ok((await sessionsOf(value.username)) >= 1, "the old version's pool closed while a query was in flight");
      const [slept] = (await inFlight) as unknown as [Array<{ slept: number; u: string }>];
      assert.equal(Number(slept[0]!.slept), 0);
      assert.match(slept[0]!.u, new RegExp(`^${value.username}@`));
      const deadline = Date.now() + 5000;
      while ((await sessionsOf(value.username)) > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(await sessionsOf(value.username), 0, "the old version's pool was not ended after its last query");
    } finally {
      await pool.end();
    }
  });
});
