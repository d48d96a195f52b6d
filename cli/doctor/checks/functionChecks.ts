// The rotation function: it exists and is active, its runtime is one Lambda still supports, and its
// resource policy lets Secrets Manager invoke it for this secret (sourceArn) and account.
import { DB_TLS_VERIFY_INSECURE_TESTS_ONLY, ENV, LAMBDA_RDS_CA_BUNDLE } from "../../../rotation-lambda/contract";
import { failure, functionUnavailable, notChecked, ok, warning, type CheckResult, type DoctorSnapshot, type FunctionInfo } from "../snapshot";

/**
 * Lambda's deprecation dates (lambda-runtimes page, "Supported runtimes"; planning dates AWS may
 * move). Runtimes AWS's rotation templates and this project use; others are reported as unknown.
 */
export const RUNTIME_DEPRECATION: Readonly<Record<string, string>> = {
  "nodejs24.x": "2028-04-30",
  "nodejs22.x": "2027-04-30",
  "nodejs20.x": "2026-04-30",
  "nodejs18.x": "2025-09-01",
  "nodejs16.x": "2024-06-12",
  "python3.14": "2029-06-30",
  "python3.13": "2029-06-30",
  "python3.12": "2028-10-31",
  "python3.11": "2026-06-30",
  "python3.10": "2026-06-30",
  "python3.9": "2025-12-15",
  "python3.8": "2024-10-14",
  "python3.7": "2023-12-04",
};

/** Warn this long before a runtime's deprecation date. */
const RUNTIME_WARNING_MS = 90 * 86_400_000;

function functionOf(s: DoctorSnapshot): FunctionInfo | undefined {
  return s.fn?.ok ? s.fn.value : undefined;
}

export function checkFunction(s: DoctorSnapshot): CheckResult {
  const id = "function";
  const title = "Rotation function exists, is active, runs a supported runtime";
  if (!s.fn) return warning(id, title, "not checked: the secret names no rotation function");
  if (!s.fn.ok) {
    if (s.fn.error.notFound) return failure(id, title, `the rotation function does not exist (${s.fn.error.message})`, "deploy the function, or point the secret at the right one with rotate-secret --rotation-lambda-arn");
    return notChecked(id, title, s.fn.error);
  }
  const fn = s.fn.value;
  if (fn.state && fn.state !== "Active") {
    return failure(id, title, `function ${fn.name} is ${fn.state}${fn.stateReason ? `: ${fn.stateReason}` : ""}`, "fix the reason Lambda gives (often a deleted subnet, security group or role), then update the function");
  }
  if (!fn.runtime) return warning(id, title, `function ${fn.name} has no runtime (a container image): not checked`);
  const deprecated = RUNTIME_DEPRECATION[fn.runtime];
  if (!deprecated) return warning(id, title, `function ${fn.name} runs ${fn.runtime}, which this check does not know`, "make sure Lambda still supports it (Lambda runtimes page)");
  const date = new Date(`${deprecated}T00:00:00Z`);
  if (s.now >= date) {
    return failure(id, title, `function ${fn.name} runs ${fn.runtime}, deprecated by Lambda since ${deprecated}`, "move the function to a supported runtime (this project's function runs on nodejs22.x)");
  }
  if (date.getTime() - s.now.getTime() < RUNTIME_WARNING_MS) {
    return warning(id, title, `function ${fn.name} runs ${fn.runtime}, which Lambda deprecates on ${deprecated}`, "plan the move to a newer runtime");
  }
  return ok(id, title, `function ${fn.name}, ${fn.runtime}, ${fn.state ?? "state unknown"}`);
}

