// The strategy and engine lists are defined once, in components/, and the stack config reads them:
// both layers accept and refuse the same values and list them in the same order.
import * as assert from "assert";
import { ENGINES, isDatabaseEngine } from "../../components/engines";
import { ROTATION_STRATEGIES, isRotationStrategy } from "../../components/rotationStrategies";
import { validateRotatedDatabaseArgs } from "../../components/validate";
import { ConfigError, loadStackConfig } from "../../config";

const base = { vpcId: "vpc-1", subnetIds: ["subnet-0aaa1111", "subnet-0bbb2222"] };

function configMessage(settings: Record<string, unknown>): string {
  try {
    loadStackConfig({ "rotated-rds:databases": JSON.stringify({ app: settings }) });
  } catch (e) {
    assert.ok(e instanceof ConfigError, String(e));
    return e.message;
  }
  return "";
}

describe("rotation strategies and engines", () => {
  it("are recognised exactly, case included", () => {
    assert.deepStrictEqual(["single-user", "alternating-users", "managed", "Managed", "", 1].map(isRotationStrategy), [true, true, true, false, false, false]);
    assert.deepStrictEqual(["postgres", "mysql", "mariadb", "aurora-postgresql", undefined].map(isDatabaseEngine), [true, true, true, false, false]);
  });
  it("are listed in the same order by the component and the stack config", () => {
    const listed = (xs: readonly string[]) => xs.map((x) => JSON.stringify(x)).join(", ");
    assert.strictEqual(configMessage({ rotation: { strategy: "weekly" } }), `rotated-rds:databases.app.rotation.strategy must be one of ${listed(ROTATION_STRATEGIES)}; got "weekly"`);
    assert.deepStrictEqual(validateRotatedDatabaseArgs({ ...base, rotation: { strategy: "weekly" as never } }), [`rotation.strategy must be one of ${listed(ROTATION_STRATEGIES)}; got "weekly"`]);
    assert.strictEqual(configMessage({ engine: "oracle" }), `rotated-rds:databases.app.engine must be one of ${listed(ENGINES)}; got "oracle"`);
    assert.deepStrictEqual(validateRotatedDatabaseArgs({ ...base, engine: "oracle" as never }), [`engine must be one of ${listed(ENGINES)}; got "oracle"`]);
  });
  it("every listed value passes both layers", () => {
    for (const strategy of ROTATION_STRATEGIES) {
      const rotation = strategy === "alternating-users" ? { strategy, applicationUsername: "app_user" } : { strategy };
      assert.deepStrictEqual(validateRotatedDatabaseArgs({ ...base, rotation }), [], strategy);
      assert.strictEqual(configMessage({ rotation }), "", strategy);
    }
    for (const engine of ENGINES) {
      assert.deepStrictEqual(validateRotatedDatabaseArgs({ ...base, engine }), [], engine);
      assert.strictEqual(configMessage({ engine }), "", engine);
    }
  });
});
