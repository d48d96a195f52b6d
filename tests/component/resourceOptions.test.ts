// Resource options as the component registers them, read off the recorded registration requests, for
// every strategy and with deletion protection on and off: what protects a production database from
// `pulumi destroy`, keeps `pulumi up` from pushing a dead initial password back, and orders the first
// rotation after everything it touches. Every other child must declare no options at all.
import * as assert from "assert";
import { RotatedDatabase } from "../../components";
import type { RotatedDatabaseArgs } from "../../components/types";
import { PASSWORD_WO_VERSION } from "../../components/databaseResources";
import { NETWORK_INTERFACE_ACTIONS, PolicyDocument } from "../../components/rotationPolicy";
import { INITIAL_VERSION_STAGES } from "../../components/rotationResources";
import { RecordedOptions, recordProgram } from "../../plan/recorder";
import { Recorded, SUBNETS, T, VPC } from "./records";

type Strategy = "single-user" | "alternating-users" | "managed";

const ROTATION: Record<Strategy, RotatedDatabaseArgs["rotation"]> = {
  "single-user": {},
  "alternating-users": { strategy: "alternating-users", applicationUsername: "app_user" },
  managed: { strategy: "managed" },
};

/** The options each child that declares any must have; every other child must declare none. */
const DECLARES_OPTIONS: Record<Strategy, string[]> = {
  "single-user": [T.instance, T.secret, T.secretVersion, T.fn, T.rotation, T.sg],
  "alternating-users": [T.instance, T.secret, T.secretVersion, T.fn, T.rotation, T.sg],
  managed: [T.instance, T.rotation],
};

/** The options a resource set, in a readable form: unset booleans and empty lists left out. */
function declared(o: RecordedOptions): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0)));
}

