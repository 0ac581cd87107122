import type { CriterionGrade, RubricCriterion } from '../../capstones/domain/capstone.types.js';
import { normaliseCriterionGrades, roundPercent, rubricPercent } from '../../capstones/domain/rubric-score.js';
import { krippendorffAlpha } from './krippendorff-alpha.js';

/** One submitted peer review: the reviewer's level per criterion, on the rubric of the capstone. */
export interface PeerReviewGrades {
  reviewId: string;
  reviewerId: string;
  grades: readonly CriterionGrade[];
}

/** A submission with every submitted review of it and the trainer's per-criterion override, if any. */
export interface SubmissionReviews {
  submissionId: string;
  reviews: readonly PeerReviewGrades[];
  /** The trainer's levels; a criterion with a level here is the consensus for it, over the reviews' median. */
  trainerGrades?: readonly CriterionGrade[];
}

/** The trainer's word over the peers': per criterion (a level), or for the whole score (a percent). */
export interface PeerScoreOverrides {
  criteria?: readonly CriterionGrade[];
  /** A whole-score override, 0–100; it replaces the percent but leaves the per-criterion medians as they are. */
  percent?: number | null;
}

export interface PeerCriterionScore {
  criterionId: string;
  /** The median of the reviews' level points (fractional with an even count), the trainer's points, or null. */
  points: number | null;
  maxPoints: number;
  /** The reviews that gave this criterion a level. */
  reviewCount: number;
  source: 'peers' | 'trainer' | 'none';
}

export interface PeerScore {
  criteria: PeerCriterionScore[];
  /** Weighted as `rubricPercent`, 2 decimals; null while a criterion has neither a review nor an override. */
  percent: number | null;
  /** True when the percent is the trainer's whole-score override. */
  percentOverridden: boolean;
}

/**
 * The median; with an even count the mean of the two middle values. Null for no values. Open edX ORA rounds an even
 * median up to a whole point (`math.ceil`); we keep the exact mean, because points feed a percent that takes
 * fractions, and rounding up would lift every split decision by half a point.
 */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * The peer score of one submission. Per criterion: the trainer's level when `overrides.criteria` gives one, else the
 * median of the points of the reviews that gave it a level (reviews are validated against the rubric; a review with
 * no level on a criterion does not count for it). The percent is Σ weight × points / maxPoints over Σ weight × 100,
 * as `rubricPercent` computes it but with fractional points, unless `overrides.percent` replaces it.
 */
export function peerCriterionScores(
  criteria: readonly RubricCriterion[],
  reviews: readonly (readonly CriterionGrade[])[],
  overrides: PeerScoreOverrides = {},
): PeerScore {
  const normalisedReviews = reviews.map((grades) => normaliseCriterionGrades(criteria, grades));
  const trainer = overrides.criteria ? normaliseCriterionGrades(criteria, overrides.criteria) : [];
  const scores = criteria.map((criterion, index): PeerCriterionScore => {
    const judged = normalisedReviews
      .map((grades) => levelPoints(criterion, grades[index].levelId))
      .filter((points): points is number => points !== null);
    const trainerPoints = levelPoints(criterion, trainer[index]?.levelId ?? null);
    const points = trainerPoints ?? median(judged);
    return {
      criterionId: criterion.id,
      points,
      maxPoints: maxPointsOf(criterion),
      reviewCount: judged.length,
      source: trainerPoints !== null ? 'trainer' : points !== null ? 'peers' : 'none',
    };
  });
  if (overrides.percent !== undefined && overrides.percent !== null) {
    if (!(overrides.percent >= 0 && overrides.percent <= 100))
      throw new RangeError(`A whole-score override is a percent from 0 to 100, got ${overrides.percent}.`);
    return { criteria: scores, percent: roundPercent(overrides.percent), percentOverridden: true };
  }
  return { criteria: scores, percent: weightedPercent(criteria, scores), percentOverridden: false };
}

