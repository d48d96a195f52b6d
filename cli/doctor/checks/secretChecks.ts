// The secret itself: it exists, its JSON has what the engine needs, and `engine`/`host` are exactly
// what the JetBrains AWS Toolkit, AWS's rotation templates and RDS Proxy expect.
import { SUPPORTED_ENGINES } from "../../secret/connectionDetails";
import { databaseSecretProblem } from "../../secret/connectionDetails";
import { failure, notChecked, ok, warning, type CheckResult, type DoctorSnapshot } from "../snapshot";
import { checkClusterEngineAndHost, CLUSTER_HOST_TITLE } from "./clusterChecks";
import { hostIsProxy, proxyHostFailure } from "./proxyChecks";

export function checkSecretExists(s: DoctorSnapshot): CheckResult {
  const title = "Secret exists";
  if (!s.secret.ok) {
    const e = s.secret.error;
    if (e.notFound) return failure("secret", title, `no secret ${JSON.stringify(s.secretId)} in ${s.region}`, "check --secret-id and --region (or the stack outputs file)");
    return failure("secret", title, e.message, e.accessDenied ? `grant ${e.action} on the secret to the caller` : "check the credentials and --endpoint-url");
  }
  return ok("secret", title, `${s.secret.value.ARN ?? s.secretId}`);
}

/** The parsed AWSCURRENT JSON, or undefined when it is missing or not an object. */
export function currentJson(s: DoctorSnapshot): Record<string, unknown> | undefined {
  if (!s.currentValue?.ok || s.currentValue.value === undefined) return undefined;
  try {
    const parsed = JSON.parse(s.currentValue.value) as unknown;
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function checkSecretJson(s: DoctorSnapshot): CheckResult {
  const id = "secret-json";
  const title = "Secret JSON has the fields rotation and clients need";
  if (!s.currentValue) return warning(id, title, "not checked: the secret could not be read");
  if (!s.currentValue.ok) return notChecked(id, title, s.currentValue.error);
  const secret = s.secret.ok ? s.secret.value : undefined;
  const name = secret?.Name ?? s.secretId;
  if (s.currentValue.value === undefined) {
    return failure(id, title, "AWSCURRENT holds SecretBinary only; a database secret is a JSON SecretString", "store the secret as JSON: {\"engine\",\"host\",\"port\",\"username\",\"password\",\"dbname\"}");
  }
  const problem = databaseSecretProblem(s.currentValue.value, `AWSCURRENT of ${name}`);
  if (problem !== undefined) {
    const managed = secret?.OwningService === "rds" || name.startsWith("rds!");
    const fix = managed
      ? "this secret is managed by RDS (manageMasterUserPassword) and holds only username and password: RDS rotates it itself, and IDEs need a secret with engine, host and port"
      : `add the missing field to the secret's JSON (engine is one of ${SUPPORTED_ENGINES.join(", ")}; host is the instance endpoint address)`;
    return failure(id, title, problem, fix);
  }
  const json = currentJson(s) as Record<string, unknown>;
  const missingOptional = ["port", "dbname"].filter((f) => json[f] === undefined);
  const engine = String(json.engine);
  if (missingOptional.length > 0) {
    return warning(id, title, `engine ${engine}: has engine, host, username, password; no ${missingOptional.join(" or ")} (clients use the engine's default)`, `add ${missingOptional.join(" and ")} so that IDEs and tools that read them connect without guessing`);
  }
  return ok(id, title, `engine ${engine}: has engine, host, port, username, password, dbname`);
}

export function checkEngineAndHost(s: DoctorSnapshot): CheckResult {
  const id = "engine-host";
  const title = "engine and host match the RDS instance (JetBrains AWS Toolkit, RDS Proxy)";
  const json = currentJson(s);
  if (!json) return warning(id, title, "not checked: the secret's JSON could not be read");
  const engine = json.engine;
  if (typeof engine !== "string") {
    return failure(id, title, "the secret has no engine field: the JetBrains AWS Toolkit reports \"Unknown database engine null\" and AWS's rotation templates refuse it", `add "engine": the instance's RDS engine string (${SUPPORTED_ENGINES.join(", ")})`);
  }
  if (engine === "postgresql") {
    return failure(id, title, `engine is ${JSON.stringify(engine)}, not the RDS engine string "postgres": the JetBrains AWS Toolkit picks the wrong driver (Amazon Redshift) and the rotation function refuses it`, `set "engine": "postgres"`);
  }
  const proxy = hostIsProxy(s, json.host);
  if (proxy) return proxyHostFailure(proxy, s.cluster ? CLUSTER_HOST_TITLE : title, s);
  // A secret that looks like a cluster's but whose host is a plain instance's is judged against the instance.
  const instanceInstead = s.cluster?.ok && s.cluster.value === undefined && s.database?.ok && s.database.value !== undefined;
  if (s.cluster && !instanceInstead) return checkClusterEngineAndHost(s, json, engine);
  if (!s.database) return warning(id, title, "not checked: no instance lookup was made");
  if (!s.database.ok) return notChecked(id, title, s.database.error);
  const db = s.database.value;
  if (!db) {
    const ident = typeof json.dbInstanceIdentifier === "string" ? `dbInstanceIdentifier ${JSON.stringify(json.dbInstanceIdentifier)}` : `an endpoint ${JSON.stringify(json.host)}`;
    return warning(id, title, `no RDS instance with ${ident} in ${s.region}`, "check host (the instance's endpoint address) and dbInstanceIdentifier; an Aurora cluster or another region is not checked");
  }
  const problems: string[] = [];
  if (engine !== db.engine) problems.push(`engine is ${JSON.stringify(engine)} but instance ${db.identifier} runs ${JSON.stringify(db.engine)}`);
  if (db.address && json.host !== db.address) problems.push(`host is ${JSON.stringify(json.host)} but the instance endpoint is ${JSON.stringify(db.address)}`);
  const port = typeof json.port === "string" ? Number(json.port) : json.port;
  if (db.port !== undefined && port !== undefined && port !== db.port) problems.push(`port is ${String(json.port)} but the instance listens on ${db.port}`);
  if (problems.length > 0) {
    return failure(id, title, problems.join("; "), `set ${[engine !== db.engine ? `"engine": "${db.engine}"` : "", db.address && json.host !== db.address ? `"host": "${db.address}"` : "", db.port !== undefined && port !== undefined && port !== db.port ? `"port": ${db.port}` : ""].filter(Boolean).join(", ")} in the secret`);
  }
  return ok(id, title, `engine ${engine} and host ${String(json.host)} are instance ${db.identifier}'s`);
}

export function checkMasterSecret(s: DoctorSnapshot): CheckResult | undefined {
  const id = "master-secret";
  const title = "The master secret (masterarn) exists";
  const json = currentJson(s);
  if (typeof json?.masterarn !== "string") return undefined;
  if (!s.master) return warning(id, title, "not checked");
  if (!s.master.ok) {
    if (s.master.error.notFound) return failure(id, title, `masterarn names ${json.masterarn}, which does not exist: alternating-users rotation logs in with it and fails`, "point masterarn at the RDS master secret (the instance's MasterUserSecret.SecretArn for an RDS-managed one)");
    return notChecked(id, title, s.master.error);
  }
  const m = s.master.value;
  return ok(id, title, `${m.ARN ?? json.masterarn}${m.OwningService === "rds" ? " (managed by RDS)" : ""}`);
}
