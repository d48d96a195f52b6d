// RotatedDatabase: an RDS instance whose credentials live only in Secrets Manager and rotate on their
// own, correct on the first `pulumi up`. The class only wires: its arguments are resolved once
// (defaults and validation, validate.ts), rules, policies and names live in pure sibling modules, and
// the resources are created by the create* functions.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createAlerts } from "./alertResources";
import { EcsEnvironmentEntry, ReadGrants, applicationPolicyOutput, ecsEnvironmentOutput, ecsSecretsOutput } from "./componentOutputs";
import { createCredentials } from "./credentialResources";
import { ConnectGrants, proxyOutputs } from "./proxyOutputs";
import { createDatabaseProxy } from "./proxyResources";
import { STACK_TAG, STRATEGY_TAG, createDatabase } from "./databaseResources";
import type { ResolvedDatabaseArgs } from "./defaults";
import { createGeneratedPassword } from "./generatedPassword";
import { instanceReplacementKey } from "./naming";
import { createDatabaseNetwork, ownEndpointConflict } from "./networkResources";
import { createRotationRole, instanceSecretDatabase } from "./rotationResources";
import { checkStrategyUnchanged } from "./strategyChange";
import type { DatabaseEngine, EcsSecretEntry, RotatedDatabaseArgs, RotationStrategy } from "./types";
import { resolveRotatedDatabaseArgs } from "./validate";

export type { EcsEnvironmentEntry };

/** The type token. */
export const ROTATED_DATABASE_TYPE = "rotated-rds:index:RotatedDatabase";

/** Tag put on every taggable child, naming the component that owns it. */
export const DATABASE_TAG = "rotated-rds:database";

/** An RDS database with a rotating secret, alerts on rotation failure, and nothing open to the world. */
export class RotatedDatabase extends pulumi.ComponentResource {
  /** The instance's DNS address. */
  readonly address: pulumi.Output<string>;
  /** The database port. */
  readonly port: pulumi.Output<number>;
  /** The RDS engine string (`postgres`, `mysql`, `mariadb`). */
  readonly engine: pulumi.Output<DatabaseEngine>;
  /**
   * The rotation strategy, once RDS was found to hold no instance of this database deployed with
   * another one (strategyChange.ts); a changed strategy fails the deployment here instead.
   */
  readonly rotationStrategy: pulumi.Output<RotationStrategy>;
  /**
   * The secret applications read (design.md section 3 JSON). For `managed` it is the RDS-managed
   * master secret, which holds only `username` and `password`.
   */
  readonly secretArn: pulumi.Output<string>;
  /** The RDS-managed master secret the rotation function logs in with (alternating-users); undefined otherwise. */
  readonly masterSecretArn: pulumi.Output<string> | undefined;
  /** The database's security group. */
  readonly securityGroupId: pulumi.Output<string>;
  /** Attach this group to an application to let it connect. */
  readonly clientSecurityGroupId: pulumi.Output<string>;
  /** The rotation Lambda; undefined for `managed`. */
  readonly rotationFunctionArn: pulumi.Output<string> | undefined;
  /** The topic rotation failures are sent to. */
  readonly alertTopicArn: pulumi.Output<string>;
  /**
   * `containerDefinitions[].secrets` entries: DB_HOST, DB_PORT, DB_USERNAME, DB_PASSWORD, DB_NAME
   * (managed: the last three come from `ecsEnvironment` or are absent). With a proxy DB_HOST is left
   * out: `ecsEnvironment` gives the proxy's endpoint instead of the secret's host.
   */
  readonly ecsSecrets: pulumi.Output<EcsSecretEntry[]>;
  /** `containerDefinitions[].environment` entries for DB_HOST (the proxy's endpoint with a proxy), DB_PORT and DB_NAME (plain values). */
  readonly ecsEnvironment: pulumi.Output<EcsEnvironmentEntry[]>;
  /** The RDS Proxy's endpoint, the host applications connect to when there is a proxy; undefined without `proxy`. */
  readonly proxyEndpoint: pulumi.Output<string> | undefined;
  /** The RDS Proxy's ARN; undefined without `proxy`. */
  readonly proxyArn: pulumi.Output<string> | undefined;
  /** The RDS Proxy's own security group (the client group reaches it, it reaches the database); undefined without `proxy`. */
  readonly proxySecurityGroupId: pulumi.Output<string> | undefined;
  /**
   * IAM policy document (JSON) for the roles of applications that log in to the proxy with IAM:
   * `rds-db:connect` as the secret's user on this proxy only. Attach it with
   * {@link RotatedDatabase.grantConnect}. Undefined without `proxy.iamAuth: true`.
   */
  readonly proxyConnectPolicyDocument: pulumi.Output<string> | undefined;
  /**
   * IAM policy document (JSON) for the roles of applications that read the secret: GetSecretValue and
   * DescribeSecret on `secretArn` only, and, with `kmsKeyArn`, kms:Decrypt on that key only through
   * Secrets Manager in this region. Attach it with {@link RotatedDatabase.grantRead}, or to a role in another stack.
   */
  readonly applicationPolicyDocument: pulumi.Output<string>;

