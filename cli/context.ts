// What a command gets to work with: its output streams, the AWS clients for the global options, the
// chosen output format and the secret the flags select. Dependencies are injectable so tests run
// commands in-process against moto and test doubles.
import type { AwsClients } from "./aws/clients";
import type { AwsOptions } from "./aws/awsOptions";
import type { RotationStarter } from "./rotate/startRotation";
import type { DatabaseEndpoints } from "./secret/resolveSecretId";

export interface Output {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

export interface CliIo {
  stdout: Output;
  stderr: Output;
  env: NodeJS.ProcessEnv;
}

export type OutputFormat = "text" | "json";
export const OUTPUT_FORMATS: readonly OutputFormat[] = ["text", "json"];

export interface CliDependencies {
  createClients(options: AwsOptions): AwsClients;
  now(): Date;
  sleep(ms: number): Promise<void>;
  /** How `rotate` starts a rotation: RotateSecret by default; tests drive this repository's function instead. */
  startRotation: RotationStarter;
  /** How often `rotate --wait` looks at the version stages. */
  pollIntervalMs: number;
  /** `connect`'s client: inherit the terminal (default), or pipe its output through `io` (tests). */
  clientStdio: "inherit" | "pipe";
}

export interface CommandContext {
  io: CliIo;
  deps: CliDependencies;
  aws: AwsClients;
  output: OutputFormat;
  /** The selected secret id; throws BadArgumentError when the flags select none. */
  secretId(): string;
  /** The endpoints --stack-outputs names for the selected database (reader, proxy); empty with --secret-id. */
  endpoints(): DatabaseEndpoints;
}
