import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  analyzeQuiz,
  cronbachAlpha,
  itemStatistics,
  mean,
  median,
  pearsonCorrelation,
  sampleStandardDeviation,
  testStatistics,
  type AttemptItemScores,
} from './item-analysis.js';

function attempt(attemptId: string, scores: Record<string, number>): AttemptItemScores {
  return { attemptId, total: Object.values(scores).reduce((sum, score) => sum + score, 0), items: scores };
}

/*
 * Hand-computed data set: five attempts, four right/wrong items; q4 everyone got right.
 *
 *          q1 q2 q3 q4 | total
 *   a1      1  1  1  1 |  4
 *   a2      1  1  0  1 |  3
 *   a3      1  0  1  1 |  3
 *   a4      1  0  0  1 |  2
 *   a5      0  0  0  1 |  1
 *
 * Totals: mean 13/5 = 2.6, median 3, sample variance (1.96+0.16+0.16+0.36+2.56)/4 = 5.2/4 = 1.3, sd √1.3 ≈ 1.140175.
 * q1: facility 4/5 = 0.8; variance (4·0.04 + 0.64)/4 = 0.2, sd √0.2 ≈ 0.447214.
 *     rest = total − q1 = 3,2,2,1,1 (mean 1.8); Σdx·dy = 0.2·1.2 + 0.2·0.2 + 0.2·0.2 + 0.2·(−0.8) + (−0.8)·(−0.8) = 0.8,
 *     Σdx² = 0.8, Σdy² = 1.44+0.04+0.04+0.64+0.64 = 2.8, r = 0.8/√(0.8·2.8) = 0.8/√2.24 ≈ 0.534522.
 * q2: facility 0.4; variance (2·0.36 + 3·0.16)/4 = 0.3, sd √0.3 ≈ 0.547723.
 *     rest = 3,2,3,2,1 (mean 2.2); Σdx·dy = 0.6·0.8 + 0.6·(−0.2) + (−0.4)·0.8 + (−0.4)·(−0.2) + (−0.4)·(−1.2) = 0.6,
 *     Σdx² = 1.2, Σdy² = 0.64+0.04+0.64+0.04+1.44 = 2.8, r = 0.6/√3.36 ≈ 0.327327.
 * q3: the same figures as q2 by symmetry (a2 and a3 swap, both with total 3).
 * q4: facility 1, sd 0, no discrimination (no variance).
 * 27% groups: round(0.27·5) = 1 attempt each: top a1, bottom a5 → q1..q3: 1 − 0 = 1; q4: 1 − 1 = 0.
 * Cronbach's α = 4/3 · (1 − (0.2 + 0.3 + 0.3 + 0)/1.3) = 4/3 · 0.5/1.3 = 20/39 ≈ 0.512821.
 * (Checked independently with Python's statistics module.)
 */
const handComputed: AttemptItemScores[] = [
  attempt('a1', { q1: 1, q2: 1, q3: 1, q4: 1 }),
  attempt('a2', { q1: 1, q2: 1, q3: 0, q4: 1 }),
  attempt('a3', { q1: 1, q2: 0, q3: 1, q4: 1 }),
  attempt('a4', { q1: 1, q2: 0, q3: 0, q4: 1 }),
  attempt('a5', { q1: 0, q2: 0, q3: 0, q4: 1 }),
];

const fractionScore = fc.oneof(fc.constantFrom(0, 0.5, 1), fc.double({ min: 0, max: 1, noNaN: true }));
const attemptsArbitrary = fc
  .tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 25 }))
  .chain(([itemCount, attemptCount]) =>
    fc.array(fc.array(fractionScore, { minLength: itemCount, maxLength: itemCount }), {
      minLength: attemptCount,
      maxLength: attemptCount,
    }),
  )
  .map((rows) =>
    rows.map((row, index) => attempt(`a${index}`, Object.fromEntries(row.map((score, item) => [`q${item}`, score])))),
  );