for (const strategy of ["single-user", "alternating-users", "managed"] as const) {
  for (const deletionProtection of [true, false]) {
    describe(`resource options (${strategy}, deletionProtection ${deletionProtection})`, () => {
      let rec: Recorded;
      before(async () => {
        rec = new Recorded(await recordProgram(() => {
          new RotatedDatabase("app", { vpcId: VPC, subnetIds: SUBNETS, deletionProtection, rotation: ROTATION[strategy] });
        }));
      });

      const protection = (type: string, name: string) => {
        const o = rec.options(type, name);
        const label = `${type} ${name}`;
        const must = deletionProtection ? "must" : "must not";
        // Unset means unprotected here (the component itself is not protected).
        assert.strictEqual(o.protect ?? false, deletionProtection, `${label} ${must} be protected when deletionProtection is ${deletionProtection}`);
        assert.strictEqual(o.retainOnDelete ?? false, deletionProtection, `${label} ${must} be retained on delete when deletionProtection is ${deletionProtection}`);
      };
      const ignores = (type: string, name: string, properties: string[]) => {
        const ignored = rec.options(type, name).ignoreChanges;
        for (const p of properties) {
          assert.ok(ignored.includes(p), `${type} ${name} must ignore changes to ${p} (ignoreChanges is ${JSON.stringify(ignored)})`);
        }
      };
      const waitsFor = (type: string, name: string, expected: Array<[string, string]>, why: string) => {
        const actual = rec.dependencies(type, name);
        const missing = expected.map(([t, n]) => `${t} ${n}`).filter((d) => !actual.includes(d));
        assert.deepStrictEqual(missing, [], `${type} ${name} must wait for ${missing.join(", ")} (dependsOn): ${why}`);
      };

      it("protects and retains the instance exactly when deletionProtection is set", () => {
        protection(T.instance, "app-db");
        assert.strictEqual(rec.one(T.instance).inputs.deletionProtection, deletionProtection);
      });
      it("never pushes the initial master password again, and creates a replacement with this run's password", () => {
        ignores(T.instance, "app-db", ["password"]);
        // An ignored input keeps its value from state, also for a replacement: the new instance would
        // get the old run's password while the secret's new first version holds this run's.
        assert.ok(!rec.options(T.instance, "app-db").ignoreChanges.includes("passwordWo"), "passwordWo must not be ignored");
        if (strategy === "single-user") assert.strictEqual(rec.one(T.instance).inputs.passwordWoVersion, PASSWORD_WO_VERSION);
      });

      if (strategy !== "managed") {
        it("protects and retains the secret exactly when deletionProtection is set", () => {
          protection(T.secret, "app-secret");
        });
        it("never lets pulumi up move AWSCURRENT back to the initial secret version", () => {
          ignores(T.secretVersion, "app-secret-initial", ["secretString", "versionStages"]);
          // Ignored, a replaced instance's new first version would be written with the old value.
          assert.ok(!rec.options(T.secretVersion, "app-secret-initial").ignoreChanges.includes("secretStringWo"), "secretStringWo must not be ignored");
          assert.deepStrictEqual(rec.one(T.secretVersion).inputs.versionStages, INITIAL_VERSION_STAGES);
          assert.deepStrictEqual(INITIAL_VERSION_STAGES, ["AWSCURRENT", "ROTATED_RDS_INITIAL"]);
          // A replaced instance replaces the version (secretStringWoVersion is ForceNew); its delete
          // removes ROTATED_RDS_INITIAL from its own version id, which fails once a new version holds it.
          assert.strictEqual(rec.options(T.secretVersion, "app-secret-initial").deleteBeforeReplace, true, "the initial version must be replaced delete-before-create");
        });
        it("creates the function after its role's policy and its log group", () => {
          waitsFor(T.fn, "app-rotation", [[T.rolePolicy, "app-rotation-policy"]], "Lambda checks the role's VPC permissions when it creates the function");
          waitsFor(T.fn, "app-rotation", [[T.logGroup, "app-rotation-logs"]], "the function must not log before its group (with retention) exists");
          // The policies feed none of the function's inputs: only dependsOn orders them.
          assert.deepStrictEqual(rec.dependsOn(T.fn, "app-rotation"), [`${T.rolePolicy} app-rotation-policy`, `${T.rolePolicy} app-rotation-vpc-policy`]);
        });
        it("deletes the role's EC2 permissions only after the rotation group, so Lambda can delete the function's interfaces", () => {
          // pulumi destroy deletes a resource before what it depends on: the rotation group (whose
          // deletion waits until the function's interfaces are gone) goes before the VPC policy.
          assert.deepStrictEqual(rec.dependsOn(T.sg, "app-rotation-sg"), [`${T.rolePolicy} app-rotation-vpc-policy`]);
          waitsFor(T.rolePolicy, "app-rotation-vpc-policy", [[T.role, "app-rotation-role"]], "it is a policy of the function's role");
          const vpc = rec.json(T.rolePolicy, "app-rotation-vpc-policy", "policy") as PolicyDocument;
          assert.deepStrictEqual(vpc.Statement.flatMap((st) => st.Action), [...NETWORK_INTERFACE_ACTIONS]);
          const main = rec.json(T.rolePolicy, "app-rotation-policy", "policy") as PolicyDocument;
          assert.deepStrictEqual(main.Statement.flatMap((st) => st.Action).filter((a) => a.startsWith("ec2:")), [], "the function's other policy goes right after the function on destroy: no EC2 actions there");
          for (const group of ["app-db-sg", "app-client-sg"]) assert.deepStrictEqual(rec.dependsOn(T.sg, group), [], `${group} declares no dependsOn`);
        });
        it("starts the first rotation only after everything it touches exists", () => {
          waitsFor(T.rotation, "app-rotation-schedule", [
            [T.permission, "app-rotation-invoke"], [T.rolePolicy, "app-rotation-policy"], [T.rolePolicy, "app-rotation-vpc-policy"], [T.fn, "app-rotation"],
            [T.instance, "app-db"], [T.secretVersion, "app-secret-initial"],
            [T.ingress, "app-db-from-rotation"], [T.egress, "app-rotation-to-database"], [T.egress, "app-rotation-to-secretsmanager"],
            [T.ingress, "app-endpoint-from-rotation"], [T.vpce, "app-secretsmanager-endpoint"],
          ], "it rotates immediately");
        });
      } else {
        it("starts RDS's rotation only after the instance exists", () => {
          waitsFor(T.rotation, "app-rotation-schedule", [[T.instance, "app-db"]], "RDS rotates the secret of the instance");
        });
      }

      it("declares no options on any other child", () => {
        const others = rec.record.resources.filter((r) => !DECLARES_OPTIONS[strategy].includes(r.type));
        const unexpected = others
          .map((r) => [Recorded.label(r), declared(r.options!)] as const)
          .filter(([, o]) => Object.keys(o).length > 0);
        assert.deepStrictEqual(unexpected, [], "only the instance, the secret, its initial version, the function and the rotation declare options");
        // And the ones that do declare nothing beyond what is asserted above.
        for (const type of DECLARES_OPTIONS[strategy]) {
          const o = declared(rec.options(type, type === T.sg ? "app-rotation-sg" : undefined));
          const extra = Object.keys(o).filter((k) => !["protect", "retainOnDelete", "ignoreChanges", "dependsOn", ...(type === T.secretVersion ? ["deleteBeforeReplace"] : [])].includes(k));
          assert.deepStrictEqual(extra, [], `${type} declares unexpected options`);
        }
      });
    });
  }
}

describe("resource options under a protected component", () => {
  for (const strategy of ["single-user", "managed"] as const) {
    it(`protects the instance and the secret like every other child without deletionProtection (${strategy})`, async () => {
      const rec = new Recorded(await recordProgram(() => {
        new RotatedDatabase("app", { vpcId: VPC, subnetIds: SUBNETS, rotation: ROTATION[strategy] }, { protect: true });
      }));
      const unprotected = rec.record.resources.filter((r) => r.custom && r.options?.protect !== true).map(Recorded.label);
      // An explicit protect: false on a child would override the component's protect (children inherit only an unset one).
      assert.deepStrictEqual(unprotected, [], "every child of a protected RotatedDatabase must be protected");
      assert.strictEqual(rec.all(T.instance).length, 1);
    });
  }
});
