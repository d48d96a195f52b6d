// `npm run bench:plan`: wall time and peak memory of the offline plan for stacks of 1, 10, 50 and 100
// databases in one created VPC, and of as many Aurora clusters (a writer, a reader and an RDS Proxy
// each). Each run is a fresh `node` process running scripts/plan.ts exactly as `npm run plan` does
// (same flags), so startup is included and peak RSS is that process's own; the figure shown is the
// median of several runs. Options: --runs N (default 3), --sizes 1,10,50,100, --kinds databases,clusters.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");
/** The node flags of the `plan` script in package.json (see scripts/plan.ts for why). */
const NODE_FLAGS = ["--max-semi-space-size=32", "-r", "./scripts/register-typescript.js"];
const TARGET_SECONDS_AT_100 = 10;

interface Sample { seconds: number; cpuSeconds: number; peakMb: number }
/** What each stack holds: single-instance databases, or Aurora clusters with a reader and a proxy. */
type Kind = "databases" | "clusters";
const KINDS: readonly Kind[] = ["databases", "clusters"];
interface Row { kind: Kind; databases: number; resources: number; seconds: number; cpuSeconds: number; peakMb: number }

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

/**
 * A stack file with `n` small PostgreSQL databases, single-user rotation, in one created VPC; or `n`
 * Aurora PostgreSQL clusters (Serverless v2 by default), each with one reader and an RDS Proxy.
 */
