import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  applyScheduleOverrides,
  currentWeek,
  deriveSchedule,
  formatInTimeZone,
  isModuleOpen,
  isValidLocalDate,
  isValidTimeZone,
  ScheduleError,
  type CohortModule,
  type CohortSchedule,
} from './cohort-schedule.js';

const TEN_MODULES: CohortModule[] = Array.from({ length: 10 }, (_, index) => ({
  id: `m${String(index + 1).padStart(2, '0')}`,
  number: index + 1,
  weekNumber: index < 5 ? 1 : 2,
}));
const WEEK_ONE = TEN_MODULES.slice(0, 5);

function opensAt(schedule: CohortSchedule): string[] {
  return schedule.moduleUnlocks.map((unlock) => unlock.opensAt.toISOString());
}

function expectScheduleError(action: () => unknown, code: ScheduleError['code'], message: RegExp): void {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(ScheduleError);
    expect((error as ScheduleError).code).toBe(code);
    expect((error as ScheduleError).message).toMatch(message);
    return;
  }
  throw new Error(`expected a ScheduleError ${code}`);
}

describe('deriveSchedule', () => {
  it('should open week 1 on days 0..4 and week 2 on days 7..11 at 08:00 New York time', () => {
    const schedule = deriveSchedule({ startDate: '2026-09-07', timeZone: 'America/New_York', modules: TEN_MODULES });
    expect(schedule.moduleUnlocks.map((unlock) => unlock.moduleId)).toEqual(TEN_MODULES.map((module) => module.id));
    expect(opensAt(schedule)).toEqual([
      '2026-09-07T12:00:00.000Z',
      '2026-09-08T12:00:00.000Z',
      '2026-09-09T12:00:00.000Z',
      '2026-09-10T12:00:00.000Z',
      '2026-09-11T12:00:00.000Z',
      '2026-09-14T12:00:00.000Z',
      '2026-09-15T12:00:00.000Z',
      '2026-09-16T12:00:00.000Z',
      '2026-09-17T12:00:00.000Z',
      '2026-09-18T12:00:00.000Z',
    ]);
    expect(schedule.capstoneDueAt.toISOString()).toBe('2026-09-19T03:59:59.000Z');
    expect(schedule.peerReviewDueAt.toISOString()).toBe('2026-09-21T03:59:59.000Z');
    expect(schedule.endsAt.toISOString()).toBe('2026-09-21T03:59:59.000Z');
  });

  it('should keep the peer-review window open as many days after the capstone as the course says', () => {
    const base = { startDate: '2026-09-07', timeZone: 'America/New_York', modules: TEN_MODULES };
    const schedule = deriveSchedule({ ...base, peerReviewDays: 5 });
    expect(schedule.capstoneDueAt.toISOString()).toBe('2026-09-19T03:59:59.000Z');
    expect(schedule.peerReviewDueAt.toISOString()).toBe('2026-09-24T03:59:59.000Z');
    expect(schedule.endsAt).toEqual(schedule.peerReviewDueAt);
    expect(() => deriveSchedule({ ...base, peerReviewDays: 0 })).toThrow(
      'peer review window of 0 days is not a whole number of days from 1 to 30',
    );
  });

  it('should honour the quarter-hour offset of Kathmandu (+05:45)', () => {
    const schedule = deriveSchedule({ startDate: '2026-09-07', timeZone: 'Asia/Kathmandu', modules: TEN_MODULES });
    expect(opensAt(schedule)[0]).toBe('2026-09-07T02:15:00.000Z');
    expect(opensAt(schedule)[4]).toBe('2026-09-11T02:15:00.000Z');
    expect(opensAt(schedule)[5]).toBe('2026-09-14T02:15:00.000Z');
    expect(schedule.capstoneDueAt.toISOString()).toBe('2026-09-18T18:14:59.000Z');
    expect(schedule.peerReviewDueAt.toISOString()).toBe('2026-09-20T18:14:59.000Z');
  });

  it('should start on any weekday and count calendar days, weekends included', () => {
    const schedule = deriveSchedule({ startDate: '2026-09-10', timeZone: 'Africa/Dakar', modules: TEN_MODULES });
    expect(opensAt(schedule)).toEqual([
      '2026-09-10T08:00:00.000Z',
      '2026-09-11T08:00:00.000Z',
      '2026-09-12T08:00:00.000Z',
      '2026-09-13T08:00:00.000Z',
      '2026-09-14T08:00:00.000Z',
      '2026-09-17T08:00:00.000Z',
      '2026-09-18T08:00:00.000Z',
      '2026-09-19T08:00:00.000Z',
      '2026-09-20T08:00:00.000Z',
      '2026-09-21T08:00:00.000Z',
    ]);
  });

  it('should keep 08:00 local when the cohort crosses a DST change, so the UTC hour moves', () => {
    const schedule = deriveSchedule({ startDate: '2026-03-04', timeZone: 'America/New_York', modules: WEEK_ONE });
    expect(opensAt(schedule)).toEqual([
      '2026-03-04T13:00:00.000Z',
      '2026-03-05T13:00:00.000Z',
      '2026-03-06T13:00:00.000Z',
      '2026-03-07T13:00:00.000Z',
      '2026-03-08T12:00:00.000Z',
    ]);
  });

  it('should open at the first instant after the gap when the local hour does not exist (New York, 8 March 2026)', () => {
    const schedule = deriveSchedule({
      startDate: '2026-03-06',
      timeZone: 'America/New_York',
      modules: WEEK_ONE,
      unlockHour: 2,
    });
    expect(opensAt(schedule)).toEqual([
      '2026-03-06T07:00:00.000Z',
      '2026-03-07T07:00:00.000Z',
      '2026-03-08T07:00:00.000Z', // 02:00 is skipped: 03:00 EDT
      '2026-03-09T06:00:00.000Z',
      '2026-03-10T06:00:00.000Z',
    ]);
  });

  it('should open at the earlier instant when the local hour happens twice (New York, 1 November 2026)', () => {
    const schedule = deriveSchedule({
      startDate: '2026-10-30',
      timeZone: 'America/New_York',
      modules: WEEK_ONE,
      unlockHour: 1,
    });
    expect(opensAt(schedule)).toEqual([
      '2026-10-30T05:00:00.000Z',
      '2026-10-31T05:00:00.000Z',
      '2026-11-01T05:00:00.000Z', // 01:00 EDT, not 01:00 EST an hour later
      '2026-11-02T06:00:00.000Z',
      '2026-11-03T06:00:00.000Z',
    ]);
  });

  it('should resolve the gap and the overlap of Europe/London the same way', () => {
    const spring = deriveSchedule({
      startDate: '2026-03-27',
      timeZone: 'Europe/London',
      modules: WEEK_ONE,
      unlockHour: 1,
    });
    expect(opensAt(spring).slice(0, 4)).toEqual([
      '2026-03-27T01:00:00.000Z',
      '2026-03-28T01:00:00.000Z',
      '2026-03-29T01:00:00.000Z', // 01:00 GMT is skipped: 02:00 BST
      '2026-03-30T00:00:00.000Z',
    ]);
    const autumn = deriveSchedule({
      startDate: '2026-10-23',
      timeZone: 'Europe/London',
      modules: WEEK_ONE,
      unlockHour: 1,
    });
    expect(opensAt(autumn).slice(0, 4)).toEqual([
      '2026-10-23T00:00:00.000Z',
      '2026-10-24T00:00:00.000Z',
      '2026-10-25T00:00:00.000Z', // 01:00 BST, the first of the two
      '2026-10-26T01:00:00.000Z',
    ]);
  });

  it('should end a day at its real last second when DST changes at midnight (São Paulo, 2018-2019)', () => {
    // Clocks went from 00:00 to 01:00 on 4 November 2018: day 11 (3 November) ended at 23:59:59 -03.
    const spring = deriveSchedule({ startDate: '2018-10-23', timeZone: 'America/Sao_Paulo', modules: WEEK_ONE });
    expect(spring.capstoneDueAt.toISOString()).toBe('2018-11-04T02:59:59.000Z');
    expect(spring.peerReviewDueAt.toISOString()).toBe('2018-11-06T01:59:59.000Z');
    // Clocks went from 00:00 back to 23:00 on 17 February 2019: 16 February ended at the second 23:59:59 (-03).
    const autumn = deriveSchedule({ startDate: '2019-02-05', timeZone: 'America/Sao_Paulo', modules: WEEK_ONE });
    expect(autumn.capstoneDueAt.toISOString()).toBe('2019-02-17T02:59:59.000Z');
    // A midnight that does not exist opens at 01:00, the start of that day.
    const midnight = deriveSchedule({
      startDate: '2018-11-04',
      timeZone: 'America/Sao_Paulo',
      modules: WEEK_ONE,
      unlockHour: 0,
    });
    expect(opensAt(midnight)[0]).toBe('2018-11-04T03:00:00.000Z');
  });

  it('should order modules by number and give each extra module of a week its own day', () => {
    const modules: CohortModule[] = [
      { id: 'c', number: 3, weekNumber: 1 },
      { id: 'a', number: 1, weekNumber: 1 },
      ...Array.from({ length: 5 }, (_, index) => ({ id: `w1-${index}`, number: 4 + index, weekNumber: 1 })),
      { id: 'b', number: 2, weekNumber: 1 },
      { id: 'z', number: 20, weekNumber: 2 },
    ];
    const schedule = deriveSchedule({ startDate: '2026-09-07', timeZone: 'UTC', modules });
    expect(schedule.moduleUnlocks.map((unlock) => unlock.moduleId)).toEqual([
      'a',
      'b',
      'c',
      'w1-0',
      'w1-1',
      'w1-2',
      'w1-3',
      'w1-4',
      'z',
    ]);
    expect(opensAt(schedule).map((instant) => instant.slice(0, 10))).toEqual([
      '2026-09-07',
      '2026-09-08',
      '2026-09-09',
      '2026-09-10',
      '2026-09-11',
      '2026-09-12',
      '2026-09-13',
      '2026-09-14', // day 7: the eighth week-1 module and the first week-2 module share it
      '2026-09-14',
    ]);
    expect(schedule.moduleUnlocks.map((unlock) => unlock.weekNumber)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 2]);
  });

  it('should refuse week numbers that would open a later module before an earlier one', () => {
    const modules = TEN_MODULES.map((module) => (module.number === 4 ? { ...module, weekNumber: 2 } : module));
    expectScheduleError(
      () => deriveSchedule({ startDate: '2026-09-07', timeZone: 'UTC', modules }),
      'UNLOCK_ORDER',
      /module m05 .* before module m04/,
    );
  });

  it('should refuse a week 2 so long that a module would open after the capstone is due', () => {
    const modules = [...TEN_MODULES, { id: 'm11', number: 11, weekNumber: 2 }];
    expectScheduleError(
      () => deriveSchedule({ startDate: '2026-09-07', timeZone: 'UTC', modules }),
      'DEADLINE_ORDER',
      /capstone .* before the last module, m11/,
    );
  });

  it('should reject a bad start date, zone, unlock hour or module list as a programming error', () => {
    const valid = { startDate: '2026-09-07', timeZone: 'Africa/Dakar', modules: TEN_MODULES };
    expect(() => deriveSchedule({ ...valid, startDate: '2026-02-30' })).toThrow(RangeError);
    expect(() => deriveSchedule({ ...valid, timeZone: 'Africa/Atlantis' })).toThrow(/not an IANA time zone/);
    expect(() => deriveSchedule({ ...valid, unlockHour: 24 })).toThrow(/unlock hour 24/);
    expect(() => deriveSchedule({ ...valid, unlockHour: 8.5 })).toThrow(RangeError);
    expect(() => deriveSchedule({ ...valid, modules: [] })).toThrow(/at least one module/);
    expect(() => deriveSchedule({ ...valid, modules: [...TEN_MODULES, TEN_MODULES[0]] })).toThrow(
      /m01 is listed twice/,
    );
    expect(() => deriveSchedule({ ...valid, modules: [{ id: 'x', number: 1, weekNumber: 0 }] })).toThrow(
      /weeks count from 1/,
    );
  });
});

