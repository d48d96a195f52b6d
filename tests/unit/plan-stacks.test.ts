// The plan of every Pulumi.<stack>.yaml in the repository (a stack added later is planned too): its
// "Databases and clusters" section has one entry per configured database, of the kind the entry
// declares (instance or Aurora cluster), its proxy section a client -> proxy -> database path for each
// database with a proxy (and a cluster's read-only proxy endpoint), the JSON the same counts, and nothing a locked-down stack must not have.
import * as assert from "assert";
import * as path from "path";
import { DEFAULT_READERS } from "../../components/defaults";
import { loadStackConfig } from "../../config";
import { listStacks, planStack, readStackFile, renderPlan, toPlanJson } from "../../plan";
import type { Plan } from "../../plan";

const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** The lines of one section of the text plan: after its title, up to the blank line before the next. */
function sectionOf(text: string, title: string): string[] {
  const lines = text.split("\n");
  const start = lines.indexOf(title);
  assert.ok(start > 0 && lines[start - 1] === "", `no section "${title}"`);
  const end = lines.indexOf("", start);
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

describe("plan of the repository's stacks", function () {
  this.timeout(120_000);
  const stacks = listStacks(REPO_ROOT);

  it("finds the example stacks", () => {
    assert.ok(stacks.includes("dev") && stacks.includes("prod"), stacks.join(", "));
  });

  for (const stack of stacks) {
    describe(stack, () => {
      let plan: Plan;
      let text: string;
      before(async () => {
        plan = await planStack(REPO_ROOT, stack);
        text = renderPlan(plan);
      });
      // The databases as the program reads them from the same stack file.
      const configured = () => loadStackConfig(readStackFile(REPO_ROOT, stack).config).databases;

      it("lists each configured database once, as an instance or an Aurora cluster", () => {
        const section = sectionOf(text, "Databases and clusters");
        const entries = section.filter((l) => /^ {2}\S/.test(l));
        assert.deepStrictEqual(entries.map((l) => l.trim().split(":")[0]).sort(),
          configured().map((db) => `${db.cluster ? "RotatedCluster" : "RotatedDatabase"} ${db.name}`).sort(), section.join("\n"));
        for (const db of configured()) {
          const line = entries.find((l) => l.startsWith(`${db.cluster ? "  RotatedCluster" : "  RotatedDatabase"} ${db.name}:`))!;
          assert.match(line, db.cluster ? /: Aurora cluster \S+ \(\S+\), aurora-(postgresql|mysql) / : /: instance \S+ \(\S+\), (postgres|mysql|mariadb) /);
          if (db.cluster) {
            const readers = db.cluster.readers ?? DEFAULT_READERS;
            assert.ok(line.endsWith(`, 1 writer and ${readers} reader${readers === 1 ? "" : "s"}`), line);
          }
        }
      });

      it("shows client -> proxy -> database for each database with a proxy, and no proxy elsewhere", () => {
        const withProxy = configured().filter((db) => db.proxy !== undefined);
        const json = toPlanJson(stack, plan.resources);
        assert.deepStrictEqual(json.proxies.map((p) => p.component).sort(), withProxy.map((db) => db.name).sort());
        for (const db of withProxy) {
          assert.match(text, new RegExp(`\\n {4}path ${db.name}-client-sg -> ${db.name}-proxy-sg -> ${db.name}-db-sg {2}tcp \\d+\\n`));
          // A cluster with readers: its readers are reached through the proxy's read-only endpoint.
          const readers = db.cluster ? db.cluster.readers ?? DEFAULT_READERS : 0;
          const proxy = json.proxies.find((p) => p.component === db.name)!;
          assert.deepStrictEqual(proxy.extraEndpoints.map((e) => [e.name, e.targetRole]), readers > 0 ? [[`${db.name}-proxy-reader`, "READ_ONLY"]] : [], db.name);
          assert.strictEqual(text.includes(`\n    read-only endpoint ${db.name}-proxy-reader (`), readers > 0, db.name);
        }
        if (withProxy.length === 0) assert.ok(!text.includes("\nRDS Proxy ("), "a proxy section without a proxy");
      });

      it("carries one JSON entry per database, and nothing a locked-down stack must not have", () => {
        const json = toPlanJson(stack, plan.resources);
        assert.strictEqual(json.databases.length, configured().length);
        assert.ok(json.databases.every((d) => d.tls.present && d.storageEncrypted), JSON.stringify(json.databases.map((d) => [d.name, d.tls, d.storageEncrypted])));
        assert.ok(!/NOT FORCED|NOT ENCRYPTED|NOT REQUIRED|PUBLICLY ACCESSIBLE|OPEN TO THE INTERNET|MISSING/.test(text), text);
      });
    });
  }
});
