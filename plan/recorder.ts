// Runs Pulumi programs under the SDK's mocks and records every resource they register: type, name,
// parent, the id the mock gave it, and its inputs with secrets still marked. The offline plan and the
// component/program tests read the same record, so what the tests assert is what the plan shows.
import * as pulumi from "@pulumi/pulumi";
import { realisticCall, realisticState, MockContext } from "./realisticOutputs";

/** A value Pulumi marked secret. Kept wrapped so tests can assert secretness and renderers can redact it. */
export class RecordedSecret {
  constructor(readonly value: unknown) {}
}

/** One registered resource, as the program declared it. */
export interface RecordedResource {
  urn: string;
  type: string;
  name: string;
  /** URN of the parent; undefined for the stack's direct children. */
  parent?: string;
  /** The id the mock gave it; undefined for component resources. */
  id?: string;
  custom: boolean;
  /** Inputs as the program passed them (Outputs resolved), secrets wrapped in {@link RecordedSecret}. */
  inputs: Record<string, unknown>;
  /** Outputs the mock returned (inputs plus computed fields such as `arn`). */
  state: Record<string, unknown>;
}

/** One invoke (data source call) the program made. */
export interface RecordedCall {
  token: string;
  inputs: Record<string, unknown>;
}

// Pulumi's wire marker for secrets (runtime/rpc.js); stable across SDK 3.x.
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