  private readonly componentName: string;
  private readonly readGrants: ReadGrants;
  private readonly connectGrants: ConnectGrants;

  constructor(name: string, args: RotatedDatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
    super(ROTATED_DATABASE_TYPE, name, {}, opts);
    this.componentName = name;
    const resolved = resolveRotatedDatabaseArgs(args);
    if (!resolved.ok) throw new pulumi.ResourceError(`RotatedDatabase "${name}": ${resolved.errors.join("; ")}`, this);
    const r = resolved.value;
    // Depends on the endpoints declared before this one in the program, so it is not part of the pure resolution.
    const conflict = ownEndpointConflict(name, r);
    if (conflict) throw new pulumi.ResourceError(`RotatedDatabase "${name}": ${conflict}`, this);
    const tags = { ...r.tags, [DATABASE_TAG]: name };
    const parent = this;
    const strategy = r.rotation.strategy;
    const accountId = aws.getCallerIdentityOutput({}, { parent }).accountId;
    const region = aws.getRegionOutput({}, { parent }).region;

    const rotationRole = strategy === "managed" ? undefined : createRotationRole(name, { parent, tags, accountId });
    const network = createDatabaseNetwork(name, r, tags, parent, rotationRole && [rotationRole.vpcPolicy]);
    const masterPassword = strategy === "single-user" ? this.randomPassword(r) : undefined;
    const stackTag = `${pulumi.getProject()}/${pulumi.getStack()}`;
    const strategyChecked = checkStrategyUnchanged(name, strategy, { database: [DATABASE_TAG, name], stack: [STACK_TAG, stackTag], strategyKey: STRATEGY_TAG }, parent);
    const db = createDatabase(name, r, {
      securityGroupId: network.databaseSecurityGroup.id, masterPassword, tags, parent,
      dependsOn: strategyChecked.apply(() => []),
      instanceTags: { [STRATEGY_TAG]: strategy, [STACK_TAG]: stackTag },
    });
    const managedSecretArn = strategy === "single-user"
      ? undefined
      : db.instance.masterUserSecrets.apply((s) => s[0].secretArn);
    const credentials = createCredentials(name, r, {
      parent, tags, accountId, region, network, rotationRole,
      database: instanceSecretDatabase(db.instance), loginTargets: [db.instance],
      managedSecretArn, masterPassword, newPassword: () => this.randomPassword(r),
    });
    const { secretArn, functionArn, functionName } = credentials;
    const alerts = createAlerts(name, r, { secretArn, functionName, accountId, tags, parent });
    // alternating-users was refused with a proxy (proxyValidation.ts): the secret's user is the master user.
    const proxy = r.proxy && createDatabaseProxy(name, r, {
      parent, tags, secretArn, username: r.masterUsername,
      target: { dbInstanceIdentifier: db.instance.identifier },
      databaseSecurityGroupId: network.databaseSecurityGroup.id, clientSecurityGroupId: network.clientSecurityGroup.id,
      accountId, region,
      // The target is registered once the proxy can log in: with the secret's first value written.
      dependsOn: credentials.initialVersion ? [credentials.initialVersion] : [],
    });
    const proxied = proxyOutputs(proxy);

    this.address = db.instance.address;
    this.port = db.instance.port;
    this.engine = pulumi.output(r.engine);
    this.rotationStrategy = strategyChecked;
    this.secretArn = secretArn;
    this.masterSecretArn = strategy === "alternating-users" ? managedSecretArn : undefined;
    this.securityGroupId = network.databaseSecurityGroup.id;
    this.clientSecurityGroupId = network.clientSecurityGroup.id;
    this.rotationFunctionArn = functionArn;
    this.alertTopicArn = alerts.topicArn;
    this.ecsSecrets = ecsSecretsOutput(secretArn, strategy, proxy !== undefined);
    this.ecsEnvironment = ecsEnvironmentOutput(proxy?.endpoint ?? db.instance.address, db.instance.port, r.dbName);
    this.applicationPolicyDocument = applicationPolicyOutput(secretArn, r.kmsKeyArn, region);
    this.proxyEndpoint = proxied.proxyEndpoint;
    this.proxyArn = proxied.proxyArn;
    this.proxySecurityGroupId = proxied.proxySecurityGroupId;
    this.proxyConnectPolicyDocument = proxied.proxyConnectPolicyDocument;
    this.readGrants = new ReadGrants(this, name, `RotatedDatabase "${name}"`, this.applicationPolicyDocument);
    this.connectGrants = new ConnectGrants(this, name, `RotatedDatabase "${name}"`, r.proxy, this.proxyConnectPolicyDocument);
    this.registerOutputs({
      address: this.address, port: this.port, engine: this.engine, rotationStrategy: this.rotationStrategy, secretArn: this.secretArn,
      masterSecretArn: this.masterSecretArn, securityGroupId: this.securityGroupId,
      clientSecurityGroupId: this.clientSecurityGroupId, rotationFunctionArn: this.rotationFunctionArn,
      alertTopicArn: this.alertTopicArn, ecsSecrets: this.ecsSecrets, ecsEnvironment: this.ecsEnvironment,
      applicationPolicyDocument: this.applicationPolicyDocument,
      ...proxied,
    });
  }

