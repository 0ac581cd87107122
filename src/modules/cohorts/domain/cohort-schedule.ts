const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const DAYS_PER_WEEK = 7;
const DEFAULT_UNLOCK_HOUR = 8;
const CAPSTONE_DUE_DAY = 11;
const PEER_REVIEW_DUE_DAY = 13;
// A schedule read back from storage has no week numbers; week 1 unlocks fall on days 0..6 and week 2 starts on day 7,
// so half a day's margin either side absorbs any DST shift.
const WEEK_TWO_GAP_MS = 6.5 * DAY_MS;

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// Intl also accepts offsets such as "+05:45", which follow no daylight-saving rules: a cohort needs a named zone.
const IANA_ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/;

export type ScheduleErrorCode = 'UNKNOWN_MODULE' | 'UNLOCK_ORDER' | 'DEADLINE_ORDER';

export class ScheduleError extends Error {
  constructor(
    readonly code: ScheduleErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ScheduleError';
  }
}

export interface CohortModule {
  id: string;
  number: number;
  weekNumber: number;
}

export interface ModuleUnlock {
  moduleId: string;
  opensAt: Date;
  /** Set by deriveSchedule; absent when the schedule is rebuilt from storage, which keeps only id and instant. */
  weekNumber?: number;
}

export interface CohortSchedule {
  /** In module number order. */
  moduleUnlocks: ModuleUnlock[];
  capstoneDueAt: Date;
  peerReviewDueAt: Date;
  endsAt: Date;
}

export interface DeriveScheduleInput {
  /** The local date of day 0, YYYY-MM-DD. */
  startDate: string;
  /** IANA zone, e.g. Africa/Dakar. */
  timeZone: string;
  modules: CohortModule[];
  /** Local hour at which each module opens; 8 unless given. */
  unlockHour?: number;
  /** Days the peer-review window stays open after the capstone due date (course.yaml `peerReview: windowDays`); 2 unless given. */
  peerReviewDays?: number;
}

export interface ScheduleOverrides {
  moduleUnlocks?: Record<string, Date>;
  capstoneDueAt?: Date;
  peerReviewDueAt?: Date;
}

/**
 * The default schedule of a cohort: the k-th module (by number) of week w opens on day (w - 1) * 7 + k at
 * `unlockHour`:00 local time; the capstone is due at the end of day 11 and peer review at the end of day 13 (or
 * `peerReviewDays` after day 11).
 * Invalid input is a programming error (callers validate with isValidLocalDate and isValidTimeZone): RangeError.
 */
export function deriveSchedule(input: DeriveScheduleInput): CohortSchedule {
  const {
    startDate,
    timeZone,
    modules,
    unlockHour = DEFAULT_UNLOCK_HOUR,
    peerReviewDays = PEER_REVIEW_DUE_DAY - CAPSTONE_DUE_DAY,
  } = input;
  const start = parseLocalDate(startDate);
  if (!start) throw new RangeError(`start date "${startDate}" is not a calendar date in the form YYYY-MM-DD`);
  if (!isValidTimeZone(timeZone)) throw new RangeError(`"${timeZone}" is not an IANA time zone`);
  if (!Number.isInteger(unlockHour) || unlockHour < 0 || unlockHour > 23) {
    throw new RangeError(`unlock hour ${unlockHour} is not a whole hour from 0 to 23`);
  }
  if (!Number.isInteger(peerReviewDays) || peerReviewDays < 1 || peerReviewDays > 30) {
    throw new RangeError(`peer review window of ${peerReviewDays} days is not a whole number of days from 1 to 30`);
  }
  assertModules(modules);

  const dayZero = wallClockMs(start.year, start.month, start.day);
  const ordered = [...modules].sort((left, right) => left.number - right.number);
  const modulesSeenInWeek = new Map<number, number>();
  const moduleUnlocks = ordered.map((module): ModuleUnlock => {
    const positionInWeek = modulesSeenInWeek.get(module.weekNumber) ?? 0;
    modulesSeenInWeek.set(module.weekNumber, positionInWeek + 1);
    const day = (module.weekNumber - 1) * DAYS_PER_WEEK + positionInWeek;
    const opensAt = zonedWallClockToInstant(dayZero + day * DAY_MS + unlockHour * HOUR_MS, timeZone);
    return { moduleId: module.id, opensAt: new Date(opensAt), weekNumber: module.weekNumber };
  });
  const peerReviewDueAt = endOfLocalDay(dayZero, CAPSTONE_DUE_DAY + peerReviewDays, timeZone);
  const schedule: CohortSchedule = {
    moduleUnlocks,
    capstoneDueAt: endOfLocalDay(dayZero, CAPSTONE_DUE_DAY, timeZone),
    peerReviewDueAt,
    endsAt: new Date(peerReviewDueAt),
  };
  // Week numbers that disagree with module numbers, or a week 2 of more than five modules, break the same rules
  // as a bad override: refuse them here rather than store a schedule that no edit could reproduce.
  assertScheduleOrder(schedule);
  return schedule;
}

