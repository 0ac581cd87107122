import { describe, expect, it } from '@jest/globals';
import { deadlineOf, isLate, latestExtension, submissionTiming } from './deadline.js';

const COHORT_DUE = '2026-03-01T17:00:00.000Z';
const grant = (dueAt: string, grantedAt: string) => ({
  dueAt: new Date(dueAt),
  grantedAt: new Date(grantedAt),
  reason: 'illness',
});

describe('deadlineOf', () => {
  it('should use the cohort schedule without an extension', () => {
    expect(deadlineOf(COHORT_DUE, [])).toEqual({ dueAt: new Date(COHORT_DUE), extension: null });
  });

  it('should use the latest granted extension, even one that moves the date earlier', () => {
    const first = grant('2026-03-10T17:00:00Z', '2026-02-20T10:00:00Z');
    const correction = grant('2026-03-05T17:00:00Z', '2026-02-21T10:00:00Z');
    expect(latestExtension([correction, first])).toBe(correction);
    expect(deadlineOf(COHORT_DUE, [first, correction]).dueAt).toEqual(new Date('2026-03-05T17:00:00Z'));
  });
});

describe('lateness', () => {
  const deadline = deadlineOf(COHORT_DUE, []);

  it('should be on time at the due instant and late one millisecond after', () => {
    expect(isLate(deadline, new Date(COHORT_DUE))).toBe(false);
    expect(isLate(deadline, new Date(Date.parse(COHORT_DUE) + 1))).toBe(true);
  });

  it('should flag a late submission under the flag policy', () => {
    expect(submissionTiming(deadline, 'flag', new Date('2026-03-02T00:00:00Z'))).toEqual({ allowed: true, late: true });
  });

  it('should refuse a late submission under the refuse policy', () => {
    expect(submissionTiming(deadline, 'refuse', new Date('2026-03-02T00:00:00Z'))).toEqual({
      allowed: false,
      late: true,
    });
  });

  it('should accept an on-time submission under the refuse policy', () => {
    expect(submissionTiming(deadline, 'refuse', new Date('2026-02-28T00:00:00Z'))).toEqual({
      allowed: true,
      late: false,
    });
  });

  it('should make a late submission on time with an extension', () => {
    const extended = deadlineOf(COHORT_DUE, [grant('2026-03-08T17:00:00Z', '2026-02-27T00:00:00Z')]);
    expect(submissionTiming(extended, 'refuse', new Date('2026-03-02T00:00:00Z'))).toEqual({
      allowed: true,
      late: false,
    });
  });
});
