// Defaults applied in one place.
import * as assert from "assert";
import {
  DEFAULT_EXCLUDE_CHARACTERS,
  RDS_FORBIDDEN_PASSWORD_CHARACTERS,
  withDefaults,
} from "../../components/defaults";
import { excludeCharactersError } from "../../components/validate";

describe("withDefaults", () => {
  const r = withDefaults({ vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"] });

  it("fills every optional argument with its documented default", () => {
    assert.deepStrictEqual({ ...r, vpcId: undefined, subnetIds: undefined }, {
      vpcId: undefined,
      subnetIds: undefined,
      allowedSecurityGroupIds: [],
      allowedCidrBlocks: [],
      secretsManagerAccess: { createEndpoint: true },
      engine: "postgres",
      engineVersion: "17",
      port: 5432,
      instanceClass: "db.t4g.micro",
      allocatedStorage: 20,
      dbName: "app",
      masterUsername: "dbadmin",
      multiAz: false,
      proxy: undefined,
      deletionProtection: false,
      applyImmediately: false,
      allowMajorVersionUpgrade: false,
      backupRetentionDays: 7,
      skipFinalSnapshot: false,
      kmsKeyArn: undefined,
      rotation: {
        strategy: "single-user",
        schedule: "rate(4 hours)",
        duration: "1h",
        rotateImmediately: true,
        passwordLength: 32,
        excludeCharacters: DEFAULT_EXCLUDE_CHARACTERS,
        applicationUsername: undefined,
      },
      alerts: { topicArn: undefined, email: undefined },
      logRetentionDays: 30,
      tags: {},
    });
  });
  it("picks the engine's default version and port", () => {
    const of = (engine: "mysql" | "mariadb") => withDefaults({ vpcId: "v", subnetIds: [], engine });
    assert.deepStrictEqual([of("mysql").engineVersion, of("mysql").port], ["8.4", 3306]);
    assert.deepStrictEqual([of("mariadb").engineVersion, of("mariadb").port], ["11.4", 3306]);
  });
  it("keeps what the caller gave", () => {
    const given = withDefaults({ vpcId: "v", subnetIds: [], engineVersion: "16.4", rotation: { schedule: "rate(1 day)" }, tags: { a: "b" } });
    assert.deepStrictEqual([given.engineVersion, given.rotation.schedule, given.rotation.duration, given.tags], ["16.4", "rate(1 day)", "1h", { a: "b" }]);
  });
  it("excludes the characters RDS refuses, and passes its own validation", () => {
    for (const c of RDS_FORBIDDEN_PASSWORD_CHARACTERS) assert.ok(DEFAULT_EXCLUDE_CHARACTERS.includes(c), c);
    assert.strictEqual(excludeCharactersError(DEFAULT_EXCLUDE_CHARACTERS), undefined);
  });
});
