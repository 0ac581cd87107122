import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { CriterionGrade, RubricCriterion } from '../../capstones/domain/capstone.types.js';
import { RubricScoreError } from '../../capstones/domain/rubric-score.js';
import {
  cohortReliability,
  median,
  outlierReviews,
  peerCriterionScores,
  type PeerReviewGrades,
  reviewAgreements,
  reviewerAgreement,
  type SubmissionReviews,
} from './peer-scores.js';

const levels = (points: number[]) =>
  points.map((value, index) => ({ id: `l${index}`, label: `L${index}`, points: value, descriptor: `d${index}` }));

// Weights 3 and 1; evidence on 0/2/4 points (range 4), budget on 1/2/3 points (range 2).
const RUBRIC: RubricCriterion[] = [
  { id: 'evidence', title: 'Evidence of need', weight: 3, levels: levels([0, 2, 4]) },
  { id: 'budget', title: 'Budget', weight: 1, levels: levels([1, 2, 3]) },
];
const POINTS = { evidence: [0, 2, 4], budget: [1, 2, 3] };

/** A review's grades from points on each criterion; null leaves the criterion without a level. */
const grades = (evidence: number | null, budget: number | null): CriterionGrade[] => [
  { criterionId: 'evidence', levelId: evidence === null ? null : `l${POINTS.evidence.indexOf(evidence)}`, comment: '' },
  { criterionId: 'budget', levelId: budget === null ? null : `l${POINTS.budget.indexOf(budget)}`, comment: '' },
];
const review = (reviewId: string, evidence: number | null, budget: number | null): PeerReviewGrades => ({
  reviewId,
  reviewerId: `reviewer-${reviewId}`,
  grades: grades(evidence, budget),
});

describe('median', () => {
  it('should take the middle value of an odd count and the mean of the two middle values of an even count', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([2, 4])).toBe(3);
    expect(median([7])).toBe(7);
    expect(median([])).toBeNull();
  });

  it('should lie within [min, max] and not depend on the order of the values (property)', () => {
    const valuesWithPermutation = fc
      .array(
        fc.integer({ min: -1000, max: 1000 }).map((value) => value / 4),
        { minLength: 1, maxLength: 20 },
      )
      .chain((values) =>
        fc.tuple(
          fc.constant(values),
          fc.shuffledSubarray(values, { minLength: values.length, maxLength: values.length }),
        ),
      );
    fc.assert(
      fc.property(valuesWithPermutation, ([values, shuffled]) => {
        const result = median(values)!;
        expect(result).toBeGreaterThanOrEqual(Math.min(...values));
        expect(result).toBeLessThanOrEqual(Math.max(...values));
        expect(median(shuffled)).toBe(result);
      }),
    );
  });
});

