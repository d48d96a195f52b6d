// Privilege copying for the alternating-users strategy on MySQL/MariaDB, as pure functions over the
// lines of `SHOW GRANTS`. The copy is additive, as the rotation needs it: the target (the pending
// user) gains every privilege of the source (the current user) and keeps its own, so a grant an
// operator gives to either user survives the flips and reaches the other one on the next rotation.
// (The flip side: a privilege must be revoked from both users, or the twin gives it back.)
//   1. re-run each of the source's GRANT lines for the target, keeping WITH GRANT OPTION and
//      WITH ADMIN OPTION (AWS's samples dropped them) and dropping the IDENTIFIED clause MariaDB prints
//      (running it would give the target the source's password hash);
//   2. re-apply MySQL partial revokes and the source's default roles.
// Lines are parsed with a lexer, never searched as text: names may contain quotes, semicolons or
// "TO `x`@`%`". Error messages never quote a line, because MariaDB's lines carry the password hash.
import type { MysqlFlavour } from "./mysqlVersion";
import { quoteAccount, quoteIdentifier, quoteString, type QuotingMode } from "./mysqlQuoting";
import { isKeyword, tokenizeMysql, type MysqlToken } from "./mysqlTokens";

/** What one GRANT line gives: privileges per object and column, a proxy, or roles. */
export type GrantItem =
  | { type: "privilege"; object: string; privilege: string }
  | { type: "proxy"; object: string; grantOption: boolean }
  | { type: "role"; role: string; name: string; adminOption: boolean };

/** One `SHOW GRANTS` line, understood. */
export interface ParsedGrantLine {
  kind: "grant" | "partialRevoke" | "defaultRole";
  user: string;
  host: string;
  items: GrantItem[];
  /** `SET DEFAULT ROLE` lines: the roles named, decoded as in `roleName`. */
  defaultRoles: string[];
  /** The line for another account, or undefined when running it would change nothing. */
  rewriteFor(account: string): string | undefined;
}

export class GrantParseError extends Error {
  constructor(reason: string) {
    super(`cannot understand a SHOW GRANTS line: ${reason}`);
    this.name = "GrantParseError";
  }
}

function tokenText(tokens: MysqlToken[]): string {
  return tokens.map((t) => t.text).join("");
}

/** A role as `name` or `name@host`, decoded, so that differently quoted spellings compare equal. */
function roleName(tokens: MysqlToken[]): string {
  return tokens.filter((t) => t.kind !== "punct" || t.text === "@").map((t) => (t.text === "@" ? "@" : t.value)).join("");
}

function sliceText(line: string, tokens: MysqlToken[]): string {
  return tokens.length === 0 ? "" : line.slice(tokens[0].start, tokens[tokens.length - 1].end);
}

/** Splits tokens at commas outside parentheses. */
function splitTopLevel(tokens: MysqlToken[]): MysqlToken[][] {
  const parts: MysqlToken[][] = [[]];
  for (const token of tokens) {
    if (token.kind === "punct" && token.text === "," && token.depth === 0) parts.push([]);
    else parts[parts.length - 1].push(token);
  }
  return parts.filter((part) => part.length > 0);
}

function findKeyword(tokens: MysqlToken[], word: string, from = 0): number {
  for (let i = from; i < tokens.length; i += 1) if (isKeyword(tokens[i], word)) return i;
  return -1;
}

/** Reads `user@host` at `index`; returns the decoded names and the index after the host. */
function readAccount(tokens: MysqlToken[], index: number): { user: string; host: string; next: number } {
  const user = tokens[index];
  const at = tokens[index + 1];
  const host = tokens[index + 2];
  const nameKinds = ["identifier", "string", "word"];
  if (!user || !nameKinds.includes(user.kind) || !at || at.text !== "@" || !host || !nameKinds.includes(host.kind)) {
    throw new GrantParseError("expected an account 'user'@'host' after TO/FROM/FOR");
  }
  return { user: user.value, host: host.value, next: index + 3 };
}

