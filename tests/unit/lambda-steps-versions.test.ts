// readSecretString, which every step reads versions through: what it hands the Redactor before
// anything can log it.
import { strict as assert } from "assert";
import { REDACTED } from "../../rotation-lambda/redactor";
import { readSecretString } from "../../rotation-lambda/steps/versions";
import { RotationHarness } from "../support/rotationHarness";

describe("readSecretString", () => {
  it("registers the version's whole text and its password for scrubbing", async () => {
    const h = new RotationHarness();
    const secret = h.secret({ username: "app", password: "pw-one-3f9c" });
    h.seed("ver-a", secret);
    const ctx = await h.context();
    const text = await readSecretString(ctx, { versionId: "ver-a" });
    assert.equal(text, JSON.stringify(secret));
    assert.equal(ctx.redactor.scrub(`value ${text} password pw-one-3f9c`), `value ${REDACTED} password ${REDACTED}`);
  });

  it("registers no password field that is not a string", async () => {
    const h = new RotationHarness();
    // An array's text form ("abcd,efgh,ijkl,mnop") appears nowhere in the JSON, so only a registered array would scrub it.
    h.seed("ver-a", { ...h.secret({ username: "app", password: "unused" }), password: ["abcd", "efgh", "ijkl", "mnop"] });
    const ctx = await h.context();
    await readSecretString(ctx, { versionId: "ver-a" });
    assert.equal(ctx.redactor.scrub("abcd,efgh,ijkl,mnop"), "abcd,efgh,ijkl,mnop");
  });

  it("registers nothing but the text when the text is not JSON", async () => {
    const h = new RotationHarness();
    h.sm.seedVersion(h.arn, "ver-a", { secretString: "not json at all" }, []);
    const ctx = await h.context();
    assert.equal(await readSecretString(ctx, { versionId: "ver-a" }), "not json at all");
    assert.equal(ctx.redactor.scrub("x not json at all y"), `x ${REDACTED} y`);
  });
});
