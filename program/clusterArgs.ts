// Turns one validated cluster entry of `databases` into RotatedCluster arguments: the cluster-only
// settings from its `cluster:` mapping, the shared settings from the entry's top level, plus what the
// program supplies (stackSuppliedArgs.ts), exactly as for an instance. Pure, so tests can check the
// mapping without mocks; unset settings stay unset and the component's defaults apply.
import type { ClusterDatabaseConfig, StackConfig } from "../config";
import type { RotatedClusterArgs, SecretsManagerAccess } from "../components/types";
import type { StackNetwork } from "./network";
import { stackSuppliedArgs } from "./stackSuppliedArgs";

export function clusterArgs(
  db: ClusterDatabaseConfig,
  stack: Pick<StackConfig, "tags" | "alertEmail">,
  network: StackNetwork,
  secretsManagerAccess: SecretsManagerAccess | undefined,
): RotatedClusterArgs {
  const { name: _name, alerts: _alerts, tags: _tags, cluster, ...settings } = db;
  return { ...settings, ...cluster, ...stackSuppliedArgs(db, stack, network, secretsManagerAccess) };
}
