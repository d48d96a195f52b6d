// Per-engine rules for user and database names, from the RDS API reference (CreateDBInstance and CreateDBCluster
// MasterUsername / DBName) and the engines' own identifier limits. Each function returns an error
// message naming the argument, the value and what is allowed, or undefined when the name is fine.
import { CLONE_SUFFIX } from "../rotation-lambda/contract";
import { ENGINE_FACTS } from "./engines";
import type { AnyEngine } from "./types";

/** Suffix of the twin user that alternating-users rotates with the application user. */
export { CLONE_SUFFIX };

const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]*$/;

function reservedReason(engine: AnyEngine, name: string): string | undefined {
  const facts = ENGINE_FACTS[engine];
  const lower = name.toLowerCase();
  if (facts.reservedUsernames.includes(lower)) return `must not be "${name}", which ${engine} or RDS reserves`;
  const prefix = facts.reservedUsernamePrefixes.find((p) => lower.startsWith(p));
  if (prefix) return `must not start with "${prefix}", which ${engine} or RDS reserves`;
  return undefined;
}

function identifierReason(engine: AnyEngine, name: string, max: number): string | undefined {
  if (name.length < 1 || name.length > max) return `must be 1 to ${max} characters long on ${engine} (got ${name.length})`;
  if (!IDENTIFIER.test(name)) return "must start with a letter and contain only letters, digits and underscores";
  return undefined;
}

/** The master user name: 1-16 characters on every RDS engine, letter first, not reserved. */
export function masterUsernameError(engine: AnyEngine, name: string, arg = "masterUsername"): string | undefined {
  const reason = identifierReason(engine, name, ENGINE_FACTS[engine].masterUsernameMax) ?? reservedReason(engine, name);
  return reason && `${arg} ${reason}; got ${JSON.stringify(name)}`;
}

/**
 * The alternating-users application user: the engine's own limit applies, and `<name>_clone` must fit
 * it too (PostgreSQL 63, MySQL 32, MariaDB 80).
 */
export function applicationUsernameError(
  engine: AnyEngine,
  name: string,
  arg = "rotation.applicationUsername",
): string | undefined {
  const max = ENGINE_FACTS[engine].userNameMax - CLONE_SUFFIX.length;
  const lengthNote = `so that "${name}${CLONE_SUFFIX}" fits ${engine}'s ${ENGINE_FACTS[engine].userNameMax}-character limit`;
  if (name.length > max) return `${arg} must be at most ${max} characters ${lengthNote}; got ${JSON.stringify(name)} (${name.length})`;
  const reason = identifierReason(engine, name, max) ?? reservedReason(engine, name);
  return reason && `${arg} ${reason}; got ${JSON.stringify(name)}`;
}

/** The database created on the instance: letter first, letters/digits/underscores, not reserved. */
export function dbNameError(engine: AnyEngine, name: string, arg = "dbName"): string | undefined {
  const facts = ENGINE_FACTS[engine];
  let reason = identifierReason(engine, name, facts.dbNameMax);
  if (!reason && facts.reservedDbNames.includes(name.toLowerCase())) {
    reason = `must not be ${JSON.stringify(name)}, which exists on every ${engine} instance or is a reserved word there`;
  }
  return reason && `${arg} ${reason}; got ${JSON.stringify(name)}`;
}