describe('applyScheduleOverrides', () => {
  const base = deriveSchedule({ startDate: '2026-09-07', timeZone: 'Africa/Dakar', modules: TEN_MODULES });

  it('should replace the instants it is given and keep the rest, without changing the base', () => {
    const before = JSON.stringify(base);
    const edited = applyScheduleOverrides(base, {
      moduleUnlocks: { m03: new Date('2026-09-09T14:00:00Z') },
      capstoneDueAt: new Date('2026-09-19T12:00:00Z'),
    });
    expect(opensAt(edited)[2]).toBe('2026-09-09T14:00:00.000Z');
    expect(opensAt(edited).filter((_, index) => index !== 2)).toEqual(opensAt(base).filter((_, index) => index !== 2));
    expect(edited.capstoneDueAt.toISOString()).toBe('2026-09-19T12:00:00.000Z');
    expect(edited.peerReviewDueAt).toEqual(base.peerReviewDueAt);
    expect(JSON.stringify(base)).toBe(before);
    expect(edited.moduleUnlocks[0].opensAt).not.toBe(base.moduleUnlocks[0].opensAt);
  });

  it('should allow two modules to open at the same instant', () => {
    const edited = applyScheduleOverrides(base, { moduleUnlocks: { m02: base.moduleUnlocks[0].opensAt } });
    expect(opensAt(edited)[1]).toBe(opensAt(edited)[0]);
  });

  it('should name every module id that is not in the schedule', () => {
    expectScheduleError(
      () => applyScheduleOverrides(base, { moduleUnlocks: { m99: new Date(), 'net-m01': new Date() } }),
      'UNKNOWN_MODULE',
      /modules m99, net-m01 are not in this cohort's course/,
    );
    expectScheduleError(
      () => applyScheduleOverrides(base, { moduleUnlocks: { toString: new Date() } }),
      'UNKNOWN_MODULE',
      /module toString is not/,
    );
  });

  it('should name both modules when a later module would open before an earlier one', () => {
    expectScheduleError(
      () => applyScheduleOverrides(base, { moduleUnlocks: { m04: new Date('2026-09-11T09:00:00Z') } }),
      'UNLOCK_ORDER',
      /module m05 would open \(2026-09-11T08:00:00.000Z\) before module m04 \(2026-09-11T09:00:00.000Z\)/,
    );
    expectScheduleError(
      () => applyScheduleOverrides(base, { moduleUnlocks: { m06: new Date('2026-09-07T07:00:00Z') } }),
      'UNLOCK_ORDER',
      /module m06 .* before module m05/,
    );
  });

  it('should require the capstone after the last unlock and peer review after the capstone', () => {
    expectScheduleError(
      () => applyScheduleOverrides(base, { capstoneDueAt: new Date('2026-09-18T08:00:00Z') }),
      'DEADLINE_ORDER',
      /capstone .* before the last module, m10, opens/,
    );
    expectScheduleError(
      () => applyScheduleOverrides(base, { moduleUnlocks: { m10: new Date('2026-09-20T08:00:00Z') } }),
      'DEADLINE_ORDER',
      /capstone/,
    );
    expectScheduleError(
      () => applyScheduleOverrides(base, { peerReviewDueAt: base.capstoneDueAt }),
      'DEADLINE_ORDER',
      /peer review would be due .* before the capstone/,
    );
    expectScheduleError(
      () => applyScheduleOverrides(base, { capstoneDueAt: new Date('2026-09-25T00:00:00Z') }),
      'DEADLINE_ORDER',
      /peer review/,
    );
  });

  it('should keep the cohort open until a later peer review deadline, and not end it early', () => {
    const later = applyScheduleOverrides(base, { peerReviewDueAt: new Date('2026-09-23T23:59:59Z') });
    expect(later.endsAt.toISOString()).toBe('2026-09-23T23:59:59.000Z');
    const earlier = applyScheduleOverrides(base, { peerReviewDueAt: new Date('2026-09-19T23:59:59Z') });
    expect(earlier.endsAt).toEqual(base.endsAt);
  });

  it('should reject an invalid date as a programming error', () => {
    expect(() => applyScheduleOverrides(base, { moduleUnlocks: { m01: new Date('nope') } })).toThrow(RangeError);
    expect(() => applyScheduleOverrides(base, { capstoneDueAt: new Date(Number.NaN) })).toThrow(/capstone due date/);
  });
});

