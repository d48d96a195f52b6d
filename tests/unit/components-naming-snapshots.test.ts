// Final snapshot identifiers: one per instance (RDS refuses a second snapshot of the same name with
// DBSnapshotAlreadyExists, which stops a destroy or a replacement half-way), stable for one instance,
// and inside RDS's rules.
import * as assert from "assert";
import { SNAPSHOT_IDENTIFIER_MAX, finalSnapshotIdentifier, instanceReplacementKey } from "../../components/naming";

const RDS_SNAPSHOT_RULES = /^[A-Za-z](?:[A-Za-z0-9]|-(?!-))*$/;

function valid(id: string): void {
  assert.ok(id.length >= 1 && id.length <= SNAPSHOT_IDENTIFIER_MAX, `${id.length} characters`);
  assert.match(id, RDS_SNAPSHOT_RULES);
  assert.ok(!id.endsWith("-"), `${id} ends with a hyphen`);
}

const key = (over: Partial<Parameters<typeof instanceReplacementKey>[0]> = {}) =>
  instanceReplacementKey({ engine: "postgres", dbName: "app", username: "dbadmin", kmsKeyArn: undefined, ...over });

describe("finalSnapshotIdentifier", () => {
  const first = { subnetGroupName: "app-subnets-1a2b3c4", replacementKey: key() };

  it("is the same for the same instance on every run", () => {
    assert.strictEqual(finalSnapshotIdentifier("p", "s", "app", first), finalSnapshotIdentifier("p", "s", "app", { ...first }));
  });
  it("differs after a destroy and a new deployment (the subnet group gets a new auto-name)", () => {
    assert.notStrictEqual(
      finalSnapshotIdentifier("p", "s", "app", first),
      finalSnapshotIdentifier("p", "s", "app", { ...first, subnetGroupName: "app-subnets-9f8e7d6" }),
    );
  });
  it("differs for each replacement of the instance (every ForceNew input the component sets)", () => {
    const ids = new Set([
      first.replacementKey,
      key({ engine: "mysql" }),
      key({ dbName: "orders" }),
      key({ username: "owner" }),
      key({ kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" }),
    ].map((replacementKey) => finalSnapshotIdentifier("p", "s", "app", { ...first, replacementKey })));
    assert.strictEqual(ids.size, 5);
  });
  it("differs between stacks and components", () => {
    const ids = new Set([
      finalSnapshotIdentifier("p", "dev", "app", first),
      finalSnapshotIdentifier("p", "prod", "app", first),
      finalSnapshotIdentifier("p", "dev", "orders", first),
    ]);
    assert.strictEqual(ids.size, 3);
  });
  it("keeps RDS's rules for awkward and long component names", () => {
    for (const name of ["My_DB", "9--x", "a-", "---", "x".repeat(300), `${"a-".repeat(130)}b`]) {
      valid(finalSnapshotIdentifier("p", "s", name, first));
    }
    assert.strictEqual(finalSnapshotIdentifier("p", "s", "x".repeat(300), first).length, SNAPSHOT_IDENTIFIER_MAX);
  });
});