export interface ReviewAgreement {
  reviewId: string;
  reviewerId: string;
  /** 0–1; null when no criterion of the review had a consensus to compare with. */
  agreement: number | null;
}

export interface ReviewerAgreement {
  reviewerId: string;
  /** Mean agreement of the graded reviews × 100, 2 decimals; null when none of their reviews could be graded. */
  grade: number | null;
  reviews: ReviewAgreement[];
}

/**
 * Agreement of each review of one submission with the consensus. For a review r and a criterion c that r gave a
 * level:
 *   consensus(c) = the trainer's points on c when `trainerGrades` gives c a level, else the median of the points
 *                  of the OTHER reviews of the submission on c (leave-one-out: a reviewer does not pull the
 *                  consensus toward themselves); no other review and no trainer level → c is not graded for r;
 *   d(r, c)      = |points_r(c) − consensus(c)| / (maxPoints(c) − minPoints(c)), in 0–1; a criterion with a
 *                  single point value (max = min) cannot be disagreed on and is not graded;
 *   agreement(r) = 1 − Σ_c weight(c) · d(r, c) / Σ_c weight(c), over the graded criteria of r; null when none
 *                  (or when their weights sum to 0).
 * With two reviews and no trainer level each is the other's consensus, so both get the same agreement: two
 * reviewers who disagree cannot tell who is right, and a trainer level settles it.
 */
export function reviewAgreements(
  criteria: readonly RubricCriterion[],
  submission: SubmissionReviews,
): ReviewAgreement[] {
  const normalised = submission.reviews.map((review) => normaliseCriterionGrades(criteria, review.grades));
  const trainer = submission.trainerGrades ? normaliseCriterionGrades(criteria, submission.trainerGrades) : [];
  return submission.reviews.map((review, reviewIndex): ReviewAgreement => {
    let weightedDistance = 0;
    let totalWeight = 0;
    criteria.forEach((criterion, criterionIndex) => {
      const points = levelPoints(criterion, normalised[reviewIndex][criterionIndex].levelId);
      const range = maxPointsOf(criterion) - minPointsOf(criterion);
      if (points === null || range <= 0) return;
      const consensus =
        levelPoints(criterion, trainer[criterionIndex]?.levelId ?? null) ??
        median(
          normalised
            .filter((_, otherIndex) => otherIndex !== reviewIndex)
            .map((grades) => levelPoints(criterion, grades[criterionIndex].levelId))
            .filter((other): other is number => other !== null),
        );
      if (consensus === null) return;
      weightedDistance += criterion.weight * (Math.abs(points - consensus) / range);
      totalWeight += criterion.weight;
    });
    return {
      reviewId: review.reviewId,
      reviewerId: review.reviewerId,
      agreement: totalWeight > 0 ? 1 - weightedDistance / totalWeight : null,
    };
  });
}

/**
 * A reviewer's grade: the mean agreement (see `reviewAgreements`) of their graded reviews across the submissions
 * they reviewed, × 100, rounded to 2 decimals; null when none of their reviews could be graded.
 */
export function reviewerAgreement(
  criteria: readonly RubricCriterion[],
  submissions: readonly SubmissionReviews[],
  reviewerId: string,
): ReviewerAgreement {
  const reviews = submissions
    .filter((submission) => submission.reviews.some((review) => review.reviewerId === reviewerId))
    .flatMap((submission) => reviewAgreements(criteria, submission))
    .filter((review) => review.reviewerId === reviewerId);
  const graded = reviews.map((review) => review.agreement).filter((value): value is number => value !== null);
  const grade =
    graded.length > 0 ? roundPercent((graded.reduce((sum, value) => sum + value, 0) / graded.length) * 100) : null;
  return { reviewerId, grade, reviews };
}

export interface OutlierReview {
  reviewId: string;
  reviewerId: string;
  /** The review's own percent (`rubricPercent`). */
  percent: number;
  /** The median of the percents of the submission's complete reviews, this one included. */
  medianPercent: number;
  /** |percent − medianPercent|, 2 decimals. */
  distance: number;
}

