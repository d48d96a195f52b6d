// `rotate --wait`: polls the version stages until AWSCURRENT moves to the new version, the rotation
// visibly fails, or the timeout passes. Reports each phase as it is reached: a spinner line on a
// terminal, plain lines otherwise.
import { isNotFound } from "../aws/awsCall";
import type { AwsClients } from "../aws/clients";
import type { CliDependencies, Output } from "../context";
import { RotationFailedError } from "../errors";
import { describeSecret } from "../secret/readSecret";
import { rotationProgress, type RotationProgress } from "./rotationProgress";

const SPINNER = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
/** Spinner frame interval on a terminal. */
const FRAME_MS = 100;

export interface FollowOptions {
  secretId: string;
  versionId: string;
  previous?: string;
  timeoutMs: number;
  /** Where progress goes (stderr when the result is JSON on stdout). */
  out: Output;
}

/** A progress reporter: one line per phase, or one rewritten line with a spinner on a TTY. */
function reporter(out: Output, startedAt: number, now: () => number) {
  let text = "";
  let frame = 0;
  let timer: NodeJS.Timeout | undefined;
  const draw = () => out.write(`\r\x1b[K${SPINNER[frame++ % SPINNER.length]} ${text} (${Math.round((now() - startedAt) / 1000)} s)`);
  return {
    phase(message: string) {
      if (!out.isTTY) {
        out.write(`${message}\n`);
        return;
      }
      if (text) out.write(`\r\x1b[K✓ ${text}\n`);
      text = message;
      draw();
      timer ??= setInterval(draw, FRAME_MS);
    },
    end(message: string, success: boolean) {
      if (timer) clearInterval(timer);
      if (!out.isTTY) {
        if (success) out.write(`${message}\n`);
        return;
      }
      if (text && success) out.write(`\r\x1b[K✓ ${text}\n`);
      if (success) out.write(`\r\x1b[K✓ ${message}\n`);
      else if (text) out.write(`\r\x1b[K✗ ${text}\n`);
    },
  };
}

async function hasValue(clients: AwsClients, secretId: string, versionId: string): Promise<boolean | undefined> {
  const sm = await clients.secretsManager();
  const { GetSecretValueCommand } = await import("@aws-sdk/client-secrets-manager");
  try {
    // Only whether the version holds a value matters; the value itself is dropped at once.
    await sm.send(new GetSecretValueCommand({ SecretId: secretId, VersionId: versionId }));
    return true;
  } catch (err) {
    return isNotFound(err) ? false : undefined;
  }
}

const ORDER = ["started", "created", "finished"] as const;

/** Follows the rotation to its end; resolves on success, throws RotationFailedError otherwise. */
export async function followRotation(clients: AwsClients, deps: CliDependencies, options: FollowOptions): Promise<RotationProgress> {
  const startedAt = deps.now().getTime();
  const report = reporter(options.out, startedAt, () => deps.now().getTime());
  const doctorHint = `Run "rotated-rds doctor --secret-id ${options.secretId}" to find out why.`;
  // Every phase is reported in order, also one that passed between two looks, so the record is complete.
  let reported = -1;
  const reach = (phase: (typeof ORDER)[number]) => {
    const target = ORDER.indexOf(phase);
    for (let i = reported + 1; i <= target && i < ORDER.length - 1; i++) {
      const stages = { [options.versionId]: ["AWSPENDING"] };
      report.phase(rotationProgress({ stages: { ...(options.previous ? { [options.previous]: ["AWSCURRENT"] } : {}), ...stages }, pendingHasValue: i === 1 }, options.versionId, options.previous).message);
    }
    reported = Math.max(reported, Math.min(target, ORDER.length - 2));
  };
  let created = false;
  try {
    for (;;) {
      const described = await describeSecret(clients, options.secretId);
      const stages = described.VersionIdsToStages ?? {};
      if (!created && stages[options.versionId]?.includes("AWSPENDING")) created = (await hasValue(clients, options.secretId, options.versionId)) === true;
      const progress = rotationProgress({ stages, pendingHasValue: created }, options.versionId, options.previous);
      if (progress.phase === "failed") throw new RotationFailedError(`rotation failed: ${progress.message}. ${doctorHint}`);
      reach(progress.phase);
      if (progress.phase === "finished") {
        report.end(progress.message, true);
        return progress;
      }
      if (deps.now().getTime() - startedAt >= options.timeoutMs) {
        throw new RotationFailedError(
          `rotation did not finish within ${Math.round(options.timeoutMs / 1000)} s: version ${options.versionId} is still AWSPENDING (${progress.phase === "created" ? "createSecret done; setSecret, testSecret or finishSecret not" : "createSecret not done"}). Secrets Manager retries a failed rotation on its own; the function's log says what failed. ${doctorHint}`,
        );
      }
      await deps.sleep(deps.pollIntervalMs);
    }
  } catch (err) {
    report.end("", false);
    throw err;
  }
}
