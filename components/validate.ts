// RotatedDatabase and RotatedCluster arguments, resolved in one pure pass before any resource is
// created: the defaults are applied once (withDefaults, withClusterDefaults) and every rule is checked
// on the resolved values, the very values the component then builds from. The rules of what both
// components share run for both (commonArgsErrors); an instance's and a cluster's own rules sit in
// between, in argument order. Every message names the argument, shows the value received and says
// what is allowed; all of them come back together, so a user fixes everything in one round.
import * as pulumi from "@pulumi/pulumi";
import { networkAddressRule, parseCidr } from "./cidr";
import { clusterBackupRetentionError, clusterEngineError, instanceEngineError, readersError } from "./clusterRules";
import {
  RDS_FORBIDDEN_PASSWORD_CHARACTERS, ResolvedClusterArgs, ResolvedCommonArgs, ResolvedDatabaseArgs, withClusterDefaults, withDefaults,
} from "./defaults";
import { ENGINE_FACTS, isOlderThan } from "./engines";
import { characterType, passwordAlphabet } from "./generatedPasswordProvider";
import { INSTANCE_CLASS_PATTERN, clusterInstanceClassError } from "./instanceClass";
import { applicationUsernameError, dbNameError, masterUsernameError } from "./nameRules";
import { ROTATION_STRATEGIES, isRotationStrategy } from "./rotationStrategies";
import { majorUpgradeError } from "./majorUpgradeRule";
import { proxyArgsErrors } from "./proxyValidation";
import { parseDuration, parseSchedule } from "./schedule";
import { serverlessScalingErrors } from "./serverlessScaling";
import type { AnyEngine, RotatedClusterArgs, RotatedDatabaseArgs, RotationArgs } from "./types";

/** Generated passwords shorter than this buy nothing: no human ever types them. */
export const MIN_PASSWORD_LENGTH = 16;
/** Distinct characters a password must be drawn from, so excluding characters cannot gut its entropy. */
export const MIN_PASSWORD_ALPHABET = 32;
/** The retention values CloudWatch Logs accepts (PutRetentionPolicy). */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];
export { INSTANCE_CLASS_PATTERN };
/** gp3 storage RDS accepts, in GiB. */
export const ALLOCATED_STORAGE_GIB = { min: 20, max: 65536 } as const;
/** Automated backup retention RDS accepts, in days (0 turns backups off). */
export const BACKUP_RETENTION_DAYS = { min: 0, max: 35 } as const;
/** EC2 subnet ids: `subnet-` and 8 to 17 hex digits (AWS issues 8 or 17). */
export const SUBNET_ID_PATTERN = /^subnet-[0-9a-f]{8,17}$/;
/** An e-mail address as SNS takes it for a subscription: something@domain.tld, no spaces. */
export const EMAIL_PATTERN = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

const show = (v: unknown): string => JSON.stringify(v) ?? String(v);
const list = (xs: readonly unknown[]): string => xs.map(show).join(", ");
const isInt = (n: unknown): n is number => Number.isInteger(n);
const within = (n: unknown, range: { min: number; max: number }): boolean => isInt(n) && n >= range.min && n <= range.max;

/** The resolved arguments, or every reason they cannot be deployed. */
export type Resolution<T> = { ok: true; value: T } | { ok: false; errors: string[] };

/** Applies every default to `args` and checks every rule on the result, in argument order. */
export function resolveRotatedDatabaseArgs(args: RotatedDatabaseArgs): Resolution<ResolvedDatabaseArgs> {
  // Every later rule depends on the engine's facts and the strategy.
  const early = instanceEngineError(args.engine) ?? strategyError(args.rotation);
  if (early) return { ok: false, errors: [early] };
  const r = withDefaults(args);
  const errors = commonArgsErrors(r, args, instanceArgsErrors(r), "instance");
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: r };
}

/** Errors in `args`, in argument order; empty when the arguments can be deployed. */
export function validateRotatedDatabaseArgs(args: RotatedDatabaseArgs): string[] {
  const resolved = resolveRotatedDatabaseArgs(args);
  return resolved.ok ? [] : resolved.errors;
}

/** Applies every default of a cluster to `args` and checks every rule on the result, in argument order. */
export function resolveRotatedClusterArgs(args: RotatedClusterArgs): Resolution<ResolvedClusterArgs> {
  const early = clusterEngineError(args.engine) ?? strategyError(args.rotation);
  if (early) return { ok: false, errors: [early] };
  const r = withClusterDefaults(args);
  const errors = commonArgsErrors(r, args, clusterArgsErrors(r, args), "cluster");
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: r };
}

/** Errors in a cluster's `args`, in argument order; empty when the arguments can be deployed. */
export function validateRotatedClusterArgs(args: RotatedClusterArgs): string[] {
  const resolved = resolveRotatedClusterArgs(args);
  return resolved.ok ? [] : resolved.errors;
}

