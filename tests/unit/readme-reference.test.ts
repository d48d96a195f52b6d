// README.md's references cannot drift from the code: the component tables are what
// scripts/componentReference.ts renders from components/ right now, the configuration tables list
// exactly the keys the loader reads, and the components example program runs under mocks.
import * as assert from "assert";
import Module = require("module");
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ts from "typescript";
import { ALERT_KEYS, CLUSTER_KEYS, CONFIG_KEYS, DATABASE_KEYS, ROTATION_KEYS, SERVERLESS_V2_SCALING_KEYS } from "../../config";
import { recordProgram, resolveDeep } from "../../plan/recorder";
import { readmeSection, renderComponentReference } from "../../scripts/componentReference";

const ROOT = path.resolve(__dirname, "..", "..");
const README = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");

/** The text of a `## ` section (up to the next `## `). */
function section(title: string): string {
  const start = README.indexOf(`\n## ${title}\n`);
  assert.ok(start >= 0, `README.md has no "## ${title}" section`);
  const end = README.indexOf("\n## ", start + 1);
  return README.slice(start, end < 0 ? undefined : end);
}

/** First-column names of the Markdown table that follows `heading` in `text`. */
function tableKeys(text: string, heading: string): string[] {
  const at = text.indexOf(heading);
  assert.ok(at >= 0, `README.md has no "${heading}"`);
  const lines = text.slice(at).split("\n");
  const first = lines.findIndex((l) => l.startsWith("|"));
  const rows: string[] = [];
  for (const line of lines.slice(first + 2)) {
    if (!line.startsWith("|")) break;
    rows.push(line.split("|")[1].trim().replace(/^`|`$/g, ""));
  }
  return rows;
}

/** Runs a README TypeScript block that imports "rotated-rds", against this repository's components. */
function runExample(code: string): unknown {
  const source = code.replace(/from "rotated-rds"/g, `from ${JSON.stringify(path.join(ROOT, "components"))}`);
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  const filename = path.join(ROOT, "README.components-example.ts");
  const m = new Module(filename, module) as Module & { _compile(code: string, file: string): void };
  m.filename = filename;
  m.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(ROOT);
  m._compile(outputText, filename);
  return m.exports;
}

/** A RotatedCluster class as the generator sees it: parsed, never compiled. */
const CLUSTER_STUB = `
/** An Aurora cluster (stub). */
export class RotatedCluster extends pulumi.ComponentResource {
  /** The reader endpoint. */
  readonly readerEndpoint: pulumi.Output<string>;
  /** The proxy's endpoint; undefined without a proxy. */
  readonly proxyEndpoint: pulumi.Output<string> | undefined;
  private readonly hidden: string;
  /** Lets the role connect through the proxy. */
  grantConnect(role: aws.iam.Role, opts?: { name?: string }): aws.iam.RolePolicy { return undefined as never; }
  private internal(): void {}
}
`;

/** A copy of components/ holding only what the generator reads, with or without a RotatedCluster class. */
function componentsCopy(cluster: string | undefined): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "readme-reference-"));
  fs.mkdirSync(path.join(root, "components"));
  for (const file of ["types.ts", "rotatedDatabase.ts", "secretsManagerEndpoint.ts"]) {
    fs.copyFileSync(path.join(ROOT, "components", file), path.join(root, "components", file));
  }
  if (cluster !== undefined) fs.writeFileSync(path.join(root, "components", "rotatedCluster.ts"), cluster);
  return root;
}

describe("scripts/componentReference.ts", () => {
  const roots: string[] = [];
  after(() => roots.forEach((root) => fs.rmSync(root, { recursive: true, force: true })));

  function render(cluster: string | undefined): string {
    const root = componentsCopy(cluster);
    roots.push(root);
    return renderComponentReference(root);
  }

  it("renders RotatedCluster between RotatedDatabase and SecretsManagerEndpoint once components/rotatedCluster.ts declares it", () => {
    const headings = render(CLUSTER_STUB).split("\n").filter((l) => l.startsWith("### "));
    assert.deepStrictEqual(headings, [
      "### `RotatedDatabase(name, args, opts?)`",
      "### `RotatedCluster(name, args, opts?)`",
      "### `SecretsManagerEndpoint(name, args, opts?)`",
    ]);
  });

  it("leaves RotatedCluster out while components/rotatedCluster.ts does not exist", () => {
    const text = render(undefined);
    assert.ok(!text.includes("RotatedCluster"), "a RotatedCluster section without the class");
    assert.ok(text.includes("### `SecretsManagerEndpoint(name, args, opts?)`"));
  });

  it("expands the cluster's nested arguments (serverlessV2Scaling, proxy, rotation, alerts) and lists its public outputs and methods only", () => {
    const text = render(CLUSTER_STUB);
    const cluster = text.slice(text.indexOf("### `RotatedCluster"), text.indexOf("### `SecretsManagerEndpoint"));
    assert.ok(cluster.includes("Type token `rotated-rds:index:RotatedCluster`. An Aurora cluster (stub)."));
    assert.ok(cluster.includes("Arguments (`RotatedClusterArgs`):"));
    const rows = cluster.split("\n").filter((l) => l.startsWith("| `")).map((l) => l.split(" | ")[0].slice(3, -1));
    for (const row of ["serverlessV2Scaling", "serverlessV2Scaling.minCapacity", "serverlessV2Scaling.maxCapacity",
      "proxy", "proxy.iamAuth", "proxy.idleClientTimeout", "proxy.maxConnectionsPercent", "proxy.connectionBorrowTimeout",
      "rotation.strategy", "alerts.email", "readers", "readerEndpoint", "proxyEndpoint",
      "grantConnect(role: aws.iam.Role, opts?: { name?: string })"]) {
      assert.ok(rows.includes(row), `no ${row} row in the RotatedCluster section: ${rows.join(", ")}`);
    }
    assert.ok(!rows.includes("hidden") && !rows.some((r) => r.startsWith("internal(")), "a private member was rendered");
    assert.ok(cluster.includes("| `serverlessV2Scaling.minCapacity` | `number` | required |"), "minCapacity is required inside serverlessV2Scaling");
  });

  it("expands proxy in RotatedDatabase's arguments too", () => {
    const text = render(undefined);
    assert.match(text, /\n\| `proxy` \| `DatabaseProxyArgs` \| no proxy \| [^\n]*\n\| `proxy\.iamAuth` \| `boolean` \| `false` /);
  });
});