describe('peerCriterionScores', () => {
  it('should take the median points per criterion and weigh them as rubricPercent does (hand-worked)', () => {
    const score = peerCriterionScores(RUBRIC, [grades(2, 1), grades(4, 2), grades(4, 3)]);
    expect(score.criteria).toEqual([
      { criterionId: 'evidence', points: 4, maxPoints: 4, reviewCount: 3, source: 'peers' },
      { criterionId: 'budget', points: 2, maxPoints: 3, reviewCount: 3, source: 'peers' },
    ]);
    // (3 × 4/4 + 1 × 2/3) / 4 × 100 = 91.666… → 91.67
    expect(score.percent).toBe(91.67);
    expect(score.percentOverridden).toBe(false);
  });

  it('should keep the exact mean of the two middle reviews with an even count (ORA would round up)', () => {
    const score = peerCriterionScores(RUBRIC, [grades(2, 1), grades(4, 2)]);
    // Evidence (2 + 4) / 2 = 3, budget (1 + 2) / 2 = 1.5; ORA's ceil would give 3 and 2.
    expect(score.criteria.map((criterion) => criterion.points)).toEqual([3, 1.5]);
    // (3 × 3/4 + 1 × 1.5/3) / 4 × 100 = (2.25 + 0.5) / 4 × 100 = 68.75
    expect(score.percent).toBe(68.75);
  });

  it('should count only the reviews that gave a criterion a level', () => {
    const score = peerCriterionScores(RUBRIC, [grades(0, null), grades(2, 3), grades(4, 1)]);
    expect(score.criteria[0]).toMatchObject({ points: 2, reviewCount: 3 });
    expect(score.criteria[1]).toMatchObject({ points: 2, reviewCount: 2 });
  });

  it('should let the trainer’s level win on a criterion and the trainer’s percent win on the whole score', () => {
    const reviews = [grades(2, 1), grades(4, 2), grades(4, 3)];
    const perCriterion = peerCriterionScores(RUBRIC, reviews, {
      criteria: [{ criterionId: 'evidence', levelId: 'l0', comment: 'no data cited' }],
    });
    expect(perCriterion.criteria[0]).toMatchObject({ points: 0, reviewCount: 3, source: 'trainer' });
    expect(perCriterion.criteria[1]).toMatchObject({ points: 2, source: 'peers' });
    // (3 × 0 + 1 × 2/3) / 4 × 100 = 16.67
    expect(perCriterion.percent).toBe(16.67);

    const whole = peerCriterionScores(RUBRIC, reviews, { percent: 55 });
    expect(whole.percent).toBe(55);
    expect(whole.percentOverridden).toBe(true);
    expect(whole.criteria[0]).toMatchObject({ points: 4, source: 'peers' });
    expect(() => peerCriterionScores(RUBRIC, reviews, { percent: 101 })).toThrow(RangeError);
  });

  it('should give no percent while a criterion has neither a review nor an override', () => {
    const none = peerCriterionScores(RUBRIC, []);
    expect(none.criteria[0]).toEqual({
      criterionId: 'evidence',
      points: null,
      maxPoints: 4,
      reviewCount: 0,
      source: 'none',
    });
    expect(none.percent).toBeNull();
    expect(peerCriterionScores(RUBRIC, [grades(4, null)]).percent).toBeNull();
    expect(
      peerCriterionScores(RUBRIC, [grades(4, null)], {
        criteria: [{ criterionId: 'budget', levelId: 'l2', comment: '' }],
      }).percent,
    ).toBe(100);
  });

  it('should refuse a review naming a criterion or level the rubric does not have', () => {
    expect(() => peerCriterionScores(RUBRIC, [[{ criterionId: 'evidence', levelId: 'l7', comment: '' }]])).toThrow(
      RubricScoreError,
    );
  });
});

// Three reviews of one submission:      evidence  budget
//   a                                     4         3
//   b                                     4         2
//   c                                     0         1
const THREE: SubmissionReviews = {
  submissionId: 's1',
  reviews: [review('a', 4, 3), review('b', 4, 2), review('c', 0, 1)],
};

describe('reviewAgreements', () => {
  it('should compare each review with the median of the other reviews (hand-worked, three reviews)', () => {
    // a: evidence vs median(4, 0) = 2 → |4 − 2| / 4 = 0.5; budget vs median(2, 1) = 1.5 → |3 − 1.5| / 2 = 0.75
    //    1 − (3 × 0.5 + 1 × 0.75) / 4 = 1 − 2.25 / 4 = 0.4375
    // b: evidence vs median(4, 0) = 2 → 0.5; budget vs median(3, 1) = 2 → 0; 1 − 1.5 / 4 = 0.625
    // c: evidence vs median(4, 4) = 4 → 1; budget vs median(3, 2) = 2.5 → 0.75; 1 − 3.75 / 4 = 0.0625
    expect(reviewAgreements(RUBRIC, THREE)).toEqual([
      { reviewId: 'a', reviewerId: 'reviewer-a', agreement: 0.4375 },
      { reviewId: 'b', reviewerId: 'reviewer-b', agreement: 0.625 },
      { reviewId: 'c', reviewerId: 'reviewer-c', agreement: 0.0625 },
    ]);
  });

  it('should take the trainer’s level as the consensus where there is one (hand-worked)', () => {
    const moderated = { ...THREE, trainerGrades: [{ criterionId: 'evidence', levelId: 'l2', comment: '' }] };
    // Evidence consensus 4 for everyone; budget stays leave-one-out.
    // a: 0 and 0.75 → 1 − 0.75 / 4 = 0.8125; b: 0 and 0 → 1; c: 1 and 0.75 → 0.0625
    expect(reviewAgreements(RUBRIC, moderated).map((entry) => entry.agreement)).toEqual([0.8125, 1, 0.0625]);
  });

  it('should give both reviews the same agreement when there are only two (hand-worked)', () => {
    // Each is the other's consensus: evidence |4 − 2| / 4 = 0.5, budget 0 → 1 − 1.5 / 4 = 0.625
    const two = { submissionId: 's2', reviews: [review('a', 4, 3), review('b', 2, 3)] };
    expect(reviewAgreements(RUBRIC, two).map((entry) => entry.agreement)).toEqual([0.625, 0.625]);
  });

  it('should grade a lone review only against a trainer level, and only on the criteria that have one', () => {
    const lone = { submissionId: 's3', reviews: [review('a', 2, 3)] };
    expect(reviewAgreements(RUBRIC, lone)[0].agreement).toBeNull();
    // Only budget has a consensus: |3 − 1| / 2 = 1 → 1 − 1 = 0
    const moderated = { ...lone, trainerGrades: [{ criterionId: 'budget', levelId: 'l0', comment: '' }] };
    expect(reviewAgreements(RUBRIC, moderated)[0].agreement).toBe(0);
  });

  it('should skip criteria a review or all the others left without a level', () => {
    // a has no budget level; b's budget has no other budget to compare with → only evidence counts.
    const partial = { submissionId: 's4', reviews: [review('a', 4, null), review('b', 2, 3)] };
    expect(reviewAgreements(RUBRIC, partial).map((entry) => entry.agreement)).toEqual([0.5, 0.5]);
  });
});

