// The rotation function's IAM policy documents, built from the actions rotation-lambda/contract.ts
// declares, so the deployed permissions cannot drift from what the code calls. Every statement is
// scoped to one resource except the two kinds of action IAM cannot scope: GetRandomPassword and the
// EC2 network-interface calls Lambda makes to attach the function to the VPC. Those EC2 calls are a
// document of their own (buildVpcAccessPolicy): Lambda also needs them to delete the function's
// network interfaces after the function is gone, so their policy must outlive the function.
import { MASTER_SECRET_ACTIONS, ROTATED_SECRET_ACTIONS, UNSCOPED_ACTIONS } from "../rotation-lambda/contract";

/** The network-interface actions a VPC Lambda needs (those of AWSLambdaVPCAccessExecutionRole). */
export const NETWORK_INTERFACE_ACTIONS = [
  "ec2:CreateNetworkInterface",
  "ec2:DescribeNetworkInterfaces",
  "ec2:DescribeSubnets",
  "ec2:DeleteNetworkInterface",
  "ec2:AssignPrivateIpAddresses",
  "ec2:UnassignPrivateIpAddresses",
] as const;

/** Reading and writing secrets encrypted with a customer key (GetSecretValue / PutSecretValue). */
export const KMS_ACTIONS = ["kms:Decrypt", "kms:GenerateDataKey"] as const;

/** Writing to the function's own log group (the group itself is created by the component). */
export const LOG_ACTIONS = ["logs:CreateLogStream", "logs:PutLogEvents"] as const;

export interface PolicyStatement {
  Sid: string;
  Effect: "Allow";
  Action: string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string>>;
}

export interface PolicyDocument {
  Version: "2012-10-17";
  Statement: PolicyStatement[];
}

export interface RotationPolicyInputs {
  /** The secret the function rotates. */
  secretArn: string;
  /** The master secret it logs in with (alternating-users only). */
  masterSecretArn?: string;
  /** The customer KMS key encrypting the secrets, when one is used. */
  kmsKeyArn?: string;
  /** The function's log group ARN (without the trailing `:*`). */
  logGroupArn: string;
  /** Region, for the KMS `kms:ViaService` condition. */
  region: string;
}

/** The least-privilege policy for one rotation function. */
export function buildRotationPolicy(p: RotationPolicyInputs): PolicyDocument {
  const statements: PolicyStatement[] = [
    { Sid: "RotateSecret", Effect: "Allow", Action: [...ROTATED_SECRET_ACTIONS], Resource: p.secretArn },
  ];
  if (p.masterSecretArn) {
    statements.push({ Sid: "ReadMasterSecret", Effect: "Allow", Action: [...MASTER_SECRET_ACTIONS], Resource: p.masterSecretArn });
  }
  statements.push({ Sid: "GeneratePassword", Effect: "Allow", Action: [...UNSCOPED_ACTIONS], Resource: "*" });
  if (p.kmsKeyArn) {
    statements.push({
      Sid: "UseSecretKey",
      Effect: "Allow",
      Action: [...KMS_ACTIONS],
      Resource: p.kmsKeyArn,
      // Only through Secrets Manager: the function never needs the key for anything else.
      Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${p.region}.amazonaws.com` } },
    });
  }
  statements.push({ Sid: "WriteLogs", Effect: "Allow", Action: [...LOG_ACTIONS], Resource: `${p.logGroupArn}:*` });
  return { Version: "2012-10-17", Statement: statements };
}

/**
 * The network-interface permissions of a VPC Lambda: Lambda uses the execution role to create the
 * function's interfaces and, after the function is deleted, to delete them.
 */
export function buildVpcAccessPolicy(): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [{ Sid: "AttachToVpc", Effect: "Allow", Action: [...NETWORK_INTERFACE_ACTIONS], Resource: "*" }],
  };
}

/** A trust policy: who may assume a role. */
export interface TrustPolicyDocument {
  Version: "2012-10-17";
  Statement: Array<{
    Sid: string;
    Effect: "Allow";
    Principal: { Service: string };
    Action: string;
    Condition?: Record<string, Record<string, string>>;
  }>;
}

/** Lets Lambda assume the rotation role, only on behalf of this account (confused-deputy guard). */
export function lambdaTrustPolicy(accountId: string): TrustPolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [{
      Sid: "LambdaAssumesRole",
      Effect: "Allow",
      Principal: { Service: "lambda.amazonaws.com" },
      Action: "sts:AssumeRole",
      Condition: { StringEquals: { "aws:SourceAccount": accountId } },
    }],
  };
}
