import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  analyzeQuiz,
  cronbachAlpha,
  cronbachAlphaOf,
  describeResponses,
  discriminativeEfficiency,
  itemStatistics,
  mean,
  median,
  pearsonCorrelation,
  sampleStandardDeviation,
  testStatistics,
  type AttemptItemScores,
  type ItemStatistics,
} from './item-analysis.js';
import type { Question } from './question.types.js';

/** An attempt from fractions; marks are fraction × points (1 unless given), the score and grade their sum. */
function attempt(
  attemptId: string,
  fractions: Record<string, number>,
  points: Record<string, number> = {},
): AttemptItemScores {
  const items = Object.fromEntries(
    Object.entries(fractions).map(([id, fraction]) => [id, { fraction, mark: fraction * (points[id] ?? 1) }]),
  );
  const score = Object.values(items).reduce((sum, item) => sum + item.mark, 0);
  return { attemptId, grade: score, items };
}

/*
 * Hand-computed data set: five attempts, four right/wrong items worth 1 point each; q4 everyone got right.
 *
 *          q1 q2 q3 q4 | score
 *   a1      1  1  1  1 |  4
 *   a2      1  1  0  1 |  3
 *   a3      1  0  1  1 |  3
 *   a4      1  0  0  1 |  2
 *   a5      0  0  0  1 |  1
 *
 * Scores: mean 13/5 = 2.6, median 3, sample variance (1.96+0.16+0.16+0.36+2.56)/4 = 5.2/4 = 1.3, sd √1.3 ≈ 1.140175.
 * q1: facility 4/5 = 0.8; variance (4·0.04 + 0.64)/4 = 0.2, sd √0.2 ≈ 0.447214.
 *     rest = score − q1 = 3,2,2,1,1 (mean 1.8); Σdx·dy = 0.2·1.2 + 0.2·0.2 + 0.2·0.2 + 0.2·(−0.8) + (−0.8)·(−0.8) = 0.8,
 *     Σdx² = 0.8, Σdy² = 1.44+0.04+0.04+0.64+0.64 = 2.8, r = 0.8/√(0.8·2.8) = 0.8/√2.24 ≈ 0.534522.
 *     Sorted alike: q1 0,1,1,1,1 against rest 1,1,2,2,3: Σ = (−0.8)(−0.8) + 0.2·(−0.8) + 0.2·0.2 + 0.2·0.2 + 0.2·1.2
 *     = 0.8, the same as unsorted: the one who missed q1 has the lowest rest, so efficiency 0.8/0.8 = 1.
 * q2: facility 0.4; variance (2·0.36 + 3·0.16)/4 = 0.3, sd √0.3 ≈ 0.547723.
 *     rest = 3,2,3,2,1 (mean 2.2); Σdx·dy = 0.6·0.8 + 0.6·(−0.2) + (−0.4)·0.8 + (−0.4)·(−0.2) + (−0.4)·(−1.2) = 0.6,
 *     Σdx² = 1.2, Σdy² = 0.64+0.04+0.64+0.04+1.44 = 2.8, r = 0.6/√3.36 ≈ 0.327327.
 *     Sorted alike: q2 0,0,0,1,1 against rest 1,2,2,3,3: Σ = (−0.4)(−1.2) + 2·(−0.4)(−0.2) + 2·0.6·0.8 = 1.6,
 *     efficiency 0.6/1.6 = 0.375.
 * q3: the same figures as q2 by symmetry (a2 and a3 swap, both with score 3).
 * q4: facility 1, sd 0, no discrimination and no efficiency (no variance).
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

/*
 * Weighted by points: q1 is worth 2 points, q2 and q3 one each, so marks (not fractions) make the rest of the test.
 *
 *          q1 (2 pt)      q2  q3 | marks     score
 *   a       1   → 2        1   0 | 2, 1, 0 |  3
 *   b       0.5 → 1        0   1 | 1, 0, 1 |  2
 *   c       0   → 0        1   0 | 0, 1, 0 |  1
 *   d       1   → 2        0   1 | 2, 0, 1 |  3
 *
 * q1: facility (1 + 0.5 + 0 + 1)/4 = 0.625; fraction deviations .375, −.125, −.625, .375: Σ² = 0.6875, sd √(0.6875/3).
 *     rest = 1, 1, 1, 1: the rest does not vary, so neither discrimination nor efficiency exists.
 * q2: marks 1,0,1,0 (mean .5), rest 2,2,0,3 (mean 1.75): Σdx·dy = .5·.25 − .5·.25 + .5·(−1.75) − .5·1.25 = −1.5,
 *     Σdx² = 1, Σdy² = .0625 + .0625 + 3.0625 + 1.5625 = 4.75, r = −1.5/√4.75 ≈ −0.688247.
 *     Sorted alike: 0,0,1,1 against 0,2,2,3: (−.5)(−1.75) + (−.5)(.25) + .5·.25 + .5·1.25 = 1.5, efficiency −1.
 * q3: marks 0,1,0,1, rest 3,1,1,2 (mean 1.75): Σdx·dy = −.625 − .375 + .375 + .125 = −0.5, Σdy² = 2.75,
 *     r = −0.5/√2.75 ≈ −0.301511. Sorted alike: 0,0,1,1 against 1,1,2,3: .375 + .375 + .125 + .625 = 1.5,
 *     efficiency −1/3.
 * α: mark variances q1 (2,1,0,2) 2.75/3, q2 1/3, q3 1/3, sum 4.75/3; score variance (3,2,1,3) 2.75/3;
 *     α = 3/2 · (1 − 4.75/2.75) = −12/11: the items pull against each other.
 */
