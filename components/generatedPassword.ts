// A password kept in Pulumi state: drawn once, at the resource's creation, and drawn again only when
// its triggers change, which are the instance's ForceNew inputs and the password rules. So the same
// instance never gets a new password from a later `pulumi up`, a replaced instance gets a new one in
// the same run that creates it, and a run that stopped after the instance but before the secret's
// first version finds, on the next `pulumi up`, the password the instance was created with.
// A Pulumi dynamic resource (no provider beyond aws to install); the provider is in
// generatedPasswordProvider.ts.
import * as pulumi from "@pulumi/pulumi";
import { GENERATED_PASSWORD_TYPE, generatedPasswordProvider } from "./generatedPasswordProvider";
import { InstanceReplacementInputs, instanceReplacementKey } from "./naming";

export { GENERATED_PASSWORD_TYPE };

/** A new value of any of these replaces the resource, and so draws a new password. */
export interface GeneratedPasswordArgs {
  /** The instance the password is for: {@link instanceReplacementKey} of its ForceNew inputs. */
  instance: pulumi.Input<string>;
  /** Number of characters. */
  passwordLength: pulumi.Input<number>;
  /** Characters the password never contains. */
  excludeCharacters: pulumi.Input<string>;
}

/** The triggers for an instance's inputs and the rotation's password rules. */
export function generatedPasswordTriggers(
  instance: InstanceReplacementInputs,
  rules: { passwordLength: number; excludeCharacters: string },
): { instance: string; passwordLength: number; excludeCharacters: string } {
  return { instance: instanceReplacementKey(instance), passwordLength: rules.passwordLength, excludeCharacters: rules.excludeCharacters };
}

/** A random password in Pulumi state, encrypted there as a secret, new only when an input changes. */
export class GeneratedPassword extends pulumi.dynamic.Resource {
  /** The password (a Pulumi secret). */
  declare readonly password: pulumi.Output<string>;

  constructor(name: string, args: GeneratedPasswordArgs, opts?: pulumi.CustomResourceOptions) {
    super(generatedPasswordProvider, name, { ...args, password: undefined }, {
      ...opts,
      additionalSecretOutputs: ["password"],
    }, "rotated-rds", "GeneratedPassword");
  }
}
