// The MySQL/MariaDB engine's transport guarantees: TLS with chain and host-name verification on every
// login, no plaintext attempt ever (not even when the server offers no TLS), and bounded failure when
// the server is unreachable or silent. Every server here accepts plaintext logins (no
// require_secure_transport), and each refusal has its control: a plain client, not the engine, logs
// in without TLS as the same user, so the refusal is the engine's and not the server's.
import * as assert from "node:assert/strict";
import * as net from "net";
import { createServer } from "mysql2";
import { createConnection } from "mysql2/promise";
import { DatabaseUnreachableError } from "../../rotation-lambda/errors";
import { mysqlEngine } from "../../rotation-lambda/engines/mysql";
import { assertLogSearch, createTestCertificates, freePort, removeTestCertificates, requireService, type LogNeedle, type TestCertificates } from "../services";
import { MARIADB_INSTALL, startMariadb, type MariadbService } from "../services/mariadb";
import { createFixtureUser, login, newPassword, rejection } from "./mariadbHelpers";

const CLIENT_SSL = 0x800;

// The parts of mysql2's (sparsely typed) server API the fake server below uses.
interface FakeServerConnection {
  stream: net.Socket;
  on(event: "error", listener: () => void): void;
  serverHandshake(args: Record<string, unknown>): void;
}
interface FakeServer {
  listen(port: number, host: string, listening: () => void): void;
  close(): void;
}
const createFakeServer = createServer as unknown as (handler: (connection: FakeServerConnection) => void) => FakeServer;

/** A plain client, not the engine: mysql2 without TLS. Asserts that the session really is unencrypted. */
async function plainLogin(server: { host: string; port: number }, user: string, password: string): Promise<void> {
  const connection = await createConnection({ host: server.host, port: server.port, user, password, connectTimeout: 5000 });
  try {
    const [rows] = await connection.query("SHOW SESSION STATUS LIKE 'Ssl_version'");
    assert.deepEqual(rows, [{ Variable_name: "Ssl_version", Value: "" }], "the control session is encrypted");
  } finally {
    await connection.end();
  }
}

/** Any login attempt as `user` in the general log, completed or refused, over any transport. */
const attemptBy = (user: string): LogNeedle => ({ name: `a login attempt as ${user}`, value: new RegExp(`\\bConnect\\s+${user}@`) });
const loginBy = (user: string, transport: "TCP/IP" | "SSL/TLS"): LogNeedle => ({
  name: `a login as ${user} using ${transport}`,
  value: new RegExp(`\\bConnect\\s+${user}@\\S+ on .*using ${transport}$`, "m"),
});

/** Runs `action`, flushes the general log and searches what the server logged meanwhile. */
async function searchLogDuring(svc: MariadbService, what: string, action: () => Promise<void>, needles: { mustFind: LogNeedle[]; mustNotFind: LogNeedle[] }): Promise<void> {
  const log = () => svc.generalLog?.() ?? "";
  const mark = log().length;
  await action();
  const marker = await svc.flushLog();
  assertLogSearch({ source: `the general log during ${what}`, log: log().slice(mark), mustFind: [{ name: "the flush marker", value: marker }, ...needles.mustFind], mustNotFind: needles.mustNotFind });
}