function strategyError(rotation: RotationArgs | undefined): string | undefined {
  const strategy = rotation?.strategy;
  if (strategy === undefined || isRotationStrategy(strategy)) return undefined;
  return `rotation.strategy must be one of ${list(ROTATION_STRATEGIES)}; got ${show(strategy)}`;
}

/** An instance's own rules: version, class, storage, backups (RDS allows 0, no backups). */
function instanceArgsErrors(r: ResolvedDatabaseArgs): string[] {
  const errors: string[] = [];
  const add = (e: string | undefined) => { if (e) errors.push(e); };
  add(engineVersionError(r.engine, r.engineVersion));
  if (!INSTANCE_CLASS_PATTERN.test(r.instanceClass)) {
    errors.push(`instanceClass must look like "db.t4g.micro"; got ${show(r.instanceClass)}`);
  }
  if (!within(r.allocatedStorage, ALLOCATED_STORAGE_GIB)) {
    errors.push(`allocatedStorage must be a whole number of GiB from ${ALLOCATED_STORAGE_GIB.min} to ${ALLOCATED_STORAGE_GIB.max}; got ${show(r.allocatedStorage)}`);
  }
  if (!within(r.backupRetentionDays, BACKUP_RETENTION_DAYS)) {
    errors.push(`backupRetentionDays must be a whole number from ${BACKUP_RETENTION_DAYS.min} to ${BACKUP_RETENTION_DAYS.max}; got ${show(r.backupRetentionDays)}`);
  }
  return errors;
}

/** A cluster's own rules, in argument order: version, class, capacity, readers, backups (at least a day). */
function clusterArgsErrors(r: ResolvedClusterArgs, args: RotatedClusterArgs): string[] {
  return [
    engineVersionError(r.engine, r.engineVersion),
    clusterInstanceClassError(r.engine, r.instanceClass),
    ...serverlessScalingErrors(r.instanceClass, args.serverlessV2Scaling, r.serverlessV2Scaling),
    readersError(r.readers),
    clusterBackupRetentionError(r.backupRetentionDays),
  ].filter((e): e is string => e !== undefined);
}

/**
 * The rules of what both components share, on resolved arguments, with the component's own errors
 * (`specific`) in their place in argument order; `subject` names what the component declares. `args`
 * is what the caller wrote: `managed` refuses password options set explicitly, not their defaults,
 * and `proxy` names unknown keys.
 */
function commonArgsErrors(
  r: ResolvedCommonArgs,
  args: { rotation?: RotationArgs; proxy?: unknown },
  specific: string[],
  subject: "instance" | "cluster",
): string[] {
  const errors: string[] = [];
  const add = (e: string | undefined) => { if (e) errors.push(e); };
  const given = args.rotation ?? {};

  // --- Network -------------------------------------------------------------------------------
  add(subnetIdsError(r.subnetIds));
  r.allowedCidrBlocks.forEach((c, i) => add(cidrError(c, `allowedCidrBlocks[${i}]`)));
  add(secretsManagerAccessError(r.secretsManagerAccess));

  // --- Database or cluster -------------------------------------------------------------------
  errors.push(...specific);
  add(masterUsernameError(r.engine, r.masterUsername));
  add(dbNameError(r.engine, r.dbName));

  // --- Rotation ------------------------------------------------------------------------------
  errors.push(...strategyErrors(r, given));
  if (r.rotation.applicationUsername !== undefined && r.rotation.strategy === "alternating-users") {
    add(applicationUsernameError(r.engine, r.rotation.applicationUsername));
  }
  add(majorUpgradeError(r, subject));
  const schedule = parseSchedule(r.rotation.schedule);
  if (!schedule.ok) errors.push(`rotation.schedule ${schedule.reason}; got ${show(r.rotation.schedule)}`);
  const duration = parseDuration(r.rotation.duration, schedule.ok ? schedule.value : undefined);
  if (!duration.ok) errors.push(`rotation.duration ${duration.reason}; got ${show(r.rotation.duration)}`);
  if (r.rotation.strategy !== "managed") {
    add(passwordLengthError(r.engine, r.rotation.passwordLength));
    add(excludeCharactersError(r.rotation.excludeCharacters));
  }

  // --- Alerts and housekeeping ----------------------------------------------------------------
  if (r.alerts.email !== undefined) {
    if (!EMAIL_PATTERN.test(r.alerts.email)) {
      errors.push(`alerts.email must be an e-mail address; got ${show(r.alerts.email)}`);
    } else if (r.alerts.topicArn !== undefined) {
      errors.push(`alerts.email subscribes to the topic this component creates, and alerts.topicArn replaces that topic; subscribe ${show(r.alerts.email)} to your topic instead, or drop alerts.topicArn`);
    }
  }
  if (!LOG_RETENTION_DAYS.includes(r.logRetentionDays)) {
    errors.push(`logRetentionDays must be one of CloudWatch's values (${LOG_RETENTION_DAYS.join(", ")}); got ${show(r.logRetentionDays)}`);
  }
  for (const [k, v] of Object.entries(r.tags)) {
    if (k.toLowerCase().startsWith("aws:")) errors.push(`tags must not use the reserved "aws:" prefix; got key ${show(k)}`);
    else if (k.length < 1 || k.length > 128) errors.push(`tags keys must be 1 to 128 characters; got ${show(k)}`);
    if (typeof v !== "string" || v.length > 256) errors.push(`tags[${show(k)}] must be a string of at most 256 characters; got ${show(v)}`);
  }

  // --- Proxy ---------------------------------------------------------------------------------
  errors.push(...proxyArgsErrors(r.proxy, r.rotation.strategy, args.proxy));
  return errors;
}

