// `pulumi up` right after `npm ci` (or `npm ci --ignore-scripts`): no dist/ yet, so the component must
// build the rotation Lambda bundle itself through scripts/build-lambda.js. Runs the real build in a
// throwaway copy of the sources, so the shared dist/ of this checkout is never touched.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { locateRotationBundle } from "../../components/rotationBundle";

const ROOT = path.join(__dirname, "..", "..");

describe("locateRotationBundle in a checkout without dist/", function () {
  this.timeout(60_000);
  let checkout: string;

  before(() => {
    checkout = fs.mkdtempSync(path.join(os.tmpdir(), "rotated-rds-bundle-"));
    for (const dir of ["components", "rotation-lambda", "scripts"]) fs.cpSync(path.join(ROOT, dir), path.join(checkout, dir), { recursive: true });
    fs.copyFileSync(path.join(ROOT, "package.json"), path.join(checkout, "package.json"));
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(checkout, "node_modules"), "dir");
  });
  after(() => fs.rmSync(checkout, { recursive: true, force: true }));

  it("builds the bundle with the build script and returns its path", async () => {
    const bundle = path.join(checkout, "dist", "rotation-lambda", "index.js");
    assert.strictEqual(fs.existsSync(bundle), false);
    assert.strictEqual(await locateRotationBundle(path.join(checkout, "components")), bundle);
    // The bundle loads and exports the handler Lambda calls.
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    assert.strictEqual(typeof (require(bundle) as { handler?: unknown }).handler, "function");
  });
  it("then finds it without building again", () => {
    const bundle = path.join(checkout, "dist", "rotation-lambda", "index.js");
    const before = fs.statSync(bundle).mtimeMs;
    assert.strictEqual(locateRotationBundle(path.join(checkout, "components")), bundle);
    assert.strictEqual(fs.statSync(bundle).mtimeMs, before);
  });
  it("rebuilds it when a rotation-lambda source is newer than the bundle", async () => {
    const bundle = path.join(checkout, "dist", "rotation-lambda", "index.js");
    const source = path.join(checkout, "rotation-lambda", "handler.ts");
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(bundle, old, old);
    fs.writeFileSync(source, fs.readFileSync(source, "utf8") + "\nexport const STALE_MARKER = 42;\n");
    await locateRotationBundle(path.join(checkout, "components"));
    assert.ok(fs.statSync(bundle).mtimeMs > old.getTime(), "bundle was not rebuilt");
    assert.match(fs.readFileSync(bundle, "utf8"), /STALE_MARKER/);
  });
});