describe('isModuleOpen', () => {
  const schedule = deriveSchedule({ startDate: '2026-09-07', timeZone: 'Africa/Dakar', modules: TEN_MODULES });

  it('should open a module at its unlock instant and keep it open after the cohort ends', () => {
    expect(isModuleOpen(schedule, 'm02', new Date('2026-09-08T07:59:59.999Z'))).toBe(false);
    expect(isModuleOpen(schedule, 'm02', new Date('2026-09-08T08:00:00Z'))).toBe(true);
    expect(isModuleOpen(schedule, 'm02', new Date('2027-01-01T00:00:00Z'))).toBe(true);
  });

  it('should throw for a module that is not in the schedule', () => {
    expectScheduleError(() => isModuleOpen(schedule, 'm42', new Date()), 'UNKNOWN_MODULE', /m42/);
  });
});

describe('currentWeek', () => {
  const schedule = deriveSchedule({ startDate: '2026-09-07', timeZone: 'Africa/Dakar', modules: TEN_MODULES });
  const stored: CohortSchedule = {
    ...schedule,
    moduleUnlocks: schedule.moduleUnlocks.map(({ moduleId, opensAt }) => ({ moduleId, opensAt })),
  };

  it.each([
    ['2026-09-07T07:59:59Z', 0],
    ['2026-09-07T08:00:00Z', 1],
    ['2026-09-13T23:00:00Z', 1],
    ['2026-09-14T07:59:59Z', 1],
    ['2026-09-14T08:00:00Z', 2],
    ['2026-09-20T23:59:58Z', 2],
    ['2026-09-20T23:59:59Z', 3],
  ] as const)('should say that %s is in week %i', (instant, week) => {
    expect(currentWeek(schedule, new Date(instant))).toBe(week);
    expect(currentWeek(stored, new Date(instant))).toBe(week);
  });

  it('should start week 2 at the first week-2 unlock once it is moved', () => {
    const edited = applyScheduleOverrides(schedule, {
      moduleUnlocks: { m06: new Date('2026-09-12T08:00:00Z') },
    });
    expect(currentWeek(edited, new Date('2026-09-12T09:00:00Z'))).toBe(2);
  });
});

