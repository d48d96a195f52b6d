// Rotation as a plan declares it, per database or cluster: the strategy, the schedule and window on
// the SecretRotation, the secret it rotates and the function that does it. The strategy is read from
// what was declared, not from config: `managed` sets manageMasterUserPassword on the instance or the
// Aurora cluster, alternating-users stores the master secret's ARN (`masterarn`) in the rotated
// secret's JSON, and single-user has a rotation function without one.
import { RecordedResource, unwrapSecrets } from "./recorder";
import { ResourceIndex } from "./resourceIndex";

export const SECRET_ROTATION = "aws:secretsmanager/secretRotation:SecretRotation";
/** The resources that take manageMasterUserPassword: an RDS instance and an Aurora cluster. */
const MASTER_PASSWORD_HOLDERS = ["aws:rds/instance:Instance", "aws:rds/cluster:Cluster"];
const SECRET_VERSION = "aws:secretsmanager/secretVersion:SecretVersion";
const FUNCTION = "aws:lambda/function:Function";

export interface RotationSummary {
  /** The RotatedDatabase or RotatedCluster component (or the SecretRotation itself outside one). */
  owner: RecordedResource;
  strategy: "single-user" | "alternating-users" | "managed" | "unknown";
  rotation: RecordedResource;
  secret: string;
  functionArn?: string;
  schedule?: string;
  automaticallyAfterDays?: number;
  duration?: string;
  rotateImmediately?: boolean;
}

function inputsOf(r: RecordedResource): Record<string, unknown> {
  return unwrapSecrets(r.inputs) as Record<string, unknown>;
}

/** Which strategy the resources under `owner` implement. */
export function inferStrategy(index: ResourceIndex, owner: RecordedResource): RotationSummary["strategy"] {
  const family = [owner, ...index.descendants(owner)];
  // alternating-users also lets RDS manage the master secret, so `masterarn` is checked first.
  const hasMasterArn = family.filter((r) => r.type === SECRET_VERSION).some((v) => {
    const text = inputsOf(v).secretString ?? inputsOf(v).secretStringWo;
    if (typeof text !== "string") return false;
    try {
      return typeof (JSON.parse(text) as Record<string, unknown>).masterarn === "string";
    } catch {
      return false;
    }
  });
  if (hasMasterArn) return "alternating-users";
  const hasFunction = family.some((r) => r.type === FUNCTION);
  if (!hasFunction && family.some((r) => MASTER_PASSWORD_HOLDERS.includes(r.type) && inputsOf(r).manageMasterUserPassword === true)) return "managed";
  return hasFunction ? "single-user" : "unknown";
}

export function collectRotations(index: ResourceIndex): RotationSummary[] {
  return index.ofType(SECRET_ROTATION).map((rotation) => {
    const owner = index.componentOf(rotation) ?? rotation;
    const i = inputsOf(rotation);
    const rules = (i.rotationRules ?? {}) as Record<string, unknown>;
    return {
      owner,
      strategy: owner === rotation ? "unknown" : inferStrategy(index, owner),
      rotation,
      secret: String(i.secretId ?? "?"),
      functionArn: typeof i.rotationLambdaArn === "string" ? i.rotationLambdaArn : undefined,
      schedule: typeof rules.scheduleExpression === "string" ? rules.scheduleExpression : undefined,
      automaticallyAfterDays: typeof rules.automaticallyAfterDays === "number" ? rules.automaticallyAfterDays : undefined,
      duration: typeof rules.duration === "string" ? rules.duration : undefined,
      rotateImmediately: typeof i.rotateImmediately === "boolean" ? i.rotateImmediately : undefined,
    };
  });
}
