// The outputs and the read grant RotatedDatabase and RotatedCluster give with the same meaning: the
// ECS `secrets` and `environment` entries, the application policy document, and grantRead's inline
// policy. One definition, so the two components cannot drift apart.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { buildApplicationPolicy, readGrantName } from "./applicationPolicy";
import { MANAGED_SECRET_KEYS, ecsSecretEntries } from "./secretJson";
import type { EcsSecretEntry, RotationStrategy } from "./types";

/** Plain (non-secret) ECS environment entries, for values the secret does not hold. */
export interface EcsEnvironmentEntry {
  /** Environment variable name in the container, e.g. `DB_HOST`. */
  name: string;
  /** Its value. */
  value: string;
}

/**
 * `containerDefinitions[].secrets` entries for the secret: every key of the section 3 JSON, or for
 * `managed` the two the RDS-managed secret holds. `withoutHost` leaves DB_HOST out, for a database
 * whose clients connect to something else than the secret's host (a proxy, through `ecsEnvironment`).
 */
export function ecsSecretsOutput(secretArn: pulumi.Output<string>, strategy: RotationStrategy, withoutHost = false): pulumi.Output<EcsSecretEntry[]> {
  return secretArn.apply((arn) => {
    const entries = ecsSecretEntries(arn, strategy === "managed" ? MANAGED_SECRET_KEYS : undefined);
    return withoutHost ? entries.filter((e) => e.name !== "DB_HOST") : entries;
  });
}

/** `containerDefinitions[].environment` entries: DB_HOST (the address clients connect to), DB_PORT and DB_NAME. */
export function ecsEnvironmentOutput(host: pulumi.Output<string>, port: pulumi.Output<number>, dbName: string): pulumi.Output<EcsEnvironmentEntry[]> {
  return pulumi.all([host, port]).apply(([h, p]) => [
    { name: "DB_HOST", value: h },
    { name: "DB_PORT", value: String(p) },
    { name: "DB_NAME", value: dbName },
  ]);
}

/** The application policy document (JSON) for `secretArn`, with kms:Decrypt on `kmsKeyArn` when given. */
export function applicationPolicyOutput(
  secretArn: pulumi.Output<string>,
  kmsKeyArn: pulumi.Input<string> | undefined,
  region: pulumi.Output<string>,
): pulumi.Output<string> {
  return pulumi.all([secretArn, kmsKeyArn, region]).apply(([arn, key, reg]) =>
    JSON.stringify(buildApplicationPolicy({ secretArn: arn, kmsKeyArn: key, region: reg })));
}

/** The resource name a Pulumi resource was declared with (the SDK keeps it on the instance, unexported). */
export function resourceName(resource: pulumi.Resource): string | undefined {
  const name = (resource as unknown as { __name?: unknown }).__name;
  return typeof name === "string" ? name : undefined;
}

/**
 * The read grants of one component: each attaches the application policy to a role as an inline
 * aws.iam.RolePolicy named `<component>-read-<role's resource name>` (or `<component>-read-<opts.name>`),
 * parented to the component, and refuses a second grant of the same name.
 */
export class ReadGrants {
  private readonly granted = new Set<string>();

  /** `label` names the component in messages: `RotatedDatabase "app"`. */
  constructor(
    private readonly component: pulumi.ComponentResource,
    private readonly componentName: string,
    private readonly label: string,
    private readonly policyDocument: pulumi.Output<string>,
  ) {}

  grant(role: aws.iam.Role, opts?: { name?: string }): aws.iam.RolePolicy {
    const roleName = opts?.name ?? resourceName(role);
    if (roleName === undefined || roleName === "") {
      throw new pulumi.ResourceError(`${this.label}: grantRead cannot name the policy for this role; pass opts.name`, this.component);
    }
    const name = readGrantName(this.componentName, roleName);
    if (this.granted.has(name)) {
      throw new pulumi.ResourceError(`${this.label}: grantRead already attached ${name}; a role needs one grant per database`, this.component);
    }
    this.granted.add(name);
    return new aws.iam.RolePolicy(name, { role: role.id, policy: this.policyDocument }, { parent: this.component });
  }
}
