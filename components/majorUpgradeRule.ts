// A major engine upgrade changes the parameter-group family, so the group is replaced: the new one is
// created, the instance (or the cluster, with its cluster and instance parameter groups) moves to it,
// and the old one is deleted at the end of the same `pulumi up`. If the change waits for the
// maintenance window, the old group is still in use when Pulumi deletes it, and the deployment fails
// after the upgrade was scheduled. Refused up front, for both components.

/** Why the upgrade settings cannot work together; undefined when they can. `subject` is what moves to the new group. */
export function majorUpgradeError(
  p: { allowMajorVersionUpgrade: boolean; applyImmediately: boolean },
  subject: "instance" | "cluster" = "instance",
): string | undefined {
  if (!p.allowMajorVersionUpgrade || p.applyImmediately) return undefined;
  const groups = subject === "instance" ? "the parameter group" : "the cluster and instance parameter groups";
  const old = subject === "instance" ? "the old group" : "the old groups";
  return `allowMajorVersionUpgrade needs applyImmediately: true (a major upgrade replaces ${groups}, ` +
    `and ${old} can be deleted only once the ${subject} has moved off ${subject === "instance" ? "it" : "them"}, which would otherwise wait for the maintenance window); ` +
    "got allowMajorVersionUpgrade true, applyImmediately false";
}
