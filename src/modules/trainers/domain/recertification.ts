/** The recertification date: `months` after the certification day (UTC), as an ISO date. Default two years. */
export function recertificationDate(certifiedAt: Date, months = 24): string {
  const date = new Date(Date.UTC(certifiedAt.getUTCFullYear(), certifiedAt.getUTCMonth(), certifiedAt.getUTCDate()));
  const day = date.getUTCDate();
  date.setUTCDate(1);
  date.setUTCMonth(date.getUTCMonth() + months);
  // 29 February + 12 months is 28 February, not 1 March.
  const lastDay = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  date.setUTCDate(Math.min(day, lastDay));
  return date.toISOString().slice(0, 10);
}

/** A certification has lapsed once its recertification date is over (valid through that whole day, UTC). */
export function hasLapsed(validUntil: string, now: Date): boolean {
  return now.toISOString().slice(0, 10) > validUntil;
}

export const REMINDER_DAYS_BEFORE = [30, 7] as const;

/** When each reminder is due: 08:00 UTC, 30 and 7 days before the recertification date. */
export function reminderTimes(validUntil: string): { daysBefore: number; at: Date }[] {
  const [year, month, day] = validUntil.split('-').map(Number);
  return REMINDER_DAYS_BEFORE.map((daysBefore) => ({
    daysBefore,
    at: new Date(Date.UTC(year, month - 1, day - daysBefore, 8)),
  }));
}
