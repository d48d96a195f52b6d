// npm run bench:cli — how fast the built `rotated-rds` answers (a script, not a test): wall time of
// fresh processes of dist/cli/index.js against moto, median over BENCH_CLI_RUNS runs, for --help,
// status, url and doctor on a rotation set up as the component does it, and doctor on an Aurora
// cluster behind an RDS Proxy found through stack outputs. Builds dist/cli first when it is missing.
// The CLI aims at about one second per command.
import { execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { buildRotationSetup } from "../tests/cli/rotationSetup";
import { MOTO_CREDENTIALS, MOTO_REGION, startMoto } from "../tests/services";

const RUNS = Number(process.env.BENCH_CLI_RUNS ?? 9);
const ROOT = path.resolve(__dirname, "..");
const BIN = path.join(ROOT, "dist", "cli", "index.js");

/**
 * One fresh process, timed. Asynchronous on purpose: moto runs in this process and logs every request
 * to a pipe this process drains; a synchronous spawn stops the draining, and once the pipe's buffer is
 * full moto blocks and the command hangs.
 */
function timedRun(argv: string[], env: NodeJS.ProcessEnv): Promise<{ seconds: number; status: number | null; stderr: string }> {
  const start = process.hrtime.bigint();
  const child = spawn(process.execPath, [BIN, ...argv], { env, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (status) => resolve({ seconds: Number(process.hrtime.bigint() - start) / 1e9, status, stderr }));
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function main(): Promise<void> {
  if (!fs.existsSync(BIN)) execFileSync(process.execPath, [path.join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", path.join(ROOT, "tsconfig.build.json")], { stdio: "inherit" });
  const moto = await startMoto();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-cli-"));
  try {
    const setup = await buildRotationSetup(moto.endpoint);
    const cluster = await buildRotationSetup(moto.endpoint, { database: "cluster", proxy: {} });
    const outputs = path.join(dir, "outputs.json");
    fs.writeFileSync(outputs, JSON.stringify({ databases: { orders: { secretArn: cluster.secret.arn, readerEndpoint: cluster.cluster?.readerEndpoint, proxyEndpoint: cluster.proxy?.endpoint } } }));
    const env = { ...process.env, AWS_ACCESS_KEY_ID: MOTO_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: MOTO_CREDENTIALS.secretAccessKey, AWS_REGION: MOTO_REGION };
    const target = ["--secret-id", setup.secret.arn, "--endpoint-url", moto.endpoint];
    const commands: [string, string[]][] = [
      ["--help", ["--help"]],
      ["status", ["status", ...target]],
      ["url", ["url", ...target]],
      ["doctor", ["doctor", ...target]],
      ["doctor (cluster + proxy)", ["doctor", "--stack-outputs", outputs, "--endpoint-url", moto.endpoint]],
    ];
    console.log(`rotated-rds (${path.relative(ROOT, BIN)}) against moto, ${RUNS} fresh processes each; seconds`);
    for (const [label, argv] of commands) {
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const run = await timedRun(argv, env);
        times.push(run.seconds);
        if (run.status !== 0) throw new Error(`${label} exited ${run.status}: ${run.stderr}`);
      }
      console.log(`${label.padEnd(24)} median ${median(times).toFixed(2)}  min ${Math.min(...times).toFixed(2)}  max ${Math.max(...times).toFixed(2)}`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await moto.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
