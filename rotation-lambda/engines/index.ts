// The engine registry: maps the secret's `engine` field to the driver that speaks to it. Drivers
// load on first use, so a cold start pays only for the one engine the secret needs (mysql2 alone
// takes longer to load than the rest of the bundle's start-up). Adding an engine is one file plus
// one line here.
import { engineFamily, type EngineFamily, type SecretEngine } from "../contract";
import { InvalidSecretError } from "../errors";
import type { DatabaseEngineDriver } from "./engine";

export type { ConnectOptions, DatabaseEngineDriver, DatabaseSession, LoginParams, OperationDeadline, TlsSettings } from "./engine";

/** Finds the driver for a secret's engine. */
export type EngineRegistry = (engine: SecretEngine) => DatabaseEngineDriver;

/* eslint-disable @typescript-eslint/no-require-imports -- lazy loading on purpose, see above */
const LOADERS: Record<EngineFamily, () => DatabaseEngineDriver> = {
  postgres: () => (require("./postgres") as typeof import("./postgres")).postgresEngine,
  mysql: () => (require("./mysql") as typeof import("./mysql")).mysqlEngine,
};
/* eslint-enable @typescript-eslint/no-require-imports */

export const defaultEngineRegistry: EngineRegistry = (engine) => {
  // One driver per family: Aurora speaks the protocol of its community engine.
  const family = engineFamily(engine);
  const load = family !== undefined ? LOADERS[family] : undefined;
  if (!load) throw new InvalidSecretError(`No rotation engine for engine "${engine}"`);
  return load();
};
