// The engine version a RotatedCluster asks for: the one in its arguments, or the version the cluster
// already runs when RDS moved it past that within the same family (an automatic minor upgrade in a
// maintenance window). The AWS provider reads a cluster's engine_version back as the running version
// unless the configured one is a prefix of it ("17" against "17.7"), so after an automatic upgrade from
// "17.4" to "17.7" a refreshed state differs from the program's "17.4", and the provider's update asks
// RDS for a downgrade, which RDS refuses ("Cannot upgrade aurora-postgresql from 17.7 to 17.4"; AWS
// provider issues #48936/#48938, suppressed only by providers with terraform-provider-aws#49396). Asking
// for the running version instead makes no diff on any provider. An upgrade (a newer version, or
// another family: a major upgrade) is asked for as written.
import { ENGINE_FACTS, compareVersions } from "./engines";
import type { ClusterEngine } from "./types";

/**
 * `configured`, or `running` when it is newer within the same parameter-group family. A running
 * version the engine's syntax does not describe is ignored.
 */
export function engineVersionFloor(engine: ClusterEngine, configured: string, running: string | undefined): string {
  const facts = ENGINE_FACTS[engine];
  if (running === undefined || running === "" || !facts.versionPattern.test(running)) return configured;
  if (facts.family(running) !== facts.family(configured)) return configured;
  const newer = compareVersions(facts.versionNumbers(running), facts.versionNumbers(configured)) > 0;
  // A configured major alone ("17") already matches any minor of it: the provider keeps it, so keep it too.
  const prefix = running.startsWith(`${configured}.`);
  return newer && !prefix ? running : configured;
}
