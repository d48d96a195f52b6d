// Every doctor check, in the order a reader follows the rotation: the secret, its configuration, the
// function, its network path, the proxy in front of the database (when there is one), then the history.
import { checkManagedMaster } from "./checks/clusterChecks";
import { checkFunctionLogs } from "./checks/logChecks";
import { checkProxy, checkProxyNetwork, checkProxyTargets } from "./checks/proxyChecks";
import { checkDatabaseReachable, checkDatabaseSecurityGroups, checkEndpointSecurityGroups, checkFunctionNetwork } from "./checks/networkChecks";
import { checkFunction, checkFunctionTls, checkInvokePermission } from "./checks/functionChecks";
import { checkLastRotation, checkPending, checkRotationEnabled } from "./checks/rotationChecks";
import { checkEngineAndHost, checkMasterSecret, checkSecretExists, checkSecretJson } from "./checks/secretChecks";
import type { CheckResult, DoctorSnapshot } from "./snapshot";

/** A check returns undefined when it does not apply (the master secret of a single-user secret). */
export const CHECKS: readonly ((s: DoctorSnapshot) => CheckResult | undefined)[] = [
  checkSecretJson,
  checkEngineAndHost,
  checkMasterSecret,
  checkManagedMaster,
  checkRotationEnabled,
  checkFunction,
  checkFunctionTls,
  checkInvokePermission,
  checkFunctionNetwork,
  checkEndpointSecurityGroups,
  checkDatabaseSecurityGroups,
  checkDatabaseReachable,
  checkProxy,
  checkProxyTargets,
  checkProxyNetwork,
  checkPending,
  checkLastRotation,
  checkFunctionLogs,
];

/** All checks over one snapshot. A secret that cannot be described stops the list after its own check. */
export function runChecks(snapshot: DoctorSnapshot): CheckResult[] {
  const first = checkSecretExists(snapshot);
  if (first.status === "failure") return [first];
  return [first, ...CHECKS.map((check) => check(snapshot)).filter((r): r is CheckResult => r !== undefined)];
}

export function hasFailure(results: CheckResult[]): boolean {
  return results.some((r) => r.status === "failure");
}