/** `SELECT (`a`, `b`), INSERT` → one key per privilege and column: "SELECT (`a`)", "SELECT (`b`)", "INSERT". */
function privilegeKeys(tokens: MysqlToken[]): string[] {
  const keys: string[] = [];
  for (const part of splitTopLevel(tokens)) {
    const open = part.findIndex((t) => t.kind === "punct" && t.text === "(");
    const nameTokens = open === -1 ? part : part.slice(0, open);
    if (nameTokens.some((t) => t.kind !== "word")) throw new GrantParseError("unexpected token in a privilege name");
    const name = nameTokens.map((t) => t.value.toUpperCase()).join(" ");
    if (open === -1) {
      keys.push(name);
      continue;
    }
    const columns = part.slice(open + 1).filter((t) => t.kind === "identifier" || t.kind === "word");
    for (const column of columns) keys.push(`${name} (${column.kind === "identifier" ? column.text : quoteIdentifier(column.value)})`);
  }
  return keys;
}

/**
 * The tail after the grantee without MariaDB's `IDENTIFIED BY PASSWORD '...'` / `IDENTIFIED VIA ...`
 * clause, which runs up to REQUIRE, WITH or the end of the line.
 */
function tailWithoutIdentified(line: string, tail: MysqlToken[]): string {
  const identified = findKeyword(tail, "IDENTIFIED");
  if (identified === -1) return sliceText(line, tail);
  let resume = tail.length;
  for (let i = identified + 1; i < tail.length; i += 1) {
    if (isKeyword(tail[i], "REQUIRE") || isKeyword(tail[i], "WITH")) {
      resume = i;
      break;
    }
  }
  return [sliceText(line, tail.slice(0, identified)), sliceText(line, tail.slice(resume))].filter((s) => s !== "").join(" ");
}

function hasSequence(tokens: MysqlToken[], words: string[]): boolean {
  return tokens.some((_, i) => words.every((word, k) => isKeyword(tokens[i + k], word)));
}

function rejectStatementBreaks(tokens: MysqlToken[]): void {
  if (tokens.some((t) => t.kind === "punct" && (t.text === ";" || t.text === "\\"))) {
    throw new GrantParseError("a statement separator outside quotes");
  }
}

/** Parses one line of `SHOW GRANTS FOR 'user'@'host'`. */
export function parseGrantLine(line: string, mode: QuotingMode): ParsedGrantLine {
  const tokens = tokenizeMysql(line, mode);
  rejectStatementBreaks(tokens);
  // Everything before the grantee is kept as printed; the grantee is replaced; the tail loses IDENTIFIED.
  const rebuild = (granteeIndex: number, afterGrantee: number, skipWhenTailEmpty = false) => {
    const head = line.slice(0, tokens[granteeIndex].start).trimEnd();
    const tail = tailWithoutIdentified(line, tokens.slice(afterGrantee));
    return (account: string): string | undefined =>
      skipWhenTailEmpty && tail === "" ? undefined : [head, account, tail].filter((s) => s !== "").join(" ");
  };

  if (isKeyword(tokens[0], "SET") && isKeyword(tokens[1], "DEFAULT") && isKeyword(tokens[2], "ROLE")) {
    const forIndex = findKeyword(tokens, "FOR", 3);
    if (forIndex === -1) throw new GrantParseError("SET DEFAULT ROLE without FOR");
    const account = readAccount(tokens, forIndex + 1);
    const roles = splitTopLevel(tokens.slice(3, forIndex)).map(roleName);
    return { kind: "defaultRole", user: account.user, host: account.host, items: [], defaultRoles: roles, rewriteFor: rebuild(forIndex + 1, account.next) };
  }

  if (isKeyword(tokens[0], "REVOKE")) {
    const fromIndex = findKeyword(tokens, "FROM", 1);
    if (fromIndex === -1) throw new GrantParseError("REVOKE without FROM");
    const account = readAccount(tokens, fromIndex + 1);
    return { kind: "partialRevoke", user: account.user, host: account.host, items: [], defaultRoles: [], rewriteFor: rebuild(fromIndex + 1, account.next) };
  }

  if (!isKeyword(tokens[0], "GRANT")) throw new GrantParseError("it starts with neither GRANT, REVOKE nor SET DEFAULT ROLE");
  const toIndex = findKeyword(tokens, "TO", 1);
  if (toIndex === -1) throw new GrantParseError("GRANT without TO");
  const account = readAccount(tokens, toIndex + 1);
  const tail = tokens.slice(account.next);
  if (tail[0] && tail[0].kind === "punct") throw new GrantParseError("more than one grantee");
  const onIndex = findKeyword(tokens.slice(0, toIndex), "ON", 1);

  if (onIndex === -1) {
    // Role grants: GRANT `r1`@`%`,`r2` TO ... [WITH ADMIN OPTION]
    const adminOption = hasSequence(tail, ["WITH", "ADMIN", "OPTION"]);
    const items: GrantItem[] = splitTopLevel(tokens.slice(1, toIndex)).map((role) => ({ type: "role", role: tokenText(role), name: roleName(role), adminOption }));
    return { kind: "grant", user: account.user, host: account.host, items, defaultRoles: [], rewriteFor: rebuild(toIndex + 1, account.next) };
  }

  const privileges = privilegeKeys(tokens.slice(1, onIndex));
  const object = sliceText(line, tokens.slice(onIndex + 1, toIndex));
  if (privileges.length === 0 || object === "") throw new GrantParseError("a GRANT without privileges or object");
  const grantOption = hasSequence(tail, ["WITH", "GRANT", "OPTION"]);
  let items: GrantItem[];
  if (privileges.length === 1 && privileges[0] === "PROXY") {
    items = [{ type: "proxy", object, grantOption }];
  } else {
    items = privileges.filter((p) => p !== "USAGE").map((privilege): GrantItem => ({ type: "privilege", object, privilege }));
    if (grantOption) items.push({ type: "privilege", object, privilege: "GRANT OPTION" });
  }
  // `GRANT USAGE ON *.* TO x` with nothing after it only asserts that the account exists: skip it.
  const bareUsage = privileges.length === 1 && privileges[0] === "USAGE";
  return { kind: "grant", user: account.user, host: account.host, items, defaultRoles: [], rewriteFor: rebuild(toIndex + 1, account.next, bareUsage) };
}

