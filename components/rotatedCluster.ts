// RotatedCluster: an Aurora cluster (a writer and zero or more readers, provisioned or Serverless v2)
// with every guarantee of RotatedDatabase, from the same building blocks: its arguments are resolved
// once (validate.ts), the network, the secret, the rotation function, its schedule and the alerts come
// from the modules RotatedDatabase uses, and only the database half (clusterResources.ts) is its own.
// The class only wires.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createAlerts } from "./alertResources";
import { createCluster } from "./clusterResources";
import { EcsEnvironmentEntry, ReadGrants, applicationPolicyOutput, ecsEnvironmentOutput, ecsSecretsOutput } from "./componentOutputs";
import { createCredentials } from "./credentialResources";
import { STACK_TAG, STRATEGY_TAG } from "./databaseResources";
import type { ResolvedClusterArgs } from "./defaults";
import { deployedClusters, deployedEngineVersion } from "./deployedClusters";
import { createGeneratedPassword } from "./generatedPassword";
import { createDatabaseNetwork, ownEndpointConflict } from "./networkResources";
import { ConnectGrants, proxyOutputs } from "./proxyOutputs";
import { DatabaseProxy, createDatabaseProxy } from "./proxyResources";
import { DATABASE_TAG } from "./rotatedDatabase";
import { SecretDatabase, createRotationRole } from "./rotationResources";
import { checkStrategyUnchanged } from "./strategyChange";
import type { ClusterEngine, EcsSecretEntry, RotatedClusterArgs, RotationStrategy } from "./types";
import { resolveRotatedClusterArgs } from "./validate";

/** The type token. */
export const ROTATED_CLUSTER_TYPE = "rotated-rds:index:RotatedCluster";

/** An Aurora cluster with a rotating secret, alerts on rotation failure, and nothing open to the world. */
export class RotatedCluster extends pulumi.ComponentResource {
  /** The cluster's writer endpoint: the address that follows a failover to the new writer. */
  readonly address: pulumi.Output<string>;
  /** The cluster's reader endpoint (balances over the readers; the writer when there are none). */
  readonly readerEndpoint: pulumi.Output<string>;
  /** The cluster's identifier (the secret's `dbClusterIdentifier`). */
  readonly clusterIdentifier: pulumi.Output<string>;
  /** The database port. */
  readonly port: pulumi.Output<number>;
  /** The RDS engine string (`aurora-postgresql`, `aurora-mysql`). */
  readonly engine: pulumi.Output<ClusterEngine>;
  /**
   * The rotation strategy, once RDS was found to hold no cluster of this component deployed with
   * another one (strategyChange.ts); a changed strategy fails the deployment here instead.
   */
  readonly rotationStrategy: pulumi.Output<RotationStrategy>;
  /**
   * The secret applications read (design.md section 3 JSON, with `dbClusterIdentifier`). For
   * `managed` it is the RDS-managed master secret, which holds only `username` and `password`.
   */
  readonly secretArn: pulumi.Output<string>;
  /** The RDS-managed master secret the rotation function logs in with (alternating-users); undefined otherwise. */
  readonly masterSecretArn: pulumi.Output<string> | undefined;
  /** The cluster's security group. */
  readonly securityGroupId: pulumi.Output<string>;
  /** Attach this group to an application to let it connect (to the cluster, or to the proxy when there is one). */
  readonly clientSecurityGroupId: pulumi.Output<string>;
  /** The rotation Lambda; undefined for `managed`. */
  readonly rotationFunctionArn: pulumi.Output<string> | undefined;
  /** The topic rotation failures are sent to. */
  readonly alertTopicArn: pulumi.Output<string>;
  /**
   * `containerDefinitions[].secrets` entries: DB_HOST, DB_PORT, DB_USERNAME, DB_PASSWORD, DB_NAME
   * (managed: only the last three's user name and password; with a proxy no DB_HOST, which `ecsEnvironment` gives).
   */
  readonly ecsSecrets: pulumi.Output<EcsSecretEntry[]>;
  /** `containerDefinitions[].environment` entries for DB_HOST (the writer endpoint, or the proxy's), DB_PORT and DB_NAME. */
  readonly ecsEnvironment: pulumi.Output<EcsEnvironmentEntry[]>;
  /**
   * IAM policy document (JSON) for the roles of applications that read the secret, as
   * {@link RotatedDatabase.applicationPolicyDocument}. Attach it with {@link RotatedCluster.grantRead}.
   */
  readonly applicationPolicyDocument: pulumi.Output<string>;
  /** The proxy's endpoint; undefined without `proxy`. */
  readonly proxyEndpoint: pulumi.Output<string> | undefined;
  /** The proxy's ARN; undefined without `proxy`. */
  readonly proxyArn: pulumi.Output<string> | undefined;
  /** The proxy's own security group; undefined without `proxy`. */
  readonly proxySecurityGroupId: pulumi.Output<string> | undefined;
  /** `rds-db:connect` on the proxy for application roles; undefined without `proxy.iamAuth`. */
  readonly proxyConnectPolicyDocument: pulumi.Output<string> | undefined;
  /**
   * The proxy's read-only endpoint, balanced over the readers (the proxy's default endpoint reaches
   * only the writer); undefined without `proxy` or without readers.
   */
  readonly proxyReaderEndpoint: pulumi.Output<string> | undefined;

