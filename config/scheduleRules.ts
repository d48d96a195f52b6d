// Rotation schedule and window checks at config level, so a bad stack file fails with the config key
// in the message before any resource is declared. The rules themselves (design.md section 5) are the
// component's own parser, components/schedule.ts, so the program and RotatedDatabase cannot disagree;
// this module only turns a refusal into a ConfigError that names the stack file's key.
import { MIN_ROTATION_INTERVAL_HOURS, ParsedSchedule, maxDurationHours, parseDuration, parseSchedule } from "../components/schedule";
import { ConfigError } from "./ConfigError";

export { MIN_ROTATION_INTERVAL_HOURS };

const SCHEDULE_ALLOWED =
  `rate(N hours) with N >= ${MIN_ROTATION_INTERVAL_HOURS}, rate(N days), or cron(0 H DoM Mon DoW *) ` +
  `in UTC with at least ${MIN_ROTATION_INTERVAL_HOURS} hours between rotations`;

/** The parsed schedule; throws ConfigError if malformed or too frequent. */
export function validateSchedule(key: string, expression: string): ParsedSchedule {
  const parsed = parseSchedule(expression);
  if (!parsed.ok) throw new ConfigError(key, expression, SCHEDULE_ALLOWED);
  return parsed.value;
}

/** Validates a rotation window such as "2h" against the schedule (the component's default when unset). */
export function validateDuration(key: string, duration: string, schedule: ParsedSchedule): void {
  if (!parseDuration(duration, schedule).ok) {
    const max = maxDurationHours(schedule);
    throw new ConfigError(key, duration,
      `a window like "2h" from 1h to ${max}h (1-24 hours and shorter than the ${schedule.minIntervalHours}-hour interval of "${schedule.expression}"` +
      (schedule.lastWindowStartHour > 0
        ? `, ending by midnight UTC after its latest start at ${String(schedule.lastWindowStartHour).padStart(2, "0")}:00)`
        : ")"));
  }
}
