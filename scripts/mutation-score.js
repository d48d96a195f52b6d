// Prints the mutation score per folder from Stryker's JSON report (reports/mutation/mutation.json),
// and exits 1 when a target folder is under its threshold. Score = detected / valid, as Stryker
// counts it: (killed + timeout) / (killed + timeout + survived + no coverage); mutants that do not
// compile, and ignored ones, count in neither.
//   node scripts/mutation-score.js                      the table
//   node scripts/mutation-score.js --survivors [prefix] also each surviving or uncovered mutant
//   node scripts/mutation-score.js --report other.json  another report
"use strict";
const fs = require("fs");
const path = require("path");

/** Folders (or files) reported, in order; `target` marks the ones the issue sets a minimum for. */
const GROUPS = [
  { name: "components/", prefixes: ["components/"], target: 85 },
  { name: "config/", prefixes: ["config/"] },
  { name: "program/", prefixes: ["program/"] },
  { name: "rotation-lambda/steps/", prefixes: ["rotation-lambda/steps/"] },
  { name: "rotation-lambda/guard.ts", prefixes: ["rotation-lambda/guard.ts"] },
  { name: "rotation-lambda/steps/ + guard.ts", prefixes: ["rotation-lambda/steps/", "rotation-lambda/guard.ts"], target: 85 },
  { name: "rotation-lambda/secret.ts", prefixes: ["rotation-lambda/secret.ts"] },
  { name: "rotation-lambda/engines/ (pure parts)", prefixes: ["rotation-lambda/engines/"] },
  { name: "all mutated files", prefixes: [""] },
];

const DETECTED = new Set(["Killed", "Timeout"]);
const UNDETECTED = new Set(["Survived", "NoCoverage"]);

function parseArgs(argv) {
  const args = { report: "reports/mutation/mutation.json", survivors: undefined };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--report") args.report = argv[++i];
    else if (argv[i] === "--survivors") args.survivors = argv[i + 1] && !argv[i + 1].startsWith("--") ? argv[++i] : "";
    else throw new Error(`unknown argument "${argv[i]}"; use --survivors [prefix] or --report FILE`);
  }
  return args;
}

function counts(mutants) {
  const c = { detected: 0, undetected: 0, other: 0 };
  for (const m of mutants) {
    if (DETECTED.has(m.status)) c.detected++;
    else if (UNDETECTED.has(m.status)) c.undetected++;
    else c.other++;
  }
  const valid = c.detected + c.undetected;
  return { ...c, valid, score: valid === 0 ? undefined : (100 * c.detected) / valid };
}

function originalText(source, location) {
  const lines = source.split("\n");
  const { start, end } = location;
  const text = start.line === end.line
    ? lines[start.line - 1].slice(start.column - 1, end.column - 1)
    : [lines[start.line - 1].slice(start.column - 1), ...lines.slice(start.line, end.line - 1), lines[end.line - 1].slice(0, end.column - 1)].join("\n");
  return text.replace(/\s+/g, " ").trim();
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(args.report)) {
    console.error(`${args.report} does not exist: run npm run test:mutation first`);
    process.exit(1);
  }
  const report = JSON.parse(fs.readFileSync(args.report, "utf8"));
  const files = Object.entries(report.files).map(([file, data]) => [file.split(path.sep).join("/"), data]);
  const width = Math.max(...GROUPS.map((g) => g.name.length));
  console.log(`${"folder".padEnd(width)}  score   killed  survived+uncovered  target`);
  let failed = false;
  for (const group of GROUPS) {
    const mutants = files.filter(([file]) => group.prefixes.some((p) => file.startsWith(p))).flatMap(([, data]) => data.mutants);
    const c = counts(mutants);
    const score = c.score === undefined ? "n/a" : `${c.score.toFixed(2)}%`;
    let verdict = "";
    if (group.target !== undefined) {
      const met = c.score !== undefined && c.score >= group.target;
      failed ||= !met;
      verdict = `${met ? "met" : "NOT MET"} (>= ${group.target}%)`;
    }
    console.log(`${group.name.padEnd(width)}  ${score.padStart(7)}  ${String(c.detected).padStart(6)}  ${String(c.undetected).padStart(18)}  ${verdict}`);
  }
  if (args.survivors !== undefined) {
    console.log("");
    for (const [file, data] of files.filter(([f]) => f.startsWith(args.survivors)).sort(([a], [b]) => a.localeCompare(b))) {
      const left = data.mutants.filter((m) => UNDETECTED.has(m.status))
        .sort((a, b) => a.location.start.line - b.location.start.line || a.location.start.column - b.location.start.column);
      for (const m of left) {
        const where = `${file}:${m.location.start.line}:${m.location.start.column}`;
        console.log(`${where} ${m.status} ${m.mutatorName}: ${originalText(data.source, m.location)} -> ${(m.replacement ?? "").replace(/\s+/g, " ")}`);
      }
    }
  }
  process.exit(failed ? 1 : 0);
}

main();