/** At least two subnets (RDS subnet groups span two AZs), no duplicates among the known ids. */
export function subnetIdsError(subnetIds: readonly unknown[] | undefined): string | undefined {
  if (!Array.isArray(subnetIds) || subnetIds.length < 2) {
    return `subnetIds must list at least 2 private subnets in different availability zones; got ${show(subnetIds)}`;
  }
  const literal = subnetIds.filter((s): s is string => typeof s === "string");
  const dup = literal.find((s, i) => literal.indexOf(s) !== i);
  if (dup) return `subnetIds must not repeat a subnet; got ${show(dup)} twice`;
  const bad = literal.find((s) => !SUBNET_ID_PATTERN.test(s));
  if (bad) return `subnetIds must hold subnet ids like "subnet-0123456789abcdef0"; got ${show(bad)}`;
  return undefined;
}

/** An IPv4 or IPv6 range that names its network address and is not the whole internet (cidr.ts). */
export function cidrError(cidr: string, arg = "allowedCidrBlocks"): string | undefined {
  const check = parseCidr(cidr);
  if (check.ok) return undefined;
  if (check.problem.kind === "host-bits") return `${arg} must be ${networkAddressRule(check.problem.network)}; got ${show(cidr)}`;
  return `${arg} must be an IPv4 or IPv6 CIDR range like "10.0.0.0/16" that is not open to everyone (0.0.0.0/0 and ::/0 are refused); got ${show(cidr)}`;
}

/** Secrets Manager interface endpoint ids: `vpce-` and 8 to 17 hex digits. */
export const VPC_ENDPOINT_ID_PATTERN = /^vpce-[0-9a-f]{8,17}$/;
/** Security group ids: `sg-` and 8 to 17 hex digits. */
export const SECURITY_GROUP_ID_PATTERN = /^sg-[0-9a-f]{8,17}$/;

/** Exactly one of `endpoint`, `createEndpoint: true`, `existingEndpoint: { endpointId, securityGroupId }`, `natGateway: true`. */
export function secretsManagerAccessError(access: unknown): string | undefined {
  if (access === undefined) return undefined;
  const allowed = "exactly one of { endpoint: <SecretsManagerEndpoint> }, { createEndpoint: true }, { existingEndpoint: { endpointId, securityGroupId } } or { natGateway: true }";
  if (typeof access !== "object" || access === null) return `secretsManagerAccess must be ${allowed}; got ${show(access)}`;
  const a = access as Record<string, unknown>;
  const chosen = (["endpoint", "createEndpoint", "existingEndpoint", "natGateway"] as const).filter((k) => a[k] !== undefined && a[k] !== false);
  if (chosen.length !== 1) return `secretsManagerAccess must be ${allowed}; got keys ${show(Object.keys(a))}`;
  const choice = chosen[0];
  if (choice === "endpoint") {
    return typeof a.endpoint !== "object" || a.endpoint === null ? `secretsManagerAccess.endpoint must be a SecretsManagerEndpoint; got ${show(a.endpoint)}` : undefined;
  }
  if (choice === "existingEndpoint") return existingEndpointError(a.existingEndpoint);
  return a[choice] === true ? undefined : `secretsManagerAccess.${choice} must be true; got ${show(a[choice])}`;
}

