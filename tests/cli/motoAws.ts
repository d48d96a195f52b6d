// AWS resources in moto for the CLI suites: an IAM role (moto's Lambda refuses a role it does not
// know; no IAM client is a dependency, so the role is made with one query-API call), a Lambda
// function, and rotation enabled with that function.
//
// Deviations from AWS, on purpose (see each call):
// - moto's RotateSecret with a RotationLambdaARN tries to invoke the function through Docker, which is
//   not here; the invocation fails inside moto and the call still succeeds, leaving RotationEnabled,
//   RotationLambdaARN and, with RotateImmediately=false, an AWSPENDING copy of the current value,
//   which enableRotation removes;
// - moto's Lambda answers VpcConfig.VpcId "vpc-123abc" whatever the subnets; doctor takes the VPC from
//   the function's subnets (DescribeSubnets), which is right against AWS too;
// - moto keeps only AutomaticallyAfterDays in RotationRules (no ScheduleExpression, no Duration), and
//   only a value above 0 turns RotationEnabled on: the suites use days.
import * as crypto from "crypto";
import * as http from "http";
import { AddPermissionCommand, CreateFunctionCommand, LambdaClient, type Runtime } from "@aws-sdk/client-lambda";
import { DescribeSecretCommand, RotateSecretCommand, SecretsManagerClient, UpdateSecretVersionStageCommand } from "@aws-sdk/client-secrets-manager";
import { MOTO_CREDENTIALS, MOTO_REGION } from "../services";

export const ACCOUNT = "123456789012";

export function awsConfig(endpoint: string) {
  return { endpoint, region: MOTO_REGION, credentials: MOTO_CREDENTIALS, maxAttempts: 1 };
}

/** One IAM query-API call, signed just enough for moto to route it to IAM. */
async function iamCall(endpoint: string, params: Record<string, string>): Promise<string> {
  const url = new URL(endpoint);
  const body = new URLSearchParams({ ...params, Version: "2010-05-08" }).toString();
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        method: "POST",
        path: "/",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          authorization: `AWS4-HMAC-SHA256 Credential=${MOTO_CREDENTIALS.accessKeyId}/20260101/${MOTO_REGION}/iam/aws4_request, SignedHeaders=host, Signature=0`,
        },
      },
      (res) => {
        let data = "";
        res.on("data", (c: Buffer) => (data += c.toString("utf8")));
        res.on("end", () => ((res.statusCode ?? 500) < 300 ? resolve(data) : reject(new Error(`IAM ${params.Action}: ${res.statusCode} ${data}`))));
      },
    );
    req.once("error", reject);
    req.end(body);
  });
}

export async function createRole(endpoint: string): Promise<string> {
  const name = `rotation-${crypto.randomBytes(4).toString("hex")}`;
  const assume = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] });
  const xml = await iamCall(endpoint, { Action: "CreateRole", RoleName: name, AssumeRolePolicyDocument: assume });
  const arn = xml.match(/<Arn>([^<]+)<\/Arn>/)?.[1];
  if (!arn) throw new Error(`CreateRole answered no ARN: ${xml.slice(0, 300)}`);
  return arn;
}

/** An empty zip archive: moto stores the code and never runs it. */
const EMPTY_ZIP = Buffer.from([0x50, 0x4b, 0x05, 0x06, ...new Array<number>(18).fill(0)]);

export interface FunctionOptions {
  runtime?: string;
  environment?: Record<string, string>;
  subnetIds?: string[];
  securityGroupIds?: string[];
}

export async function createFunction(endpoint: string, options: FunctionOptions = {}): Promise<{ arn: string; name: string }> {
  const lambda = new LambdaClient(awsConfig(endpoint));
  const name = `rotation-${crypto.randomBytes(4).toString("hex")}`;
  const out = await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: (options.runtime ?? "nodejs22.x") as Runtime,
      Role: await createRole(endpoint),
      Handler: "index.handler",
      Code: { ZipFile: EMPTY_ZIP },
      ...(options.environment ? { Environment: { Variables: options.environment } } : {}),
      ...(options.subnetIds ? { VpcConfig: { SubnetIds: options.subnetIds, SecurityGroupIds: options.securityGroupIds ?? [] } } : {}),
    }),
  );
  return { arn: out.FunctionArn as string, name };
}

/** The invoke permission as the component declares it: principal, sourceArn, sourceAccount. */
export async function allowSecretsManager(endpoint: string, functionName: string, secretArn: string): Promise<void> {
  const lambda = new LambdaClient(awsConfig(endpoint));
  await lambda.send(
    new AddPermissionCommand({ FunctionName: functionName, StatementId: "SecretsManagerInvoke", Action: "lambda:InvokeFunction", Principal: "secretsmanager.amazonaws.com", SourceArn: secretArn, SourceAccount: ACCOUNT }),
  );
}

/** Rotation on, every day, with `functionArn` (see the header for what moto does on the way). */
export async function enableRotation(endpoint: string, secretArn: string, functionArn: string): Promise<void> {
  const sm = new SecretsManagerClient(awsConfig(endpoint));
  await sm.send(new RotateSecretCommand({ SecretId: secretArn, RotationLambdaARN: functionArn, RotationRules: { AutomaticallyAfterDays: 1 }, RotateImmediately: false }));
  const stages = (await sm.send(new DescribeSecretCommand({ SecretId: secretArn }))).VersionIdsToStages ?? {};
  for (const [versionId, labels] of Object.entries(stages)) {
    if (labels.includes("AWSPENDING") && !labels.includes("AWSCURRENT")) {
      await sm.send(new UpdateSecretVersionStageCommand({ SecretId: secretArn, VersionStage: "AWSPENDING", RemoveFromVersionId: versionId }));
    }
  }
}
