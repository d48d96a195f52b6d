// Which secret a command works on: `--secret-id`, or the stack outputs of this project's program
// (`pulumi stack output --json > outputs.json`) with `--database NAME`, found without it when the
// outputs name one database only. A single RotatedDatabase exported as `secretArn` works too. With
// the secret come the other endpoints the outputs name for that database (an Aurora cluster's reader
// endpoint, an RDS Proxy's endpoint and its read-only endpoint), which url, env, connect, status and doctor can use.
import * as fs from "fs";
import { BadArgumentError, ConfigurationError } from "../errors";

export interface SecretSelection {
  secretId?: string;
  stackOutputs?: string;
  database?: string;
}

interface DatabaseOutputsLike {
  secretArn?: unknown;
  address?: unknown;
  readerEndpoint?: unknown;
  proxyEndpoint?: unknown;
  proxyConnectPolicyDocument?: unknown;
  proxyReaderEndpoint?: unknown;
}

/** The endpoints stack outputs name for one database, besides the secret's own `host`. */
export interface DatabaseEndpoints {
  /** The database's address output (an instance's address, a cluster's writer endpoint). */
  address?: string;
  /** An Aurora cluster's reader endpoint (`readerEndpoint`). */
  readerEndpoint?: string;
  /** The RDS Proxy's endpoint (`proxyEndpoint`), when the database has a proxy. */
  proxyEndpoint?: string;
  /** The proxy requires IAM authentication: the outputs carry its `proxyConnectPolicyDocument` (components export it with iamAuth only). */
  proxyIamAuth?: boolean;
  /** The proxy's read-only endpoint (`proxyReaderEndpoint`), when a cluster with readers has a proxy. */
  proxyReaderEndpoint?: string;
}

/** The secret a command works on, and what the stack outputs say about its database (none with --secret-id). */
export interface DatabaseSelection {
  secretId: string;
  endpoints: DatabaseEndpoints;
}

function databasesOf(outputs: Record<string, unknown>): Record<string, DatabaseOutputsLike> {
  const databases = outputs.databases;
  if (databases && typeof databases === "object" && !Array.isArray(databases)) return databases as Record<string, DatabaseOutputsLike>;
  // A program that exports one RotatedDatabase's (or RotatedCluster's) outputs at the top level.
  if (typeof outputs.secretArn === "string") return { "": outputs as DatabaseOutputsLike };
  return {};
}

/** A usable endpoint output: a non-empty string that Pulumi did not mask. */
function endpointOf(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" && value !== "[secret]" ? value : undefined;
}

function endpointsOf(outputs: DatabaseOutputsLike | undefined): DatabaseEndpoints {
  const endpoints: DatabaseEndpoints = {};
  const address = endpointOf(outputs?.address);
  const reader = endpointOf(outputs?.readerEndpoint);
  const proxy = endpointOf(outputs?.proxyEndpoint);
  if (address) endpoints.address = address;
  if (reader) endpoints.readerEndpoint = reader;
  if (proxy) endpoints.proxyEndpoint = proxy;
  if (proxy && typeof outputs?.proxyConnectPolicyDocument === "string" && outputs.proxyConnectPolicyDocument !== "") endpoints.proxyIamAuth = true;
  const proxyReader = proxy ? endpointOf(outputs?.proxyReaderEndpoint) : undefined;
  if (proxyReader) endpoints.proxyReaderEndpoint = proxyReader;
  return endpoints;
}

/** Picks the secret ARN out of parsed stack outputs. Pure: tests call it with objects. */
export function secretIdFromOutputs(outputs: unknown, database: string | undefined, file: string): string {
  return selectionFromOutputs(outputs, database, file).secretId;
}

/** Picks the secret ARN and the database's endpoints out of parsed stack outputs. Pure. */
export function selectionFromOutputs(outputs: unknown, database: string | undefined, file: string): DatabaseSelection {
  if (!outputs || typeof outputs !== "object" || Array.isArray(outputs)) {
    throw new BadArgumentError(`--stack-outputs ${file} is not a JSON object (expected the output of "pulumi stack output --json")`);
  }
  const databases = databasesOf(outputs as Record<string, unknown>);
  const names = Object.keys(databases);
  if (names.length === 0) {
    throw new BadArgumentError(`--stack-outputs ${file} has no "databases" output and no "secretArn": is it the output of "pulumi stack output --json"?`);
  }
  let name: string;
  if (database !== undefined) {
    if (!names.includes(database)) {
      throw new BadArgumentError(`--database ${JSON.stringify(database)} is not in ${file}; it names ${names.map((n) => JSON.stringify(n)).join(", ")}`);
    }
    name = database;
  } else if (names.length === 1) {
    name = names[0];
  } else {
    throw new BadArgumentError(`${file} names ${names.length} databases (${names.join(", ")}): pass --database NAME`);
  }
  const arn = databases[name]?.secretArn;
  if (typeof arn !== "string" || arn === "" || arn === "[secret]") {
    throw new BadArgumentError(`${file} has no usable secretArn for database ${JSON.stringify(name)}${arn === "[secret]" ? " (it is marked secret: run pulumi stack output --json --show-secrets)" : ""}`);
  }
  return { secretId: arn, endpoints: endpointsOf(databases[name]) };
}

/** The secret id the flags select. */
export function resolveSecretId(selection: SecretSelection, readFile: (path: string) => string = (p) => fs.readFileSync(p, "utf8")): string {
  return resolveDatabaseSelection(selection, readFile).secretId;
}

/** The secret id the flags select, with the endpoints the stack outputs name for its database. */
export function resolveDatabaseSelection(selection: SecretSelection, readFile: (path: string) => string = (p) => fs.readFileSync(p, "utf8")): DatabaseSelection {
  if (selection.secretId !== undefined && selection.stackOutputs !== undefined) {
    throw new BadArgumentError("pass either --secret-id or --stack-outputs, not both");
  }
  if (selection.secretId !== undefined) {
    if (selection.database !== undefined) throw new BadArgumentError("--database needs --stack-outputs");
    if (selection.secretId === "") throw new BadArgumentError("--secret-id must not be empty");
    return { secretId: selection.secretId, endpoints: {} };
  }
  if (selection.stackOutputs === undefined) {
    throw new BadArgumentError("no secret: pass --secret-id ARN|NAME, or --stack-outputs FILE (pulumi stack output --json) with --database NAME");
  }
  let text: string;
  try {
    text = readFile(selection.stackOutputs);
  } catch (err) {
    throw new ConfigurationError(`cannot read --stack-outputs ${selection.stackOutputs}: ${(err as Error).message}`, { cause: err });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new BadArgumentError(`--stack-outputs ${selection.stackOutputs} is not valid JSON`);
  }
  return selectionFromOutputs(parsed, selection.database, selection.stackOutputs);
}