function isWireSecret(v: unknown): v is { value: unknown } {
  return typeof v === "object" && v !== null && (v as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;
}

/**
 * Rebuilds a tree of arrays and plain objects, letting `replace` substitute any node before it is
 * descended into (`undefined` means "keep descending"). The secret helpers below are all this walk.
 */
export function mapTree(v: unknown, replace: (node: unknown) => { value: unknown } | undefined): unknown {
  const hit = replace(v);
  if (hit) return hit.value;
  if (Array.isArray(v)) return v.map((x) => mapTree(x, replace));
  if (typeof v === "object" && v !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = mapTree(x, replace);
    return out;
  }
  return v;
}

/** Replaces Pulumi's wire secret markers with {@link RecordedSecret}, recursively. */
export function wrapSecrets(v: unknown): unknown {
  return mapTree(v, (x) => (isWireSecret(x) ? { value: new RecordedSecret(wrapSecrets(x.value)) } : undefined));
}

// A plain boolean, not a type guard: Asset and Archive declare no members, so a guard would narrow
// every other object to `never`.
function isAssetOrArchive(v: unknown): boolean {
  return pulumi.asset.Asset.isInstance(v) || pulumi.asset.Archive.isInstance(v);
}

function containsAsset(v: unknown): boolean {
  if (isAssetOrArchive(v)) return true;
  if (Array.isArray(v)) return v.some(containsAsset);
  if (typeof v === "object" && v !== null) return Object.values(v).some(containsAsset);
  return false;
}

/**
 * Replaces assets and archives with plain records of what they hold, e.g.
 * `{kind: "AssetArchive", assets: {"index.js": {kind: "FileAsset", path: "/…/index.js"}}}`.
 */
export async function readAssets(v: unknown): Promise<unknown> {
  if (isAssetOrArchive(v)) {
    const out: Record<string, unknown> = { kind: (v as object).constructor.name };
    for (const [k, x] of Object.entries(v as object)) {
      if (!k.startsWith("__")) out[k] = await readAssets(await x);
    }
    return out;
  }
  if (Array.isArray(v)) return Promise.all(v.map(readAssets));
  if (typeof v === "object" && v !== null && !pulumi.Output.isInstance(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = await readAssets(x);
    return out;
  }
  return v;
}

/** Removes {@link RecordedSecret} wrappers, recursively (for reading values in tests). */
export function unwrapSecrets(v: unknown): unknown {
  return mapTree(v, (x) => (x instanceof RecordedSecret ? { value: unwrapSecrets(x.value) } : undefined));
}

export interface RecordOptions {
  /** Pulumi project name; config keys are namespaced by it. */
  project?: string;
  stack?: string;
  /** Config as `pulumi config` would give it (`"rotated-rds:key": "value"`), values as strings. */
  config?: Record<string, string>;
  /** Config keys that are secret. */
  secretKeys?: string[];
  /** Region and account the mocks pretend to be in. */
  region?: string;
  accountId?: string;
  /**
   * Keep full, source-mapped stack traces while the program runs. Off by default: the SDK captures a
   * stack for every promise it creates (runtime/debuggable.js) and for every resource, and with
   * ts-node's source-map support each capture costs milliseconds; that made a 100-database plan take
   * ~50 s instead of ~9 s. Errors keep their messages either way.
   * @default false
   */
  keepStackTraces?: boolean;
}

/** The resources and invokes of one program run. */
export interface ProgramRecord {
  resources: RecordedResource[];
  calls: RecordedCall[];
}

/**
 * Runs `program` under fresh mocks and returns everything it registered. `program` must create its
 * resources inside the call (import modules that declare resources at load time only from within it),
 * because resources declared before `setMocks` get no outputs. It may return a value (stack outputs),
 * which is resolved before the record is returned.
 */
export async function recordProgram<T>(
  program: () => T | Promise<T>,
  options: RecordOptions = {},
): Promise<ProgramRecord & { result: T }> {
  const project = options.project ?? "rotated-rds";
  const stack = options.stack ?? "test";
  const config = options.config ?? {};
  const ctx: MockContext = {
    region: options.region ?? config["aws:region"] ?? "us-east-1",
    accountId: options.accountId ?? "123456789012",
  };
  const resources: RecordedResource[] = [];
  const calls: RecordedCall[] = [];
  const pending = new Map<string, { parent?: string; custom: boolean }>();
  // Records still waiting for their URN, by type::name: a map rather than a scan of `resources`, so
  // recording stays linear in the number of resources.
  const awaitingUrn = new Map<string, RecordedResource[]>();

  const mocks: pulumi.runtime.Mocks = {
    async newResource(args: pulumi.runtime.MockResourceArgs): Promise<pulumi.runtime.MockResourceResult> {
      // Assets and archives keep their contents behind promises; read them so a Lambda's code shows
      // which files it would upload. Most resources have none, and skip the await.
      if (containsAsset(args.inputs)) args = { ...args, inputs: await readAssets(args.inputs) };
      const { id, state } = realisticState(args.type, args.name, args.inputs as Record<string, unknown>, ctx);
      const key = `${args.type}::${args.name}`;
      const meta = pending.get(key);
      pending.delete(key);
      const record: RecordedResource = {
        urn: "", // filled in below, once the monitor has named it
        type: args.type,
        name: args.name,
        parent: meta?.parent,
        id: args.custom === false ? undefined : id,
        custom: args.custom !== false,
        inputs: wrapSecrets(args.inputs) as Record<string, unknown>,
        state: wrapSecrets(state) as Record<string, unknown>,
      };
      resources.push(record);
      const waiting = awaitingUrn.get(key);
      if (waiting) waiting.push(record);
      else awaitingUrn.set(key, [record]);
      return { id: args.custom === false ? undefined : id, state };
    },
    call(args: pulumi.runtime.MockCallArgs): pulumi.runtime.MockCallResult {
      calls.push({ token: args.token, inputs: wrapSecrets(args.inputs) as Record<string, unknown> });
      return realisticCall(args.token, args.inputs as Record<string, unknown>, ctx);
    },
  };

  await pulumi.runtime.setMocks(mocks, project, stack, false);
  pulumi.runtime.setAllConfig(config, options.secretKeys ?? []);
  if (!config["aws:region"]) pulumi.runtime.setConfig("aws:region", ctx.region);

  // The mocks are not told a resource's parent or URN; the monitor request is. Wrap it to capture both.
  type Req = { getType(): string; getName(): string; getParent(): string; getCustom(): boolean };
  type Cb = (err: unknown, resp?: { getUrn(): string }) => void;
  const monitor = pulumi.runtime.getMonitor() as unknown as {
    registerResource(req: Req, cb: Cb): Promise<void>;
  };
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req: Req, cb: Cb) => {
    const key = `${req.getType()}::${req.getName()}`;
    pending.set(key, { parent: req.getParent() || undefined, custom: req.getCustom() });
    return register(req, (err, resp) => {
      if (!err && resp) {
        const waiting = awaitingUrn.get(key);
        const rec = waiting?.shift();
        if (waiting && waiting.length === 0) awaitingUrn.delete(key);
        if (rec) rec.urn = resp.getUrn();
      }
      cb(err, resp);
    });
  };

  const restoreStackTraces = options.keepStackTraces ? () => undefined : cheapStackTraces();
  try {
    const raw = await program();
    const result = (await resolveDeep(raw)) as T;
    // Let every registration finish: outputs resolve only after their resources registered.
    await settle();
    return { resources, calls, result };
  } finally {
    restoreStackTraces();
  }
}

/**
 * Makes `new Error().stack` cheap until the returned function is called: no frames by default, and
 * V8's own formatting (no source-map lookups) where the SDK asks for frames itself (it raises
 * `stackTraceLimit` to find a resource's source position, and parses V8's default format).
 */
function cheapStackTraces(): () => void {
  // @types/node declares prepareStackTrace as always set; V8 treats undefined as "use the default".
  const errorClass = Error as { stackTraceLimit: number; prepareStackTrace?: unknown };
  const limit = errorClass.stackTraceLimit;
  const prepare = errorClass.prepareStackTrace;
  errorClass.stackTraceLimit = 0;
  errorClass.prepareStackTrace = undefined;
  return () => {
    errorClass.stackTraceLimit = limit;
    errorClass.prepareStackTrace = prepare;
  };
}

async function settle(): Promise<void> {
  // The SDK's own "wait until the RPC queue drains" (internal, but what `disconnect` uses): resources
  // created inside applies register after the program function returns.
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs?: () => Promise<void> };
  if (settings.waitForRPCs) await settings.waitForRPCs();
  await new Promise((r) => setImmediate(r));
}

/** Resolves Outputs and promises anywhere inside a value. */
export async function resolveDeep(v: unknown): Promise<unknown> {
  if (pulumi.Output.isInstance(v)) return resolveDeep(await promiseOf(v));
  if (v instanceof Promise) return resolveDeep(await v);
  if (Array.isArray(v)) return Promise.all(v.map(resolveDeep));
  if (typeof v === "object" && v !== null && !(v instanceof pulumi.Resource)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = await resolveDeep(x);
    return out;
  }
  return v;
}

/** The value of an Output, for tests and the plan (never call inside `apply`). */
export function promiseOf<T>(o: pulumi.Output<T> | pulumi.Input<T>): Promise<T> {
  return new Promise<T>((resolve) => pulumi.output(o).apply((v) => { resolve(v as T); return v; }));
}
