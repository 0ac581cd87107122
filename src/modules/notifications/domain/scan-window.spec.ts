import { describe, expect, it } from '@jest/globals';
import type { CohortSchedule } from '../../cohorts/domain/cohort-schedule.js';
import {
  deadlinesRemindedIn,
  digestDateIn,
  isCohortRunning,
  modulesBehind,
  modulesUnlockedIn,
  scanWindow,
} from './scan-window.js';

const at = (iso: string) => new Date(iso);
const schedule: CohortSchedule = {
  moduleUnlocks: [
    { moduleId: 'm1', opensAt: at('2026-09-07T08:00:00Z') },
    { moduleId: 'm2', opensAt: at('2026-09-08T08:00:00Z') },
    { moduleId: 'm3', opensAt: at('2026-09-14T08:00:00Z') },
  ],
  capstoneDueAt: at('2026-09-18T23:59:59Z'),
  peerReviewDueAt: at('2026-09-20T23:59:59Z'),
  endsAt: at('2026-09-20T23:59:59Z'),
};

describe('the scan window', () => {
  it('should start where the last scan stopped', () => {
    expect(scanWindow(at('2026-09-08T07:55:00Z'), at('2026-09-08T08:00:00Z'))).toEqual({
      from: at('2026-09-08T07:55:00Z'),
      to: at('2026-09-08T08:00:00Z'),
    });
  });

  it('should look back one hour on a first scan and at most two days after an outage', () => {
    expect(scanWindow(null, at('2026-09-08T08:00:00Z')).from).toEqual(at('2026-09-08T07:00:00Z'));
    expect(scanWindow(at('2026-01-01T00:00:00Z'), at('2026-09-08T08:00:00Z')).from).toEqual(at('2026-09-06T08:00:00Z'));
  });
});

describe('modules unlocked in a window', () => {
  it('should include an unlock at the end of the window and exclude one at its start', () => {
    expect(modulesUnlockedIn(schedule, { from: at('2026-09-07T08:00:00Z'), to: at('2026-09-08T08:00:00Z') })).toEqual([
      'm2',
    ]);
  });

  it('should find nothing in a window between unlocks', () => {
    expect(modulesUnlockedIn(schedule, { from: at('2026-09-09T00:00:00Z'), to: at('2026-09-10T00:00:00Z') })).toEqual(
      [],
    );
  });

  it('should give the same unlock to two overlapping windows (the dedupe key makes the second a no-op)', () => {
    const first = modulesUnlockedIn(schedule, { from: at('2026-09-14T07:50:00Z'), to: at('2026-09-14T08:05:00Z') });
    const second = modulesUnlockedIn(schedule, { from: at('2026-09-14T07:55:00Z'), to: at('2026-09-14T08:10:00Z') });
    expect(first).toEqual(['m3']);
    expect(second).toEqual(['m3']);
  });
});

describe('deadlines reminded in a window', () => {
  it('should remind of the capstone 48 hours before it is due', () => {
    expect(deadlinesRemindedIn(schedule, { from: at('2026-09-16T23:55:00Z'), to: at('2026-09-17T00:00:00Z') })).toEqual(
      [{ item: 'capstone', dueAt: schedule.capstoneDueAt }],
    );
  });

  it('should remind of quizzes (closing when the cohort ends) and peer review together when they share a due date', () => {
    const items = deadlinesRemindedIn(schedule, { from: at('2026-09-18T23:55:00Z'), to: at('2026-09-19T00:00:00Z') });
    expect(items.map((deadline) => deadline.item)).toEqual(['quiz', 'peer-review']);
  });

  it('should not remind of a deadline already past', () => {
    expect(
      deadlinesRemindedIn(schedule, { from: at('2026-09-16T00:00:00Z'), to: at('2026-09-19T00:00:00Z') }).map(
        (deadline) => deadline.item,
      ),
    ).toEqual(['quiz', 'peer-review']);
  });

  it('should honour another lead time', () => {
    expect(
      deadlinesRemindedIn(schedule, { from: at('2026-09-17T23:00:00Z'), to: at('2026-09-18T00:00:00Z') }, 24),
    ).toEqual([{ item: 'capstone', dueAt: schedule.capstoneDueAt }]);
  });
});

describe('the digest hour', () => {
  it('should fall at 07:00 local time in the cohort zone (Kathmandu is UTC+05:45)', () => {
    expect(digestDateIn('Asia/Kathmandu', { from: at('2026-09-10T01:10:00Z'), to: at('2026-09-10T01:15:00Z') })).toBe(
      '2026-09-10',
    );
    expect(
      digestDateIn('Asia/Kathmandu', { from: at('2026-09-10T01:15:00Z'), to: at('2026-09-10T01:20:00Z') }),
    ).toBeNull();
  });

  it('should give one date only after a long outage', () => {
    expect(digestDateIn('Africa/Dakar', { from: at('2026-09-08T00:00:00Z'), to: at('2026-09-10T12:00:00Z') })).toBe(
      '2026-09-10',
    );
  });

  it('should follow daylight saving time', () => {
    // 07:00 in Paris is 05:00 UTC in summer and 06:00 UTC in winter.
    expect(digestDateIn('Europe/Paris', { from: at('2026-07-01T04:59:00Z'), to: at('2026-07-01T05:00:00Z') })).toBe(
      '2026-07-01',
    );
    expect(
      digestDateIn('Europe/Paris', { from: at('2026-12-01T04:59:00Z'), to: at('2026-12-01T05:00:00Z') }),
    ).toBeNull();
    expect(digestDateIn('Europe/Paris', { from: at('2026-12-01T05:59:00Z'), to: at('2026-12-01T06:00:00Z') })).toBe(
      '2026-12-01',
    );
  });
});

describe('cohort activity and progress', () => {
  it('should count a cohort as running from its first unlock to a day after it ends', () => {
    expect(isCohortRunning(schedule, at('2026-09-07T07:59:00Z'))).toBe(false);
    expect(isCohortRunning(schedule, at('2026-09-07T08:00:00Z'))).toBe(true);
    expect(isCohortRunning(schedule, at('2026-09-21T23:00:00Z'))).toBe(true);
    expect(isCohortRunning(schedule, at('2026-09-22T01:00:00Z'))).toBe(false);
  });

  it('should count as behind the modules opened more than three days ago and not completed', () => {
    const now = at('2026-09-11T09:00:00Z');
    expect(modulesBehind(schedule, new Set(), now)).toEqual(['m1', 'm2']);
    expect(modulesBehind(schedule, new Set(['m1']), now)).toEqual(['m2']);
    expect(modulesBehind(schedule, new Set(['m1', 'm2']), now)).toEqual([]);
  });
});
