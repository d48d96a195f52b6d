// The plan as text: a plain statement of what this is (a declaration, not a diff), the resource tree,
// then the security and rotation summary.
import { ResourceIndex } from "./resourceIndex";
import { renderSummary } from "./renderSummary";
import { renderTree } from "./renderTree";
import type { Plan } from "./runPlan";

export function renderPlan(plan: Plan): string {
  const index = new ResourceIndex(plan.resources);
  const lines = [
    `Offline plan of stack "${plan.stack}" (project ${plan.project}, region ${plan.region})`,
    "This is what the program declares for this stack, computed under Pulumi's mocks with no cloud calls.",
    "It is not a diff against a live stack: ids and ARNs below are stand-ins; run `pulumi preview` with AWS",
    "credentials to see what would change.",
    "",
    `Resources (${plan.resources.length})`,
    ...renderTree(index, `${plan.project}-${plan.stack} (stack)`),
    ...renderSummary(index),
  ];
  return lines.join("\n") + "\n";
}
