// The entry program's one config loader: a pure function from the raw config Pulumi gives the program
// (`pulumi.runtime.allConfig()`: "rotated-rds:key" -> string) to a validated StackConfig. Every
// refusal is a ConfigError naming the key, the value and what is allowed.
import { networkAddressRule, parseCidr } from "../components/cidr";
import { SECURITY_GROUP_ID_PATTERN, SUBNET_ID_PATTERN, VPC_ENDPOINT_ID_PATTERN } from "../components/validate";
import { ConfigError } from "./ConfigError";
import { CONFIG_KEYS } from "./configKeys";
import {
  CREATE_VPC, DEFAULT_DATABASES, DEFAULT_SECRETS_MANAGER_ACCESS_MODE, DEFAULT_VPC_CIDR, DEFAULT_VPC_ID, PROJECT, SECRETS_MANAGER_ACCESS_MODES,
  VPC_AVAILABILITY_ZONES, VPC_PREFIX_LENGTHS,
} from "./defaults";
import { readDatabase, readDatabaseName, readEmail } from "./readDatabase";
import { readEnum, readObject, readString, readStringList, readStringMap } from "./readers";
import type { SecretsManagerAccessConfig, StackConfig, VpcConfig } from "./stackConfig";

/** Reads and validates one stack's configuration. Keys of other namespaces (`aws:region`) are ignored. */
export function loadStackConfig(raw: Readonly<Record<string, string>>, project: string = PROJECT): StackConfig {
  const prefix = `${project}:`;
  const known = CONFIG_KEYS.map((k) => k.name);
  for (const [fullKey, value] of Object.entries(raw)) {
    if (fullKey.startsWith(prefix) && !known.includes(fullKey.slice(prefix.length))) {
      throw new ConfigError(fullKey, value, `absent: the keys of ${project} are ${known.join(", ")} (see Pulumi.yaml)`);
    }
  }
  const key = (name: string) => `${prefix}${name}`;
  const get = (name: string): string | undefined => {
    const v = raw[key(name)];
    return v === undefined || v === "" ? undefined : v;
  };

  const vpc = readVpc(key, get);
  const secretsManager = readSecretsManagerAccess(key, get, vpc);

  const alertEmailRaw = get("alertEmail");
  const alertEmail = alertEmailRaw === undefined ? undefined : readEmail(key("alertEmail"), alertEmailRaw);
  const tagsRaw = get("tags");
  const tags = tagsRaw === undefined ? {} : readStringMap(key("tags"), tagsRaw);

  const databasesRaw = get("databases");
  const entries = databasesRaw === undefined
    ? DEFAULT_DATABASES
    : readObject(key("databases"), databasesRaw, "a mapping of database name to settings, e.g. {app: {engine: postgres}}");
  const names = Object.keys(entries);
  if (names.length === 0) {
    throw new ConfigError(key("databases"), databasesRaw, "a mapping with at least one database, e.g. {app: {}}");
  }
  const databases = names.map((name) => {
    const dbKey = `${key("databases")}.${name}`;
    return readDatabase(dbKey, readDatabaseName(dbKey, name), entries[name]);
  });
  return { vpc, secretsManager, databases, tags, alertEmail };
}