/**
 * Reviews of one submission whose percent is more than `threshold` points from the median percent of the
 * submission's complete reviews (this one included), in the order given. Reviews that leave a criterion without a
 * level have no percent and are neither flagged nor counted in the median.
 */
export function outlierReviews(
  criteria: readonly RubricCriterion[],
  reviews: readonly PeerReviewGrades[],
  threshold = 25,
): OutlierReview[] {
  const scored = reviews
    .map((review) => ({ review, percent: rubricPercent(criteria, review.grades) }))
    .filter((entry): entry is { review: PeerReviewGrades; percent: number } => entry.percent !== null);
  const medianPercent = median(scored.map((entry) => entry.percent));
  if (medianPercent === null) return [];
  return scored
    .map(({ review, percent }) => ({
      reviewId: review.reviewId,
      reviewerId: review.reviewerId,
      percent,
      medianPercent,
      distance: roundPercent(Math.abs(percent - medianPercent)),
    }))
    .filter((entry) => entry.distance > threshold);
}

export interface CohortReliability {
  /** Ordinal alpha over every (submission, criterion) unit, on points as a fraction of the criterion's maximum. */
  overall: number | null;
  /** Ordinal alpha per criterion, units = submissions, values = the reviews' level points. */
  criteria: { criterionId: string; alpha: number | null }[];
}

/**
 * Inter-rater reliability of a cohort's peer reviews: Krippendorff's ordinal alpha on rubric level points. Per
 * criterion the units are the submissions; overall the units are (submission, criterion) pairs, with points divided
 * by the criterion's maximum so criteria on different scales share one order (a criterion whose maximum is 0 is left
 * out of the overall figure). Trainer levels are not a coder and are left out.
 */
export function cohortReliability(
  criteria: readonly RubricCriterion[],
  submissions: readonly SubmissionReviews[],
): CohortReliability {
  const normalised = submissions.map((submission) =>
    submission.reviews.map((review) => normaliseCriterionGrades(criteria, review.grades)),
  );
  const pointsOf = (criterionIndex: number) =>
    normalised.map((reviews) =>
      reviews.map((grades) => levelPoints(criteria[criterionIndex], grades[criterionIndex].levelId)),
    );
  const overallUnits = criteria.flatMap((criterion, criterionIndex) => {
    const maxPoints = maxPointsOf(criterion);
    if (maxPoints <= 0) return [];
    return pointsOf(criterionIndex).map((unit) => unit.map((points) => (points === null ? null : points / maxPoints)));
  });
  return {
    overall: krippendorffAlpha(overallUnits, 'ordinal'),
    criteria: criteria.map((criterion, criterionIndex) => ({
      criterionId: criterion.id,
      alpha: krippendorffAlpha(pointsOf(criterionIndex), 'ordinal'),
    })),
  };
}

function weightedPercent(criteria: readonly RubricCriterion[], scores: readonly PeerCriterionScore[]): number | null {
  if (scores.some((score) => score.points === null)) return null;
  let weighted = 0;
  let totalWeight = 0;
  criteria.forEach((criterion, index) => {
    const { points, maxPoints } = scores[index];
    weighted += criterion.weight * (maxPoints > 0 ? points! / maxPoints : 0);
    totalWeight += criterion.weight;
  });
  if (totalWeight <= 0) return 0;
  return roundPercent((weighted / totalWeight) * 100);
}

function levelPoints(criterion: RubricCriterion, levelId: string | null): number | null {
  if (levelId === null) return null;
  return criterion.levels.find((level) => level.id === levelId)?.points ?? null;
}

function maxPointsOf(criterion: RubricCriterion): number {
  return Math.max(...criterion.levels.map((level) => level.points));
}

function minPointsOf(criterion: RubricCriterion): number {
  return Math.min(...criterion.levels.map((level) => level.points));
}
