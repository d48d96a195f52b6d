// The engine registry: maps the secret's `engine` field to the driver that speaks to it. Adding an
// engine is one file plus one line here.
import type { SecretEngine } from "../contract";
import { InvalidSecretError } from "../errors";
import type { DatabaseEngineDriver } from "./engine";
import { mysqlEngine } from "./mysql";
import { postgresEngine } from "./postgres";

export type { ConnectOptions, DatabaseEngineDriver, DatabaseSession, LoginParams, TlsSettings } from "./engine";

/** Finds the driver for a secret's engine. */
export type EngineRegistry = (engine: SecretEngine) => DatabaseEngineDriver;

export const ENGINE_DRIVERS: readonly DatabaseEngineDriver[] = [postgresEngine, mysqlEngine];

export const defaultEngineRegistry: EngineRegistry = (engine) => {
  const driver = ENGINE_DRIVERS.find((d) => d.engines.includes(engine));
  if (!driver) throw new InvalidSecretError(`No rotation engine for engine "${engine}"`);
  return driver;
};
