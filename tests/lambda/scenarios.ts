// The engine-agnostic rotation suite (issue 3, Tests 1-11). An engine's test file calls
// runRotationScenarios with a fixture starter; everything else is shared.
import { auroraScenarios } from "./auroraScenarios";
import { failureScenarios } from "./failureScenarios";
import { rotationScenarios } from "./rotationScenarios";
import { useScenarioEnv, type EngineSuiteOptions, type Strategy } from "./scenarioEnv";
import { bundleScenarios, suiteChecks } from "./suiteChecks";

export type { EngineSuiteOptions } from "./scenarioEnv";

export function runRotationScenarios(title: string, options: EngineSuiteOptions & Required<Pick<EngineSuiteOptions, "auroraEngine">>): void {
  describe(title, function () {
    this.timeout(60_000);
    const getEnv = useScenarioEnv(options);
    for (const strategy of ["single-user", "alternating-users"] as Strategy[]) {
      describe(strategy, () => {
        rotationScenarios(getEnv, strategy);
        failureScenarios(getEnv, strategy);
      });
    }
    // Before the suite checks, so that the leak check covers the Aurora-shaped secrets too.
    auroraScenarios(getEnv);
    bundleScenarios(getEnv);
    suiteChecks(getEnv);
  });
}
