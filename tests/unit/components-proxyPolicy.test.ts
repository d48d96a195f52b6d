// The proxy's IAM documents: its role trusts RDS only, reads the one secret (and decrypts it only
// through Secrets Manager), and applications may rds-db:connect as one user on one proxy. Pure, no mocks.
import * as assert from "assert";
import {
  buildProxyConnectPolicy,
  buildProxySecretPolicy,
  connectGrantName,
  proxyDbUserArn,
  proxyResourceId,
  proxyTrustPolicy,
} from "../../components/proxyPolicy";
import { readGrantName } from "../../components/applicationPolicy";

const SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders-secret-a1b2c3";
const KEY = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const PROXY = "arn:aws:rds:eu-west-1:123456789012:db-proxy:prx-0123456789abcdef0";

describe("proxyTrustPolicy", () => {
  it("lets only the RDS service assume the role", () => {
    assert.deepStrictEqual(proxyTrustPolicy(), {
      Version: "2012-10-17",
      Statement: [{ Sid: "RdsProxyAssumesRole", Effect: "Allow", Principal: { Service: "rds.amazonaws.com" }, Action: "sts:AssumeRole" }],
    });
  });
});

describe("buildProxySecretPolicy", () => {
  it("reads the one secret, and nothing else, without a customer key", () => {
    assert.deepStrictEqual(buildProxySecretPolicy({ secretArn: SECRET, region: "eu-west-1" }), {
      Version: "2012-10-17",
      Statement: [{ Sid: "ReadDatabaseSecret", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: SECRET }],
    });
  });

  it("decrypts with the customer key only through Secrets Manager in the proxy's region", () => {
    const policy = buildProxySecretPolicy({ secretArn: SECRET, kmsKeyArn: KEY, region: "us-east-2" });
    assert.deepStrictEqual(policy.Statement, [
      { Sid: "ReadDatabaseSecret", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: SECRET },
      {
        Sid: "DecryptDatabaseSecret", Effect: "Allow", Action: ["kms:Decrypt"], Resource: KEY,
        Condition: { StringEquals: { "kms:ViaService": "secretsmanager.us-east-2.amazonaws.com" } },
      },
    ]);
  });

  it("grants no write and no wildcard resource", () => {
    const policy = buildProxySecretPolicy({ secretArn: SECRET, kmsKeyArn: KEY, region: "eu-west-1" });
    for (const s of policy.Statement) {
      assert.ok(!String(s.Resource).includes("*"), JSON.stringify(s));
      assert.ok(s.Action.every((a) => !/Put|Update|Create|Delete|Rotate|GenerateDataKey|Encrypt/.test(a)), JSON.stringify(s));
    }
  });
});

describe("proxyResourceId", () => {
  it("is the prx- id at the end of the proxy's ARN", () => {
    assert.strictEqual(proxyResourceId(PROXY), "prx-0123456789abcdef0");
    assert.strictEqual(proxyResourceId("arn:aws-cn:rds:cn-north-1:123456789012:db-proxy:prx-0fedcba9876543210"), "prx-0fedcba9876543210");
  });
  it("refuses anything that is not a proxy ARN, rather than granting on a wrong resource", () => {
    for (const arn of ["arn:aws:rds:eu-west-1:123456789012:db:orders", "prx-0123", "arn:aws:rds:eu-west-1:123456789012:db-proxy-endpoint:prx-endpoint-0123", "arn:aws:ec2:eu-west-1:123456789012:db-proxy:prx-0123", ""]) {
      assert.throws(() => proxyResourceId(arn), /^Error: not an RDS Proxy ARN \(arn:aws:rds:<region>:<account>:db-proxy:prx-\.\.\.\): /, arn);
    }
  });
});

describe("buildProxyConnectPolicy", () => {
  const inputs = { region: "eu-west-1", accountId: "123456789012", proxyArn: PROXY, username: "dbadmin" };

  it("allows rds-db:connect as the one user on the one proxy", () => {
    assert.strictEqual(proxyDbUserArn(inputs), "arn:aws:rds-db:eu-west-1:123456789012:dbuser:prx-0123456789abcdef0/dbadmin");
    assert.deepStrictEqual(buildProxyConnectPolicy(inputs), {
      Version: "2012-10-17",
      Statement: [{
        Sid: "ConnectThroughProxy", Effect: "Allow", Action: ["rds-db:connect"],
        Resource: "arn:aws:rds-db:eu-west-1:123456789012:dbuser:prx-0123456789abcdef0/dbadmin",
      }],
    });
  });

  it("takes the partition from the proxy's ARN", () => {
    assert.strictEqual(proxyDbUserArn({ ...inputs, region: "cn-north-1", proxyArn: "arn:aws-cn:rds:cn-north-1:123456789012:db-proxy:prx-0fedcba9876543210" }),
      "arn:aws-cn:rds-db:cn-north-1:123456789012:dbuser:prx-0fedcba9876543210/dbadmin");
  });

  it("names the user and region it is given, not a wildcard", () => {
    const policy = buildProxyConnectPolicy({ ...inputs, region: "us-east-2", accountId: "210987654321", username: "orders_app" });
    assert.strictEqual(policy.Statement[0].Resource, "arn:aws:rds-db:us-east-2:210987654321:dbuser:prx-0123456789abcdef0/orders_app");
    assert.strictEqual(policy.Statement.length, 1);
  });
});

describe("connectGrantName", () => {
  it("is <database>-connect-<role>, distinct from grantRead's name for the same role", () => {
    assert.strictEqual(connectGrantName("orders", "api-task"), "orders-connect-api-task");
    assert.notStrictEqual(connectGrantName("orders", "api-task"), readGrantName("orders", "api-task"));
  });
});
