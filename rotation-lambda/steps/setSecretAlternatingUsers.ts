// alternating-users setSecret: logged in as the master user, makes the pending twin (`user` or
// `user_clone`) exist with the pending password and the privileges of the current user. On the
// first rotation after deploy the current user does not exist yet; the pending user is then
// bootstrapped with access to the secret's database.
import type { DatabaseSecret } from "../contract";
import { AuthenticationError, InvalidSecretError } from "../errors";
import { alternateUsername, parseMasterSecret } from "../secret";
import type { StepContext } from "./stepContext";
import { loginParams, readSecretString, tryLogin } from "./versions";

export async function setSecretAlternatingUsers(ctx: StepContext, current: DatabaseSecret, pending: DatabaseSecret): Promise<void> {
  if (pending.username !== alternateUsername(current.username)) {
    throw new InvalidSecretError(
      `alternating-users: pending version ${ctx.token} of secret ${ctx.secretArn} must name the twin of the current user`,
    );
  }
  const masterArn = pending.masterarn as string;
  const what = `master secret ${masterArn} (masterarn of ${ctx.secretArn})`;
  let masterText: string | undefined;
  try {
    masterText = await readSecretString(ctx, {}, masterArn);
  } catch (err) {
    throw new InvalidSecretError(`cannot read ${what}: ${(err as Error).name}`, { cause: err });
  }
  if (masterText === undefined) throw new InvalidSecretError(`${what} does not exist or has no current value`);
  const master = parseMasterSecret(masterText, what);

  const driver = ctx.engines(pending.engine);
  // An RDS-managed master secret holds only username and password: the server is the one in our secret.
  const masterLogin = {
    ...loginParams(pending, driver, master.password),
    username: master.username,
    host: master.host ?? pending.host,
    port: master.port ?? pending.port ?? driver.defaultPort,
  };
  if (masterLogin.host !== pending.host) {
    throw new InvalidSecretError(`${what} names another host than secret ${ctx.secretArn}; refusing to rotate`);
  }
  const session = await tryLogin(ctx, driver, masterLogin, "master");
  if (!session) throw new AuthenticationError(`the database refused the credentials in ${what}`);
  try {
    const currentExists = await session.userExists(current.username);
    await session.createOrUpdateUser(pending.username, pending.password);
    if (currentExists) {
      await session.copyPrivileges(current.username, pending.username);
    } else {
      await session.grantDatabaseAccess(pending.username, loginParams(pending, driver).dbname);
      ctx.log.info("current user does not exist yet; bootstrapped the pending user with access to the database", { username: pending.username });
    }
  } finally {
    await session.close();
  }
  ctx.log.info("set the pending user", { username: pending.username });
}
