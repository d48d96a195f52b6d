// The package as a consumer meets it: `npm pack`, install the tarball into a throwaway Pulumi project
// (the one README.md shows) next to its peer dependencies, type-check the program with tsc, and run
// it under mocks. Needs the npm registry or a warm npm cache (installs use --prefer-offline and this
// repository's exact versions of the peers, so a machine that ran `npm ci` has them cached).
import * as assert from "assert";
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { assertOutputsFrom, pick, rotatedClusterSources, rotatedDatabaseSources } from "../component/identity";
import { readReadmeExample } from "./readmeExample";

const ROOT = path.resolve(__dirname, "..", "..");
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";

function installedVersion(pkg: string): string {
  return (JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules", pkg, "package.json"), "utf8")) as { version: string }).version;
}

/** npm with the outer `npm test`'s lifecycle settings removed, so they do not leak into the child. */
function npm(args: string[], cwd: string): string {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k)) env[k] = v;
  const run = spawnSync(NPM, args, { cwd, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`npm ${args.join(" ")} failed in ${cwd} (exit ${run.status}):\n${run.stderr}\n${run.stdout}`);
  return run.stdout;
}

interface Registration { type: string; name: string; id?: string; state: Record<string, unknown>; inputs: Record<string, unknown>; codePaths: string[] }
interface RunResult {
  outputs: Record<string, unknown>;
  urns: string[];
  registered: Registration[];
  sdk: string; sdkSeenByPackage: string; aws: string; awsSeenByPackage: string; packageMain: string;
}

