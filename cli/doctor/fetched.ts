// How doctor's gathering records a call: its value, or the failure with the IAM action that failed,
// for the checks to report ("could not check: access denied to ..."). Configuration errors (no
// credentials, no region) stop doctor as they stop every command.
import { awsErrorCode, isNotFound, toCliError } from "../aws/awsCall";
import { EXIT } from "../exitCodes";
import type { Fetched, FetchFailure } from "./snapshot";

const ACCESS_DENIED = new Set(["AccessDeniedException", "AccessDenied", "UnauthorizedOperation", "AuthFailure"]);

function failureOf(err: unknown, action: string, subject: string): FetchFailure {
  const code = awsErrorCode(err) ?? "Error";
  return { action, code, message: toCliError(err, { action, subject }).message, accessDenied: ACCESS_DENIED.has(code), notFound: isNotFound(err) };
}

/** A failure inside a multi-call fetch, labelled with the call's own IAM action. */
class LabelledError extends Error {
  constructor(
    readonly action: string,
    readonly original: unknown,
  ) {
    super(action);
  }
}

export async function labelled<T>(action: string, call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (err) {
    throw new LabelledError(action, err);
  }
}

export async function fetched<T>(defaultAction: string, subject: string, call: () => Promise<T>): Promise<Fetched<T>> {
  try {
    return { ok: true, value: await call() };
  } catch (caught) {
    const action = caught instanceof LabelledError ? caught.action : defaultAction;
    const err = caught instanceof LabelledError ? caught.original : caught;
    const mapped = toCliError(err, { action, subject });
    if (mapped.exitCode === EXIT.CONFIGURATION) throw mapped;
    return { ok: false, error: failureOf(err, action, subject) };
  }
}
