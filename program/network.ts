// The stack's network: either a VPC made for it (isolated private subnets in 2 AZs, no NAT gateway,
// so nothing in it can reach the internet and the Secrets Manager endpoint is the only way out), or
// an existing VPC and subnets named in config.
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import type { CreatedVpcConfig, VpcConfig } from "../config";

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