  private readonly componentName: string;
  private readonly readGrants: ReadGrants;
  private readonly connectGrants: ConnectGrants;

  constructor(name: string, args: RotatedClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super(ROTATED_CLUSTER_TYPE, name, {}, opts);
    this.componentName = name;
    const label = `RotatedCluster "${name}"`;
    const resolved = resolveRotatedClusterArgs(args);
    if (!resolved.ok) throw new pulumi.ResourceError(`${label}: ${resolved.errors.join("; ")}`, this);
    const r = resolved.value;
    // Depends on the endpoints declared before this one in the program, so it is not part of the pure resolution.
    const conflict = ownEndpointConflict(name, r);
    if (conflict) throw new pulumi.ResourceError(`${label}: ${conflict}`, this);
    const tags = { ...r.tags, [DATABASE_TAG]: name };
    const parent = this;
    const strategy = r.rotation.strategy;
    const accountId = aws.getCallerIdentityOutput({}, { parent }).accountId;
    const region = aws.getRegionOutput({}, { parent }).region;

    const rotationRole = strategy === "managed" ? undefined : createRotationRole(name, { parent, tags, accountId });
    const network = createDatabaseNetwork(name, r, tags, parent, rotationRole && [rotationRole.vpcPolicy]);
    const stackTag = `${pulumi.getProject()}/${pulumi.getStack()}`;
    // One lookup of this stack's cluster of this component serves the strategy check and the running version.
    const deployed = deployedClusters([{ key: DATABASE_TAG, values: [name] }, { key: STACK_TAG, values: [stackTag] }], parent);
    const strategyChecked = checkStrategyUnchanged(name, strategy, { database: [DATABASE_TAG, name], stack: [STACK_TAG, stackTag], strategyKey: STRATEGY_TAG }, parent, deployed);
    const running = deployedEngineVersion(deployed, parent);
    const db = createCluster(name, r, {
      securityGroupId: network.databaseSecurityGroup.id, tags, parent,
      masterPassword: strategy === "single-user" ? (key) => this.randomPassword(r, key) : undefined,
      dependsOn: strategyChecked.apply(() => []),
      clusterTags: { [STRATEGY_TAG]: strategy, [STACK_TAG]: stackTag },
      runningEngineVersion: running,
    });
    const managedSecretArn = strategy === "single-user"
      ? undefined
      : db.cluster.masterUserSecrets.apply((s) => s[0].secretArn);
    const secretDatabase: SecretDatabase = {
      host: db.cluster.endpoint,
      port: db.cluster.port,
      identifier: { field: "dbClusterIdentifier", value: db.cluster.clusterIdentifier },
      resourceId: db.cluster.clusterResourceId,
    };
    const { secretArn, functionArn, functionName, initialVersion } = createCredentials(name, r, {
      parent, tags, accountId, region, network, rotationRole,
      database: secretDatabase, loginTargets: [db.cluster, db.writer],
      managedSecretArn, masterPassword: db.masterPassword, newPassword: () => this.randomPassword(r, db.replacementKey),
      functionKind: "cluster",
    });
    const alerts = createAlerts(name, r, { secretArn, functionName, accountId, tags, parent });
    const proxy: DatabaseProxy | undefined = r.proxy === undefined ? undefined : createDatabaseProxy(name, r, {
      parent, tags, secretArn,
      // alternating-users is refused behind a proxy (proxyValidation.ts): the secret's user is the master user.
      username: r.masterUsername,
      target: { dbClusterIdentifier: db.cluster.clusterIdentifier },
      databaseSecurityGroupId: network.databaseSecurityGroup.id,
      clientSecurityGroupId: network.clientSecurityGroup.id,
      accountId, region,
      // The target is registered once the proxy can log in: a writer to log in to, and the secret's first value.
      dependsOn: initialVersion ? [db.writer, initialVersion] : [db.writer],
      readers: db.readers,
    });

    this.address = db.cluster.endpoint;
    this.readerEndpoint = db.cluster.readerEndpoint;
    this.clusterIdentifier = db.cluster.clusterIdentifier;
    this.port = db.cluster.port;
    this.engine = pulumi.output(r.engine);
    this.rotationStrategy = strategyChecked;
    this.secretArn = secretArn;
    this.masterSecretArn = strategy === "alternating-users" ? managedSecretArn : undefined;
    this.securityGroupId = network.databaseSecurityGroup.id;
    this.clientSecurityGroupId = network.clientSecurityGroup.id;
    this.rotationFunctionArn = functionArn;
    this.alertTopicArn = alerts.topicArn;
    this.ecsSecrets = ecsSecretsOutput(secretArn, strategy, proxy !== undefined);
    this.ecsEnvironment = ecsEnvironmentOutput(proxy?.endpoint ?? db.cluster.endpoint, db.cluster.port, r.dbName);
    this.applicationPolicyDocument = applicationPolicyOutput(secretArn, r.kmsKeyArn, region);
    const proxied = proxyOutputs(proxy);
    this.proxyEndpoint = proxied.proxyEndpoint;
    this.proxyArn = proxied.proxyArn;
    this.proxySecurityGroupId = proxied.proxySecurityGroupId;
    this.proxyConnectPolicyDocument = proxied.proxyConnectPolicyDocument;
    this.proxyReaderEndpoint = proxy?.readerEndpoint;
    this.readGrants = new ReadGrants(this, name, label, this.applicationPolicyDocument);
    this.connectGrants = new ConnectGrants(this, name, label, r.proxy, proxied.proxyConnectPolicyDocument);
    this.registerOutputs({
      address: this.address, readerEndpoint: this.readerEndpoint, clusterIdentifier: this.clusterIdentifier,
      port: this.port, engine: this.engine, rotationStrategy: this.rotationStrategy, secretArn: this.secretArn,
      masterSecretArn: this.masterSecretArn, securityGroupId: this.securityGroupId,
      clientSecurityGroupId: this.clientSecurityGroupId, rotationFunctionArn: this.rotationFunctionArn,
      alertTopicArn: this.alertTopicArn, ecsSecrets: this.ecsSecrets, ecsEnvironment: this.ecsEnvironment,
      applicationPolicyDocument: this.applicationPolicyDocument,
      proxyEndpoint: this.proxyEndpoint, proxyArn: this.proxyArn, proxySecurityGroupId: this.proxySecurityGroupId,
      proxyConnectPolicyDocument: this.proxyConnectPolicyDocument, proxyReaderEndpoint: this.proxyReaderEndpoint,
    });
  }

