// The pure part of the proxy outputs: why grantConnect is refused.
import * as assert from "assert";
import { grantConnectRefusal } from "../../components/proxyOutputs";

describe("grantConnectRefusal", () => {
  it("refuses without a proxy, pointing at grantRead", () => {
    assert.match(String(grantConnectRefusal(undefined)), /^grantConnect needs a proxy with iamAuth: true, and this database has none; use grantRead/);
  });
  it("refuses a proxy without IAM authentication, saying how to get it", () => {
    assert.match(String(grantConnectRefusal({ iamAuth: false })), /^grantConnect needs proxy\.iamAuth: true; .*set proxy\.iamAuth: true$/);
  });
  it("grants with IAM authentication", () => {
    assert.strictEqual(grantConnectRefusal({ iamAuth: true }), undefined);
  });
});
