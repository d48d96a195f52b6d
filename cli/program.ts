// The command line: commander parses it, with the AWS CLI's global options on every command, and
// each command's module is loaded only when that command runs.
import * as fs from "fs";
import * as path from "path";
import { Command, Option } from "commander";
import { resolveAwsOptions } from "./aws/awsOptions";
import type { CliDependencies, CliIo, CommandContext, OutputFormat } from "./context";
import { OUTPUT_FORMATS } from "./context";
import { VIA_CHOICES, type Via } from "./secret/connectionTarget";
import { resolveDatabaseSelection, type DatabaseSelection } from "./secret/resolveSecretId";

interface GlobalFlags {
  secretId?: string;
  stackOutputs?: string;
  database?: string;
  region?: string;
  profile?: string;
  endpointUrl?: string;
  output: OutputFormat;
}

/** This package's version, from the package.json above this file (cli/ in the repository, dist/cli/ when installed). */
function packageVersion(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, "utf8")) as { name?: string; version?: string };
      if (pkg.name === "rotated-rds") return pkg.version ?? "0.0.0";
    }
  }
  return "0.0.0";
}

function example(...lines: string[]): string {
  return `\nExample${lines.length > 1 ? "s" : ""}:\n${lines.map((l) => `  $ ${l}`).join("\n")}\n`;
}

const CA_BUNDLE_HELP =
  "CA bundle that verifies the server certificate (default: $ROTATED_RDS_CA_BUNDLE, else ~/.config/rotated-rds/rds-global-bundle.pem; through a proxy $ROTATED_RDS_PROXY_CA_BUNDLE, else ~/.config/rotated-rds/amazon-root-ca-1.pem)";

/** --via and --reader, on url, env and connect. */
function targetOptions(command: Command): Command {
  return command
    .addOption(new Option("--via <path>", "through the RDS Proxy or to the database itself (default: proxy when --stack-outputs names a proxyEndpoint for the database and the proxy takes passwords, else direct)").choices([...VIA_CHOICES]))
    .option("--reader", "an Aurora cluster's readers instead of the writer: through the proxy its read-only endpoint (proxyReaderEndpoint from --stack-outputs, by the --via rule), else the reader endpoint (readerEndpoint from --stack-outputs, else derived from the secret's cluster endpoint)");
}

interface TargetOpts {
  via?: Via;
  reader?: boolean;
}

export interface ProgramResult {
  program: Command;
  /** The exit status the command's action returned (set once it ran). */
  exitCode(): number | undefined;
}

