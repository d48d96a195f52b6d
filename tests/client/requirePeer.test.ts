// The drivers are optional peers: a missing one is named with the command that installs it.
import { strict as assert } from "assert";
import { requirePeer } from "../../client/requirePeer";

describe("requirePeer", () => {
  it("loads an installed driver", () => {
    assert.equal(typeof requirePeer<{ Pool: unknown }>("pg", "createPgPool").Pool, "function");
  });

  it("names the missing package and how to install it", () => {
    assert.throws(
      () => requirePeer("rotated-rds-no-such-driver/promise", "createMysqlPool"),
      /^Error: createMysqlPool needs the rotated-rds-no-such-driver package, an optional peer dependency of rotated-rds: npm install rotated-rds-no-such-driver$/,
    );
  });
});