interface PolicyStatement {
  Effect?: string;
  Principal?: { Service?: string | string[] } | string;
  Action?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

function asList(v: string | string[] | undefined): string[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

function conditionValues(st: PolicyStatement, key: string): string[] {
  const out: string[] = [];
  for (const operator of Object.values(st.Condition ?? {})) {
    for (const [k, v] of Object.entries(operator)) if (k.toLowerCase() === key.toLowerCase()) out.push(...asList(v));
  }
  return out;
}

/** IAM's ArnLike: `*` and `?` wildcards. */
function arnLike(pattern: string, arn: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`);
  return re.test(arn);
}

export function checkInvokePermission(s: DoctorSnapshot): CheckResult {
  const id = "invoke-permission";
  const title = "Secrets Manager may invoke the function for this secret";
  const fn = functionOf(s);
  if (!fn) return warning(id, title, functionUnavailable(s));
  if (!s.fnPolicy) return warning(id, title, "not checked");
  if (!s.fnPolicy.ok) return notChecked(id, title, s.fnPolicy.error);
  const secretArn = s.secret.ok ? s.secret.value.ARN ?? s.secretId : s.secretId;
  const fix = `aws lambda add-permission --function-name ${fn.name} --statement-id SecretsManagerAccess --action lambda:InvokeFunction --principal secretsmanager.amazonaws.com --source-arn ${secretArn} --source-account <account id>`;
  if (s.fnPolicy.value === undefined) return failure(id, title, `function ${fn.name} has no resource policy: Secrets Manager cannot invoke it`, fix);
  let statements: PolicyStatement[];
  try {
    const policy = JSON.parse(s.fnPolicy.value) as { Statement?: PolicyStatement | PolicyStatement[] };
    statements = Array.isArray(policy.Statement) ? policy.Statement : policy.Statement ? [policy.Statement] : [];
  } catch {
    return warning(id, title, "the function's policy is not JSON: not checked");
  }
  const forSecretsManager = statements.filter(
    (st) =>
      st.Effect !== "Deny" &&
      typeof st.Principal === "object" &&
      asList(st.Principal.Service).includes("secretsmanager.amazonaws.com") &&
      asList(st.Action).some((a) => a === "lambda:InvokeFunction" || a === "lambda:*" || a === "*"),
  );
  if (forSecretsManager.length === 0) return failure(id, title, `no statement in ${fn.name}'s policy lets secretsmanager.amazonaws.com call lambda:InvokeFunction`, fix);
  const matching = forSecretsManager.filter((st) => {
    const arns = conditionValues(st, "AWS:SourceArn");
    return arns.length === 0 || arns.some((a) => arnLike(a, secretArn));
  });
  if (matching.length === 0) {
    const arns = forSecretsManager.flatMap((st) => conditionValues(st, "AWS:SourceArn"));
    return failure(id, title, `the permission's sourceArn (${arns.join(", ")}) does not match the secret ${secretArn}`, fix);
  }
  const scoped = matching.find((st) => conditionValues(st, "AWS:SourceArn").length > 0);
  if (!scoped) return warning(id, title, "secretsmanager.amazonaws.com may invoke the function, but without sourceArn: any secret in any account could use it", `add the condition: ${fix}`);
  if (conditionValues(scoped, "AWS:SourceAccount").length === 0) {
    return warning(id, title, "the permission has sourceArn but no sourceAccount (the confused-deputy guard AWS Control Tower rules require)", `add --source-account: ${fix}`);
  }
  return ok(id, title, `secretsmanager.amazonaws.com, sourceArn ${conditionValues(scoped, "AWS:SourceArn").join(", ")}, sourceAccount ${conditionValues(scoped, "AWS:SourceAccount").join(", ")}`);
}

export function checkFunctionTls(s: DoctorSnapshot): CheckResult {
  const id = "function-tls";
  const title = "The function can verify the database's certificate";
  const fn = functionOf(s);
  if (!fn) return warning(id, title, functionUnavailable(s));
  if (fn.tlsVerify === DB_TLS_VERIFY_INSECURE_TESTS_ONLY) {
    return failure(id, title, `${ENV.DB_TLS_VERIFY}=${fn.tlsVerify}: the function does not verify the database's certificate (a switch meant for tests)`, `remove ${ENV.DB_TLS_VERIFY} from the function's environment`);
  }
  const node = fn.runtime?.match(/^nodejs(\d+)\.x$/);
  if (node && Number(node[1]) >= 20 && !fn.extraCaCerts) {
    return warning(
      id,
      title,
      `function ${fn.name} runs ${fn.runtime} without ${ENV.NODE_EXTRA_CA_CERTS}: Node.js 20+ Lambda runtimes do not trust the RDS certificate authorities by default, so a function that verifies the certificate fails its TLS handshake`,
      `set ${ENV.NODE_EXTRA_CA_CERTS}=${LAMBDA_RDS_CA_BUNDLE} in the function's environment`,
    );
  }
  return ok(id, title, fn.extraCaCerts ? `${ENV.NODE_EXTRA_CA_CERTS}=${fn.extraCaCerts}` : `${fn.runtime ?? "the runtime"} trusts the RDS certificate authorities`);
}