describe("the npm package, installed into a consumer project", function () {
  this.timeout(10 * 60 * 1000);
  let work: string;
  let consumer: string;
  let result: RunResult;
  let clusterResult: RunResult;

  before(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "rotated-rds-package-"));
    consumer = path.join(work, "consumer");
    fs.mkdirSync(consumer);

    // 1. npm pack (prepack builds the components and the Lambda bundle).
    npm(["pack", "--pack-destination", work], ROOT);
    const tarballs = fs.readdirSync(work).filter((f) => f.endsWith(".tgz"));
    assert.strictEqual(tarballs.length, 1, `npm pack made ${tarballs.join(", ") || "no tarball"}`);
    const tarball = path.join(work, tarballs[0]);

    // 2. A throwaway project: the README's Pulumi.yaml and index.ts, the tarball and the peers.
    const example = readReadmeExample(path.join(ROOT, "README.md"));
    fs.writeFileSync(path.join(consumer, "Pulumi.yaml"), example.pulumiYaml);
    fs.writeFileSync(path.join(consumer, "index.ts"), example.indexTs);
    // The Components section's example: type-checked with the program, never run.
    fs.writeFileSync(path.join(consumer, "components-example.ts"), example.componentsTs);
    // An application's use of rotated-rds/client: type-checked against the drivers' types, and run.
    fs.copyFileSync(path.join(__dirname, "clientConsumer.ts"), path.join(consumer, "client-consumer.ts"));
    // A program with an Aurora cluster behind a proxy and an instance on one endpoint: type-checked and run.
    fs.copyFileSync(path.join(__dirname, "clusterConsumer.ts"), path.join(consumer, "cluster-consumer.ts"));
    fs.writeFileSync(path.join(consumer, "package.json"), JSON.stringify({
      name: "rotated-rds-consumer",
      version: "0.0.0",
      private: true,
      main: "bin/index.js",
      dependencies: {
        "rotated-rds": `file:${tarball}`,
        "@pulumi/pulumi": installedVersion("@pulumi/pulumi"),
        "@pulumi/aws": installedVersion("@pulumi/aws"),
        "pg": installedVersion("pg"),
        "mysql2": installedVersion("mysql2"),
      },
      devDependencies: { "@types/node": installedVersion("@types/node"), "@types/pg": installedVersion("@types/pg") },
    }, null, 2));
    fs.writeFileSync(path.join(consumer, "tsconfig.json"), JSON.stringify({
      compilerOptions: {
        strict: true, target: "ES2022", module: "commonjs", moduleResolution: "node", esModuleInterop: true,
        skipLibCheck: true, outDir: "bin", types: ["node"],
      },
      files: ["index.ts", "components-example.ts", "client-consumer.ts", "cluster-consumer.ts"],
    }, null, 2));
    npm(["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"], consumer);

    // 3. Type-check and compile the program (and the Components example) with this repository's TypeScript.
    execFileSync(process.execPath, [path.join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", consumer], { encoding: "utf8" });

    // 4. Run it under mocks with the consumer's own SDK: the runner is copied into the project,
    //    because `require` resolves from the requiring file's directory.
    fs.copyFileSync(path.join(__dirname, "mockRunner.js"), path.join(consumer, "mockRunner.js"));
    const runUnderMocks = (program: string): RunResult => {
      const run = spawnSync(process.execPath, [
        path.join(consumer, "mockRunner.js"), path.join(consumer, "bin", program),
        path.join(ROOT, "plan", "realisticOutputs.ts"), path.join(ROOT, "node_modules", "ts-node"),
      ], { cwd: consumer, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
      if (run.status !== 0) throw new Error(`the consumer program ${program} failed under mocks:\n${run.stderr}`);
      return JSON.parse(run.stdout) as RunResult;
    };
    result = runUnderMocks("index.js");
    clusterResult = runUnderMocks("cluster-consumer.js");
  });

  after(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it("resolves `rotated-rds` to the compiled components inside the installed package", () => {
    assert.strictEqual(result.packageMain, path.join(fs.realpathSync(consumer), "node_modules", "rotated-rds", "dist", "components", "index.js"));
  });

  it("shares one copy of each peer dependency with the program", () => {
    assert.strictEqual(result.sdkSeenByPackage, result.sdk);
    assert.strictEqual(result.awsSeenByPackage, result.aws);
    assert.ok(!fs.existsSync(path.join(consumer, "node_modules", "rotated-rds", "node_modules")), "the package brought its own node_modules");
  });

  it("registers the RotatedDatabase with its children, and the shared endpoint", () => {
    const types = result.urns.map((u) => u.split("::")[2]);
    assert.ok(types.includes("rotated-rds:index:RotatedDatabase"));
    assert.ok(types.includes("rotated-rds:index:SecretsManagerEndpoint"));
    for (const child of ["aws:rds/instance:Instance", "aws:secretsmanager/secret:Secret", "aws:lambda/function:Function",
      "aws:secretsmanager/secretRotation:SecretRotation", "aws:sns/topic:Topic", "aws:cloudwatch/eventRule:EventRule"]) {
      assert.ok(types.includes(`rotated-rds:index:RotatedDatabase$${child}`), `no ${child} under the RotatedDatabase`);
    }
  });

  it("points the Lambda's code archive at the bundle inside the installed package", () => {
    const fn = result.registered.find((r) => r.type === "aws:lambda/function:Function")!;
    const bundle = path.join(fs.realpathSync(consumer), "node_modules", "rotated-rds", "dist", "rotation-lambda", "index.js");
    assert.deepStrictEqual(fn.codePaths, [bundle]);
    assert.ok(fs.statSync(bundle).size > 0, "the bundle is not in the package");
  });

  it("runs the CLI from the installed package: npx rotated-rds --help", () => {
    // npx finds the package's "bin" in the consumer's node_modules/.bin (without a TTY it would refuse
    // to download a missing package rather than ask).
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k)) env[k] = v;
    const run = spawnSync(process.platform === "win32" ? "npx.cmd" : "npx", ["rotated-rds", "--help"], { cwd: consumer, env, encoding: "utf8" });
    assert.strictEqual(run.status, 0, `npx rotated-rds --help failed (exit ${run.status}):\n${run.stderr}`);
    assert.match(run.stdout, /^Usage: rotated-rds \[options\] \[command\]\n/);
    for (const command of ["status", "rotate", "url", "env", "connect", "doctor"]) assert.match(run.stdout, new RegExp(`^  ${command}\\b`, "m"), `no ${command} in the help`);
    assert.strictEqual(fs.realpathSync(path.join(consumer, "node_modules", ".bin", "rotated-rds")), path.join(fs.realpathSync(consumer), "node_modules", "rotated-rds", "dist", "cli", "index.js"));
  });

  it("serves rotated-rds/client from the installed package: credentials read through it, real pg and mysql2 pools", () => {
    const run = spawnSync(process.execPath, ["-e", "require('./bin/client-consumer.js').main().then((r) => console.log(JSON.stringify(r)))"], { cwd: consumer, encoding: "utf8" });
    assert.strictEqual(run.status, 0, `the client consumer failed (exit ${run.status}):\n${run.stderr}`);
    assert.deepStrictEqual(JSON.parse(run.stdout), {
      resolvedFrom: path.join(fs.realpathSync(consumer), "node_modules", "rotated-rds", "dist", "client", "index.js"),
      exports: { SecretCredentials: "function", createPgPool: "function", createMysqlPool: "function", isAuthenticationError: "function" },
      login: { versionId: "v-current", engine: "postgres", username: "app", host: "db.example.internal" },
      calls: ["DescribeSecretCommand", "GetSecretValueCommand"],
      pgPoolIsPgPool: true,
      mysqlPoolApi: ["end", "execute", "getConnection", "query"],
      authenticationErrors: [true, true, false],
    });
  });

  it("exports the stack outputs the README promises, each from the resource it must come from", () => {
    const sources = rotatedDatabaseSources(result.registered, "orders", { strategy: "single-user" });
    assertOutputsFrom("the consumer's stack output", result.outputs, pick(sources, ["address", "secretArn", "clientSecurityGroupId", "ecsSecrets"]), result.registered);
  });

  it("declares a RotatedCluster behind an RDS Proxy and a RotatedDatabase on one endpoint from the installed package", () => {
    const types = clusterResult.urns.map((u) => u.split("::")[2]);
    const count = (t: string) => types.filter((x) => x === t).length;
    assert.strictEqual(count("rotated-rds:index:RotatedCluster"), 1);
    assert.strictEqual(count("rotated-rds:index:RotatedDatabase"), 1);
    assert.strictEqual(count("rotated-rds:index:SecretsManagerEndpoint"), 1);
    for (const child of ["aws:rds/cluster:Cluster", "aws:rds/clusterInstance:ClusterInstance", "aws:rds/clusterParameterGroup:ClusterParameterGroup",
      "aws:rds/proxy:Proxy", "aws:rds/proxyTarget:ProxyTarget", "aws:lambda/function:Function", "aws:secretsmanager/secretRotation:SecretRotation"]) {
      assert.ok(types.includes(`rotated-rds:index:RotatedCluster$${child}`), `no ${child} under the RotatedCluster`);
    }
    assert.strictEqual(count("rotated-rds:index:RotatedCluster$aws:rds/clusterInstance:ClusterInstance"), 2, "a writer and one reader");
    // The cluster's rotation function runs the bundle inside the installed package too.
    const bundle = path.join(fs.realpathSync(consumer), "node_modules", "rotated-rds", "dist", "rotation-lambda", "index.js");
    for (const fn of clusterResult.registered.filter((r) => r.type === "aws:lambda/function:Function")) assert.deepStrictEqual(fn.codePaths, [bundle], fn.name);
  });

  it("exports the cluster's and the proxy's outputs, each from the resource it must come from", () => {
    const sources = rotatedClusterSources(clusterResult.registered, "orders", {
      strategy: "single-user",
      proxy: { iamAuth: true, username: "dbadmin", region: "eu-west-1", accountId: "123456789012" },
    });
    assertOutputsFrom("the consumer's cluster output", {
      address: clusterResult.outputs.ordersAddress,
      readerEndpoint: clusterResult.outputs.ordersReaderEndpoint,
      secretArn: clusterResult.outputs.ordersSecretArn,
      proxyEndpoint: clusterResult.outputs.ordersProxyEndpoint,
      proxyConnectPolicyDocument: clusterResult.outputs.ordersProxyConnectPolicyDocument,
    }, pick(sources, ["address", "readerEndpoint", "secretArn", "proxyEndpoint", "proxyConnectPolicyDocument"]), clusterResult.registered);
    const billing = rotatedDatabaseSources(clusterResult.registered, "billing", { strategy: "single-user" });
    assertOutputsFrom("the consumer's instance output", { address: clusterResult.outputs.billingAddress }, pick(billing, ["address"]), clusterResult.registered);
    // The role's grants: one rds-db:connect policy from the cluster's proxy, one read policy from the instance.
    const policies = clusterResult.registered.filter((r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.inputs.role === clusterResult.registered.find((x) => x.name === "app" && x.type === "aws:iam/role:Role")!.id);
    assert.deepStrictEqual(policies.map((p) => p.name).sort(), ["billing-read-app", "orders-connect-app"]);
  });
});
