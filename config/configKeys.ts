// The stack-level config keys of the entry program, each with its default and description. Pulumi.yaml
// declares the same keys for the CLI; a unit test keeps the two in step, so this list is where a new
// key starts.
import { PROXY_KEYS } from "../components/proxyValidation";
import { DEFAULT_DATABASES, DEFAULT_SECRETS_MANAGER_ACCESS_MODE, DEFAULT_VPC_CIDR, DEFAULT_VPC_ID } from "./defaults";
import { CLUSTER_KEYS, INSTANCE_ONLY_KEYS, SERVERLESS_V2_SCALING_KEYS } from "./readCluster";
import { ALERT_KEYS, ROTATION_KEYS, SHARED_DATABASE_KEYS } from "./readDatabase";

export interface ConfigKeySpec {
  /** Key without the project namespace. */
  name: string;
  /** Pulumi.yaml `type`; omitted for objects, which Pulumi's project schema cannot type. */
  type?: "string" | "integer" | "boolean" | "array";
  default: unknown;
  description: string;
}

/** The mappings inside a `databases` entry, with their keys: written out from the loader's own lists. */
const NESTED_KEYS: Readonly<Record<string, readonly string[]>> = {
  proxy: PROXY_KEYS,
  rotation: ROTATION_KEYS,
  alerts: ALERT_KEYS,
  cluster: CLUSTER_KEYS,
  serverlessV2Scaling: SERVERLESS_V2_SCALING_KEYS,
};
const described = (keys: readonly string[]): string =>
  keys.map((k) => (NESTED_KEYS[k] ? `${k} {${described(NESTED_KEYS[k])}}` : k)).join(", ");

const DATABASES_DESCRIPTION =
  `Databases of this stack: a mapping of name to settings. An RDS instance takes ${described(INSTANCE_ONLY_KEYS)}; ` +
  `an Aurora cluster takes ${described(["cluster"])} instead (cluster: {} for the defaults). ` +
  `Both take ${described(SHARED_DATABASE_KEYS)}. ` +
  "Unset settings use RotatedDatabase's or RotatedCluster's defaults (docs/components.md).";

export const CONFIG_KEYS: readonly ConfigKeySpec[] = [
  {
    name: "vpcId",
    type: "string",
    default: DEFAULT_VPC_ID,
    description: "\"create\" makes a VPC with isolated private subnets in 2 AZs, no NAT gateway and a shared Secrets Manager endpoint; otherwise the id of an existing VPC (vpc-...), which then needs subnetIds.",
  },
  {
    name: "subnetIds",
    type: "array",
    default: [],
    description: "Private subnets (at least 2, in different AZs) of the existing VPC named by vpcId. Must be empty when vpcId is \"create\".",
  },
  {
    name: "vpcCidr",
    type: "string",
    default: DEFAULT_VPC_CIDR,
    description: "IPv4 CIDR of the created VPC (only with vpcId \"create\").",
  },
  {
    name: "secretsManagerAccess",
    type: "string",
    default: DEFAULT_SECRETS_MANAGER_ACCESS_MODE,
    description: "How the VPC reaches Secrets Manager, for the rotation functions and the applications: \"endpoint\" creates one interface endpoint with private DNS that every database shares; \"existing-endpoint\" uses the one the VPC already has (secretsManagerEndpointId, secretsManagerEndpointSecurityGroupId) and adds ingress rules to its group; \"nat\" goes through the subnets' NAT gateway (existing VPC only).",
  },
  {
    name: "secretsManagerEndpointId",
    type: "string",
    default: "",
    description: "With secretsManagerAccess \"existing-endpoint\": the id (vpce-...) of the Secrets Manager endpoint that serves the VPC. Empty otherwise.",
  },
  {
    name: "secretsManagerEndpointSecurityGroupId",
    type: "string",
    default: "",
    description: "With secretsManagerAccess \"existing-endpoint\": a security group (sg-...) of that endpoint; every database adds 443 ingress from its rotation and client groups to it. Empty otherwise.",
  },
  {
    name: "alertEmail",
    type: "string",
    default: "",
    description: "E-mail subscribed to every database's rotation-failure topic, unless a database sets alerts.email or alerts.topicArn. Empty: no subscription.",
  },
  {
    name: "tags",
    default: {},
    description: "Tags (name: value) put on every taggable resource; a database's own tags win.",
  },
  {
    name: "databases",
    default: DEFAULT_DATABASES,
    description: DATABASES_DESCRIPTION,
  },
];
