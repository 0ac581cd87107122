import { describe, expect, it } from '@jest/globals';
import type { CriterionGrade, RubricCriterion } from '../../capstones/domain/capstone.types.js';
import {
  allocationEndCheck,
  coverageCounts,
  excludedReviewIds,
  parseOverridePercent,
  reliabilityBasis,
  reliabilityReading,
  standingDecisions,
  trainerReason,
  withoutExcluded,
  type CoverageAllocation,
  type ModerationDecisionRecord,
} from './moderation.js';
import { peerCriterionScores, reviewerAgreement, type SubmissionReviews } from './peer-scores.js';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 23, 12, minute));
const decision = (
  allocationId: string,
  kind: ModerationDecisionRecord['decision'],
  minute: number,
): ModerationDecisionRecord => ({ allocationId, decision: kind, createdAt: at(minute) });

describe('standingDecisions and excludedReviewIds', () => {
  it('should let the newest decision on a review stand, whatever order the rows come in', () => {
    const decisions = [decision('r1', 'exclude', 5), decision('r1', 'keep', 9), decision('r2', 'exclude', 7)];
    const standing = standingDecisions([decisions[1], decisions[0], decisions[2]]);
    expect(standing.get('r1')?.decision).toBe('keep');
    expect(standing.get('r2')?.decision).toBe('exclude');
    expect(excludedReviewIds(decisions)).toEqual(new Set(['r2']));
  });

  it('should take the later row of two decisions made at the same instant', () => {
    expect(excludedReviewIds([decision('r1', 'keep', 3), decision('r1', 'exclude', 3)])).toEqual(new Set(['r1']));
    expect(excludedReviewIds([decision('r1', 'exclude', 3), decision('r1', 'keep', 3)])).toEqual(new Set());
  });

  it('should exclude again after keep, exclude, keep, exclude', () => {
    const history = [
      decision('r1', 'keep', 1),
      decision('r1', 'exclude', 2),
      decision('r1', 'keep', 3),
      decision('r1', 'exclude', 4),
    ];
    expect(excludedReviewIds(history)).toEqual(new Set(['r1']));
    expect(excludedReviewIds(history.slice(0, 3))).toEqual(new Set());
  });
});

const levels = (points: number[]) =>
  points.map((value, index) => ({ id: `l${index}`, label: `L${index}`, points: value, descriptor: `d${index}` }));
// One criterion on 0/1/2/3/4 points: a review's percent is points × 25.
const RUBRIC: RubricCriterion[] = [{ id: 'c', title: 'Criterion', weight: 1, levels: levels([0, 1, 2, 3, 4]) }];
const grades = (points: number): CriterionGrade[] => [{ criterionId: 'c', levelId: `l${points}`, comment: '' }];

describe('withoutExcluded', () => {
  const submissions: SubmissionReviews[] = [
    {
      submissionId: 's1',
      reviews: [
        { reviewId: 'a', reviewerId: 'ann', grades: grades(4) },
        { reviewId: 'b', reviewerId: 'bob', grades: grades(4) },
        { reviewId: 'c', reviewerId: 'cat', grades: grades(0) },
      ],
    },
    { submissionId: 's2', reviews: [{ reviewId: 'd', reviewerId: 'cat', grades: grades(2) }] },
  ];

  it('should change the median score once the outlier is excluded: median of 4, 4, 0 and of 4, 4 with 0 removed', () => {
    // With review c: points 4, 4, 0 → median 4 → 100%. Excluding a (a 4) instead leaves 4, 0 → median 2 → 50%.
    const scoreOf = (excluded: Set<string>) =>
      peerCriterionScores(
        RUBRIC,
        withoutExcluded(submissions, excluded)[0].reviews.map((review) => review.grades),
      ).percent;
    expect(scoreOf(new Set())).toBe(100);
    expect(scoreOf(new Set(['c']))).toBe(100);
    expect(scoreOf(new Set(['a']))).toBe(50);
  });

  it('should take an excluded review out of its reviewer grade and out of the others consensus', () => {
    // Kept: cat's review c (0) against the median of 4 and 4 = 4 → agreement 1 − 4/4 = 0; ann's review a (4) against
    // the median of 4 and 0 = 2 → 1 − 2/4 = 0.5. Excluding c: cat has no graded review left (null), ann agrees fully.
    expect(reviewerAgreement(RUBRIC, submissions, 'cat').grade).toBe(0);
    expect(reviewerAgreement(RUBRIC, submissions, 'ann').grade).toBe(50);
    const moderated = withoutExcluded(submissions, new Set(['c']));
    expect(reviewerAgreement(RUBRIC, moderated, 'cat').grade).toBeNull();
    expect(reviewerAgreement(RUBRIC, moderated, 'ann').grade).toBe(100);
  });

  it('should drop a submission whose every review is excluded', () => {
    expect(withoutExcluded(submissions, new Set(['d'])).map((entry) => entry.submissionId)).toEqual(['s1']);
  });
});