describe('formatInTimeZone', () => {
  it('should show the local weekday, date and 24-hour time followed by the zone', () => {
    // Locale data differs between ICU releases ("Sep" or "Sept", with or without a comma after the weekday).
    expect(formatInTimeZone(new Date('2026-09-07T08:00:00Z'), 'Africa/Dakar')).toMatch(
      /^Mon,? 7 Sept? 2026,? 08:00 \(Africa\/Dakar\)$/,
    );
    expect(formatInTimeZone(new Date('2026-09-07T02:15:00Z'), 'Asia/Kathmandu')).toMatch(
      /^Mon,? 7 Sept? 2026,? 08:00 \(Asia\/Kathmandu\)$/,
    );
    expect(formatInTimeZone(new Date('2026-01-01T04:30:00Z'), 'America/New_York')).toMatch(
      /^Wed,? 31 Dec 2025,? 23:30 \(America\/New_York\)$/,
    );
  });

  it('should use the locale it is given', () => {
    expect(formatInTimeZone(new Date('2026-09-07T08:00:00Z'), 'Africa/Dakar', 'fr-FR')).toMatch(
      /^lun\. 7 sept\. 2026.* 08:00 \(Africa\/Dakar\)$/,
    );
  });
});

describe('isValidTimeZone', () => {
  it('should accept IANA zones', () => {
    for (const zone of [
      'Africa/Dakar',
      'Asia/Kathmandu',
      'America/Sao_Paulo',
      'America/Argentina/Buenos_Aires',
      'UTC',
    ]) {
      expect(isValidTimeZone(zone)).toBe(true);
    }
  });

  it('should refuse unknown names, offsets and non-strings', () => {
    for (const zone of ['Africa/Atlantis', '+05:45', 'GMT+5:45', '', ' Africa/Dakar', 'Africa/Dakar\n']) {
      expect(isValidTimeZone(zone)).toBe(false);
    }
    expect(isValidTimeZone(undefined as unknown as string)).toBe(false);
  });
});