export function createProgram(io: CliIo, deps: CliDependencies): ProgramResult {
  let exitCode: number | undefined;
  const program = new Command("rotated-rds");
  program
    .description("Developer access to an RDS database whose password lives in Secrets Manager and rotates: status, rotate, url, env, connect, doctor.\nWorks on any RDS secret in the AWS JSON shape (console, CDK, AWS's templates, this project).")
    .version(packageVersion(), "-V, --version")
    .option("--secret-id <arn|name>", "the secret, by ARN or name")
    .option("--stack-outputs <file>", 'find the secret in the JSON of "pulumi stack output --json"')
    .option("--database <name>", "the database in --stack-outputs (not needed when it names one)")
    .option("--region <region>", "AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, the profile's region)")
    .option("--profile <name>", "AWS profile from the shared config files (default: AWS_PROFILE)")
    .option("--endpoint-url <url>", "send every AWS call to this URL (an emulator, a VPC endpoint)")
    .addOption(new Option("--output <format>", "output format").choices([...OUTPUT_FORMATS]).default("text"))
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) => write(`rotated-rds: ${s.replace(/^error: /, "")}`),
    })
    .addHelpText(
      "after",
      `\nExit status: 0 success, 1 doctor found a failure, 252 bad argument, 253 missing configuration or credentials, 254 AWS service error, 255 anything else.` +
        example("rotated-rds status --secret-id prod/app-db", "rotated-rds doctor --stack-outputs outputs.json --database app"),
    );

  const context = (command: Command): CommandContext => {
    const flags = command.optsWithGlobals<GlobalFlags>();
    let selection: DatabaseSelection | undefined;
    const selected = () => (selection ??= resolveDatabaseSelection({ secretId: flags.secretId, stackOutputs: flags.stackOutputs, database: flags.database }));
    return {
      io,
      deps,
      aws: deps.createClients(resolveAwsOptions(flags, io.env)),
      output: flags.output,
      secretId: () => selected().secretId,
      endpoints: () => selected().endpoints,
    };
  };

  program
    .command("status")
    .description("show the secret's versions and stages, the rotation schedule and function, the last and next rotation, and a stuck rotation")
    .addHelpText("after", example("rotated-rds status --secret-id prod/app-db"))
    .action(async (_opts: unknown, command: Command) => {
      const { statusCommand } = await import("./commands/status");
      exitCode = await statusCommand(context(command));
    });

  program
    .command("rotate")
    .description("start a rotation; with --wait, follow it until AWSCURRENT moves, it fails, or the timeout passes")
    .option("--wait", "follow the rotation to its end")
    .option("--timeout <seconds>", "how long --wait follows it", "600")
    .addHelpText("after", example("rotated-rds rotate --wait --secret-id prod/app-db"))
    .action(async (opts: { wait?: boolean; timeout?: string }, command: Command) => {
      const { rotateCommand } = await import("./commands/rotate");
      exitCode = await rotateCommand(context(command), opts);
    });

  targetOptions(
    program
      .command("url")
      .description("print a connection URL (postgresql://…?sslmode=verify-full, mysql://…); the password is redacted")
      .option("--show-password", "put the password in the URL (a warning goes to stderr)")
      .option("--ca-bundle <file>", CA_BUNDLE_HELP),
  )
    .addHelpText(
      "after",
      example("rotated-rds url --secret-id prod/app-db", "psql \"$(rotated-rds url --secret-id prod/app-db --show-password)\"", "rotated-rds url --stack-outputs outputs.json --database orders --via direct --reader"),
    )
    .action(async (opts: { showPassword?: boolean; caBundle?: string } & TargetOpts, command: Command) => {
      const { urlCommand } = await import("./commands/url");
      exitCode = await urlCommand(context(command), opts);
    });

  targetOptions(
    program
      .command("env")
      .description("print client environment variables (PGHOST, PGPORT, PGUSER, PGDATABASE, PGSSLMODE, or the MySQL equivalents); no password unless asked")
      .option("--show-password", "include the password (PGPASSWORD / MYSQL_PWD; a warning goes to stderr)")
      .addOption(new Option("--format <format>", "shell export lines, a dotenv file, or JSON (default: shell; json with --output json)").choices(["shell", "dotenv", "json"]))
      .option("--ca-bundle <file>", CA_BUNDLE_HELP),
  )
    .addHelpText("after", example('eval "$(rotated-rds env --secret-id prod/app-db)" && psql', "rotated-rds env --secret-id prod/app-db --format dotenv > .env.db"))
    .action(async (opts: { showPassword?: boolean; format?: string; caBundle?: string } & TargetOpts, command: Command) => {
      const { envCommand } = await import("./commands/env");
      exitCode = await envCommand(context(command), opts);
    });

  targetOptions(
    program
      .command("connect")
      .description("run psql, or mysql/mariadb, logged in through the secret: the password goes in a temporary 0600 file, never on the command line or in the environment; TLS with the certificate verified")
      .argument("[client-args...]", "arguments for the client, after --")
      .option("--ca-bundle <file>", CA_BUNDLE_HELP),
  )
    .addHelpText("after", example("rotated-rds connect --secret-id prod/app-db", 'rotated-rds connect --secret-id prod/app-db -- -c "select now()"', "rotated-rds connect --stack-outputs outputs.json --database orders --reader"))
    .action(async (clientArgs: string[], opts: { caBundle?: string } & TargetOpts, command: Command) => {
      const { connectCommand } = await import("./commands/connect");
      exitCode = await connectCommand(context(command), opts, clientArgs);
    });

  program
    .command("doctor")
    .description("diagnose, read-only, why rotation fails or would fail: secret shape, rotation, function, permission, VPC endpoint or NAT, security groups, stuck AWSPENDING, schedule, logs")
    .addHelpText("after", example("rotated-rds doctor --secret-id prod/app-db", "rotated-rds doctor --secret-id prod/app-db --output json"))
    .action(async (_opts: unknown, command: Command) => {
      const { doctorCommand } = await import("./commands/doctor");
      exitCode = await doctorCommand(context(command));
    });

  return { program, exitCode: () => exitCode };
}