function stackFile(n: number, kind: Kind): string {
  const lines = ["config:", "  aws:region: eu-west-1", "  rotated-rds:vpcId: create", "  rotated-rds:databases:"];
  const entry = kind === "databases"
    ? ["      engine: postgres"]
    : ["      cluster:", "        engine: aurora-postgresql", "        readers: 1", "      proxy: {}"];
  for (let i = 1; i <= n; i++) lines.push(`    db-${String(i).padStart(3, "0")}:`, ...entry);
  return lines.join("\n") + "\n";
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function runOnce(dir: string, stack: string, probe: string): Sample & { stdoutFile: string } {
  const stdoutFile = path.join(dir, `${stack}.json`);
  const rssFile = path.join(dir, `${stack}.rss`);
  const out = fs.openSync(stdoutFile, "w");
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, [...NODE_FLAGS, "-r", probe, "scripts/plan.ts", "--stack", stack, "--dir", dir, "--json"], {
    cwd: ROOT, stdio: ["ignore", out, "pipe"], env: { ...process.env, BENCH_RSS_FILE: rssFile }, encoding: "utf8",
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  fs.closeSync(out);
  if (run.status !== 0) throw new Error(`plan of ${stack} failed (exit ${run.status}): ${run.stderr}`);
  const usage = JSON.parse(fs.readFileSync(rssFile, "utf8")) as { maxRSS: number; userCPUTime: number; systemCPUTime: number };
  return { seconds, cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6, peakMb: usage.maxRSS / 1024, stdoutFile };
}

function main(): void {
  const runs = Number(option("--runs", "3"));
  const sizes = option("--sizes", "1,10,50,100").split(",").map(Number);
  const kinds = option("--kinds", KINDS.join(",")).split(",") as Kind[];
  const unknown = kinds.filter((k) => !KINDS.includes(k));
  if (unknown.length) throw new Error(`--kinds takes ${KINDS.join(", ")}; got ${unknown.join(", ")}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-plan-"));
  try {
    fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    // Loaded into each child with -r: reports the process's own peak RSS (KiB) and CPU time (µs) at exit.
    const probe = path.join(dir, "usage-probe.js");
    fs.writeFileSync(probe, "process.on('exit', () => require('fs').writeFileSync(process.env.BENCH_RSS_FILE, JSON.stringify(process.resourceUsage())));\n");

    const rows: Row[] = [];
    for (const kind of kinds) {
      for (const n of sizes) {
        const stack = `bench-${kind}-${n}`;
        fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), stackFile(n, kind));
        const samples: Sample[] = [];
        let resources = 0;
        for (let r = 0; r < runs; r++) {
          const s = runOnce(dir, stack, probe);
          samples.push(s);
          resources = (JSON.parse(fs.readFileSync(s.stdoutFile, "utf8")) as { resources: unknown[] }).resources.length;
          process.stderr.write(`  ${n} ${kind}, run ${r + 1}/${runs}: ${s.seconds.toFixed(2)} s wall, ${s.cpuSeconds.toFixed(2)} s CPU, ${s.peakMb.toFixed(0)} MB\n`);
        }
        rows.push({
          kind, databases: n, resources,
          seconds: median(samples.map((s) => s.seconds)),
          cpuSeconds: median(samples.map((s) => s.cpuSeconds)),
          peakMb: median(samples.map((s) => s.peakMb)),
        });
      }
    }
    for (const kind of kinds) print(rows.filter((r) => r.kind === kind), runs);
    if (kinds.length > 1) printSideBySide(rows, kinds);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function print(rows: Row[], runs: number): void {
  const base = rows[0];
  const [load1] = os.loadavg();
  const what = base.kind === "databases" ? "single-instance databases" : "Aurora clusters (writer, reader and RDS Proxy each)";
  console.log(`\nOffline plan (npm run plan -- --json) of ${what}, fresh process per run, median of ${runs} runs, node ${process.version}, ` +
    `${os.cpus().length} CPUs, load average ${load1.toFixed(1)}`);
  console.log("Wall time includes node and SDK start-up; CPU time (user + system) is steadier on a busy machine.\n");
  console.log(`${base.kind.padStart(9)}  resources  wall (s)  CPU (s)  peak RSS (MB)  wall s/db*  CPU s/db*  MB/db*`);
  for (const r of rows) {
    const extra = r.databases - base.databases;
    const per = (x: number, y: number, digits: number) => (extra > 0 ? ((x - y) / extra).toFixed(digits) : "-");
    console.log([
      String(r.databases).padStart(9), String(r.resources).padStart(9), r.seconds.toFixed(2).padStart(8),
      r.cpuSeconds.toFixed(2).padStart(7), r.peakMb.toFixed(0).padStart(13), per(r.seconds, base.seconds, 3).padStart(10),
      per(r.cpuSeconds, base.cpuSeconds, 3).padStart(9), per(r.peakMb, base.peakMb, 2).padStart(6),
    ].join("  "));
  }
  console.log(`* growth per database over the ${base.databases}-database stack; near-constant values mean linear growth.`);
  const at100 = rows.find((r) => r.databases === 100);
  if (at100 && base.kind === "databases") {
    const verdict = at100.seconds < TARGET_SECONDS_AT_100 ? "met" : "NOT met";
    console.log(`\nTarget: 100 databases in under ${TARGET_SECONDS_AT_100} s wall: ${verdict} (${at100.seconds.toFixed(2)} s).`);
  }
}

main();

/** The medians of each kind next to each other, per stack size. */
function printSideBySide(rows: Row[], kinds: readonly Kind[]): void {
  console.log("\nSide by side (medians): resources, wall s, CPU s, peak RSS MB per stack size");
  console.log(["     size", ...kinds.map((k) => `${k.padStart(9)}: resources   wall    CPU     MB`)].join("  "));
  const sizes = [...new Set(rows.map((r) => r.databases))];
  for (const n of sizes) {
    const cells = kinds.map((k) => {
      const r = rows.find((x) => x.kind === k && x.databases === n);
      return r ? `${String(r.resources).padStart(20)} ${r.seconds.toFixed(2).padStart(6)} ${r.cpuSeconds.toFixed(2).padStart(6)} ${r.peakMb.toFixed(0).padStart(6)}` : "-".padStart(41);
    });
    console.log([String(n).padStart(9), ...cells].join("  "));
  }
}