describe("MySQL/MariaDB engine transport", function () {
  this.timeout(120_000);
  let certs: TestCertificates | undefined;
  let svc: MariadbService;

  before(async function () {
    certs = createTestCertificates();
    svc = await requireService(this, "MariaDB", MARIADB_INSTALL, () => startMariadb({ certs }));
  });

  after(async () => {
    await svc?.stop();
    removeTestCertificates(certs);
  });

  it("refuses a server whose CA is not trusted, before sending any credentials, where a plain client gets in", async () => {
    const password = newPassword();
    await createFixtureUser(svc, "untrusted_probe", password);
    await searchLogDuring(svc, "the engine's login without the CA", async () => {
      const error = await rejection(login(svc, "untrusted_probe", password, { tls: { verify: true } }), DatabaseUnreachableError);
      assert.match(error.message, /^login as "untrusted_probe" to 127\.0\.0\.1:\d+ failed: the database could not be reached over TLS \(HANDSHAKE_SSL_ERROR: self-signed certificate in certificate chain\)$/);
    }, { mustFind: [], mustNotFind: [attemptBy("untrusted_probe")] });
    await searchLogDuring(svc, "a plain client's login", () => plainLogin(svc, "untrusted_probe", password), {
      mustFind: [attemptBy("untrusted_probe"), loginBy("untrusted_probe", "TCP/IP")],
      mustNotFind: [],
    });
    await searchLogDuring(svc, "the engine's login with the CA", async () => (await login(svc, "untrusted_probe", password)).close(), {
      mustFind: [loginBy("untrusted_probe", "SSL/TLS")],
      mustNotFind: [loginBy("untrusted_probe", "TCP/IP")],
    });
  });

  it("still encrypts when verification is explicitly turned off, where a plain client gets in without TLS", async () => {
    const password = newPassword();
    await createFixtureUser(svc, "noverify_probe", password);
    await searchLogDuring(svc, "the engine's login without verification", async () => {
      const session = await login(svc, "noverify_probe", password, { tls: { verify: false } });
      await session.ping();
      await session.close();
    }, { mustFind: [loginBy("noverify_probe", "SSL/TLS")], mustNotFind: [loginBy("noverify_probe", "TCP/IP")] });
    await searchLogDuring(svc, "a plain client's login", () => plainLogin(svc, "noverify_probe", password), {
      mustFind: [loginBy("noverify_probe", "TCP/IP")],
      mustNotFind: [loginBy("noverify_probe", "SSL/TLS")],
    });
  });

  describe("a real server without TLS, which accepts plaintext", () => {
    let plain: MariadbService;

    before(async function () {
      plain = await requireService(this, "MariaDB", MARIADB_INSTALL, () => startMariadb({}));
    });

    after(async () => {
      await plain?.stop();
    });

    it("gets no login attempt from the engine, while a plain client logs in", async () => {
      const password = newPassword();
      await createFixtureUser(plain, "plain_probe", password);
      await searchLogDuring(plain, "a plain client's login", () => plainLogin(plain, "plain_probe", password), {
        mustFind: [loginBy("plain_probe", "TCP/IP")],
        mustNotFind: [],
      });
      await searchLogDuring(plain, "the engine's login", async () => {
        const error = await rejection(
          mysqlEngine.connect({ host: plain.host, port: plain.port, username: "plain_probe", password }, { tls: { verify: true }, connectTimeoutMs: 3000, statementTimeoutMs: 3000 }),
          DatabaseUnreachableError,
        );
        assert.equal(error.message, `login as "plain_probe" to 127.0.0.1:${plain.port} failed: the database could not be reached over TLS (HANDSHAKE_NO_SSL_SUPPORT: Server does not support secure connection)`);
      }, { mustFind: [], mustNotFind: [attemptBy("plain_probe")] });
    });
  });

  it("never sends credentials to a server that offers no TLS", async () => {
    let bytesFromClient = 0;
    let authAttempts = 0;
    const server = createFakeServer((connection) => {
      connection.stream.on("data", (chunk: Buffer) => (bytesFromClient += chunk.length));
      connection.on("error", () => undefined);
      connection.serverHandshake({
        protocolVersion: 10,
        serverVersion: "8.4.3-no-tls",
        connectionId: 1,
        statusFlags: 2,
        characterSet: 8,
        capabilityFlags: 0xffffff & ~CLIENT_SSL,
        authCallback: (_params: unknown, done: (error: null) => void) => {
          authAttempts += 1;
          done(null);
        },
      });
    });
    const port = await freePort();
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", () => resolve()));
    try {
      // The control: a plain client authenticates with this server.
      const control = await createConnection({ host: "127.0.0.1", port, user: "app", password: "control-password", connectTimeout: 3000 });
      control.destroy();
      assert.equal(authAttempts, 1, "the plain client did not authenticate with the fake server");
      await new Promise((resolve) => setTimeout(resolve, 100));
      bytesFromClient = 0;
      authAttempts = 0;
      const error = await rejection(
        mysqlEngine.connect({ host: "127.0.0.1", port, username: "app", password: newPassword() }, { tls: { verify: true }, connectTimeoutMs: 3000, statementTimeoutMs: 3000 }),
        DatabaseUnreachableError,
      );
      assert.equal(error.message, `login as "app" to 127.0.0.1:${port} failed: the database could not be reached over TLS (HANDSHAKE_NO_SSL_SUPPORT: Server does not support secure connection)`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(bytesFromClient, 0);
      assert.equal(authAttempts, 0);
    } finally {
      server.close();
    }
  });

  it("fails at once with DatabaseUnreachableError when nothing listens", async () => {
    const port = await freePort();
    const error = await rejection(
      mysqlEngine.connect({ host: "127.0.0.1", port, username: "app", password: newPassword() }, { tls: { verify: true }, connectTimeoutMs: 3000, statementTimeoutMs: 3000 }),
      DatabaseUnreachableError,
    );
    // A refusal, not a timeout: the engine gave up on the refused connect, not on its connect timeout.
    assert.match(error.message, /the database could not be reached \(ECONNREFUSED/);
  });

  it("gives up on a server that accepts but never answers within the connect timeout", async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => sockets.push(socket));
    const port = await freePort();
    await new Promise<void>((resolve) => silent.listen(port, "127.0.0.1", () => resolve()));
    try {
      const error = await rejection(
        mysqlEngine.connect({ host: "127.0.0.1", port, username: "app", password: newPassword() }, { tls: { verify: true }, connectTimeoutMs: 1000, statementTimeoutMs: 1000 }),
        DatabaseUnreachableError,
      );
      // ETIMEDOUT comes only from the driver's connect timer: the socket was accepted, so nothing else ends it.
      assert.match(error.message, /the database could not be reached \(ETIMEDOUT/);
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });

  describe("host-name verification", () => {
    let otherCerts: TestCertificates | undefined;
    let other: MariadbService;

    before(async function () {
      // A certificate from a trusted CA, but for another host name than the one we connect to.
      otherCerts = createTestCertificates({ dns: ["db.other.invalid"], ips: [] });
      other = await requireService(this, "MariaDB", MARIADB_INSTALL, () => startMariadb({ certs: otherCerts }));
    });

    after(async () => {
      await other?.stop();
      removeTestCertificates(otherCerts);
    });

    it("refuses a certificate from a trusted CA issued for another host name", async () => {
      const error = await rejection(
        mysqlEngine.connect(
          { host: "127.0.0.1", port: other.port, username: other.user, password: other.password },
          { tls: { verify: true, ca: otherCerts?.caPem }, connectTimeoutMs: 3000, statementTimeoutMs: 3000 },
        ),
        DatabaseUnreachableError,
      );
      assert.match(error.message, /could not be reached over TLS \(HANDSHAKE_SSL_ERROR: .*(altnames|Hostname\/IP does not match)/);
    });
  });
});
