// Runs Pulumi programs under the SDK's mocks and records every resource they register: type, name,
// parent, the id the mock gave it, its inputs with secrets still marked, and its resource options.
// The offline plan and the component/program tests read the same record, so what the tests assert
// is what the plan shows.
import * as pulumi from "@pulumi/pulumi";
import { realisticCall, realisticState, MockContext } from "./realisticOutputs";

/** A value Pulumi marked secret. Kept wrapped so tests can assert secretness and renderers can redact it. */
export class RecordedSecret {
  constructor(readonly value: unknown) {}
}

/**
 * A resource's options as its registration request carries them to the engine. The mocks'
 * `newResource` is not given options, but the monitor's `registerResource` request is, so these
 * are what `pulumi up` would act on. Options the program left unset are `undefined` or empty.
 */
export interface RecordedOptions {
  /** `protect`, as sent (a child inherits its parent's when it sets none); undefined when unset. */
  protect?: boolean;
  /** `retainOnDelete`, as sent; undefined when unset. */
  retainOnDelete?: boolean;
  /** Input property names whose changes Pulumi ignores. */
  ignoreChanges: string[];
  /**
   * URNs of the dependencies no input property accounts for: the ones only `dependsOn` can have
   * added. A `dependsOn` entry that is also an input's source is in {@link RecordedResource.dependencies}
   * only (the engine cannot tell the two apart, and orders the resource after it either way).
   */
  dependsOn: string[];
  /** `deleteBeforeReplace`; undefined when unset. */
  deleteBeforeReplace?: boolean;
  /** Input property names whose change forces a replacement. */
  replaceOnChanges: string[];
  /** Aliases: an alias URN, or the parts of an alias spec the program set. */
  aliases: RecordedAlias[];
  /** The explicit provider reference (`<provider URN>::<id>`); undefined for the default provider. */
  provider?: string;
}

/** One alias of a resource: a URN, or a spec with the parts that differ from the resource's own. */
export type RecordedAlias = string | { name?: string; type?: string; stack?: string; project?: string; parentUrn?: string; noParent?: boolean };

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
  /**
   * Resource options from the registration request (empty for resources read with `.get`). Always
   * set by {@link recordProgram}; optional only so that records built by hand stay valid.
   */
  options?: RecordedOptions;
  /**
   * URNs of every resource the engine orders this one after: its `dependsOn` and the resources its
   * inputs came from, in the request's order. Always set by {@link recordProgram}.
   */
  dependencies?: string[];
}

/** What the registration request says beyond type, name and inputs. */
interface Registration {
  parent?: string;
  custom: boolean;
  options: RecordedOptions;
  dependencies: string[];
}

/** The subset of the SDK's RegisterResourceRequest (proto/resource_pb.d.ts) the recorder reads. */
interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  hasProtect(): boolean;
  getProtect(): boolean | undefined;
  hasRetainondelete(): boolean;
  getRetainondelete(): boolean | undefined;
  getIgnorechangesList(): string[];
  getDependenciesList(): string[];
  getPropertydependenciesMap(): { forEach(f: (deps: { getUrnsList(): string[] }, key: string) => void): void };
  getDeletebeforereplace(): boolean;
  getDeletebeforereplacedefined(): boolean;
  getReplaceonchangesList(): string[];
  getAliasesList(): AliasMessage[];
  getAliasurnsList(): string[];
  getProvider(): string;
}

interface AliasMessage {
  hasUrn(): boolean;
  getUrn(): string;
  getSpec(): {
    getName(): string; getType(): string; getStack(): string; getProject(): string;
    hasParenturn(): boolean; getParenturn(): string; hasNoparent(): boolean; getNoparent(): boolean;
  } | undefined;
}

function emptyOptions(): RecordedOptions {
  return { ignoreChanges: [], dependsOn: [], replaceOnChanges: [], aliases: [] };
}

function recordAlias(a: AliasMessage): RecordedAlias {
  if (a.hasUrn()) return a.getUrn();
  const spec = a.getSpec();
  const out: Exclude<RecordedAlias, string> = {};
  if (!spec) return out;
  if (spec.getName()) out.name = spec.getName();
  if (spec.getType()) out.type = spec.getType();
  if (spec.getStack()) out.stack = spec.getStack();
  if (spec.getProject()) out.project = spec.getProject();
  if (spec.hasParenturn()) out.parentUrn = spec.getParenturn();
  if (spec.hasNoparent()) out.noParent = spec.getNoparent();
  return out;
}

/** Reads the options and dependencies off a registration request. */
function readRegistration(req: RegisterRequest): Registration {
  const dependencies = req.getDependenciesList();
  const fromInputs = new Set<string>();
  req.getPropertydependenciesMap().forEach((deps) => { for (const urn of deps.getUrnsList()) fromInputs.add(urn); });
  // Options the program left unset stay absent (not `undefined`), so records compare and print cleanly.
  const options: RecordedOptions = {
    ignoreChanges: req.getIgnorechangesList(),
    dependsOn: dependencies.filter((urn) => !fromInputs.has(urn)),
    replaceOnChanges: req.getReplaceonchangesList(),
    // The SDK sends structured aliases when the monitor supports them (the mock monitor does), URNs otherwise.
    aliases: [...req.getAliasesList().map(recordAlias), ...req.getAliasurnsList()],
  };
  if (req.hasProtect()) options.protect = req.getProtect();
  if (req.hasRetainondelete()) options.retainOnDelete = req.getRetainondelete();
  if (req.getDeletebeforereplacedefined()) options.deleteBeforeReplace = req.getDeletebeforereplace();
  if (req.getProvider()) options.provider = req.getProvider();
  return { parent: req.getParent() || undefined, custom: req.getCustom(), dependencies, options };
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
  const pending = new Map<string, Registration>();
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
        options: meta?.options ?? emptyOptions(),
        dependencies: meta?.dependencies ?? [],
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

  // The mocks are not told a resource's parent, options or URN; the monitor request is. Wrap it to
  // capture them.
  type Cb = (err: unknown, resp?: { getUrn(): string }) => void;
  const monitor = pulumi.runtime.getMonitor() as unknown as {
    registerResource(req: RegisterRequest, cb: Cb): Promise<void>;
  };
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req: RegisterRequest, cb: Cb) => {
    const key = `${req.getType()}::${req.getName()}`;
    pending.set(key, readRegistration(req));
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
