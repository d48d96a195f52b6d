// Which secret version a connect should try: pure decisions over version ids, kept apart from the
// Secrets Manager calls so they are tested without a server.

/** The versions DescribeSecret labels AWSCURRENT and AWSPENDING (pending only when it is another version). */
export interface LabelledVersions {
  current?: string;
  pending?: string;
}

/** Reads AWSCURRENT and AWSPENDING from DescribeSecret's VersionIdsToStages. */
export function labelledVersions(versionIdsToStages: Record<string, readonly string[] | undefined> | undefined): LabelledVersions {
  const out: { current?: string; pending?: string } = {};
  for (const [id, stages] of Object.entries(versionIdsToStages ?? {})) {
    if (stages?.includes("AWSCURRENT")) out.current = id;
  }
  for (const [id, stages] of Object.entries(versionIdsToStages ?? {})) {
    // A finished rotation can leave AWSPENDING on the current version for a moment: nothing to fall back to.
    if (stages?.includes("AWSPENDING") && id !== out.current) out.pending = id;
  }
  return out;
}

/** The version to try next, and whether it is the AWSPENDING fallback. */
export interface NextVersion {
  versionId: string;
  pendingFallback: boolean;
}

/**
 * After the database refused version `refused` and a refresh saw `labels`: a new AWSCURRENT if
 * there is one; otherwise, when AWSCURRENT itself was refused, AWSPENDING (during a single-user
 * rotation, between setSecret and finishSecret, that is the password the database already has);
 * otherwise nothing new, and the caller backs off. A refused pending version leads back to AWSCURRENT.
 */
export function nextVersionAfterRefusal(refused: string, labels: LabelledVersions, awsPendingFallback: boolean): NextVersion | undefined {
  if (labels.current !== undefined && labels.current !== refused) return { versionId: labels.current, pendingFallback: false };
  if (awsPendingFallback && labels.pending !== undefined && labels.pending !== refused) return { versionId: labels.pending, pendingFallback: true };
  return undefined;
}