describe('reviewerAgreement', () => {
  it('should average the reviewer’s graded reviews × 100 to 2 decimals and ignore ungraded ones (hand-worked)', () => {
    const submissions: SubmissionReviews[] = [
      THREE, // reviewer-a: 0.4375
      { submissionId: 's2', reviews: [review('a', 4, 3), review('x', 2, 3)] }, // reviewer-a: 0.625
      { submissionId: 's3', reviews: [review('a', 2, 2)] }, // alone: not graded
      { submissionId: 's5', reviews: [review('y', 0, 1), review('z', 4, 3)] }, // not theirs
    ];
    const result = reviewerAgreement(RUBRIC, submissions, 'reviewer-a');
    // (0.4375 + 0.625) / 2 × 100 = 53.125 → 53.13
    expect(result.grade).toBe(53.13);
    expect(result.reviews.map((entry) => entry.agreement)).toEqual([0.4375, 0.625, null]);
  });

  it('should give no grade when none of the reviewer’s reviews could be graded', () => {
    const result = reviewerAgreement(RUBRIC, [{ submissionId: 's3', reviews: [review('a', 2, 2)] }], 'reviewer-a');
    expect(result.grade).toBeNull();
    expect(reviewerAgreement(RUBRIC, [THREE], 'reviewer-nobody')).toEqual({
      reviewerId: 'reviewer-nobody',
      grade: null,
      reviews: [],
    });
  });
});

describe('outlierReviews', () => {
  it('should flag reviews more than the threshold from the median review percent (hand-worked)', () => {
    // Percents: a 100, b (3 + 2/3) / 4 × 100 = 91.67, c (0 + 1/3) / 4 × 100 = 8.33; median 91.67.
    expect(outlierReviews(RUBRIC, THREE.reviews)).toEqual([
      { reviewId: 'c', reviewerId: 'reviewer-c', percent: 8.33, medianPercent: 91.67, distance: 83.34 },
    ]);
    expect(outlierReviews(RUBRIC, THREE.reviews, 5).map((entry) => [entry.reviewId, entry.distance])).toEqual([
      ['a', 8.33],
      ['c', 83.34],
    ]);
  });

  it('should leave incomplete reviews out of the median and out of the result', () => {
    const reviews = [review('a', 4, 3), review('b', 0, null), review('c', 0, 1)];
    // Complete: a 100, c 8.33 → median 54.165; both are 45.835 → 45.84 away.
    expect(outlierReviews(RUBRIC, reviews).map((entry) => [entry.reviewId, entry.distance])).toEqual([
      ['a', 45.84],
      ['c', 45.84],
    ]);
    expect(outlierReviews(RUBRIC, [])).toEqual([]);
  });
});