  /**
   * Lets `role` read the secret, as CDK's `grantRead` does: attaches {@link RotatedDatabase.applicationPolicyDocument}
   * to it as an inline aws.iam.RolePolicy parented to this database (it goes away with the database).
   * The policy is named `<database>-read-<role's resource name>`, or `<database>-read-<opts.name>`.
   * Granting the same role (or name) twice is refused.
   */
  grantRead(role: aws.iam.Role, opts?: { name?: string }): aws.iam.RolePolicy {
    return this.readGrants.grant(role, opts);
  }

  /**
   * Lets `role` log in to the proxy with IAM (`proxy.iamAuth: true`): attaches
   * {@link RotatedDatabase.proxyConnectPolicyDocument} to it as an inline aws.iam.RolePolicy parented
   * to this database, named `<database>-connect-<role's resource name>` or `<database>-connect-<opts.name>`.
   * Refused without a proxy or without `iamAuth` (the role would need the password, so grantRead),
   * and for the same role (or name) twice.
   */
  grantConnect(role: aws.iam.Role, opts?: { name?: string }): aws.iam.RolePolicy {
    return this.connectGrants.grant(role, opts);
  }

  /**
   * The password the instance (single-user) or the application user's first secret value
   * (alternating-users) starts with: drawn once and kept in Pulumi state (generatedPassword.ts), new
   * only with the instance's ForceNew inputs or the password rules, so it follows the instance.
   */
  private randomPassword(r: ResolvedDatabaseArgs): pulumi.Output<string> {
    const rules = { passwordLength: r.rotation.passwordLength, excludeCharacters: r.rotation.excludeCharacters };
    const replacementKey = pulumi.output(r.kmsKeyArn).apply((kmsKeyArn) =>
      instanceReplacementKey({ engine: r.engine, dbName: r.dbName, username: r.masterUsername, kmsKeyArn }));
    return createGeneratedPassword(this.componentName, replacementKey, rules, this);
  }
}