describe('coverageCounts', () => {
  const row = (
    submissionId: string,
    status: CoverageAllocation['status'],
    reviewSubmitted = false,
    excluded = false,
  ): CoverageAllocation => ({ submissionId, status, reviewSubmitted, excluded });

  it('should count active allocations by state and what is missing to k counted reviews', () => {
    const counts = coverageCounts(
      3,
      ['s1', 's2', 's3'],
      [
        row('s1', 'submitted', true),
        row('s1', 'submitted', true, true),
        row('s1', 'started'),
        row('s1', 'replaced'),
        row('s2', 'submitted', true),
        row('s2', 'submitted', true),
        row('s2', 'submitted', true),
        row('s2', 'cancelled'),
        row('s2', 'assigned'),
      ],
    );
    expect(counts).toEqual([
      { submissionId: 's1', assigned: 0, started: 1, submitted: 2, excluded: 1, counted: 1, missing: 2 },
      { submissionId: 's2', assigned: 1, started: 0, submitted: 3, excluded: 0, counted: 3, missing: 0 },
      { submissionId: 's3', assigned: 0, started: 0, submitted: 0, excluded: 0, counted: 0, missing: 3 },
    ]);
  });
});

describe('reliabilityBasis and reliabilityReading', () => {
  it('should count only the reviews of plans with at least two reviews', () => {
    const submissions: SubmissionReviews[] = [
      { submissionId: 's1', reviews: [{ reviewId: 'a', reviewerId: 'x', grades: [] }] },
      {
        submissionId: 's2',
        reviews: [
          { reviewId: 'b', reviewerId: 'x', grades: [] },
          { reviewId: 'c', reviewerId: 'y', grades: [] },
          { reviewId: 'd', reviewerId: 'z', grades: [] },
        ],
      },
    ];
    expect(reliabilityBasis(submissions)).toEqual({ reviews: 3, submissions: 1 });
  });

  it('should read alpha with Krippendorff cut-offs 0.8 and 0.667', () => {
    const basis = { reviews: 6, submissions: 2 };
    expect(reliabilityReading(0.8, basis).level).toBe('good');
    expect(reliabilityReading(0.95, basis).level).toBe('good');
    expect(reliabilityReading(0.7999, basis).level).toBe('tentative');
    expect(reliabilityReading(0.667, basis).level).toBe('tentative');
    expect(reliabilityReading(0.6669, basis).level).toBe('low');
    expect(reliabilityReading(-0.2, basis).level).toBe('low');
  });

  it('should say there are not enough reviews when none can be paired, and no variation when alpha is 0/0', () => {
    expect(reliabilityReading(null, { reviews: 0, submissions: 0 })).toEqual({
      level: 'not-enough',
      words: 'Not enough reviews yet: alpha needs at least two counted reviews of the same plan.',
    });
    expect(reliabilityReading(null, { reviews: 4, submissions: 2 }).level).toBe('no-variation');
  });
});

describe('parseOverridePercent', () => {
  it('should take blank as a withdrawal and a percent from 0 to 100 with up to 2 decimals', () => {
    expect(parseOverridePercent('  ')).toEqual({ ok: true, percent: null });
    expect(parseOverridePercent('0')).toEqual({ ok: true, percent: 0 });
    expect(parseOverridePercent('72.5')).toEqual({ ok: true, percent: 72.5 });
    expect(parseOverridePercent('72,25')).toEqual({ ok: true, percent: 72.25 });
    expect(parseOverridePercent('100')).toEqual({ ok: true, percent: 100 });
  });

  it('should refuse what is not such a percent, naming the value', () => {
    for (const bad of ['100.01', '101', '-1', '1.234', 'abc', '1e2']) {
      const result = parseOverridePercent(bad);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.problem).toContain(`"${bad}"`);
    }
  });
});

describe('allocationEndCheck', () => {
  it('should let an assigned allocation end, ask to confirm a started or submitted one, and refuse an ended one', () => {
    expect(allocationEndCheck('assigned', false)).toBe('ok');
    expect(allocationEndCheck('started', false)).toBe('needs-confirmation');
    expect(allocationEndCheck('started', true)).toBe('ok');
    expect(allocationEndCheck('submitted', false)).toBe('needs-confirmation');
    expect(allocationEndCheck('submitted', true)).toBe('ok');
    expect(allocationEndCheck('replaced', true)).toBe('already-ended');
    expect(allocationEndCheck('cancelled', false)).toBe('already-ended');
  });
});

describe('trainerReason', () => {
  it('should trim and accept 5 to 2000 characters', () => {
    expect(trainerReason('  Off topic  ')).toBe('Off topic');
    expect(trainerReason('four')).toBeNull();
    expect(trainerReason(undefined)).toBeNull();
    expect(trainerReason('x'.repeat(2001))).toBeNull();
  });
});