describe('cohortReliability', () => {
  it('should be 1 per criterion and overall when reviewers agree on every submission', () => {
    const submissions: SubmissionReviews[] = [
      { submissionId: 's1', reviews: [review('a', 4, 2), review('b', 4, 2)] },
      { submissionId: 's2', reviews: [review('c', 0, 2), review('d', 0, 2), review('e', 0, 2)] },
    ];
    expect(cohortReliability(RUBRIC, submissions)).toEqual({
      overall: 1,
      criteria: [
        { criterionId: 'evidence', alpha: 1 },
        // Every budget level is 2: no variation, alpha undefined.
        { criterionId: 'budget', alpha: null },
      ],
    });
  });

  it('should be ordinal alpha on the points of each criterion (hand-worked)', () => {
    // Evidence units [4, 4], [4, 0], [0, 0] have the coincidence structure of the two-value example: α = 4/9.
    const submissions: SubmissionReviews[] = [
      { submissionId: 's1', reviews: [review('a', 4, 3), review('b', 4, 3)] },
      { submissionId: 's2', reviews: [review('c', 4, 3), review('d', 0, 3)] },
      { submissionId: 's3', reviews: [review('e', 0, 1), review('f', 0, 1)] },
    ];
    const result = cohortReliability(RUBRIC, submissions);
    expect(result.criteria[0].alpha).toBeCloseTo(4 / 9, 12);
    expect(result.criteria[1].alpha).toBe(1);
  });
});

describe('peer scores (properties)', () => {
  const rubricArbitrary = fc
    .array(
      fc.record({
        weight: fc.integer({ min: 1, max: 20 }),
        points: fc.uniqueArray(fc.integer({ min: 0, max: 10 }), { minLength: 2, maxLength: 5 }),
      }),
      { minLength: 1, maxLength: 5 },
    )
    .map((specs) =>
      specs.map((spec, index): RubricCriterion => ({
        id: `c${index}`,
        title: `C${index}`,
        weight: spec.weight,
        levels: levels([...spec.points].sort((a, b) => a - b)),
      })),
    );
  /** A review picks a level (or none, when `allowMissing`) per criterion from the stream. */
  const pickReview = (rubric: RubricCriterion[], picks: fc.Stream<number>, allowMissing: boolean): CriterionGrade[] =>
    rubric.map((criterion) => {
      const pick = picks.next().value as number;
      const missing = allowMissing && pick % 5 === 0;
      return {
        criterionId: criterion.id,
        levelId: missing ? null : criterion.levels[pick % criterion.levels.length].id,
        comment: '',
      };
    });

  it('should keep the peer percent within 0–100 (property)', () => {
    fc.assert(
      fc.property(
        rubricArbitrary,
        fc.integer({ min: 0, max: 6 }),
        fc.infiniteStream(fc.nat()),
        (rubric, count, picks) => {
          const reviews = Array.from({ length: count }, () => pickReview(rubric, picks, true));
          const { percent } = peerCriterionScores(rubric, reviews);
          if (percent === null) return;
          expect(percent).toBeGreaterThanOrEqual(0);
          expect(percent).toBeLessThanOrEqual(100);
        },
      ),
    );
  });

  it('should keep every agreement within 0–1 (property)', () => {
    fc.assert(
      fc.property(
        rubricArbitrary,
        fc.integer({ min: 1, max: 6 }),
        fc.boolean(),
        fc.infiniteStream(fc.nat()),
        (rubric, count, moderated, picks) => {
          const submission: SubmissionReviews = {
            submissionId: 's',
            reviews: Array.from({ length: count }, (_, index) => ({
              reviewId: `r${index}`,
              reviewerId: `u${index}`,
              grades: pickReview(rubric, picks, true),
            })),
            trainerGrades: moderated ? pickReview(rubric, picks, true) : undefined,
          };
          for (const { agreement } of reviewAgreements(rubric, submission)) {
            if (agreement === null) continue;
            expect(agreement).toBeGreaterThanOrEqual(0);
            expect(agreement).toBeLessThanOrEqual(1);
          }
        },
      ),
    );
  });

  it('should give every reviewer 100 when all reviews agree (property)', () => {
    fc.assert(
      fc.property(
        rubricArbitrary,
        fc.integer({ min: 2, max: 6 }),
        fc.infiniteStream(fc.nat()),
        (rubric, count, picks) => {
          const shared = pickReview(rubric, picks, false);
          const submission: SubmissionReviews = {
            submissionId: 's',
            reviews: Array.from({ length: count }, (_, index) => ({
              reviewId: `r${index}`,
              reviewerId: `u${index}`,
              grades: shared,
            })),
          };
          for (const { agreement } of reviewAgreements(rubric, submission)) expect(agreement).toBe(1);
          expect(reviewerAgreement(rubric, [submission], 'u0').grade).toBe(100);
        },
      ),
    );
  });
});
