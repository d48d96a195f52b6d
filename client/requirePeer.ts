// Loads an optional peer dependency (pg, mysql2) when its pool is first created, so importing
// `rotated-rds/client` never needs the driver an application does not use.

/** `require(moduleName)`, or an error saying which package `factory` needs when it is not installed. */
export function requirePeer<T>(moduleName: string, factory: string): T {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(moduleName) as T;
  } catch (err) {
    if ((err as { code?: unknown }).code !== "MODULE_NOT_FOUND") throw err;
    const pkg = moduleName.split("/")[0];
    throw new Error(`${factory} needs the ${pkg} package, an optional peer dependency of rotated-rds: npm install ${pkg}`, { cause: err });
  }
}
