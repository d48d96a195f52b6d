// The MySQL/MariaDB engine's transport guarantees: TLS with chain and host-name verification on every
// login, no plaintext attempt ever (not even when the server offers no TLS), and bounded failure when
// the server is unreachable or silent.
import * as assert from "node:assert/strict";
import * as net from "net";
import { createServer } from "mysql2";
import { DatabaseUnreachableError } from "../../rotation-lambda/errors";
import { mysqlEngine } from "../../rotation-lambda/engines/mysql";
import { createTestCertificates, freePort, removeTestCertificates, requireService, type TestCertificates } from "../services";
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

  it("refuses a server whose CA is not trusted, before sending any credentials", async () => {
    const password = newPassword();
    await createFixtureUser(svc, "untrusted_probe", password);
    const error = await rejection(login(svc, "untrusted_probe", password, { tls: { verify: true } }), DatabaseUnreachableError);
    assert.match(error.message, /^login as "untrusted_probe" to 127\.0\.0\.1:\d+ failed: the database could not be reached over TLS \(HANDSHAKE_SSL_ERROR: self-signed certificate in certificate chain\)$/);
    await svc.flushLog();
    assert.ok(!/Connect\s+untrusted_probe@/.test(svc.generalLog?.() ?? ""), "the server saw a login attempt");
    await (await login(svc, "untrusted_probe", password)).close();
  });

  it("still encrypts when verification is explicitly turned off (the server requires secure transport)", async () => {
    const session = await login(svc, svc.user, svc.password, { tls: { verify: false } });
    await session.ping();
    await session.close();
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
    const started = Date.now();
    const error = await rejection(
      mysqlEngine.connect({ host: "127.0.0.1", port, username: "app", password: newPassword() }, { tls: { verify: true }, connectTimeoutMs: 3000, statementTimeoutMs: 3000 }),
      DatabaseUnreachableError,
    );
    assert.match(error.message, /the database could not be reached \(ECONNREFUSED/);
    assert.ok(Date.now() - started < 2000);
  });

  it("gives up on a server that accepts but never answers within the connect timeout", async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => sockets.push(socket));
    const port = await freePort();
    await new Promise<void>((resolve) => silent.listen(port, "127.0.0.1", () => resolve()));
    try {
      const started = Date.now();
      const error = await rejection(
        mysqlEngine.connect({ host: "127.0.0.1", port, username: "app", password: newPassword() }, { tls: { verify: true }, connectTimeoutMs: 1000, statementTimeoutMs: 1000 }),
        DatabaseUnreachableError,
      );
      const elapsed = Date.now() - started;
      assert.match(error.message, /the database could not be reached \(ETIMEDOUT/);
      assert.ok(elapsed >= 900 && elapsed < 2500, `took ${elapsed} ms`);
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