describe('itemStatistics', () => {
  it('should match the hand-computed figures', () => {
    const [q1, q2, q3, q4] = itemStatistics(handComputed);
    expect(q1.questionId).toBe('q1');
    expect(q1.attempts).toBe(5);
    expect(q1.facilityIndex).toBeCloseTo(0.8, 10);
    expect(q1.standardDeviation).toBeCloseTo(Math.sqrt(0.2), 10);
    expect(q1.discriminationIndex).toBeCloseTo(0.8 / Math.sqrt(2.24), 10);
    expect(q1.discriminationIndex).toBeCloseTo(0.534522, 6);
    expect(q1.groupDiscrimination).toBe(1);

    for (const item of [q2, q3]) {
      expect(item.facilityIndex).toBeCloseTo(0.4, 10);
      expect(item.standardDeviation).toBeCloseTo(Math.sqrt(0.3), 10);
      expect(item.discriminationIndex).toBeCloseTo(0.327327, 6);
      expect(item.groupDiscrimination).toBe(1);
    }

    expect(q4).toEqual({
      questionId: 'q4',
      attempts: 5,
      facilityIndex: 1,
      standardDeviation: 0,
      discriminationIndex: null,
      groupDiscrimination: 0,
    });
  });

  it('should give a negative discrimination to an item the weaker participants get right', () => {
    // q2 is right exactly when q1 is wrong: the rest of the test (q1) moves against it, r = −1.
    const items = itemStatistics([
      attempt('a', { q1: 1, q2: 0 }),
      attempt('b', { q1: 1, q2: 0 }),
      attempt('c', { q1: 0, q2: 1 }),
    ]);
    expect(items[1].discriminationIndex).toBeCloseTo(-1, 10);
  });

  it('should report null spread and discrimination for a single attempt', () => {
    expect(itemStatistics([attempt('a', { q1: 1 })])).toEqual([
      {
        questionId: 'q1',
        attempts: 1,
        facilityIndex: 1,
        standardDeviation: null,
        discriminationIndex: null,
        groupDiscrimination: null,
      },
    ]);
  });

  it('should compute each item over the attempts that included it', () => {
    // Random draws: q2 appears in only two attempts.
    const [, q2] = itemStatistics([
      attempt('a', { q1: 1, q2: 1 }),
      attempt('b', { q1: 0 }),
      attempt('c', { q1: 1, q2: 0 }),
    ]);
    expect(q2).toMatchObject({ questionId: 'q2', attempts: 2, facilityIndex: 0.5 });
  });

  it('should not depend on the order of the attempts', () => {
    fc.assert(
      fc.property(attemptsArbitrary, (attempts) => {
        const forward = itemStatistics(attempts);
        const backward = itemStatistics([...attempts].reverse());
        const byId = (items: typeof forward) => [...items].sort((a, b) => a.questionId.localeCompare(b.questionId));
        byId(backward).forEach((item, index) => {
          const expected = byId(forward)[index];
          expect(item.facilityIndex).toBeCloseTo(expected.facilityIndex, 9);
          expect(item.groupDiscrimination).toBe(expected.groupDiscrimination);
        });
      }),
    );
  });

  it('should keep facility within [0, 1] and both discriminations within [-1, 1]', () => {
    fc.assert(
      fc.property(attemptsArbitrary, (attempts) => {
        for (const item of itemStatistics(attempts)) {
          expect(item.facilityIndex).toBeGreaterThanOrEqual(0);
          expect(item.facilityIndex).toBeLessThanOrEqual(1);
          if (item.standardDeviation !== null) expect(item.standardDeviation).toBeGreaterThanOrEqual(0);
          if (item.discriminationIndex !== null) {
            expect(item.discriminationIndex).toBeGreaterThanOrEqual(-1);
            expect(item.discriminationIndex).toBeLessThanOrEqual(1);
          }
          if (item.groupDiscrimination !== null) {
            expect(item.groupDiscrimination).toBeGreaterThanOrEqual(-1);
            expect(item.groupDiscrimination).toBeLessThanOrEqual(1);
          }
        }
      }),
    );
  });
});

