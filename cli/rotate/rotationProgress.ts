// Where a rotation stands, read from the version stages (and whether the pending version holds a
// value yet): the only view of a rotation's steps that Secrets Manager gives a caller. Pure.

export type RotationPhase = "started" | "created" | "finished" | "failed";

export interface RotationObservation {
  /** DescribeSecret's VersionIdsToStages. */
  stages: Record<string, string[]>;
  /** Whether the new version holds a value (createSecret ran); undefined when it could not be read. */
  pendingHasValue?: boolean;
}

export interface RotationProgress {
  phase: RotationPhase;
  message: string;
}

/** The phase of the rotation whose token is `versionId`; `previous` was AWSCURRENT when it started. */
export function rotationProgress(observation: RotationObservation, versionId: string, previous: string | undefined): RotationProgress {
  const stagesOf = (id: string) => observation.stages[id] ?? [];
  if (stagesOf(versionId).includes("AWSCURRENT")) {
    return { phase: "finished", message: `Rotation finished: AWSCURRENT is version ${versionId}${previous ? ` (was ${previous})` : ""}` };
  }
  const current = Object.keys(observation.stages).find((id) => stagesOf(id).includes("AWSCURRENT"));
  if (current && current !== previous) {
    return { phase: "failed", message: `AWSCURRENT moved to version ${current}, not to ${versionId}: another rotation or a manual change overtook this one` };
  }
  if (!stagesOf(versionId).includes("AWSPENDING")) {
    const elsewhere = Object.keys(observation.stages).find((id) => stagesOf(id).includes("AWSPENDING"));
    return {
      phase: "failed",
      message: elsewhere
        ? `AWSPENDING moved from version ${versionId} to ${elsewhere} before this rotation finished`
        : `AWSPENDING was removed from version ${versionId} without it becoming AWSCURRENT: the rotation function gave up on it`,
    };
  }
  if (observation.pendingHasValue) {
    return { phase: "created", message: `createSecret done: version ${versionId} holds the new password; waiting for setSecret, testSecret, finishSecret` };
  }
  return { phase: "started", message: `Rotation started: version ${versionId} is AWSPENDING; waiting for createSecret` };
}
