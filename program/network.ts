// The stack's network: either a VPC made for it (isolated private subnets in 2 AZs, no NAT gateway,
// so nothing in it can reach the internet and the Secrets Manager endpoint is the only way out), or
// an existing VPC and subnets named in config; and the VPC's way to Secrets Manager (an endpoint the
// stack creates and every database shares, the VPC's existing endpoint, or NAT).
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import { SecretsManagerEndpoint } from "../components";
import type { SecretsManagerAccess } from "../components/types";
import type { CreatedVpcConfig, DatabaseConfig, SecretsManagerAccessConfig, VpcConfig } from "../config";
import { needsEndpoint } from "./databaseArgs";

/** Where the databases go. */
export interface StackNetwork {
  vpcId: pulumi.Input<string>;
  /** One entry per subnet (the components take a list of inputs, not an input list). */
  subnetIds: pulumi.Input<string>[];
  /** The created VPC, when the stack made one. */
  vpc?: awsx.ec2.Vpc;
}

/** The awsx arguments for a created VPC: pure, so tests can assert them without mocks. */
export function createdVpcArgs(config: CreatedVpcConfig, tags: Record<string, string>): awsx.ec2.VpcArgs {
  return {
    cidrBlock: config.cidrBlock,
    numberOfAvailabilityZones: config.availabilityZones,
    subnetStrategy: "Auto",
    subnetSpecs: [{ type: "Isolated", name: "isolated", cidrMask: 24 }],
    natGateways: { strategy: "None" },
    // Interface endpoints resolve the regional Secrets Manager name privately only with both on.
    enableDnsHostnames: true,
    enableDnsSupport: true,
    tags,
  };
}

export function declareNetwork(config: VpcConfig, tags: Record<string, string>): StackNetwork {
  if (config.mode === "existing") return { vpcId: config.vpcId, subnetIds: config.subnetIds };
  const vpc = new awsx.ec2.Vpc("vpc", createdVpcArgs(config, tags));
  // awsx returns the subnet ids as one Output; the count is known (one isolated subnet per AZ), so it
  // can be split into the per-subnet inputs the components take.
  const subnetIds = Array.from({ length: config.availabilityZones }, (_, i) =>
    vpc.isolatedSubnetIds.apply((ids) => {
      if (ids.length !== config.availabilityZones) {
        throw new Error(`the created VPC has ${ids.length} isolated subnets; expected ${config.availabilityZones}`);
      }
      return ids[i];
    }));
  return { vpcId: vpc.vpcId, subnetIds, vpc };
}

/** The stack's way to Secrets Manager: what every database is given, and the endpoint it goes through. */
export interface StackSecretsManagerAccess {
  /** Every database's `secretsManagerAccess`; undefined leaves the component's default (managed-only stacks). */
  access: SecretsManagerAccess | undefined;
  /** The endpoint the stack created, when it created one. */
  endpoint?: SecretsManagerEndpoint;
  /** The endpoint's id (created or configured); absent with NAT or when no endpoint is needed. */
  endpointId?: pulumi.Output<string>;
}

/**
 * What the databases are given, for a mode that declares nothing (an existing endpoint, NAT); undefined
 * for "endpoint", which needs the endpoint the stack creates. Pure, so tests can check it without mocks.
 */
export function configuredSecretsManagerAccess(config: SecretsManagerAccessConfig): SecretsManagerAccess | undefined {
  if (config.mode === "existing-endpoint") return { existingEndpoint: { endpointId: config.endpointId, securityGroupId: config.securityGroupId } };
  if (config.mode === "nat") return { natGateway: true };
  return undefined;
}

/**
 * Declares the stack's way to Secrets Manager. "endpoint": one endpoint for the VPC (only one can carry
 * private DNS), shared by every database, managed ones included: its private DNS covers the whole VPC,
 * so their applications reach Secrets Manager through it too. None when every database is managed
 * (no rotation function needs one; the applications of such a stack use the VPC's own route).
 */
export function declareSecretsManagerAccess(
  config: SecretsManagerAccessConfig,
  network: StackNetwork,
  databases: readonly DatabaseConfig[],
  tags: Record<string, string>,
): StackSecretsManagerAccess {
  if (config.mode === "existing-endpoint") {
    return { access: configuredSecretsManagerAccess(config), endpointId: pulumi.output(config.endpointId) };
  }
  if (config.mode === "nat") return { access: configuredSecretsManagerAccess(config) };
  if (!databases.some(needsEndpoint)) return { access: undefined };
  const endpoint = new SecretsManagerEndpoint("secrets-manager", { vpcId: network.vpcId, subnetIds: network.subnetIds, tags });
  return { access: { endpoint }, endpoint, endpointId: endpoint.endpointId };
}