describe('isValidLocalDate', () => {
  it.each(['2026-09-07', '2024-02-29', '2000-02-29', '0001-01-01', '9999-12-31'])('should accept %s', (date) => {
    expect(isValidLocalDate(date)).toBe(true);
  });

  it.each([
    '2023-02-29',
    '1900-02-29',
    '2026-04-31',
    '2026-13-01',
    '2026-00-10',
    '2026-01-00',
    '0000-01-01',
    '2026-1-07',
    '26-01-07',
    '2026/01/07',
    '2026-01-07T00:00:00Z',
    ' 2026-01-07',
    '2026-01-07\n',
    '',
  ])('should refuse %j', (date) => {
    expect(isValidLocalDate(date)).toBe(false);
  });
});

describe('deriveSchedule properties', () => {
  const ZONES = [
    'Africa/Dakar',
    'Asia/Kathmandu',
    'America/Sao_Paulo',
    'America/New_York',
    'Europe/London',
    'Australia/Lord_Howe',
    'Pacific/Chatham',
    'America/St_Johns',
    'Asia/Tehran',
  ];
  const firstDay = Date.UTC(2020, 0, 1);
  const lastDay = Date.UTC(2035, 11, 31);

  it('should open modules in strictly increasing order, each at 08:00 local, before the deadlines', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: (lastDay - firstDay) / 86_400_000 }),
        fc.constantFrom(...ZONES),
        (dayIndex, timeZone) => {
          const startDate = new Date(firstDay + dayIndex * 86_400_000).toISOString().slice(0, 10);
          const schedule = deriveSchedule({ startDate, timeZone, modules: TEN_MODULES });
          const instants = schedule.moduleUnlocks.map((unlock) => unlock.opensAt.getTime());
          instants.forEach((instant, index) => {
            if (index > 0) expect(instant).toBeGreaterThan(instants[index - 1]);
            expect(formatInTimeZone(new Date(instant), timeZone)).toMatch(/ 08:00 \([^)]+\)$/);
          });
          expect(schedule.capstoneDueAt.getTime()).toBeGreaterThan(instants[instants.length - 1]);
          expect(formatInTimeZone(schedule.capstoneDueAt, timeZone)).toMatch(/ 23:59 \(/);
          expect(schedule.peerReviewDueAt.getTime()).toBeGreaterThan(schedule.capstoneDueAt.getTime());
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('local date-time fields', () => {
  it('should read a form time as wall-clock time in the cohort zone, and show it back the same', async () => {
    const { localDateTimeToInstant, instantToLocalDateTime } = await import('./cohort-schedule.js');
    expect(localDateTimeToInstant('2027-03-01T08:00', 'Asia/Kathmandu')?.toISOString()).toBe(
      '2027-03-01T02:15:00.000Z',
    );
    expect(instantToLocalDateTime(new Date('2027-03-01T02:15:00.000Z'), 'Asia/Kathmandu')).toBe('2027-03-01T08:00');
    expect(localDateTimeToInstant('2027-02-30T08:00', 'Asia/Kathmandu')).toBeNull();
    expect(localDateTimeToInstant('2027-03-01T24:00', 'Asia/Kathmandu')).toBeNull();
    expect(localDateTimeToInstant('2027-03-01T08:00', 'Mars/Olympus')).toBeNull();
  });
});