  /**
   * Lets `role` read the secret, as {@link RotatedDatabase.grantRead}: an inline aws.iam.RolePolicy
   * `<cluster>-read-<role's resource name>` (or `<cluster>-read-<opts.name>`) parented to this cluster.
   * Granting the same role (or name) twice is refused.
   */
  grantRead(role: aws.iam.Role, opts?: { name?: string }): aws.iam.RolePolicy {
    return this.readGrants.grant(role, opts);
  }

  /**
   * Lets `role` connect to the proxy with IAM (`rds-db:connect`): attaches {@link RotatedCluster.proxyConnectPolicyDocument}
   * as `<cluster>-connect-<role's resource name>` (or `opts.name`). Refused without `proxy.iamAuth`.
   */
  grantConnect(role: aws.iam.Role, opts?: { name?: string }): aws.iam.RolePolicy {
    return this.connectGrants.grant(role, opts);
  }

  /**
   * The password the cluster (single-user) or the application user's first secret value
   * (alternating-users) starts with: drawn once and kept in Pulumi state (generatedPassword.ts), new
   * only with the cluster's ForceNew inputs or the password rules, so it follows the cluster.
   */
  private randomPassword(r: ResolvedClusterArgs, replacementKey: pulumi.Output<string>): pulumi.Output<string> {
    const rules = { passwordLength: r.rotation.passwordLength, excludeCharacters: r.rotation.excludeCharacters };
    return createGeneratedPassword(this.componentName, replacementKey, rules, this);
  }
}
