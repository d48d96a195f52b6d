// The plan's renderers on synthetic records: tree, JSON redaction, network paths, IAM, rotation,
// alerts and the Mermaid diagram.
import * as assert from "assert";
import { RecordedSecret } from "../../plan/recorder";
import { collectNetworkRules, ruleEnds } from "../../plan/networkRules";
import { ResourceIndex, renderJson, renderMermaid, renderSummary, renderTree, toPlanJson } from "../../plan";
import { collectRotations } from "../../plan/rotationSummary";
import { res, sampleResources } from "./plan-fixtures";

describe("plan renderers", () => {
  const resources = sampleResources();
  const index = new ResourceIndex(resources);

  describe("renderTree", () => {
    it("nests every resource under its parent with its type, name and id", () => {
      const lines = renderTree(index, "rotated-rds-t (stack)");
      assert.strictEqual(lines.length, resources.length + 1);
      assert.ok(lines.includes("├─ rotated-rds:index:SecretsManagerEndpoint  sm"), lines.join("\n"));
      assert.ok(lines.includes("│  ├─ aws:ec2/securityGroup:SecurityGroup  sm-sg  sg-ep"), lines.join("\n"));
      assert.ok(lines.includes("└─ rotated-rds:index:RotatedDatabase  app"), lines.join("\n"));
      assert.ok(lines.includes("   └─ aws:cloudwatch/metricAlarm:MetricAlarm  app-rotation-errors  a1"), lines.join("\n"));
    });
  });

  describe("renderJson", () => {
    it("gives urn, type, name, parent URN, id, inputs with secrets as [secret], and options", () => {
      const json = JSON.parse(renderJson("t", resources)) as ReturnType<typeof toPlanJson>;
      assert.strictEqual(json.stack, "t");
      assert.strictEqual(json.resources.length, resources.length);
      const instance = json.resources.find((r) => r.name === "app-db")!;
      assert.deepStrictEqual(Object.keys(instance), ["urn", "type", "name", "parent", "id", "inputs", "options"]);
      // A record built without options (as here) shows none.
      assert.deepStrictEqual(instance.options, {});
      assert.strictEqual(instance.inputs.password, "[secret]");
      assert.strictEqual(instance.parent, resources.find((r) => r.name === "app")!.urn);
      assert.strictEqual(json.resources.find((r) => r.name === "app")!.id, null);
      assert.ok(!renderJson("t", resources).includes("hunter2"), "a secret value leaked into the JSON");
    });

    it("shows the options that were set, and leaves out unset ones and empty lists", () => {
      const r = {
        ...res("aws:x/y:Y", "n", "i", {}),
        options: {
          protect: false, ignoreChanges: ["password"], dependsOn: ["urn:a"], replaceOnChanges: [], aliases: [{ name: "old" }],
          provider: "urn:p::id", deleteBeforeReplace: true,
        },
      };
      assert.deepStrictEqual(toPlanJson("t", [r]).resources[0].options, {
        protect: false, ignoreChanges: ["password"], dependsOn: ["urn:a"], deleteBeforeReplace: true, aliases: [{ name: "old" }], provider: "urn:p::id",
      });
      const unset = { ...r, options: { ignoreChanges: [], dependsOn: [], replaceOnChanges: ["engine"], aliases: [] } };
      assert.deepStrictEqual(toPlanJson("t", [unset]).resources[0].options, { replaceOnChanges: ["engine"] });
    });

    it("redacts secrets nested in lists and objects", () => {
      const r = res("aws:x/y:Y", "n", "i", { list: [{ deep: new RecordedSecret({ a: 1 }) }] });
      assert.deepStrictEqual(toPlanJson("t", [r]).resources[0].inputs, { list: [{ deep: "[secret]" }] });
    });
  });

  describe("network rules", () => {
    it("reads standalone ingress and egress rules as source -> destination paths", () => {
      const paths = collectNetworkRules(index).map((r) => `${r.direction} ${ruleEnds(index, r).join(" -> ")} ${r.fromPort}`);
      assert.deepStrictEqual(paths, [
        "ingress app-rotation-sg -> app-db-sg 5432",
        "egress app-rotation-sg -> app-db-sg 5432",
        "egress app-rotation-sg -> sm-sg 443",
        "ingress app-rotation-sg -> sm-sg 443",
      ]);
    });

    it("reads legacy rules and inline blocks, and flags an open ingress", () => {
      const sg = res("aws:ec2/securityGroup:SecurityGroup", "web", "sg-web", { ingress: [{ protocol: "tcp", fromPort: 80, toPort: 80, cidrBlocks: ["0.0.0.0/0"] }] });
      const legacy = res("aws:ec2/securityGroupRule:SecurityGroupRule", "r", "r1", { type: "egress", securityGroupId: "sg-web", sourceSecurityGroupId: "sg-web", protocol: "-1", fromPort: 0, toPort: 0 });
      const idx = new ResourceIndex([sg, legacy]);
      const summary = renderSummary(idx).join("\n");
      assert.match(summary, /ingress 0\.0\.0\.0\/0 -> web {2}tcp 80 {2}\[web\] {2}!! OPEN TO THE INTERNET/);
      assert.match(summary, /egress {2}web -> web {2}all traffic {2}\[r\]/);
    });
  });

  describe("renderSummary", () => {
    const text = renderSummary(index).join("\n");

    it("lists each security group with its rules by name", () => {
      assert.match(text, /app-db-sg \(sg-db\): database\n {4}ingress app-rotation-sg -> app-db-sg {2}tcp 5432 {2}\[app-from-rotation\]/);
      assert.match(text, /egress {2}app-rotation-sg -> sm-sg {2}tcp 443/);
    });

    it("lists IAM statements with resources named back to the declared secret", () => {
      assert.match(text, /role app-rotation-role, assumed by lambda\.amazonaws\.com/);
      assert.match(text, /Allow secretsmanager:GetSecretValue, secretsmanager:PutSecretValue on app-secret \(arn:aws:secretsmanager:[^)]+\)/);
      assert.match(text, /Allow secretsmanager:GetRandomPassword on \*/);
      assert.match(text, /permission app-rotation-invoke: secretsmanager\.amazonaws\.com may lambda:InvokeFunction on app-rotation, sourceArn app-secret \(.*\), sourceAccount 123456789012/);
    });

    it("shows the endpoint with private DNS and its security group", () => {
      assert.match(text, /sm-endpoint \(vpce-1\): com\.amazonaws\.eu-west-1\.secretsmanager, Interface, private DNS on\n {4}vpc vpc-1; subnets subnet-a, subnet-b; security groups sm-sg/);
    });

    it("shows rotation per database with its strategy and schedule", () => {
      assert.match(text, /app: strategy single-user; schedule rate\(4 hours\); window 1h; rotates immediately on creation; secret app-secret; function app-rotation/);
    });

    it("shows where alerts go and who is subscribed", () => {
      assert.match(text, /app-rotation-failed: EventBridge source \["aws\.secretsmanager"\].* -> app-alerts/);
      assert.match(text, /app-rotation-errors: alarm AWS\/Lambda Errors GreaterThanOrEqualToThreshold 1 \(FunctionName=app-rotation\) -> app-alerts/);
      assert.match(text, /topic app-alerts: email ops@example\.com/);
    });

    it("never prints a secret value", () => {
      assert.ok(!text.includes("hunter2"));
    });
  });

  describe("rotation strategy", () => {
    it("reads alternating-users from a masterarn in the secret and managed from the instance", () => {
      const db = res("rotated-rds:index:RotatedDatabase", "alt", undefined, {});
      const alt = [db,
        res("aws:secretsmanager/secretVersion:SecretVersion", "v", "v", { secretString: new RecordedSecret(JSON.stringify({ masterarn: "arn:m" })) }, db),
        res("aws:secretsmanager/secretRotation:SecretRotation", "rot", "rot", { secretId: "s" }, db)];
      assert.strictEqual(collectRotations(new ResourceIndex(alt))[0].strategy, "alternating-users");
      const m = res("rotated-rds:index:RotatedDatabase", "m", undefined, {});
      const managed = [m,
        res("aws:rds/instance:Instance", "i", "i", { manageMasterUserPassword: true }, m),
        res("aws:secretsmanager/secretRotation:SecretRotation", "rot", "rot", { secretId: "s" }, m)];
      assert.strictEqual(collectRotations(new ResourceIndex(managed))[0].strategy, "managed");
    });
  });

  describe("renderMermaid", () => {
    const diagram = renderMermaid(index, "t");

    it("draws a flowchart with a subgraph per component", () => {
      assert.match(diagram, /^---\ntitle: t\n---\nflowchart LR\n/);
      assert.strictEqual((diagram.match(/subgraph /g) ?? []).length, 2);
      assert.strictEqual((diagram.match(/^\s*subgraph|^\s*end$/gm) ?? []).length, 4);
    });

    it("draws each network path once, labelled with its port", () => {
      const edges = diagram.split("\n").filter((l) => l.includes("-->|"));
      assert.deepStrictEqual(edges.map((e) => e.replace(/r\d+/g, "N").trim()), ['N -->|"tcp 5432"| N', 'N -->|"tcp 443"| N']);
    });

    it("links security groups to the resources that use them", () => {
      assert.strictEqual(diagram.split("\n").filter((l) => l.includes("-.-")).length, 3);
    });
  });
});
