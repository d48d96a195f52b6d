// `doctor`: read-only checks of why rotation fails or would fail; exit 1 when one fails.
import type { CommandContext } from "../context";
import { gatherSnapshot } from "../doctor/gatherSnapshot";
import { formatReportJson, formatReportText } from "../doctor/formatReport";
import { hasFailure, runChecks } from "../doctor/runChecks";
import { EXIT } from "../exitCodes";

export async function doctorCommand(ctx: CommandContext): Promise<number> {
  const secretId = ctx.secretId();
  const snapshot = await gatherSnapshot(ctx.aws, secretId, ctx.deps.now(), ctx.endpoints());
  const results = runChecks(snapshot);
  ctx.io.stdout.write(ctx.output === "json" ? formatReportJson(secretId, results) : formatReportText(secretId, results));
  return hasFailure(results) ? EXIT.CHECK_FAILED : EXIT.OK;
}
