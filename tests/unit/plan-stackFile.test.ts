// Reading stack files the way the Pulumi CLI hands config to a program.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { listStacks, readStackFile, StackFileError } from "../../plan";

describe("readStackFile", () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "stackfile-"));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), [
      "name: proj", "runtime: nodejs", "config:",
      "  vpcId:", "    type: string", "    default: create",
      "  subnetIds:", "    type: array", "    items: {type: string}", "    default: []",
      "  databases:", "    default: {app: {}}",
      "  short: 3",
    ].join("\n"));
    fs.writeFileSync(path.join(dir, "Pulumi.a.yaml"), [
      "config:", "  aws:region: eu-west-1", "  proj:databases:", "    orders:", "      engine: mysql", "      multiAz: true",
      "  proj:token:", "    secure: AAABAxyz", "  proj:count: 3",
    ].join("\n"));
    fs.writeFileSync(path.join(dir, "Pulumi.broken.yaml"), "config:\n  proj:x: [unclosed\n");
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("namespaces keys, stringifies values, fills project defaults and marks secure values secret", () => {
    assert.deepStrictEqual(readStackFile(dir, "a"), {
      project: "proj",
      stack: "a",
      config: {
        "proj:vpcId": "create",
        "proj:subnetIds": "[]",
        "proj:databases": '{"orders":{"engine":"mysql","multiAz":true}}',
        "proj:short": "3",
        "aws:region": "eu-west-1",
        "proj:token": "[secret]",
        "proj:count": "3",
      },
      secretKeys: ["proj:token"],
    });
  });

  it("lists the stacks of a directory", () => {
    assert.deepStrictEqual(listStacks(dir), ["a", "broken"]);
  });

  it("names a missing stack and the stacks that exist", () => {
    assert.throws(() => readStackFile(dir, "nope"), (e: unknown) =>
      e instanceof StackFileError && /no stack file Pulumi\.nope\.yaml in .*; stacks here: a, broken/.test(e.message));
  });

  it("reports invalid YAML with the file name", () => {
    assert.throws(() => readStackFile(dir, "broken"), /Pulumi\.broken\.yaml is not valid YAML/);
  });

  it("refuses a stack name that could escape the directory", () => {
    assert.throws(() => readStackFile(dir, "../etc"), /stack name "\.\.\/etc" may contain only/);
  });
});
