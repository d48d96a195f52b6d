// A major engine upgrade changes the parameter-group family, so the group is replaced: the new one is
// created, the instance moves to it, and the old one is deleted at the end of the same `pulumi up`.
// If the instance's change waits for the maintenance window, the old group is still in use when
// Pulumi deletes it, and the deployment fails after the upgrade was scheduled. Refused up front.

/** Why the upgrade settings cannot work together; undefined when they can. */
export function majorUpgradeError(p: { allowMajorVersionUpgrade: boolean; applyImmediately: boolean }): string | undefined {
  if (!p.allowMajorVersionUpgrade || p.applyImmediately) return undefined;
  return "allowMajorVersionUpgrade needs applyImmediately: true (a major upgrade replaces the parameter group, " +
    "and the old group can be deleted only once the instance has moved off it, which would otherwise wait for the maintenance window); " +
    "got allowMajorVersionUpgrade true, applyImmediately false";
}
