// Secrets Manager unreachable: a warm cache keeps serving (connects included), a cold start fails
// fast with a clear error, and AccessDenied is not retried. moto checks no IAM policy and cannot
// deny access, so AccessDenied comes from the in-memory fake (fakeSecretsManager.ts); the
// unreachable endpoint is a proxy in front of moto that the test stops, a closed port, and a
// server that accepts connections and never answers.
import { strict as assert } from "assert";
import * as net from "net";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { defaultSecretsManagerClient, SecretAccessDeniedError, SecretCredentials, SecretsManagerUnavailableError, createPgPool } from "../../client";
import { SECRETS_MANAGER_MAX_ATTEMPTS } from "../../client/constants";
import { SecretsManagerProxy } from "../lambda/secretsManagerProxy";
import { freePort, MOTO_CREDENTIALS, MOTO_REGION } from "../services";
import { useClientEnv } from "./clientEnv";
import { awsError, FakeSecretsManager } from "./fakeSecretsManager";

describe("client with Secrets Manager unreachable (PostgreSQL)", function () {
  this.timeout(60_000);
  const getEnv = useClientEnv("postgres");

  it("keeps serving a warm cache: new connections and queries go on, the refresh fails with a clear error", async () => {
    const env = getEnv();
    const { secret } = await env.scenario.makeSecret("single-user");
    const link = await new SecretsManagerProxy(env.scenario.proxy.endpoint).start();
    const credentials = new SecretCredentials({
      secretId: secret.arn,
      client: new SecretsManagerClient({ endpoint: link.endpoint, region: MOTO_REGION, credentials: MOTO_CREDENTIALS, maxAttempts: 1 }),
    });
    const pool = env.libraryPool(credentials, 2);
    try {
      await pool.query();
      const version = pool.secretVersionId();
      await link.stop();
      await assert.rejects(credentials.refresh(), (err: Error) => err instanceof SecretsManagerUnavailableError && err.message.startsWith(`cannot read secret ${secret.arn} from Secrets Manager`));
      await pool.forceNewConnection();
      await pool.query();
      assert.equal(pool.secretVersionId(), version);
      assert.equal((await credentials.get()).versionId, version);
    } finally {
      await pool.end();
      await link.stop();
    }
  });

  it("fails a cold start at once when nothing listens, naming the secret", async () => {
    const env = getEnv();
    const endpoint = `http://127.0.0.1:${await freePort()}`;
    const credentials = new SecretCredentials({ secretId: "db-secret", client: defaultSecretsManagerClient({ endpoint, region: MOTO_REGION, credentials: MOTO_CREDENTIALS }) });
    const pool = env.libraryPool(credentials, 1);
    try {
      await assert.rejects(pool.query(), (err: Error) => {
        assert.ok(err instanceof SecretsManagerUnavailableError, `${err.name}: ${err.message}`);
        assert.match(err.message, /^cannot read secret db-secret from Secrets Manager \(DescribeSecret: .*ECONNREFUSED/);
        return true;
      });
      assert.equal(pool.connects(), 0);
    } finally {
      await pool.end();
    }
  });

  it(`fails a cold start against an endpoint that never answers after ${SECRETS_MANAGER_MAX_ATTEMPTS} bounded attempts`, async function () {
    this.timeout(40_000);
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const endpoint = `http://127.0.0.1:${(silent.address() as net.AddressInfo).port}`;
    try {
      const credentials = new SecretCredentials({ secretId: "db-secret", client: defaultSecretsManagerClient({ endpoint, region: MOTO_REGION, credentials: MOTO_CREDENTIALS }) });
      await assert.rejects(credentials.get(), (err: Error) => {
        assert.ok(err instanceof SecretsManagerUnavailableError, `${err.name}: ${err.message}`);
        assert.match(err.message, /^cannot read secret db-secret from Secrets Manager \(DescribeSecret: /);
        return true;
      });
      assert.equal(sockets.length, SECRETS_MANAGER_MAX_ATTEMPTS);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it("does not retry AccessDenied: one call, no connect, a message naming the permissions", async () => {
    const env = getEnv();
    const fake = new FakeSecretsManager();
    fake.failNext("DescribeSecret", awsError("AccessDeniedException", "User: arn:aws:sts::1:assumed-role/app/task is not authorized"), Infinity);
    const credentials = new SecretCredentials({ secretId: "db-secret", client: fake.client });
    const pool = createPgPool({ credentials, ssl: { ca: env.scenario.fixture.caPem } });
    try {
      for (let i = 0; i < 3; i++) await assert.rejects(pool.query("SELECT 1"), SecretAccessDeniedError);
      await assert.rejects(pool.query("SELECT 1"), /secretsmanager:GetSecretValue and secretsmanager:DescribeSecret on the secret.*Not retried/);
      assert.equal(fake.calls.length, 1);
      assert.equal(pool.totalCount, 0);
    } finally {
      await pool.end();
    }
  });
});
