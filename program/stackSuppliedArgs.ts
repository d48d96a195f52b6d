// What the entry program gives every component the same way, instance or cluster: the stack's network,
// its way to Secrets Manager, the stack's tags under the database's own, and the stack-wide alert
// e-mail unless the database names its own e-mail or topic. Pure, so tests can check it without mocks.
import type { DatabaseConfig, StackConfig } from "../config";
import type { AlertArgs, SecretsManagerAccess } from "../components/types";
import type { StackNetwork } from "./network";

/** The arguments the program supplies (or derives from stack keys) rather than reading per database. */
export interface StackSuppliedArgs {
  vpcId: StackNetwork["vpcId"];
  subnetIds: StackNetwork["subnetIds"];
  tags: Record<string, string>;
  secretsManagerAccess?: SecretsManagerAccess;
  alerts?: AlertArgs;
}

export function stackSuppliedArgs(
  db: Pick<DatabaseConfig, "alerts" | "tags">,
  stack: Pick<StackConfig, "tags" | "alertEmail">,
  network: StackNetwork,
  secretsManagerAccess: SecretsManagerAccess | undefined,
): StackSuppliedArgs {
  const args: StackSuppliedArgs = {
    vpcId: network.vpcId,
    subnetIds: network.subnetIds,
    tags: { ...stack.tags, ...(db.tags ?? {}) },
  };
  if (secretsManagerAccess) args.secretsManagerAccess = secretsManagerAccess;
  if (db.alerts?.topicArn) args.alerts = { topicArn: db.alerts.topicArn };
  else if (db.alerts?.email ?? stack.alertEmail) args.alerts = { email: db.alerts?.email ?? stack.alertEmail };
  return args;
}