const weighted: AttemptItemScores[] = [
  attempt('a', { q1: 1, q2: 1, q3: 0 }, { q1: 2 }),
  attempt('b', { q1: 0.5, q2: 0, q3: 1 }, { q1: 2 }),
  attempt('c', { q1: 0, q2: 1, q3: 0 }, { q1: 2 }),
  attempt('d', { q1: 1, q2: 0, q3: 1 }, { q1: 2 }),
];

const fractionScore = fc.oneof(fc.constantFrom(0, 0.5, 1), fc.double({ min: 0, max: 1, noNaN: true }));
const attemptsArbitrary = fc
  .tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 25 }), fc.array(fc.constantFrom(1, 2, 0.5, 3)))
  .chain(([itemCount, attemptCount, weights]) =>
    fc
      .array(fc.array(fractionScore, { minLength: itemCount, maxLength: itemCount }), {
        minLength: attemptCount,
        maxLength: attemptCount,
      })
      .map((rows) =>
        rows.map((row, index) =>
          attempt(
            `a${index}`,
            Object.fromEntries(row.map((score, item) => [`q${item}`, score])),
            Object.fromEntries(row.map((_, item) => [`q${item}`, weights[item] ?? 1])),
          ),
        ),
      ),
  );

const byQuestion = (items: ItemStatistics[]) => [...items].sort((a, b) => a.questionId.localeCompare(b.questionId));

function expectCloseOrNull(actual: number | null, expected: number | null): void {
  if (expected === null) expect(actual).toBeNull();
  // Relative for large values: floating sums in another order differ in their last bits, not their tenth decimal.
  else expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
}

