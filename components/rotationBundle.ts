// Finds the rotation Lambda's bundle (dist/rotation-lambda/index.js, built by esbuild) relative to this
// package, whether the component runs from source (components/*.ts under ts-node) or compiled into
// the published package (dist/components/*.js). A fresh checkout without a build gets it built on the
// spot when the build script is present, so `pulumi up` after `npm ci` needs no manual step; in a
// checkout, a bundle older than any rotation-lambda/ source is rebuilt, so an edit is never deployed stale.
import * as fs from "fs";
import * as path from "path";

/** Where the bundle is and where the package root is, for a component file in `componentDir`. */
export function rotationBundleLayout(componentDir: string): { bundlePath: string; packageRoot: string } {
  const parent = path.dirname(componentDir);
  if (path.basename(parent) === "dist") {
    // dist/components/*.js → dist/rotation-lambda/index.js
    return { bundlePath: path.join(parent, "rotation-lambda", "index.js"), packageRoot: path.dirname(parent) };
  }
  // components/*.ts → dist/rotation-lambda/index.js
  return { bundlePath: path.join(parent, "dist", "rotation-lambda", "index.js"), packageRoot: parent };
}

/** The file system and module loader, injectable for tests. */
export interface BundleEnvironment {
  exists(file: string): boolean;
  /** Loads `scripts/build-lambda.js`; returns its exports. */
  load(file: string): unknown;
  /** Modification time of a file in ms; absent means "never stale". */
  mtimeMs?(file: string): number;
  /** Newest modification time among the function's sources under `sourceDir`; undefined when there are none (the published package). */
  newestSourceMtimeMs?(sourceDir: string): number | undefined;
}

function newestMtime(dir: string): number | undefined {
  if (!fs.existsSync(dir)) return undefined;
  let newest: number | undefined;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const t = entry.isDirectory() ? newestMtime(full) : entry.name.endsWith(".ts") ? fs.statSync(full).mtimeMs : undefined;
    if (t !== undefined && (newest === undefined || t > newest)) newest = t;
  }
  return newest;
}

const realEnvironment: BundleEnvironment = {
  exists: (file) => fs.existsSync(file),
  mtimeMs: (file) => fs.statSync(file).mtimeMs,
  newestSourceMtimeMs: newestMtime,
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  load: (file) => require(file),
};

/** The bundle is missing and cannot be built here. */
export class RotationBundleMissingError extends Error {
  override readonly name = "RotationBundleMissingError";
  constructor(readonly bundlePath: string, options?: { cause?: unknown }) {
    super(`The rotation Lambda bundle ${bundlePath} does not exist and could not be built; run \`npm run build\` in ${path.dirname(path.dirname(path.dirname(bundlePath)))} first.`, options);
  }
}

/** True when the bundle exists and no rotation-lambda/ source next to it is newer. */
function bundleIsFresh(bundlePath: string, packageRoot: string, env: BundleEnvironment): boolean {
  if (!env.exists(bundlePath)) return false;
  const newest = env.newestSourceMtimeMs?.(path.join(packageRoot, "rotation-lambda"));
  return newest === undefined || env.mtimeMs === undefined || newest <= env.mtimeMs(bundlePath);
}

/**
 * Returns the bundle's path, building it first when it is missing or older than its sources.
 * `buildRotationLambda()` may be synchronous or return a promise; the result is then a promise of the path.
 */
export function locateRotationBundle(
  componentDir: string,
  env: BundleEnvironment = realEnvironment,
): string | Promise<string> {
  const { bundlePath, packageRoot } = rotationBundleLayout(componentDir);
  const script = path.join(packageRoot, "scripts", "build-lambda.js");
  if (bundleIsFresh(bundlePath, packageRoot, env)) return bundlePath;
  // A stale bundle with no build script beside it (should not happen outside a checkout) is still the best there is.
  if (!env.exists(script)) {
    if (env.exists(bundlePath)) return bundlePath;
    throw new RotationBundleMissingError(bundlePath);
  }
  const build = (env.load(script) as { buildRotationLambda?: () => unknown }).buildRotationLambda;
  if (typeof build !== "function") throw new RotationBundleMissingError(bundlePath);
  const check = (): string => {
    if (!env.exists(bundlePath)) throw new RotationBundleMissingError(bundlePath);
    return bundlePath;
  };
  let result: unknown;
  try {
    result = build();
  } catch (err) {
    throw new RotationBundleMissingError(bundlePath, { cause: err });
  }
  if (result instanceof Promise) {
    return result.then(check, (err: unknown) => { throw new RotationBundleMissingError(bundlePath, { cause: err }); });
  }
  return check();
}

/**
 * True when the program runs under the SDK's mocks (tests, the offline plan): the bundle need not
 * exist there, since nothing is uploaded. The mock monitor is the only one carrying `mocks`.
 */
export function runningUnderMocks(monitor: unknown): boolean {
  return typeof monitor === "object" && monitor !== null && "mocks" in monitor;
}
