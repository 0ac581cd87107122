import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { attemptDeadline, canStartAttempt, drawQuestions, finalGrade, seededShuffle } from './attempt-policy.js';

const at = (iso: string): Date => new Date(iso);

const attempts = [
  { percent: 60, submittedAt: at('2025-03-02T10:00:00Z') },
  { percent: 90, submittedAt: at('2025-03-03T10:00:00Z') },
  { percent: 40, submittedAt: at('2025-03-01T10:00:00Z') },
  { percent: 75, submittedAt: at('2025-03-04T10:00:00Z') },
];

function sorted(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

describe('finalGrade', () => {
  it('should return null without attempts, whatever the method', () => {
    for (const method of ['highest', 'average', 'first', 'last'] as const) expect(finalGrade([], method)).toBeNull();
  });

  it('should take the highest attempt', () => {
    expect(finalGrade(attempts, 'highest')).toBe(90);
  });

  it('should average all attempts, rounded to 2 decimals', () => {
    expect(finalGrade(attempts, 'average')).toBe(66.25);
    // (10 + 10 + 10.01) / 3 = 10.00333…
    expect(
      finalGrade(
        [10, 10, 10.01].map((percent) => ({ percent, submittedAt: at('2025-01-01T00:00:00Z') })),
        'average',
      ),
    ).toBe(10);
  });

  it('should take first and last by submission time, not input order', () => {
    expect(finalGrade(attempts, 'first')).toBe(40);
    expect(finalGrade(attempts, 'last')).toBe(75);
  });

  it('should keep input order between attempts submitted at the same instant', () => {
    const sameTime = [70, 80].map((percent) => ({ percent, submittedAt: at('2025-01-01T00:00:00Z') }));
    expect(finalGrade(sameTime, 'first')).toBe(70);
    expect(finalGrade(sameTime, 'last')).toBe(80);
  });

  it('should stay between the lowest and highest attempt for every method', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            percent: fc.integer({ min: 0, max: 10_000 }).map((n) => n / 100),
            submittedAt: fc.date({ noInvalidDate: true }),
          }),
          {
            minLength: 1,
          },
        ),
        fc.constantFrom('highest', 'average', 'first', 'last' as const),
        (given, method) => {
          const grade = finalGrade(given, method)!;
          const percents = given.map((attempt) => attempt.percent);
          expect(grade).toBeGreaterThanOrEqual(Math.min(...percents));
          expect(grade).toBeLessThanOrEqual(Math.max(...percents));
        },
      ),
    );
  });
});

describe('seededShuffle', () => {
  it('should give the same order for the same seed', () => {
    const items = Array.from({ length: 20 }, (_, index) => index);
    expect(seededShuffle(items, 'attempt-42')).toEqual(seededShuffle(items, 'attempt-42'));
  });

  it('should not modify its input', () => {
    const items = [1, 2, 3, 4, 5];
    seededShuffle(items, 'seed');
    expect(items).toEqual([1, 2, 3, 4, 5]);
  });

  it('should handle empty and single-item lists', () => {
    expect(seededShuffle([], 'seed')).toEqual([]);
    expect(seededShuffle(['only'], 'seed')).toEqual(['only']);
  });

  it('should return a permutation of its input', () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), fc.string(), (items, seed) => {
        const shuffled = seededShuffle(items, seed);
        expect(sorted(shuffled)).toEqual(sorted(items));
        expect(seededShuffle(items, seed)).toEqual(shuffled);
      }),
    );
  });

  it('should give different orders for different seeds most of the time', () => {
    const items = Array.from({ length: 6 }, (_, index) => index);
    let differing = 0;
    const trials = 200;
    for (let trial = 0; trial < trials; trial++) {
      if (seededShuffle(items, `a-${trial}`).join() !== seededShuffle(items, `b-${trial}`).join()) differing++;
    }
    // Two independent permutations of 6 items agree with probability 1/720.
    expect(differing).toBeGreaterThanOrEqual(trials * 0.97);
  });

  it('should give different orders for random pairs of distinct seeds most of the time', () => {
    const items = Array.from({ length: 8 }, (_, index) => index);
    let differing = 0;
    let runs = 0;
    fc.assert(
      fc.property(fc.string(), fc.string(), (first, second) => {
        fc.pre(first !== second);
        runs++;
        if (seededShuffle(items, first).join() !== seededShuffle(items, second).join()) differing++;
      }),
      { numRuns: 300 },
    );
    expect(differing / runs).toBeGreaterThan(0.95);
  });

  it('should put each item first about equally often across seeds', () => {
    const counts = [0, 0, 0, 0];
    for (let trial = 0; trial < 4000; trial++) counts[seededShuffle([0, 1, 2, 3], `seed-${trial}`)[0]]++;
    // Expected 1000 each; ±150 is over 5 standard deviations (σ ≈ 27).
    for (const count of counts) expect(Math.abs(count - 1000)).toBeLessThan(150);
  });
});

