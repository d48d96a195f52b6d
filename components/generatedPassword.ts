// A password kept in Pulumi state: drawn once, at the resource's creation, and drawn again only when
// its triggers change, which are the database's ForceNew inputs (an instance's or a cluster's) and the
// password rules. So the same database never gets a new password from a later `pulumi up`, a replaced
// one gets a new one in the same run that creates it, and a run that stopped after the database but
// before the secret's first version finds, on the next `pulumi up`, the password it was created with.
// A Pulumi dynamic resource (no provider beyond aws to install); the provider is in
// generatedPasswordProvider.ts.
import * as pulumi from "@pulumi/pulumi";
import { GENERATED_PASSWORD_TYPE, generatedPasswordProvider } from "./generatedPasswordProvider";
import { InstanceReplacementInputs, childName, instanceReplacementKey } from "./naming";

export { GENERATED_PASSWORD_TYPE };

/** A new value of any of these replaces the resource, and so draws a new password. */
export interface GeneratedPasswordArgs {
  /**
   * The database the password is for: {@link instanceReplacementKey} of an instance's ForceNew inputs,
   * or clusterReplacementKey of a cluster's (the input keeps its name, so state written before clusters existed stays valid).
   */
  instance: pulumi.Input<string>;
  /** Number of characters. */
  passwordLength: pulumi.Input<number>;
  /** Characters the password never contains. */
  excludeCharacters: pulumi.Input<string>;
}

/** The password rules of the rotation, which the first password follows too. */
export interface PasswordRules {
  passwordLength: number;
  excludeCharacters: string;
}

/** The triggers for a database (an instance's inputs, or a ready replacement key) and the rotation's password rules. */
export function generatedPasswordTriggers(
  database: InstanceReplacementInputs | { replacementKey: string },
  rules: PasswordRules,
): { instance: string; passwordLength: number; excludeCharacters: string } {
  const key = "replacementKey" in database ? database.replacementKey : instanceReplacementKey(database);
  return { instance: key, passwordLength: rules.passwordLength, excludeCharacters: rules.excludeCharacters };
}

/**
 * The password a database (single-user) or the application user's first secret value
 * (alternating-users) starts with: `<component>-password`, drawn once and kept in Pulumi state, new
 * only with `replacementKey` (the database's ForceNew inputs) or the password rules, so it follows the database.
 */
export function createGeneratedPassword(
  component: string,
  replacementKey: pulumi.Input<string>,
  rules: PasswordRules,
  parent: pulumi.Resource,
): pulumi.Output<string> {
  const triggers = pulumi.output(replacementKey).apply((key) => generatedPasswordTriggers({ replacementKey: key }, rules));
  const generated = new GeneratedPassword(childName(component, "password"), {
    instance: triggers.instance, passwordLength: triggers.passwordLength, excludeCharacters: triggers.excludeCharacters,
  }, { parent });
  return generated.password;
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
