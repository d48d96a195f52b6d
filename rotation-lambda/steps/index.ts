// The four rotation steps, by the name Secrets Manager sends in the event's Step field.
import type { RotationStep } from "../event";
import { createSecret } from "./createSecret";
import { finishSecret } from "./finishSecret";
import { setSecret } from "./setSecret";
import type { StepContext } from "./stepContext";
import { testSecret } from "./testSecret";

export type { StepContext } from "./stepContext";

export const STEPS: Record<RotationStep, (ctx: StepContext) => Promise<void>> = {
  createSecret,
  setSecret,
  testSecret,
  finishSecret,
};