function readSecretsManagerAccess(key: (name: string) => string, get: (name: string) => string | undefined, vpc: VpcConfig): SecretsManagerAccessConfig {
  const mode = readEnum(key("secretsManagerAccess"), get("secretsManagerAccess") ?? DEFAULT_SECRETS_MANAGER_ACCESS_MODE, SECRETS_MANAGER_ACCESS_MODES);
  const endpointId = get("secretsManagerEndpointId");
  const securityGroupId = get("secretsManagerEndpointSecurityGroupId");
  if (mode !== "existing-endpoint") {
    for (const [name, value] of [["secretsManagerEndpointId", endpointId], ["secretsManagerEndpointSecurityGroupId", securityGroupId]] as const) {
      if (value !== undefined) throw new ConfigError(key(name), value, `empty unless secretsManagerAccess is "existing-endpoint" (it is "${mode}")`);
    }
  }
  if (mode !== "endpoint" && vpc.mode === "create") {
    throw new ConfigError(key("secretsManagerAccess"), mode,
      `"endpoint" when vpcId is "create": the created VPC has no NAT gateway and no endpoint of its own; "${mode}" needs an existing VPC that has one`);
  }
  if (mode === "endpoint") return { mode };
  if (mode === "nat") return { mode };
  if (endpointId === undefined || !VPC_ENDPOINT_ID_PATTERN.test(endpointId)) {
    throw new ConfigError(key("secretsManagerEndpointId"), endpointId, "the id of the VPC's Secrets Manager endpoint, such as \"vpce-0123456789abcdef0\", when secretsManagerAccess is \"existing-endpoint\"");
  }
  if (securityGroupId === undefined || !SECURITY_GROUP_ID_PATTERN.test(securityGroupId)) {
    throw new ConfigError(key("secretsManagerEndpointSecurityGroupId"), securityGroupId, "a security group of that endpoint, such as \"sg-0123456789abcdef0\", when secretsManagerAccess is \"existing-endpoint\"");
  }
  return { mode, endpointId, securityGroupId };
}

function readVpc(key: (name: string) => string, get: (name: string) => string | undefined): VpcConfig {
  const vpcId = get("vpcId") ?? DEFAULT_VPC_ID;
  const subnetsRaw = get("subnetIds");
  const subnetIds = subnetsRaw === undefined ? [] : readStringList(key("subnetIds"), subnetsRaw);
  const cidrRaw = get("vpcCidr");

  if (vpcId === CREATE_VPC) {
    if (subnetIds.length > 0) {
      throw new ConfigError(key("subnetIds"), subnetIds, "empty when vpcId is \"create\" (the program makes the subnets); set vpcId to the existing VPC these subnets belong to");
    }
    const cidrBlock = cidrRaw === undefined ? DEFAULT_VPC_CIDR : readString(key("vpcCidr"), cidrRaw);
    const check = parseCidr(cidrBlock);
    const range = check.ok ? check.value : check.problem.kind === "host-bits" ? check.problem.network : undefined;
    if (range?.family !== "ipv4" || range.prefixLength < VPC_PREFIX_LENGTHS.min || range.prefixLength > VPC_PREFIX_LENGTHS.max) {
      throw new ConfigError(key("vpcCidr"), cidrBlock, `an IPv4 CIDR from /${VPC_PREFIX_LENGTHS.min} to /${VPC_PREFIX_LENGTHS.max}, e.g. "10.0.0.0/16"`);
    }
    if (!check.ok) throw new ConfigError(key("vpcCidr"), cidrBlock, networkAddressRule(range));
    return { mode: "create", cidrBlock, availabilityZones: VPC_AVAILABILITY_ZONES };
  }

  if (!/^vpc-[0-9a-f]{8,17}$/.test(vpcId)) {
    throw new ConfigError(key("vpcId"), vpcId, "\"create\" or an existing VPC id such as \"vpc-0123456789abcdef0\"");
  }
  if (cidrRaw !== undefined && cidrRaw !== DEFAULT_VPC_CIDR) {
    throw new ConfigError(key("vpcCidr"), cidrRaw, "unset when vpcId names an existing VPC (its CIDR is already fixed)");
  }
  if (subnetIds.length < 2) {
    throw new ConfigError(key("subnetIds"), subnetsRaw === undefined ? undefined : subnetIds,
      `a list of at least 2 private subnet ids (in different availability zones) when vpcId is an existing VPC (${vpcId})`);
  }
  subnetIds.forEach((id, i) => {
    if (!SUBNET_ID_PATTERN.test(id)) {
      throw new ConfigError(`${key("subnetIds")}[${i}]`, id, "a subnet id such as \"subnet-0123456789abcdef0\"");
    }
  });
  return { mode: "existing", vpcId, subnetIds };
}
