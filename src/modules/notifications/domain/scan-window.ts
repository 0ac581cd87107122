import { instantToLocalDateTime, localDateTimeToInstant } from '../../cohorts/domain/cohort-schedule.js';
import type { CohortSchedule } from '../../cohorts/domain/cohort-schedule.js';
import type { DeadlineItem } from './notification-kinds.js';

/** The span a scan covers: what fell due after `from` and at or before `to`. */
export interface ScanWindow {
  from: Date;
  to: Date;
}

export const DEADLINE_LEAD_HOURS = 48;
/** Local hour of the trainers' daily digest, in each cohort's time zone. */
export const DIGEST_LOCAL_HOUR = 7;
/** A first scan (no earlier run recorded) looks back this far, not to the beginning of time. */
export const FIRST_SCAN_LOOKBACK_MS = 60 * 60_000;
/** A scan after a long outage catches up at most this far back: older reminders would be noise. */
export const MAX_SCAN_LOOKBACK_MS = 2 * 24 * 3600_000;

const inWindow = (instant: Date, window: ScanWindow) =>
  instant.getTime() > window.from.getTime() && instant.getTime() <= window.to.getTime();

/** The window of this run: from where the last one stopped (bounded), to now. */
export function scanWindow(lastScannedThrough: Date | null, now: Date): ScanWindow {
  const earliest = now.getTime() - MAX_SCAN_LOOKBACK_MS;
  const from = lastScannedThrough
    ? Math.max(lastScannedThrough.getTime(), earliest)
    : now.getTime() - FIRST_SCAN_LOOKBACK_MS;
  return { from: new Date(Math.min(from, now.getTime())), to: now };
}

/** Modules of the schedule that opened inside the window. */
export function modulesUnlockedIn(schedule: CohortSchedule, window: ScanWindow): string[] {
  return schedule.moduleUnlocks.filter((unlock) => inWindow(unlock.opensAt, window)).map((unlock) => unlock.moduleId);
}

export interface DueDeadline {
  item: DeadlineItem;
  dueAt: Date;
}

/**
 * Deadlines whose reminder moment (`leadHours` before the due instant) falls inside the window and that are not yet
 * past. Quizzes close when the cohort ends (schedule.endsAt); the capstone and peer review have their own due dates.
 */
export function deadlinesRemindedIn(
  schedule: CohortSchedule,
  window: ScanWindow,
  leadHours = DEADLINE_LEAD_HOURS,
): DueDeadline[] {
  const lead = leadHours * 3600_000;
  const candidates: DueDeadline[] = [
    { item: 'quiz', dueAt: schedule.endsAt },
    { item: 'capstone', dueAt: schedule.capstoneDueAt },
    { item: 'peer-review', dueAt: schedule.peerReviewDueAt },
  ];
  return candidates.filter(
    ({ dueAt }) => inWindow(new Date(dueAt.getTime() - lead), window) && dueAt.getTime() > window.to.getTime(),
  );
}

/**
 * The local date (YYYY-MM-DD) whose digest hour falls inside the window in this zone, or null. A window longer than
 * a day yields the latest such date only: one digest, not a backlog of stale ones.
 */
export function digestDateIn(timeZone: string, window: ScanWindow, hour = DIGEST_LOCAL_HOUR): string | null {
  const lastDate = instantToLocalDateTime(window.to, timeZone).slice(0, 10);
  for (let back = 0; back <= 3; back++) {
    const date = shiftDate(lastDate, -back);
    const at = localDateTimeToInstant(`${date}T${String(hour).padStart(2, '0')}:00`, timeZone);
    if (!at) continue;
    if (inWindow(at, window)) return date;
    if (at.getTime() <= window.from.getTime()) return null;
  }
  return null;
}

function shiftDate(date: string, days: number): string {
  const instant = new Date(`${date}T12:00:00Z`);
  instant.setUTCDate(instant.getUTCDate() + days);
  return instant.toISOString().slice(0, 10);
}

/** Whether a cohort is running on this instant (from its first unlock to a day after its end), so worth a digest. */
export function isCohortRunning(schedule: CohortSchedule, now: Date): boolean {
  const first = schedule.moduleUnlocks[0]?.opensAt ?? schedule.capstoneDueAt;
  return now.getTime() >= first.getTime() && now.getTime() <= schedule.endsAt.getTime() + 24 * 3600_000;
}

/** Days after a module opens before a participant who has not completed it counts as behind schedule. */
export const BEHIND_GRACE_DAYS = 3;

/** The modules a participant should have completed by now but has not. */
export function modulesBehind(
  schedule: CohortSchedule,
  completedModuleIds: ReadonlySet<string>,
  now: Date,
  graceDays = BEHIND_GRACE_DAYS,
): string[] {
  const limit = now.getTime() - graceDays * 24 * 3600_000;
  return schedule.moduleUnlocks
    .filter((unlock) => unlock.opensAt.getTime() <= limit && !completedModuleIds.has(unlock.moduleId))
    .map((unlock) => unlock.moduleId);
}
