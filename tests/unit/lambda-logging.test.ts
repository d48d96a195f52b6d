import { strict as assert } from "assert";
import { parseRotationEvent } from "../../rotation-lambda/event";
import { Logger } from "../../rotation-lambda/logger";
import { REDACTED, Redactor } from "../../rotation-lambda/redactor";

describe("Redactor", () => {
  it("scrubs every registered value, the longest first", () => {
    const r = new Redactor();
    r.add("s3cret-password");
    r.add('{"password":"s3cret-password"}');
    assert.equal(r.scrub('got {"password":"s3cret-password"} and s3cret-password'), `got ${REDACTED} and ${REDACTED}`);
  });

  it("ignores values too short to be secrets", () => {
    const r = new Redactor();
    r.add("ab");
    assert.equal(r.scrub("abc"), "abc");
  });
});

describe("Logger", () => {
  it("writes one JSON line with the step, secret ARN and version id, scrubbed", () => {
    const lines: string[] = [];
    const r = new Redactor();
    r.add("tok-rotation-123");
    const log = new Logger((l) => lines.push(l), r).child({ step: "setSecret", secretArn: "arn:x", versionId: "v1" });
    log.info("login", { errorMessage: "failed with tok-rotation-123" });
    const parsed = JSON.parse(lines[0] as string) as Record<string, string>;
    assert.equal(parsed.level, "info");
    assert.equal(parsed.step, "setSecret");
    assert.equal(parsed.secretArn, "arn:x");
    assert.equal(parsed.versionId, "v1");
    assert.equal(parsed.errorMessage, `failed with ${REDACTED}`);
  });
});

describe("Logger and JSON escaping", () => {
  it("scrubs a password holding quotes and backslashes (EXCLUDE_CHARACTERS may allow them)", () => {
    const lines: string[] = [];
    const r = new Redactor();
    const password = 'pw"with\\back\\slash';
    r.add(password);
    new Logger((l) => lines.push(l), r).error("step failed", { errorMessage: `refused ${password}`, username: password });
    assert.ok(!lines[0]!.includes("with"), lines[0]);
    const parsed = JSON.parse(lines[0] as string) as Record<string, string>;
    assert.equal(parsed.errorMessage, `refused ${REDACTED}`);
    assert.equal(parsed.username, REDACTED);
  });
});

describe("parseRotationEvent", () => {
  const event = { Step: "createSecret", SecretId: "arn:x", ClientRequestToken: "t", RotationToken: "rt" };

  it("accepts the event Secrets Manager sends", () => {
    assert.deepEqual(parseRotationEvent(event), event);
    const { RotationToken: _unused, ...withoutToken } = event;
    assert.deepEqual(parseRotationEvent(withoutToken), withoutToken);
  });

  it("rejects an unknown step and missing identifiers", () => {
    assert.throws(() => parseRotationEvent({ ...event, Step: "dropSecret" }), /Step must be one of createSecret, setSecret, testSecret, finishSecret, got "dropSecret"/);
    assert.throws(() => parseRotationEvent({ ...event, SecretId: "" }), /SecretId is missing/);
    assert.throws(() => parseRotationEvent({ ...event, ClientRequestToken: undefined }), /ClientRequestToken is missing/);
    assert.throws(() => parseRotationEvent(null), /Step must be one of/);
  });
});
