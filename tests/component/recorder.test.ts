// The recorder the component tests read: every option a registration request carries ends up on the
// recorded resource, and `dependsOn` is told apart from dependencies that come with an input.
import * as assert from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { recordProgram } from "../../plan/recorder";
import { Recorded } from "./records";

const TOPIC = "aws:sns/topic:Topic";

describe("recorder: resource options", () => {
  let rec: Recorded;
  before(async () => {
    rec = new Recorded(await recordProgram(() => {
      const provider = new aws.Provider("eu", { region: "eu-west-1" });
      const first = new aws.sns.Topic("first", {});
      const second = new aws.sns.Topic("second", {});
      const parent = new pulumi.ComponentResource("test:index:Group", "group", {}, { protect: true });
      new aws.sns.Topic("options", { name: first.name }, {
        parent,
        provider,
        dependsOn: [second],
        retainOnDelete: true,
        ignoreChanges: ["tags"],
        deleteBeforeReplace: true,
        replaceOnChanges: ["name"],
        aliases: [{ name: "old-options" }, "urn:pulumi:test::rotated-rds::aws:sns/topic:Topic::older"],
      });
      new aws.sns.Topic("plain", {});
    }));
  });

  it("records protect (inherited from the parent here), retainOnDelete and ignoreChanges", () => {
    const o = rec.options(TOPIC, "options");
    assert.deepStrictEqual([o.protect, o.retainOnDelete, o.ignoreChanges], [true, true, ["tags"]]);
  });
  it("records deleteBeforeReplace, replaceOnChanges, aliases and the provider", () => {
    const o = rec.options(TOPIC, "options");
    assert.deepStrictEqual([o.deleteBeforeReplace, o.replaceOnChanges], [true, ["name"]]);
    // The SDK completes a spec alias with the parent's URN.
    assert.deepStrictEqual(o.aliases, [{ name: "old-options", parentUrn: rec.one("test:index:Group").urn }, "urn:pulumi:test::rotated-rds::aws:sns/topic:Topic::older"]);
    const provider = rec.one("pulumi:providers:aws", "eu");
    assert.strictEqual(o.provider, `${provider.urn}::${provider.id}`);
  });
  it("keeps dependsOn apart from the dependencies an input brings", () => {
    assert.deepStrictEqual(rec.dependsOn(TOPIC, "options"), [`${TOPIC} second`]);
    assert.deepStrictEqual(rec.dependencies(TOPIC, "options").sort(), [`${TOPIC} first`, `${TOPIC} second`]);
  });
  it("leaves options the program did not set unset or empty", () => {
    assert.deepStrictEqual(rec.options(TOPIC, "plain"), { ignoreChanges: [], dependsOn: [], replaceOnChanges: [], aliases: [] });
    assert.deepStrictEqual(rec.dependencies(TOPIC, "plain"), []);
  });
});
