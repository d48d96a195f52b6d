// Where the AWS SDK clients point and whose credentials they use, resolved the way the AWS CLI does:
// a flag wins over the environment, the environment over the shared config files (which the SDK reads
// itself, for the chosen profile).

/** The global AWS options of every command. */
export interface AwsOptions {
  /** `--region`, else AWS_REGION, else AWS_DEFAULT_REGION, else the profile's region (resolved by the SDK). */
  region?: string;
  /** `--profile`, else AWS_PROFILE (the SDK's default chain also reads it). */
  profile?: string;
  /** `--endpoint-url`, else AWS_ENDPOINT_URL (one URL for every service, as in the AWS CLI). */
  endpointUrl?: string;
}

export interface AwsFlags {
  region?: string;
  profile?: string;
  endpointUrl?: string;
}

export function resolveAwsOptions(flags: AwsFlags, env: NodeJS.ProcessEnv): AwsOptions {
  const pick = (...values: (string | undefined)[]): string | undefined => values.find((v) => v !== undefined && v !== "");
  const options: AwsOptions = {};
  // The JavaScript SDK reads AWS_REGION but not the AWS CLI's AWS_DEFAULT_REGION.
  const region = pick(flags.region, env.AWS_REGION, env.AWS_DEFAULT_REGION);
  const profile = pick(flags.profile, env.AWS_PROFILE);
  const endpointUrl = pick(flags.endpointUrl, env.AWS_ENDPOINT_URL);
  if (region) options.region = region;
  if (profile) options.profile = profile;
  if (endpointUrl) options.endpointUrl = endpointUrl;
  return options;
}