describe('testStatistics', () => {
  it('should match the hand-computed figures', () => {
    const test = testStatistics(handComputed);
    expect(test.attempts).toBe(5);
    expect(test.mean).toBeCloseTo(2.6, 10);
    expect(test.median).toBe(3);
    expect(test.standardDeviation).toBeCloseTo(Math.sqrt(1.3), 10);
    expect(test.cronbachAlpha).toBeCloseTo(20 / 39, 10);
  });

  it('should report nulls without attempts', () => {
    expect(testStatistics([])).toEqual({
      attempts: 0,
      mean: null,
      median: null,
      standardDeviation: null,
      cronbachAlpha: null,
    });
  });

  it('should give alpha 1 when every item agrees perfectly', () => {
    const agreeing = [0, 1, 1, 0, 1].map((score, index) => attempt(`a${index}`, { q1: score, q2: score, q3: score }));
    expect(cronbachAlpha(agreeing)).toBeCloseTo(1, 10);
  });

  it('should give no alpha with fewer than 2 items, fewer than 2 attempts or no variance', () => {
    expect(cronbachAlpha([attempt('a', { q1: 1 }), attempt('b', { q1: 0 })])).toBeNull();
    expect(cronbachAlpha([attempt('a', { q1: 1, q2: 0 })])).toBeNull();
    expect(cronbachAlpha([attempt('a', { q1: 1, q2: 1 }), attempt('b', { q1: 1, q2: 1 })])).toBeNull();
  });

  it('should compute alpha over the attempts that include every item', () => {
    const withPartial = [...handComputed, attempt('partial', { q1: 1 })];
    expect(cronbachAlpha(withPartial)).toBeCloseTo(20 / 39, 10);
  });

  it('should never give an alpha above 1', () => {
    fc.assert(
      fc.property(attemptsArbitrary, (attempts) => {
        const alpha = cronbachAlpha(attempts);
        if (alpha !== null) expect(alpha).toBeLessThanOrEqual(1 + 1e-9);
      }),
    );
  });

  it('should put the median between the lowest and highest total', () => {
    fc.assert(
      fc.property(attemptsArbitrary, (attempts) => {
        fc.pre(attempts.length > 0);
        const totals = attempts.map((given) => given.total);
        const test = testStatistics(attempts);
        expect(test.median!).toBeGreaterThanOrEqual(Math.min(...totals));
        expect(test.median!).toBeLessThanOrEqual(Math.max(...totals));
        expect(test.mean!).toBeGreaterThanOrEqual(Math.min(...totals) - 1e-9);
        expect(test.mean!).toBeLessThanOrEqual(Math.max(...totals) + 1e-9);
      }),
    );
  });
});

describe('analyzeQuiz', () => {
  it('should combine the test and item statistics', () => {
    expect(analyzeQuiz(handComputed)).toEqual({
      test: testStatistics(handComputed),
      items: itemStatistics(handComputed),
    });
  });
});

describe('statistics helpers', () => {
  it('should compute mean, median and sample standard deviation', () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([5, 1, 3])).toBe(3);
    // Σ(x − 5)² for 2,4,4,4,5,5,7,9 = 32; 32/7 ≈ 4.571429, √ ≈ 2.138090.
    expect(sampleStandardDeviation([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(2.13809, 5);
    expect(mean([])).toBeNull();
    expect(median([])).toBeNull();
    expect(sampleStandardDeviation([1])).toBeNull();
  });

  it('should give ±1 for perfectly linear data and null without variance', () => {
    expect(pearsonCorrelation([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(pearsonCorrelation([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
    expect(pearsonCorrelation([1, 1, 1], [1, 2, 3])).toBeNull();
    expect(pearsonCorrelation([1], [1])).toBeNull();
  });

  it('should keep a correlation within [-1, 1] and symmetric', () => {
    const values = fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 2, maxLength: 30 });
    fc.assert(
      fc.property(values, values, (xs, ys) => {
        const r = pearsonCorrelation(xs, ys);
        if (r === null) return;
        expect(r).toBeGreaterThanOrEqual(-1);
        expect(r).toBeLessThanOrEqual(1);
        const count = Math.min(xs.length, ys.length);
        expect(pearsonCorrelation(ys.slice(0, count), xs.slice(0, count))).toBeCloseTo(r, 9);
      }),
    );
  });
});
