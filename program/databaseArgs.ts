// Turns one validated `databases` entry into RotatedDatabase arguments: the stack's network, the shared
// endpoint, tags merged and the stack-wide alert e-mail applied. Pure, so tests can check the mapping
// without mocks; unset settings stay unset and the component's defaults apply.
import type { DatabaseConfig, StackConfig } from "../config";
import type { RotatedDatabaseArgs, SecretsManagerAccess } from "../components/types";
import type { StackNetwork } from "./network";

export function databaseArgs(
  db: DatabaseConfig,
  stack: Pick<StackConfig, "tags" | "alertEmail">,
  network: StackNetwork,
  secretsManagerAccess: SecretsManagerAccess | undefined,
): RotatedDatabaseArgs {
  const { name: _name, alerts, tags, ...settings } = db;
  const args: RotatedDatabaseArgs = {
    ...settings,
    vpcId: network.vpcId,
    subnetIds: network.subnetIds,
    tags: { ...stack.tags, ...(tags ?? {}) },
  };
  if (secretsManagerAccess) args.secretsManagerAccess = secretsManagerAccess;
  if (alerts?.topicArn) args.alerts = { topicArn: alerts.topicArn };
  else if (alerts?.email ?? stack.alertEmail) args.alerts = { email: alerts?.email ?? stack.alertEmail };
  return args;
}

/** True when the database's rotation function needs the Secrets Manager endpoint (every strategy but managed). */
export function needsEndpoint(db: DatabaseConfig): boolean {
  return db.rotation?.strategy !== "managed";
}
