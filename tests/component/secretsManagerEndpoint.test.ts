// SecretsManagerEndpoint on its own: the endpoint, its group, and groups granted at creation.
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { SecretsManagerEndpoint } from "../../components";
import { recordProgram } from "../../plan/recorder";
import { Recorded, SUBNETS, T, VPC } from "./records";

describe("SecretsManagerEndpoint", () => {
  let rec: Recorded;
  let out: Record<string, unknown>;
  before(async () => {
    const run = await recordProgram(() => {
      const e = new SecretsManagerEndpoint("shared", { vpcId: VPC, subnetIds: SUBNETS, allowedSecurityGroupIds: ["sg-0granted00000001"], tags: { team: "platform" } });
      return { securityGroupId: e.securityGroupId, endpointId: e.endpointId, vpcId: e.vpcId };
    }, { region: "eu-central-1" });
    rec = new Recorded(run);
    out = run.result as Record<string, unknown>;
  });

  it("serves the region's Secrets Manager with private DNS", () => {
    const e = rec.one(T.vpce).inputs;
    assert.deepStrictEqual([e.serviceName, e.privateDnsEnabled, e.vpcEndpointType, e.subnetIds], ["com.amazonaws.eu-central-1.secretsmanager", true, "Interface", SUBNETS]);
  });
  it("admits 443 only from the granted groups and has no egress", () => {
    const sg = rec.one(T.sg);
    assert.deepStrictEqual([sg.inputs.ingress, sg.inputs.egress], [undefined, undefined]);
    assert.deepStrictEqual(rec.rulesOf(T.ingress, sg.id), [["tcp", 443, 443, "sg-0granted00000001"]]);
    assert.deepStrictEqual(rec.rulesOf(T.egress, sg.id), []);
  });
  it("tags and parents its children, and outputs its ids", () => {
    const component = rec.one(T.endpointComponent);
    for (const r of rec.record.resources.filter((x) => x.custom)) {
      assert.strictEqual(r.parent, component.urn, r.name);
      assert.strictEqual((r.inputs.tags as Record<string, string>).team, "platform", r.name);
    }
    assert.deepStrictEqual([out.securityGroupId, out.endpointId, out.vpcId], [rec.one(T.sg).id, rec.one(T.vpce).id, VPC]);
  });
  it("refuses an empty subnet list", async () => {
    let error: unknown;
    await recordProgram(() => { try { new SecretsManagerEndpoint("none", { vpcId: VPC, subnetIds: [] }); } catch (e) { error = e; } });
    assert.ok(pulumi.ResourceError.isInstance(error));
    assert.strictEqual((error as Error).message, "subnetIds must list at least 1 subnet for the endpoint; got []");
  });
});