describe('itemStatistics', () => {
  it('should match the hand-computed figures', () => {
    const [q1, q2, q3, q4] = itemStatistics(handComputed);
    expect(q1.questionId).toBe('q1');
    expect(q1.attempts).toBe(5);
    expect(q1.facilityIndex).toBeCloseTo(0.8, 10);
    expect(q1.standardDeviation).toBeCloseTo(Math.sqrt(0.2), 10);
    expect(q1.discriminationIndex).toBeCloseTo(0.8 / Math.sqrt(2.24), 10);
    expect(q1.discriminationIndex).toBeCloseTo(0.534522, 6);
    expect(q1.discriminativeEfficiency).toBeCloseTo(1, 10);

    for (const item of [q2, q3]) {
      expect(item.facilityIndex).toBeCloseTo(0.4, 10);
      expect(item.standardDeviation).toBeCloseTo(Math.sqrt(0.3), 10);
      expect(item.discriminationIndex).toBeCloseTo(0.327327, 6);
      expect(item.discriminativeEfficiency).toBeCloseTo(0.375, 10);
    }

    expect(q4).toEqual({
      questionId: 'q4',
      attempts: 5,
      facilityIndex: 1,
      standardDeviation: 0,
      discriminationIndex: null,
      discriminativeEfficiency: null,
    });
  });

  it('should take the rest of the test from marks, weighted by points, not from fractions', () => {
    const [q1, q2, q3] = itemStatistics(weighted);
    expect(q1.facilityIndex).toBeCloseTo(0.625, 10);
    expect(q1.standardDeviation).toBeCloseTo(Math.sqrt(0.6875 / 3), 10);
    expect(q1.discriminationIndex).toBeNull();
    expect(q1.discriminativeEfficiency).toBeNull();
    expect(q2.discriminationIndex).toBeCloseTo(-1.5 / Math.sqrt(4.75), 10);
    expect(q2.discriminativeEfficiency).toBeCloseTo(-1, 10);
    expect(q3.discriminationIndex).toBeCloseTo(-0.5 / Math.sqrt(2.75), 10);
    expect(q3.discriminativeEfficiency).toBeCloseTo(-1 / 3, 10);
  });

  it('should give a negative discrimination, and an efficiency below -1, to an item the weaker get right', () => {
    // q2 is right exactly when q1 is wrong: r = −1. Marks 0,0,1 against rest 1,1,0: Σdx·dy = −2/3; sorted alike,
    // 0,0,1 against 0,1,1: Σ = 2/9 − 1/9 + 2/9 = 1/3; efficiency −2, which Moodle's definition allows (and shows).
    const items = itemStatistics([
      attempt('a', { q1: 1, q2: 0 }),
      attempt('b', { q1: 1, q2: 0 }),
      attempt('c', { q1: 0, q2: 1 }),
    ]);
    expect(items[1].discriminationIndex).toBeCloseTo(-1, 10);
    expect(items[1].discriminativeEfficiency).toBeCloseTo(-2, 10);
  });

  it('should take the rest of the test as the score given minus the mark', () => {
    // A stored score (rounded once) stands for the sum of the marks. With every score 10, q1's rest is 10 − mark:
    // marks 1,1,1,1,0 against 9,9,9,9,10, r = −1, Σdx·dy = −0.8. Sorted alike, 0,1,1,1,1 against 9,9,9,9,10:
    // Σ = (−0.8)(−0.2) + 3·0.2·(−0.2) + 0.2·0.8 = 0.2, efficiency −0.8/0.2 = −4.
    const [q1] = itemStatistics(handComputed.map((scores) => ({ ...scores, score: 10 })));
    expect(q1.discriminationIndex).toBeCloseTo(-1, 10);
    expect(q1.discriminativeEfficiency).toBeCloseTo(-4, 10);
  });

  it('should report null spread and discrimination for a single attempt', () => {
    expect(itemStatistics([attempt('a', { q1: 1 })])).toEqual([
      {
        questionId: 'q1',
        attempts: 1,
        facilityIndex: 1,
        standardDeviation: null,
        discriminationIndex: null,
        discriminativeEfficiency: null,
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

  it('should give no alpha when the scores are equal up to rounding (a case fast-check found)', () => {
    const item = (mark: number) => ({ fraction: mark, mark });
    const attempts = [
      {
        attemptId: 'a0',
        grade: 2.0000075376653728,
        items: {
          q0: item(1),
          q1: item(1.956127355229561e-285),
          q2: item(0.000007537665374751365),
          q3: item(0.9999999999999982),
          q4: item(0),
        },
      },
      { attemptId: 'a1', grade: 2, items: { q0: item(0), q1: item(0), q2: item(0), q3: item(1), q4: item(1) } },
      { attemptId: 'a2', grade: 2, items: { q0: item(0.5), q1: item(0.5), q2: item(1), q3: item(0), q4: item(0) } },
    ];
    for (const order of [attempts, [attempts[2], attempts[0], attempts[1]]]) expect(cronbachAlpha(order)).toBeNull();
  });

  it('should not depend on the order of the attempts', () => {
    const withShuffled = attemptsArbitrary.chain((attempts) =>
      fc.tuple(
        fc.constant(attempts),
        fc.shuffledSubarray(attempts, { minLength: attempts.length, maxLength: attempts.length }),
      ),
    );
    fc.assert(
      fc.property(withShuffled, ([attempts, shuffled]) => {
        const forward = byQuestion(itemStatistics(attempts));
        byQuestion(itemStatistics(shuffled)).forEach((item, index) => {
          const expected = forward[index];
          expect(item.attempts).toBe(expected.attempts);
          expect(item.facilityIndex).toBeCloseTo(expected.facilityIndex, 9);
          expectCloseOrNull(item.standardDeviation, expected.standardDeviation);
          expectCloseOrNull(item.discriminationIndex, expected.discriminationIndex);
          expectCloseOrNull(item.discriminativeEfficiency, expected.discriminativeEfficiency);
        });
        expectCloseOrNull(cronbachAlpha(shuffled), cronbachAlpha(attempts));
      }),
    );
  });

  it('should keep facility within [0, 1], discrimination within [-1, 1] and efficiency at most 1', () => {
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
          if (item.discriminativeEfficiency !== null) expect(item.discriminativeEfficiency).toBeLessThanOrEqual(1);
        }
      }),
    );
  });

  it('should give an efficiency of the same sign as the discrimination and at least as far from 0', () => {
    // cov(sorted) ≤ √(var·var) (Cauchy–Schwarz), so cov/cov(sorted) is r scaled up by √(var·var)/cov(sorted) ≥ 1.
    fc.assert(
      fc.property(attemptsArbitrary, (attempts) => {
        for (const item of itemStatistics(attempts)) {
          if (item.discriminativeEfficiency === null) continue;
          const discrimination = item.discriminationIndex!;
          expect(discrimination).not.toBeNull();
          if (Math.abs(discrimination) < 1e-9) continue;
          expect(Math.sign(item.discriminativeEfficiency)).toBe(Math.sign(discrimination));
          expect(Math.abs(item.discriminativeEfficiency)).toBeGreaterThanOrEqual(Math.abs(discrimination) - 1e-9);
        }
      }),
    );
  });

  it('should not change when every question is worth k times the points', () => {
    fc.assert(
      fc.property(attemptsArbitrary, fc.constantFrom(0.5, 2, 7), (attempts, factor) => {
        const scaled = attempts.map((scores) => ({
          ...scores,
          items: Object.fromEntries(
            Object.entries(scores.items).map(([id, item]) => [id, { ...item, mark: item.mark * factor }]),
          ),
        }));
        const original = itemStatistics(attempts);
        itemStatistics(scaled).forEach((item, index) => {
          for (const key of ['discriminationIndex', 'discriminativeEfficiency'] as const) {
            if (item[key] !== null && original[index][key] !== null) {
              expect(item[key]).toBeCloseTo(original[index][key], 9);
            }
          }
        });
      }),
    );
  });
});

describe('discriminativeEfficiency', () => {
  it('should divide by the largest covariance any pairing of the same values reaches', () => {
    // Rearrangement inequality: pairing both lists sorted alike is the best of all n! pairings.
    const values = fc.array(fc.constantFrom(0, 0.25, 0.5, 1, 2, 3), { minLength: 2, maxLength: 6 });
    fc.assert(
      fc.property(values, values, (xs, ys) => {
        const count = Math.min(xs.length, ys.length);
        const [x, y] = [xs.slice(0, count), ys.slice(0, count)];
        const efficiency = discriminativeEfficiency(x, y);
        const covariance = (a: number[], b: number[]) => {
          const [meanA, meanB] = [mean(a)!, mean(b)!];
          return a.reduce((sum, value, index) => sum + (value - meanA) * (b[index] - meanB), 0);
        };
        const best = Math.max(...permutations(y).map((pairing) => covariance(x, pairing)));
        if (efficiency === null) {
          expect(pearsonCorrelation(x, y)).toBeNull();
        } else {
          expect(efficiency).toBeCloseTo(Math.min(1, covariance(x, y) / best), 9);
        }
      }),
    );
  });

  it('should be 1 for an item ordered exactly as the rest of the test, and null without variance', () => {
    expect(discriminativeEfficiency([0, 0, 1, 1], [1, 2, 3, 4])).toBeCloseTo(1, 12);
    expect(discriminativeEfficiency([1, 1, 1], [1, 2, 3])).toBeNull();
    expect(discriminativeEfficiency([0, 1], [2, 2])).toBeNull();
    expect(discriminativeEfficiency([1], [1])).toBeNull();
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

  it('should describe the grades, whatever their scale', () => {
    const graded = handComputed.map((scores) => ({ ...scores, grade: scores.grade * 25 }));
    const test = testStatistics(graded);
    expect(test.mean).toBeCloseTo(65, 10);
    expect(test.median).toBe(75);
    expect(test.standardDeviation).toBeCloseTo(25 * Math.sqrt(1.3), 10);
    expect(test.cronbachAlpha).toBeCloseTo(20 / 39, 10);
  });

  it('should weigh the items by their points in alpha', () => {
    expect(cronbachAlpha(weighted)).toBeCloseTo(-12 / 11, 10);
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

  it('should compute alpha from aggregated variances by the same rule', () => {
    expect(cronbachAlphaOf({ items: 4, completeAttempts: 5, itemVarianceSum: 0.8, totalVariance: 1.3 })).toBeCloseTo(
      20 / 39,
      12,
    );
    expect(cronbachAlphaOf({ items: 1, completeAttempts: 5, itemVarianceSum: 0.2, totalVariance: 1.3 })).toBeNull();
    expect(cronbachAlphaOf({ items: 4, completeAttempts: 1, itemVarianceSum: 0, totalVariance: null })).toBeNull();
    expect(cronbachAlphaOf({ items: 4, completeAttempts: 5, itemVarianceSum: 0, totalVariance: 0 })).toBeNull();
  });

  it('should never give an alpha above 1', () => {
    fc.assert(
      fc.property(attemptsArbitrary, (attempts) => {
        const alpha = cronbachAlpha(attempts);
        if (alpha !== null) expect(alpha).toBeLessThanOrEqual(1 + 1e-9);
      }),
    );
  });

  it('should put the median and mean between the lowest and highest grade', () => {
    fc.assert(
      fc.property(attemptsArbitrary, (attempts) => {
        fc.pre(attempts.length > 0);
        const grades = attempts.map((given) => given.grade);
        const test = testStatistics(attempts);
        expect(test.median!).toBeGreaterThanOrEqual(Math.min(...grades));
        expect(test.median!).toBeLessThanOrEqual(Math.max(...grades));
        expect(test.mean!).toBeGreaterThanOrEqual(Math.min(...grades) - 1e-9);
        expect(test.mean!).toBeLessThanOrEqual(Math.max(...grades) + 1e-9);
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

describe('describeResponses', () => {
  const singleChoice: Question = {
    id: 'q1',
    type: 'single-choice',
    text: 'Which?',
    options: [
      { id: 'a', text: 'Right', fraction: 1 },
      { id: 'b', text: 'Wrong', fraction: 0 },
      { id: 'c', text: 'Never chosen', fraction: 0 },
    ],
  };
  const given = (value: string | null, count: number, extra: { partId?: string; meanFraction?: number } = {}) => ({
    partId: extra.partId ?? null,
    value,
    other: false,
    count,
    meanFraction: extra.meanFraction ?? null,
  });

  it('should list every option in order, then values the question no longer offers, then no answer', () => {
    expect(describeResponses(singleChoice, [given(null, 2), given('b', 5), given('a', 7), given('gone', 1)])).toEqual([
      { kind: 'option', partId: null, partLabel: null, value: 'a', label: 'Right', credit: 1, count: 7 },
      { kind: 'option', partId: null, partLabel: null, value: 'b', label: 'Wrong', credit: 0, count: 5 },
      { kind: 'option', partId: null, partLabel: null, value: 'c', label: 'Never chosen', credit: 0, count: 0 },
      { kind: 'value', partId: null, partLabel: null, value: 'gone', label: 'gone', credit: null, count: 1 },
      { kind: 'no-answer', partId: null, partLabel: null, value: null, label: null, credit: 0, count: 2 },
    ]);
  });

  it('should offer true and false with the right one credited', () => {
    const question: Question = { id: 'q', type: 'true-false', text: 'Yes?', answer: false };
    expect(
      describeResponses(question, [given('false', 3)]).map(({ value, credit, count }) => [value, credit, count]),
    ).toEqual([
      ['true', 0, 0],
      ['false', 1, 3],
    ]);
  });

  it('should credit open values with what they scored and keep the other values together', () => {
    const question: Question = {
      id: 'q',
      type: 'numeric',
      text: 'How many?',
      answers: [{ id: 'x', value: 4, fraction: 1 }],
    };
    const frequencies = describeResponses(question, [
      given('3', 2, { meanFraction: 0 }),
      given('4', 9, { meanFraction: 1 }),
      { partId: null, value: null, other: true, count: 4, meanFraction: 0.25 },
    ]);
    expect(frequencies.map(({ kind, value, credit, count }) => [kind, value, credit, count])).toEqual([
      ['value', '4', 1, 9],
      ['value', '3', 0, 2],
      ['other', null, null, 4],
    ]);
  });

  it('should count matching answers per prompt, offering every answer to every prompt', () => {
    const question: Question = {
      id: 'q',
      type: 'matching',
      text: 'Match',
      pairs: [
        { id: 'p1', prompt: 'Hub', answer: 'Centre' },
        { id: 'p2', prompt: 'Peer', answer: 'Equals' },
      ],
    };
    const frequencies = describeResponses(question, [
      given('Centre', 6, { partId: 'p1' }),
      given('Centre', 1, { partId: 'p2' }),
      given('Equals', 5, { partId: 'p2' }),
    ]);
    expect(frequencies.map(({ partLabel, label, credit, count }) => [partLabel, label, credit, count])).toEqual([
      ['Hub', 'Centre', 1, 6],
      ['Hub', 'Equals', 0, 0],
      ['Peer', 'Centre', 0, 1],
      ['Peer', 'Equals', 1, 5],
    ]);
  });

  it('should still list what was given when the question is gone', () => {
    expect(describeResponses(null, [given('a', 1), given(null, 1)]).map((response) => response.kind)).toEqual([
      'value',
      'no-answer',
    ]);
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

function permutations<T>(values: readonly T[]): T[][] {
  if (values.length <= 1) return [[...values]];
  return values.flatMap((value, index) =>
    permutations([...values.slice(0, index), ...values.slice(index + 1)]).map((rest) => [value, ...rest]),
  );
}