/**
 * Applies one cohort's edits to its derived schedule; overrides replace instants and never add modules.
 * Throws ScheduleError when the result would open a later module before an earlier one or put a deadline out of order.
 */
export function applyScheduleOverrides(base: CohortSchedule, overrides: ScheduleOverrides): CohortSchedule {
  const unlockOverrides = overrides.moduleUnlocks ?? {};
  const known = new Set(base.moduleUnlocks.map((unlock) => unlock.moduleId));
  const unknown = Object.keys(unlockOverrides).filter((moduleId) => !known.has(moduleId));
  if (unknown.length > 0) {
    throw new ScheduleError(
      'UNKNOWN_MODULE',
      `${unknown.length === 1 ? 'module' : 'modules'} ${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not in this cohort's course`,
    );
  }
  for (const [moduleId, opensAt] of Object.entries(unlockOverrides)) assertValidDate(opensAt, `opening of ${moduleId}`);
  if (overrides.capstoneDueAt) assertValidDate(overrides.capstoneDueAt, 'capstone due date');
  if (overrides.peerReviewDueAt) assertValidDate(overrides.peerReviewDueAt, 'peer review due date');

  const peerReviewDueAt = new Date(overrides.peerReviewDueAt ?? base.peerReviewDueAt);
  const schedule: CohortSchedule = {
    moduleUnlocks: base.moduleUnlocks.map((unlock) => ({
      ...unlock,
      opensAt: new Date(
        Object.hasOwn(unlockOverrides, unlock.moduleId) ? unlockOverrides[unlock.moduleId] : unlock.opensAt,
      ),
    })),
    capstoneDueAt: new Date(overrides.capstoneDueAt ?? base.capstoneDueAt),
    peerReviewDueAt,
    // The cohort is not over while peer review is still open; moving peer review earlier keeps the two weeks.
    endsAt: new Date(Math.max(base.endsAt.getTime(), peerReviewDueAt.getTime())),
  };
  assertScheduleOrder(schedule);
  return schedule;
}

/** Whether the module has unlocked at `now`; modules stay open after the cohort ends. */
export function isModuleOpen(schedule: CohortSchedule, moduleId: string, now: Date): boolean {
  const unlock = schedule.moduleUnlocks.find((entry) => entry.moduleId === moduleId);
  if (!unlock) throw new ScheduleError('UNKNOWN_MODULE', `module ${moduleId} is not in this cohort's schedule`);
  return now.getTime() >= unlock.opensAt.getTime();
}