describe('drawQuestions', () => {
  const pool = Array.from({ length: 10 }, (_, index) => ({ id: `q${index}` }));

  it('should draw the requested number of distinct questions, deterministically per seed', () => {
    const drawn = drawQuestions(pool, 4, 'attempt-1');
    expect(drawn).toHaveLength(4);
    expect(new Set(drawn.map((question) => question.id)).size).toBe(4);
    expect(drawQuestions(pool, 4, 'attempt-1')).toEqual(drawn);
  });

  it('should return the whole pool, shuffled, when asked for at least its size', () => {
    for (const count of [10, 11, 1000]) {
      const drawn = drawQuestions(pool, count, 'seed');
      expect(drawn.map((question) => question.id).sort()).toEqual(pool.map((question) => question.id).sort());
    }
  });

  it('should draw nothing for a zero or negative count', () => {
    expect(drawQuestions(pool, 0, 'seed')).toEqual([]);
    expect(drawQuestions(pool, -3, 'seed')).toEqual([]);
  });

  it('should never draw an id twice even when the pool repeats it', () => {
    const repeated = [{ id: 'a' }, { id: 'b' }, { id: 'a' }, { id: 'c' }];
    expect(
      drawQuestions(repeated, 10, 'seed')
        .map((question) => question.id)
        .sort(),
    ).toEqual(['a', 'b', 'c']);
  });

  it('should draw min(count, pool size) distinct members of the pool', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string(), { maxLength: 30 }),
        fc.integer({ min: 0, max: 40 }),
        fc.string(),
        (ids, count, seed) => {
          const drawn = drawQuestions(
            ids.map((id) => ({ id })),
            count,
            seed,
          );
          expect(drawn).toHaveLength(Math.min(count, ids.length));
          expect(new Set(drawn.map((question) => question.id)).size).toBe(drawn.length);
          for (const question of drawn) expect(ids).toContain(question.id);
        },
      ),
    );
  });
});

describe('attemptDeadline', () => {
  const start = at('2025-03-01T10:00:00Z');

  it('should return null without a time limit or close time', () => {
    expect(attemptDeadline(start, null)).toBeNull();
    expect(attemptDeadline(start, null, 30, null)).toBeNull();
  });

  it('should add the time limit and extra minutes to the start', () => {
    expect(attemptDeadline(start, 45)).toEqual(at('2025-03-01T10:45:00Z'));
    expect(attemptDeadline(start, 45, 15)).toEqual(at('2025-03-01T11:00:00Z'));
  });

  it('should cut the time limit at the quiz close time', () => {
    expect(attemptDeadline(start, 60, 0, at('2025-03-01T10:30:00Z'))).toEqual(at('2025-03-01T10:30:00Z'));
    expect(attemptDeadline(start, 60, 0, at('2025-03-01T12:00:00Z'))).toEqual(at('2025-03-01T11:00:00Z'));
  });

  it('should use the close time alone when there is no time limit', () => {
    expect(attemptDeadline(start, null, 0, at('2025-03-02T00:00:00Z'))).toEqual(at('2025-03-02T00:00:00Z'));
  });

  it('should never fall after the close time nor after start plus limit plus extra', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 600 }),
        fc.integer({ min: 0, max: 120 }),
        fc.integer({ min: 0, max: 1000 * 60_000 }),
        (limit, extra, closeOffset) => {
          const closesAt = new Date(start.getTime() + closeOffset);
          const deadline = attemptDeadline(start, limit, extra, closesAt)!;
          expect(deadline.getTime()).toBeLessThanOrEqual(closesAt.getTime());
          expect(deadline.getTime()).toBeLessThanOrEqual(start.getTime() + (limit + extra) * 60_000);
        },
      ),
    );
  });
});

describe('canStartAttempt', () => {
  const now = at('2025-03-05T12:00:00Z');
  const base = { attemptsUsed: 0, attemptsAllowed: 3, now };

  it('should allow a first attempt in an open quiz', () => {
    expect(
      canStartAttempt({ ...base, opensAt: at('2025-03-01T00:00:00Z'), closesAt: at('2025-03-10T00:00:00Z') }),
    ).toEqual({ allowed: true });
  });

  it('should refuse before the quiz opens, naming the opening time', () => {
    expect(canStartAttempt({ ...base, opensAt: at('2025-03-06T00:00:00Z') })).toEqual({
      allowed: false,
      reason: 'The quiz opens at 2025-03-06T00:00:00.000Z.',
      refusal: { code: 'not-open', at: at('2025-03-06T00:00:00Z') },
    });
  });

  it('should refuse at and after the close time', () => {
    expect(canStartAttempt({ ...base, closesAt: now })).toEqual({
      allowed: false,
      reason: 'The quiz closed at 2025-03-05T12:00:00.000Z.',
      refusal: { code: 'closed', at: now },
    });
  });

  it('should refuse once every allowed attempt is used', () => {
    expect(canStartAttempt({ ...base, attemptsUsed: 3 })).toEqual({
      allowed: false,
      reason: 'You have used all 3 attempts allowed.',
      refusal: { code: 'no-attempts-left', allowance: 3 },
    });
    expect(canStartAttempt({ ...base, attemptsUsed: 1, attemptsAllowed: 1 })).toEqual({
      allowed: false,
      reason: 'You have used all 1 attempt allowed.',
      refusal: { code: 'no-attempts-left', allowance: 1 },
    });
  });

  it('should count extra attempts granted to the participant', () => {
    expect(canStartAttempt({ ...base, attemptsUsed: 3, extraAttempts: 1 })).toEqual({ allowed: true });
    expect(canStartAttempt({ ...base, attemptsUsed: 4, extraAttempts: 1 })).toMatchObject({ allowed: false });
  });

  it('should allow any number of attempts when unlimited', () => {
    expect(canStartAttempt({ ...base, attemptsUsed: 1000, attemptsAllowed: null })).toEqual({ allowed: true });
  });

  it('should refuse a participant who already passed', () => {
    expect(canStartAttempt({ ...base, passed: true })).toEqual({
      allowed: false,
      reason: 'You have already passed this quiz.',
      refusal: { code: 'passed' },
    });
  });

  it('should allow exactly while attempts used stay below the allowance in an open window', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 0, max: 5 }),
        (attemptsUsed, attemptsAllowed, extraAttempts) => {
          const decision = canStartAttempt({ attemptsUsed, attemptsAllowed, extraAttempts, now });
          expect(decision.allowed).toBe(attemptsUsed < attemptsAllowed + extraAttempts);
        },
      ),
    );
  });
});
