// SecretCredentials and the connect loop against an in-memory Secrets Manager (no servers).
import { strict as assert } from "assert";
import {
  CredentialsRefusedError,
  InvalidSecretValueError,
  isAuthenticationError,
  SecretAccessDeniedError,
  SecretCredentials,
  SecretNotFoundError,
  SecretsManagerUnavailableError,
  type DatabaseCredentials,
  type PendingFallbackEvent,
  type RefreshErrorEvent,
  type RefreshEvent,
} from "../../client";
import { connectRetryDefaults, connectWithRetry } from "../../client/connectWithRetry";
import { awsError, FakeSecretsManager, pgSecret } from "./fakeSecretsManager";

function source(fake: FakeSecretsManager, options: { minForcedRefreshIntervalMs?: number; awsPendingFallback?: boolean } = {}): SecretCredentials {
  return new SecretCredentials({ secretId: "s", client: fake.client, minForcedRefreshIntervalMs: 10, ...options });
}

function refused(): Error {
  return Object.assign(new Error("refused"), { code: "28P01" });
}

describe("SecretCredentials", () => {
  it("checks AWSCURRENT with DescribeSecret and calls GetSecretValue only when it moved", async () => {
    const fake = new FakeSecretsManager();
    fake.put("v1", pgSecret("app", "pw1"), ["AWSCURRENT"]);
    const credentials = source(fake);
    const events: RefreshEvent[] = [];
    credentials.on("refresh", (e) => events.push(e));
    assert.equal((await credentials.get()).versionId, "v1");
    await credentials.refresh();
    assert.deepEqual(fake.calls, [{ operation: "DescribeSecret" }, { operation: "GetSecretValue", versionId: "v1" }, { operation: "DescribeSecret" }]);
    fake.put("v2", pgSecret("app", "pw2"), ["AWSCURRENT"]);
    assert.equal((await credentials.refresh()).password, "pw2");
    assert.equal(fake.count("GetSecretValue"), 2);
    assert.deepEqual(
      events.map((e) => [e.versionId, e.changed, e.forced]),
      [["v1", true, false], ["v1", false, true], ["v2", true, true]],
    );
  });

  it("answers from the cache inside the refresh interval and checks again in the background after it", async () => {
    const fake = new FakeSecretsManager();
    fake.put("v1", pgSecret("app", "pw1"), ["AWSCURRENT"]);
    // 1 s ±10 %: the check is due after at most 1.1 s.
    const credentials = new SecretCredentials({ secretId: "s", client: fake.client, refreshIntervalMs: 1000 });
    await credentials.get();
    for (let i = 0; i < 5; i++) await credentials.get();
    assert.equal(fake.count("DescribeSecret"), 1);
    await new Promise((resolve) => setTimeout(resolve, 1150));
    const refreshed = new Promise<RefreshEvent>((resolve) => credentials.once("refresh", resolve));
    assert.equal((await credentials.get()).versionId, "v1");
    assert.deepEqual(await refreshed, { secretId: "s", versionId: "v1", previousVersionId: "v1", changed: false, forced: false });
    assert.deepEqual([fake.count("DescribeSecret"), fake.count("GetSecretValue")], [2, 1]);
  });

  it("shares one request between concurrent first reads", async () => {
    const fake = new FakeSecretsManager();
    fake.put("v1", pgSecret("app", "pw1"), ["AWSCURRENT"]);
    const credentials = source(fake);
    const release = fake.hold();
    const reads = Promise.all(Array.from({ length: 20 }, () => credentials.get()));
    release();
    assert.ok((await reads).every((c) => c.versionId === "v1"));
    assert.deepEqual([fake.count("DescribeSecret"), fake.count("GetSecretValue")], [1, 1]);
  });

  it("serves the last good value through a transient error and backs off before calling again", async () => {
    const fake = new FakeSecretsManager();
    fake.put("v1", pgSecret("app", "pw1"), ["AWSCURRENT"]);
    const credentials = new SecretCredentials({ secretId: "s", client: fake.client, refreshIntervalMs: 60_000 });
    const errors: RefreshErrorEvent[] = [];
    credentials.on("refreshError", (e) => errors.push(e));
    await credentials.get();
    fake.failNext("DescribeSecret", awsError("ThrottlingException"));
    await assert.rejects(credentials.refresh(), SecretsManagerUnavailableError);
    const calls = fake.calls.length;
    assert.equal((await credentials.get()).versionId, "v1");
    assert.equal(fake.calls.length, calls, "called again before the backoff passed");
    assert.deepEqual([errors[0]!.permanent, errors[0]!.servingVersionId], [false, "v1"]);
    // The first backoff is 0.5-1 s, far shorter than the interval: the next get() after it refreshes.
    assert.ok(errors[0]!.retryInMs >= 500 && errors[0]!.retryInMs <= 1000, `retry in ${errors[0]!.retryInMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, errors[0]!.retryInMs + 10));
    // After the backoff, a get() answers from the cache and refreshes in the background.
    const refreshed = new Promise<RefreshEvent>((resolve) => credentials.once("refresh", resolve));
    assert.equal((await credentials.get()).versionId, "v1");
    assert.equal((await refreshed).forced, false);
    assert.equal(fake.count("DescribeSecret"), 3);
    assert.equal(errors.length, 1);
  });

  it("fails a cold start with a clear error, and again at once without a call until the backoff passed", async () => {
    const fake = new FakeSecretsManager();
    fake.failNext("DescribeSecret", awsError("TimeoutError", "connect ETIMEDOUT 10.0.0.5:443"), Infinity);
    const credentials = source(fake);
    await assert.rejects(credentials.get(), (err: Error) => {
      assert.ok(err instanceof SecretsManagerUnavailableError);
      assert.match(err.message, /^cannot read secret s from Secrets Manager \(DescribeSecret: TimeoutError: connect ETIMEDOUT/);
      return true;
    });
    await assert.rejects(credentials.get(), SecretsManagerUnavailableError);
    assert.equal(fake.calls.length, 1);
  });

  it("never retries AccessDenied, and says which permissions are missing", async () => {
    const fake = new FakeSecretsManager();
    fake.failNext("DescribeSecret", awsError("AccessDeniedException", "User: arn:aws:sts::1:assumed-role/app is not authorized"), Infinity);
    const credentials = source(fake);
    const errors: RefreshErrorEvent[] = [];
    credentials.on("refreshError", (e) => errors.push(e));
    for (let i = 0; i < 3; i++) {
      await assert.rejects(credentials.get(), (err: Error) => {
        assert.ok(err instanceof SecretAccessDeniedError);
        assert.match(err.message, /Secrets Manager denied DescribeSecret on secret s .*secretsmanager:GetSecretValue and secretsmanager:DescribeSecret.*Not retried/);
        return true;
      });
    }
    assert.equal(fake.calls.length, 1);
    assert.deepEqual(errors.map((e) => e.permanent), [true]);
  });

  it("reports a missing secret as SecretNotFoundError", async () => {
    const fake = new FakeSecretsManager();
    fake.failNext("DescribeSecret", awsError("ResourceNotFoundException"));
    await assert.rejects(source(fake).get(), /^SecretNotFoundError: secret s was not found or is scheduled for deletion/);
  });

  it("refuses a secret for another engine in a pool, naming both", async () => {
    const fake = new FakeSecretsManager();
    fake.put("v1", { engine: "oracle", host: "h", username: "u", password: "p" }, ["AWSCURRENT"]);
    await assert.rejects(source(fake).get(), (err: Error) => err instanceof InvalidSecretValueError && /names engine "oracle"; supported engines are postgres, mysql, mariadb/.test(err.message));
  });

  it("falls back to AWSPENDING when AWSCURRENT is refused and has not moved, then back when pending is refused", async () => {
    const fake = new FakeSecretsManager();
    fake.put("v1", pgSecret("app", "pw1"), ["AWSCURRENT"]);
    fake.put("v2", pgSecret("app", "pw2"), ["AWSPENDING"]);
    const credentials = source(fake);
    const fallbacks: PendingFallbackEvent[] = [];
    credentials.on("pendingFallback", (e) => fallbacks.push(e));
    const current = await credentials.get();
    assert.equal(await credentials.handleAuthenticationFailure(current, refused()), true);
    const pending = await credentials.get();
    assert.deepEqual([pending.versionId, pending.password], ["v2", "pw2"]);
    assert.deepEqual(fallbacks, [{ secretId: "s", currentVersionId: "v1", pendingVersionId: "v2" }]);
    assert.equal(await credentials.handleAuthenticationFailure(pending, refused()), true);
    assert.equal((await credentials.get()).versionId, "v1");
  });

  it("does not fall back when told not to, or when the pending version has no value yet", async () => {
    const fake = new FakeSecretsManager();
    fake.put("v1", pgSecret("app", "pw1"), ["AWSCURRENT"]);
    fake.put("v2", pgSecret("app", "pw2"), ["AWSPENDING"]);
    const off = source(fake, { awsPendingFallback: false });
    assert.equal(await off.handleAuthenticationFailure(await off.get(), refused()), false);
    assert.equal((await off.get()).versionId, "v1");

    const placeholder = new FakeSecretsManager();
    placeholder.put("v1", pgSecret("app", "pw1"), ["AWSCURRENT"]);
    placeholder.put("v2", pgSecret("app", "pw2"), ["AWSPENDING"]);
    const credentials = source(placeholder);
    const first = await credentials.get();
    placeholder.failNext("GetSecretValue", awsError("ResourceNotFoundException"));
    assert.equal(await credentials.handleAuthenticationFailure(first, refused()), false);
    assert.equal((await credentials.get()).versionId, "v1");
  });

  it("spaces forced refreshes by the minimum interval: a refusal inside it waits for the refresh at its end", async () => {
    const fake = new FakeSecretsManager();
    fake.put("v1", pgSecret("app", "pw1"), ["AWSCURRENT"]);
    const credentials = source(fake, { minForcedRefreshIntervalMs: 400 });
    const login = await credentials.get();
    assert.equal(await credentials.handleAuthenticationFailure(login, refused()), false);
    const waiting = [credentials.handleAuthenticationFailure(login, refused()), credentials.handleAuthenticationFailure(login, refused())];
    assert.deepEqual(await Promise.all(waiting), [false, false]);
    const describes = fake.calls.map((c, i) => [c.operation, fake.callTimes[i]] as const).filter(([op]) => op === "DescribeSecret");
    // One cold read, one forced refresh, and one more for both waiting callers, at least 400 ms × 0.75 later.
    assert.equal(describes.length, 3);
    const gap = (describes[2]![1] as number) - (describes[1]![1] as number);
    assert.ok(gap >= 300, `forced refreshes ${gap} ms apart`);
  });

  it("answers at once when the refused version is no longer the one offered (another caller moved on)", async () => {
    const fake = new FakeSecretsManager();
    fake.put("v1", pgSecret("app", "pw1"), ["AWSCURRENT"]);
    const credentials = source(fake);
    const old = await credentials.get();
    fake.put("v2", pgSecret("app", "pw2"), ["AWSCURRENT"]);
    await credentials.refresh();
    const calls = fake.calls.length;
    assert.equal(await credentials.handleAuthenticationFailure(old, refused()), true);
    assert.equal(fake.calls.length, calls);
  });

  it("fromEnvironment reads DB_SECRET_ARN and says so when it is missing", () => {
    assert.equal(SecretCredentials.fromEnvironment({ DB_SECRET_ARN: "arn:aws:secretsmanager:eu-west-1:1:secret:db" }).secretId, "arn:aws:secretsmanager:eu-west-1:1:secret:db");
    assert.throws(() => SecretCredentials.fromEnvironment({}), /DB_SECRET_ARN is not set: it must hold the ARN \(or name\) of the database secret/);
  });

  it("rejects a non-positive interval, naming the option", () => {
    assert.throws(() => new SecretCredentials({ secretId: "s", refreshIntervalMs: 0 }), /refreshIntervalMs must be a positive number of milliseconds, got 0/);
  });
});

describe("connectWithRetry", () => {
  const loginOf = new WeakMap<object, DatabaseCredentials>();

  async function warm(fake: FakeSecretsManager): Promise<{ credentials: SecretCredentials; login: DatabaseCredentials }> {
    fake.put("v1", pgSecret("app", "pw1"), ["AWSCURRENT"]);
    const credentials = source(fake);
    return { credentials, login: await credentials.get() };
  }

  /** A refused login, remembered as made with `login` (what a pool reads back from its connection). */
  function refusedAs(login: DatabaseCredentials): Error {
    const err = refused();
    loginOf.set(err, login);
    return err;
  }

  it("stops at once when the forced refresh is denied access, without spending the budget", async () => {
    const fake = new FakeSecretsManager();
    const { credentials, login } = await warm(fake);
    fake.failNext("DescribeSecret", awsError("AccessDeniedException"), Infinity);
    let attempts = 0;
    const calls = fake.calls.length;
    await assert.rejects(
      connectWithRetry(
        credentials,
        async () => { attempts++; throw refusedAs(login); },
        (err) => loginOf.get(err as object),
        connectRetryDefaults(),
      ),
      SecretAccessDeniedError,
    );
    assert.equal(attempts, 1);
    assert.equal(fake.calls.length - calls, 1);
  });

  it("throws anything but a refused login as it is, after one attempt", async () => {
    const fake = new FakeSecretsManager();
    const { credentials } = await warm(fake);
    let attempts = 0;
    const unreachable = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    await assert.rejects(
      connectWithRetry(credentials, async () => { attempts++; throw unreachable; }, () => undefined, connectRetryDefaults()),
      (err) => err === unreachable,
    );
    assert.equal(attempts, 1);
  });

  it("gives up with CredentialsRefusedError when the budget is spent, the last refusal as cause", async () => {
    const fake = new FakeSecretsManager();
    const { credentials, login } = await warm(fake);
    let attempts = 0;
    await assert.rejects(
      connectWithRetry(
        credentials,
        async () => { attempts++; throw refusedAs(login); },
        (err) => loginOf.get(err as object),
        connectRetryDefaults({ budgetMs: 300, baseDelayMs: 20, maxDelayMs: 40 }),
      ),
      (err: Error) => {
        assert.ok(err instanceof CredentialsRefusedError);
        assert.match(err.message, /^the database refused the credentials of secret s for \d+ s \(\d+ attempts, last with version v1, user "app"\)/);
        assert.ok(isAuthenticationError(err));
        assert.equal(err.attempts, attempts);
        return true;
      },
    );
    assert.ok(attempts >= 2, `${attempts} attempts`);
  });
});
