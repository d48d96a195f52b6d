// The rotation function on a stack's second day, without services: the test plays the rotation
// service (RotateSecret's AWSPENDING placeholder, the steps with one token), and, where it says so,
// the parts of Secrets Manager moto cannot play.
import { strict as assert } from "assert";
import { ROTATION_STEPS } from "../../rotation-lambda/event";
import { AWSCURRENT, AWSPENDING, AWSPREVIOUS } from "../support/fakeSecretsManager";
import { fingerprint as fp } from "../support/fingerprint";
import { RotationHarness } from "../support/rotationHarness";

const OLD_HOST = "app-db-old.c0ffee.eu-west-1.rds.amazonaws.com";
const NEW_HOST = "app-db-new.c0ffee.eu-west-1.rds.amazonaws.com";
const OLD_PASSWORD = "old-instance-rotated-0001";
const NEW_PASSWORD = "new-instance-first-0002";

async function rotate(h: RotationHarness, token: string): Promise<void> {
  h.sm.seedPlaceholder(h.arn, token);
  const handler = h.handler();
  for (const Step of ROTATION_STEPS) await handler({ Step, SecretId: h.arn, ClientRequestToken: token, RotationToken: `rt-${token}` });
}

describe("rotation after the instance was replaced (a new first version with a new host)", () => {
  it("rotates on the new host with the new first version's password; the old instance is never contacted", async () => {
    // The harness's database is the new instance. The secret's history: the old instance's rotated
    // version (now AWSPREVIOUS), then the replacement's first version, written by `pulumi up` as AWSCURRENT.
    const h = new RotationHarness({ host: NEW_HOST });
    h.seed("old-rotated", { ...h.secret({ username: "dbadmin", password: OLD_PASSWORD }), host: OLD_HOST }, [AWSPREVIOUS]);
    h.seed("new-first", h.secret({ username: "dbadmin", password: NEW_PASSWORD }), [AWSCURRENT, "ROTATED_RDS_INITIAL"]);
    h.db.addUser("dbadmin", NEW_PASSWORD);

    await rotate(h, "tok-after-replace");

    const next = h.value("tok-after-replace");
    assert.equal(next.host, NEW_HOST);
    assert.equal(h.db.passwordOf("dbadmin"), fp(next.password));
    assert.notEqual(next.password, NEW_PASSWORD);
    assert.deepEqual(h.sm.stages(h.arn), {
      "new-first": [AWSPREVIOUS, "ROTATED_RDS_INITIAL"],
      "tok-after-replace": [AWSCURRENT, AWSPENDING],
    });
    assert.ok(h.db.logins.every((l) => l.outcome === "ok"), "no failed login: the current version's password works at once");
    assert.deepEqual(h.db.logins.map((l) => l.host), [NEW_HOST, NEW_HOST]);
  });

  it("never tries the old instance's password on the new host (another server's password)", async () => {
    // The new first version lost its password race (e.g. edited by hand): the fallbacks must skip
    // the previous version, which names the old host.
    const h = new RotationHarness({ host: NEW_HOST });
    h.seed("old-rotated", { ...h.secret({ username: "dbadmin", password: OLD_PASSWORD }), host: OLD_HOST }, [AWSPREVIOUS]);
    h.seed("new-first", h.secret({ username: "dbadmin", password: "not-the-password" }), [AWSCURRENT]);
    h.db.addUser("dbadmin", NEW_PASSWORD);
    await assert.rejects(rotate(h, "tok-1"), /no version of secret .* logs in as "dbadmin"/);
    assert.ok(!h.db.logins.some((l) => l.password === fp(OLD_PASSWORD)), "the old instance's password was tried on the new host");
  });
});

describe("rotateImmediately: false (Secrets Manager runs only testSecret)", () => {
  // AWS, on a SecretRotation without immediate rotation, creates an AWSPENDING version holding the
  // current value and invokes testSecret alone. moto does neither: the test seeds that version
  // itself and invokes the one step, playing the service's part.
  it("passes testSecret on the AWSPENDING copy of the current value and changes nothing", async () => {
    const h = new RotationHarness();
    const current = h.secret({ username: "dbadmin", password: NEW_PASSWORD });
    h.seed("ver-current", current, [AWSCURRENT]);
    h.seed("tok-test", current, [AWSPENDING]);
    h.db.addUser("dbadmin", NEW_PASSWORD);
    h.sm.resetCalls();

    await h.handler()({ Step: "testSecret", SecretId: h.arn, ClientRequestToken: "tok-test" });

    assert.deepEqual(h.sm.commandNames().filter((c) => !["DescribeSecret", "GetSecretValue"].includes(c)), [], "testSecret writes nothing to Secrets Manager");
    assert.deepEqual(h.sm.stages(h.arn), { "ver-current": [AWSCURRENT], "tok-test": [AWSPENDING] });
    assert.equal(h.db.passwordOf("dbadmin"), fp(NEW_PASSWORD), "the password is unchanged");
    assert.deepEqual(h.db.operations(), ["dbadmin ping"], "one login and a ping, no statement that changes anything");
  });
});