export interface PrivilegeCopyInput {
  flavour: MysqlFlavour;
  mode: QuotingMode;
  fromUser: string;
  toUser: string;
  /** `SHOW GRANTS FOR from@'%'`. */
  sourceGrants: readonly string[];
  /** MySQL 8+ only, from mysql.default_roles: the source's and the target's default roles. */
  sourceDefaultRoles?: ReadonlyArray<{ user: string; host: string }>;
  targetDefaultRoles?: ReadonlyArray<{ user: string; host: string }>;
}

function parseFor(lines: readonly string[], user: string, mode: QuotingMode): ParsedGrantLine[] {
  return lines.map((line) => {
    const parsed = parseGrantLine(line, mode);
    if (parsed.user !== user || parsed.host !== "%") {
      throw new GrantParseError(`a line names another account than ${JSON.stringify(user)}@'%'`);
    }
    return parsed;
  });
}

/** The statements that give `toUser`@'%' every privilege of `fromUser`@'%', in order. */
export function planPrivilegeCopy(input: PrivilegeCopyInput): string[] {
  const target = quoteAccount(input.toUser, input.mode);
  const source = parseFor(input.sourceGrants, input.fromUser, input.mode);
  const rewrite = (lines: ParsedGrantLine[]) => lines.map((line) => line.rewriteFor(target)).filter((s): s is string => s !== undefined);
  const statements = [...rewrite(source.filter((l) => l.kind === "grant")), ...rewrite(source.filter((l) => l.kind === "partialRevoke"))];

  // A default role must be granted to be set: the server keeps a default role that was revoked
  // afterwards (MariaDB still prints it) but refuses to make such a role the target's default.
  const granted = new Set(source.flatMap((line) => line.items).flatMap((item) => (item.type === "role" ? [item.name] : [])));
  if (input.flavour === "mariadb") {
    // MariaDB has one default role per account: the source's replaces the target's, if it has one.
    statements.push(...rewrite(source.filter((l) => l.kind === "defaultRole" && l.defaultRoles.every((role) => granted.has(role)))));
  } else {
    // MySQL's SET DEFAULT ROLE replaces the whole list: keep the target's and add the source's.
    const quote = (role: { user: string; host: string }) => `${quoteString(role.user, input.mode)}@${quoteString(role.host, input.mode)}`;
    const added = (input.sourceDefaultRoles ?? []).filter((role) => granted.has(`${role.user}@${role.host}`));
    if (added.length > 0) {
      const roles = [...new Set([...(input.targetDefaultRoles ?? []), ...added].map(quote))];
      statements.push(`SET DEFAULT ROLE ${roles.join(", ")} TO ${target}`);
    }
  }
  return statements;
}