describe("README.md", () => {
  it("has the component reference that components/ generates (run `npm run readme:components`)", () => {
    const inReadme = readmeSection(README);
    assert.ok(inReadme !== undefined, "README.md lacks the component-reference markers");
    assert.strictEqual(inReadme, renderComponentReference(ROOT),
      "README.md's component reference is out of date with components/: run `npm run readme:components`");
  });

  it("documents every stack key of Pulumi.yaml and nothing else", () => {
    const keys = tableKeys(section("Configuration reference"), "### Stack keys");
    assert.deepStrictEqual(keys.filter((k) => k !== "aws:region").sort(), CONFIG_KEYS.map((k) => k.name).sort());
  });

  it("documents every database setting the loader reads and nothing else", () => {
    const keys = tableKeys(section("Configuration reference"), "### Database settings");
    const expected = [
      ...DATABASE_KEYS.filter((k) => k !== "rotation" && k !== "alerts"),
      ...ROTATION_KEYS.map((k) => `rotation.${k}`),
      ...ALERT_KEYS.map((k) => `alerts.${k}`),
    ];
    assert.deepStrictEqual([...keys].sort(), expected.sort());
  });

  it("documents every cluster setting the loader reads and nothing else", () => {
    const keys = tableKeys(section("Configuration reference"), "### Cluster settings");
    const expected = CLUSTER_KEYS.flatMap((k) => (k === "serverlessV2Scaling"
      ? SERVERLESS_V2_SCALING_KEYS.map((s) => `cluster.${k}.${s}`)
      : [`cluster.${k}`]));
    assert.deepStrictEqual([...keys].sort(), [...expected].sort());
  });

  it("has the sections a first-time reader needs", () => {
    for (const title of ["Deploy", "Architecture", "Configuration reference", "Components", "Aurora clusters (RotatedCluster)", "RDS Proxy", "Rotation",
      "Offline plan", "Use it from your own Pulumi project", "Troubleshooting", "Tests, CI and benchmarks"]) {
      section(title);
    }
    const top = README.slice(0, README.indexOf("\n## "));
    assert.ok(top.includes("npm ci && npm run plan -- --stack dev"));
    assert.ok(top.includes("npm test"));
    assert.ok(section("Deploy").includes("pulumi stack select dev && pulumi up"));
    assert.ok(section("Architecture").includes("```mermaid"));
  });

  it("shows a components example program that runs under mocks", async () => {
    const m = /```ts\n([\s\S]*?)```/.exec(section("Components"));
    assert.ok(m, "the Components section has no ```ts block");
    const { resources } = await recordProgram(() => runExample(m[1]), { stack: "readme", region: "eu-west-1" });
    const components = resources.filter((r) => r.type.startsWith("rotated-rds:index:")).map((r) => `${r.type}::${r.name}`);
    assert.deepStrictEqual(components.sort(), [
      "rotated-rds:index:RotatedDatabase::ledger",
      "rotated-rds:index:RotatedDatabase::reports",
      "rotated-rds:index:SecretsManagerEndpoint::secrets-manager",
    ]);
    const functions = resources.filter((r) => r.type === "aws:lambda/function:Function").map((r) => r.name);
    assert.deepStrictEqual(functions, ["ledger-rotation"], "only the alternating-users database has a rotation function");
  });

  it("shows an Aurora example program that runs under mocks: two clusters sharing one endpoint, a proxy in front of one", async () => {
    const m = /```ts\n([\s\S]*?)```/.exec(section("Aurora clusters (RotatedCluster)"));
    assert.ok(m, "the Aurora clusters section has no ```ts block");
    const { resources, result } = await recordProgram(async () => resolveDeep(runExample(m[1])), { stack: "readme", region: "eu-west-1" });
    const components = resources.filter((r) => r.type.startsWith("rotated-rds:index:")).map((r) => `${r.type}::${r.name}`);
    assert.deepStrictEqual(components.sort(), [
      "rotated-rds:index:RotatedCluster::orders",
      "rotated-rds:index:RotatedCluster::reports",
      "rotated-rds:index:SecretsManagerEndpoint::secrets-manager",
    ]);
    const names = (type: string) => resources.filter((r) => r.type === type).map((r) => r.name).sort();
    assert.deepStrictEqual(names("aws:rds/proxy:Proxy"), ["orders-proxy"]);
    assert.deepStrictEqual(names("aws:rds/clusterInstance:ClusterInstance"), ["orders-reader-1", "orders-writer", "reports-reader-1", "reports-reader-2", "reports-writer"]);
    assert.deepStrictEqual(names("aws:lambda/function:Function"), ["orders-rotation"], "only the single-user cluster has a rotation function");
    const proxy = resources.find((r) => r.type === "aws:rds/proxy:Proxy")!;
    const exported = result as Record<string, unknown>;
    assert.strictEqual(exported.ordersProxyEndpoint, proxy.state.endpoint);
  });
});