/** 0 before the first unlock, 3 from the end of the cohort, else 1 or 2: week 2 starts at the first week-2 unlock. */
export function currentWeek(schedule: CohortSchedule, now: Date): 0 | 1 | 2 | 3 {
  const instants = schedule.moduleUnlocks.map((unlock) => unlock.opensAt.getTime());
  if (instants.length === 0) return now.getTime() >= schedule.endsAt.getTime() ? 3 : 0;
  const firstUnlock = Math.min(...instants);
  if (now.getTime() < firstUnlock) return 0;
  if (now.getTime() >= schedule.endsAt.getTime()) return 3;
  const hasWeekNumbers = schedule.moduleUnlocks.every((unlock) => unlock.weekNumber !== undefined);
  const weekTwoUnlocks = schedule.moduleUnlocks
    .filter((unlock) =>
      hasWeekNumbers ? (unlock.weekNumber ?? 1) >= 2 : unlock.opensAt.getTime() - firstUnlock >= WEEK_TWO_GAP_MS,
    )
    .map((unlock) => unlock.opensAt.getTime());
  if (weekTwoUnlocks.length > 0 && now.getTime() >= Math.min(...weekTwoUnlocks)) return 2;
  return 1;
}

/** E.g. "Mon, 7 Sept 2026, 08:00 (Africa/Dakar)"; the exact words come from the runtime's locale data. */
export function formatInTimeZone(instant: Date, timeZone: string, locale = 'en-GB'): string {
  return `${displayFormatter(locale, timeZone).format(instant)} (${timeZone})`;
}

export function isValidTimeZone(zone: string): boolean {
  if (typeof zone !== 'string' || !IANA_ZONE_NAME.test(zone)) return false;
  try {
    wallClockFormatter(zone);
    return true;
  } catch {
    return false;
  }
}

/** Strict YYYY-MM-DD naming a real day of the Gregorian calendar (years 0001 to 9999). */
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/**
 * A wall-clock time typed in a form (`<input type="datetime-local">`, YYYY-MM-DDTHH:MM) in the cohort's zone,
 * as an instant; null when it is not a real date and time. DST gaps and overlaps follow deriveSchedule's rule.
 */
export function localDateTimeToInstant(value: string, timeZone: string): Date | null {
  const match = LOCAL_DATE_TIME.exec(value);
  if (!match || !isValidTimeZone(timeZone)) return null;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  if (!parseLocalDate(`${match[1]}-${match[2]}-${match[3]}`) || hour > 23 || minute > 59) return null;
  return new Date(zonedWallClockToInstant(wallClockMs(year, month, day, hour, minute), timeZone));
}

/** The form value (YYYY-MM-DDTHH:MM) that shows an instant as wall-clock time in a zone. */
export function instantToLocalDateTime(instant: Date, timeZone: string): string {
  return new Date(wallClockAt(instant.getTime(), timeZone)).toISOString().slice(0, 16);
}

export function isValidLocalDate(date: string): boolean {
  return parseLocalDate(date) !== null;
}

function parseLocalDate(date: string): { year: number; month: number; day: number } | null {
  if (typeof date !== 'string') return null;
  const match = LOCAL_DATE.exec(date);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1) return null;
  const lastDay = new Date(wallClockMs(year, month + 1, 1) - DAY_MS).getUTCDate();
  return day <= lastDay ? { year, month, day } : null;
}

function assertModules(modules: CohortModule[]): void {
  if (modules.length === 0) throw new RangeError('a cohort schedule needs at least one module');
  const ids = new Set<string>();
  const numbers = new Set<number>();
  for (const module of modules) {
    if (ids.has(module.id)) throw new RangeError(`module ${module.id} is listed twice`);
    if (numbers.has(module.number)) throw new RangeError(`two modules have number ${module.number}`);
    if (!Number.isInteger(module.weekNumber) || module.weekNumber < 1) {
      throw new RangeError(`module ${module.id} has week number ${module.weekNumber}: weeks count from 1`);
    }
    ids.add(module.id);
    numbers.add(module.number);
  }
}

function assertValidDate(date: Date, what: string): void {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) throw new RangeError(`the ${what} is not a valid date`);
}