/** An existing endpoint needs its id and a security group of it; ids known now must look like AWS's. */
function existingEndpointError(e: unknown): string | undefined {
  const arg = "secretsManagerAccess.existingEndpoint";
  if (typeof e !== "object" || e === null) return `${arg} must be { endpointId: "vpce-...", securityGroupId: "sg-..." }; got ${show(e)}`;
  const o = e as Record<string, unknown>;
  const extra = Object.keys(o).filter((k) => k !== "endpointId" && k !== "securityGroupId");
  if (extra.length > 0) return `${arg} takes only endpointId and securityGroupId; got ${show(extra)}`;
  const checks: Array<[string, RegExp, string]> = [
    ["endpointId", VPC_ENDPOINT_ID_PATTERN, "vpce-0123456789abcdef0"],
    ["securityGroupId", SECURITY_GROUP_ID_PATTERN, "sg-0123456789abcdef0"],
  ];
  for (const [key, pattern, example] of checks) {
    const v = o[key];
    // An Output is checked by AWS at deploy time; a literal is checked here.
    if (v === undefined || v === null || v === "") return `${arg}.${key} is required, like ${show(example)}; got ${show(v)}`;
    if (typeof v === "string" && !pattern.test(v)) return `${arg}.${key} must look like ${show(example)}; got ${show(v)}`;
    if (typeof v !== "string" && !pulumi.Output.isInstance(v) && !(v instanceof Promise)) return `${arg}.${key} must be a string or an Output; got ${show(v)}`;
  }
  return undefined;
}

/** A version string the engine's parameter-group family can be derived from, and still supported. */
export function engineVersionError(engine: AnyEngine, version: string): string | undefined {
  const facts = ENGINE_FACTS[engine];
  if (typeof version !== "string" || !facts.versionPattern.test(version)) {
    return `engineVersion for ${engine} must look like ${show(facts.defaultVersion)} (${facts.versionSyntax}); got ${show(version)}`;
  }
  if (isOlderThan(engine, version, facts.minimumVersion)) {
    return `engineVersion for ${engine} must be ${facts.versionName(facts.minimumVersion)} or newer; got ${show(version)}`;
  }
  return undefined;
}

/**
 * Options that cannot work together for the chosen strategy (design.md section 2). `given` holds the
 * rotation settings as the caller wrote them: `managed` refuses password options set explicitly, not
 * their defaults.
 */
export function strategyErrors(r: ResolvedCommonArgs, given: RotationArgs): string[] {
  const errors: string[] = [];
  const { strategy, applicationUsername: app } = r.rotation;
  if (strategy === "managed") {
    if (app !== undefined) errors.push(`rotation.applicationUsername needs the "alternating-users" strategy; "managed" rotates only the master user (got ${show(app)})`);
    for (const key of ["passwordLength", "excludeCharacters"] as const) {
      if (given[key] !== undefined) {
        errors.push(`rotation.${key} cannot be set with the "managed" strategy: RDS generates those passwords itself (got ${show(given[key])})`);
      }
    }
  } else if (strategy === "alternating-users") {
    if (app === undefined) errors.push('rotation.applicationUsername is required by the "alternating-users" strategy: name the application user to rotate (with its "<user>_clone" twin)');
    else if (app.toLowerCase() === r.masterUsername.toLowerCase()) {
      errors.push(`rotation.applicationUsername must differ from masterUsername: the master user is rotated by RDS; got ${show(app)} for both`);
    }
  } else if (app !== undefined) {
    errors.push(`rotation.applicationUsername is only used by the "alternating-users" strategy; got ${show(app)} with ${show(strategy)}`);
  }
  return errors;
}

/** A length GetRandomPassword can produce and the engine accepts. */
export function passwordLengthError(engine: AnyEngine, length: number): string | undefined {
  const max = ENGINE_FACTS[engine].passwordMax;
  if (isInt(length) && length >= MIN_PASSWORD_LENGTH && length <= max) return undefined;
  return `rotation.passwordLength must be a whole number from ${MIN_PASSWORD_LENGTH} to ${max} for ${engine} (RDS's limit); got ${show(length)}`;
}

/** Excluded characters must include what RDS refuses and leave every character class and enough entropy. */
export function excludeCharactersError(exclude: string): string | undefined {
  const arg = "rotation.excludeCharacters";
  const missing = [...RDS_FORBIDDEN_PASSWORD_CHARACTERS].filter((c) => !exclude.includes(c));
  if (missing.length > 0) {
    return `${arg} must include ${show(missing.join(""))}, which RDS refuses in master passwords; got ${show(exclude)}`;
  }
  const printable = [...passwordAlphabet(exclude)];
  const types: Array<[ReturnType<typeof characterType>, string]> = [["lowercase", "a lowercase letter"], ["uppercase", "an uppercase letter"], ["digit", "a digit"], ["punctuation", "a punctuation character"]];
  const gone = types.find(([type]) => !printable.some((c) => characterType(c) === type));
  if (gone) return `${arg} must leave at least ${gone[1]} available (GetRandomPassword includes every character type); got ${show(exclude)}`;
  if (printable.length < MIN_PASSWORD_ALPHABET) {
    return `${arg} must leave at least ${MIN_PASSWORD_ALPHABET} usable characters; ${printable.length} remain after excluding ${show(exclude)}`;
  }
  return undefined;
}