function assertScheduleOrder(schedule: CohortSchedule): void {
  const unlocks = schedule.moduleUnlocks;
  for (let index = 1; index < unlocks.length; index++) {
    const earlier = unlocks[index - 1];
    const later = unlocks[index];
    if (later.opensAt.getTime() < earlier.opensAt.getTime()) {
      throw new ScheduleError(
        'UNLOCK_ORDER',
        `module ${later.moduleId} would open (${later.opensAt.toISOString()}) before module ${earlier.moduleId} (${earlier.opensAt.toISOString()})`,
      );
    }
  }
  const last = unlocks.at(-1);
  if (last && schedule.capstoneDueAt.getTime() <= last.opensAt.getTime()) {
    throw new ScheduleError(
      'DEADLINE_ORDER',
      `the capstone would be due (${schedule.capstoneDueAt.toISOString()}) before the last module, ${last.moduleId}, opens (${last.opensAt.toISOString()})`,
    );
  }
  if (schedule.peerReviewDueAt.getTime() <= schedule.capstoneDueAt.getTime()) {
    throw new ScheduleError(
      'DEADLINE_ORDER',
      `peer review would be due (${schedule.peerReviewDueAt.toISOString()}) before the capstone (${schedule.capstoneDueAt.toISOString()})`,
    );
  }
}

/** 23:59:59 local, as the second before the next local day starts: right even when DST changes at midnight. */
function endOfLocalDay(dayZero: number, day: number, timeZone: string): Date {
  return new Date(zonedWallClockToInstant(dayZero + (day + 1) * DAY_MS, timeZone) - 1000);
}

/**
 * A wall-clock time ("wall ms": the local time read as if it were UTC) to the instant it names in the zone.
 * A time that occurs twice (DST ends) gives the earlier instant; one that never occurs (DST starts) gives the
 * first instant after the gap.
 */
function zonedWallClockToInstant(wall: number, timeZone: string): number {
  // Offsets a day either side of the guess cover both sides of any transition near it.
  const offsets = new Set([wall - DAY_MS, wall, wall + DAY_MS].map((instant) => offsetAt(instant, timeZone)));
  const candidates = [...offsets].map((offset) => wall - offset);
  const matching = candidates.filter((candidate) => wallClockAt(candidate, timeZone) === wall);
  if (matching.length > 0) return Math.min(...matching);

  // In a gap the wall clock jumps past `wall`: find the first instant whose wall clock is at or after it.
  let low = Math.min(...candidates);
  let high = Math.max(...candidates);
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (wallClockAt(middle, timeZone) >= wall) high = middle;
    else low = middle;
  }
  return high;
}

function offsetAt(instant: number, timeZone: string): number {
  return wallClockAt(instant, timeZone) - instant;
}

function wallClockAt(instant: number, timeZone: string): number {
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of wallClockFormatter(timeZone).formatToParts(instant)) parts[part.type] = part.value;
  const year = Number(parts.year);
  const milliseconds = ((instant % 1000) + 1000) % 1000;
  return (
    wallClockMs(
      parts.era === 'BC' ? 1 - year : year,
      Number(parts.month),
      Number(parts.day),
      Number(parts.hour),
      Number(parts.minute),
      Number(parts.second),
    ) + milliseconds
  );
}

/** Date.UTC, without its reading of years 0..99 as 1900..1999. */
function wallClockMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const date = new Date(Date.UTC(2000, 0, 1, hour, minute, second));
  date.setUTCFullYear(year, month - 1, day);
  return date.getTime();
}

const wallClockFormatters = new Map<string, Intl.DateTimeFormat>();
const displayFormatters = new Map<string, Intl.DateTimeFormat>();

function wallClockFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = wallClockFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      hourCycle: 'h23',
    });
    wallClockFormatters.set(timeZone, formatter);
  }
  return formatter;
}

function displayFormatter(locale: string, timeZone: string): Intl.DateTimeFormat {
  const key = `${locale}\u0000${timeZone}`;
  let formatter = displayFormatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, {
      timeZone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    displayFormatters.set(key, formatter);
  }
  return formatter;
}
