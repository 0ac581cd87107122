import type { SubmissionReviews } from './peer-scores.js';

/** A trainer's decision on one submitted review: it counts (a flag dismissed, an exclusion undone) or it does not. */
export type ModerationDecisionKind = 'keep' | 'exclude';

export interface ModerationDecisionRecord {
  allocationId: string;
  decision: ModerationDecisionKind;
  createdAt: Date;
}

/**
 * The decision that stands for each review: the newest by `createdAt`; between two at the same instant, the one
 * given later (rows come ordered by time, then id). Earlier decisions are history, not state.
 */
export function standingDecisions<Decision extends ModerationDecisionRecord>(
  decisions: readonly Decision[],
): Map<string, Decision> {
  const standing = new Map<string, Decision>();
  for (const decision of decisions) {
    const current = standing.get(decision.allocationId);
    if (!current || decision.createdAt.getTime() >= current.createdAt.getTime())
      standing.set(decision.allocationId, decision);
  }
  return standing;
}

/** The reviews whose standing decision is `exclude`: left out of peer scores, agreement and reliability. */
export function excludedReviewIds(decisions: readonly ModerationDecisionRecord[]): Set<string> {
  return new Set(
    [...standingDecisions(decisions).values()]
      .filter((decision) => decision.decision === 'exclude')
      .map((decision) => decision.allocationId),
  );
}

/** Removes excluded reviews from each submission; a submission left with no review is dropped. */
export function withoutExcluded(
  submissions: readonly SubmissionReviews[],
  excluded: ReadonlySet<string>,
): SubmissionReviews[] {
  return submissions
    .map((submission) => ({
      ...submission,
      reviews: submission.reviews.filter((review) => !excluded.has(review.reviewId)),
    }))
    .filter((submission) => submission.reviews.length > 0);
}

export type AllocationState = 'assigned' | 'started' | 'submitted' | 'replaced' | 'cancelled';

export interface CoverageAllocation {
  submissionId: string;
  status: AllocationState;
  /** The allocation's review is submitted (it counts unless excluded). */
  reviewSubmitted: boolean;
  excluded: boolean;
}

export interface CoverageCounts {
  submissionId: string;
  /** Active allocations not yet started. */
  assigned: number;
  /** Active allocations with a draft saved, not submitted. */
  started: number;
  /** Submitted reviews, excluded ones included. */
  submitted: number;
  /** Submitted reviews a trainer excluded from scoring. */
  excluded: number;
  /** Submitted reviews that count: submitted − excluded. */
  counted: number;
  /** k − counted, at least 0: how far the plan is from k counted reviews. */
  missing: number;
}

/**
 * Per submission: its active allocations by state and how many counted (submitted, not excluded) reviews it still
 * lacks to reach k. Replaced and cancelled allocations do not count; a submission with no allocation at all is
 * reported with every count 0 and k missing.
 */
export function coverageCounts(
  k: number,
  submissionIds: readonly string[],
  allocations: readonly CoverageAllocation[],
): CoverageCounts[] {
  return submissionIds.map((submissionId) => {
    const rows = allocations.filter(
      (row) => row.submissionId === submissionId && row.status !== 'replaced' && row.status !== 'cancelled',
    );
    const submittedRows = rows.filter((row) => row.reviewSubmitted);
    const excluded = submittedRows.filter((row) => row.excluded).length;
    const counted = submittedRows.length - excluded;
    return {
      submissionId,
      assigned: rows.filter((row) => !row.reviewSubmitted && row.status === 'assigned').length,
      started: rows.filter((row) => !row.reviewSubmitted && row.status === 'started').length,
      submitted: submittedRows.length,
      excluded,
      counted,
      missing: Math.max(0, k - counted),
    };
  });
}

/** What the alpha of a cohort rests on: reviews of plans that have at least two counted reviews. */
export interface ReliabilityBasis {
  reviews: number;
  submissions: number;
}

/** Only units with two or more values can be paired, so only those reviews inform alpha. */
export function reliabilityBasis(submissions: readonly SubmissionReviews[]): ReliabilityBasis {
  const pairable = submissions.filter((submission) => submission.reviews.length >= 2);
  return {
    reviews: pairable.reduce((sum, submission) => sum + submission.reviews.length, 0),
    submissions: pairable.length,
  };
}

export type ReliabilityLevel = 'good' | 'tentative' | 'low' | 'not-enough' | 'no-variation';

/**
 * Krippendorff's alpha in words, with his cut-offs (Content Analysis, 2004, §11.4.4): α ≥ 0.800 reliable;
 * 0.667 ≤ α < 0.800 only tentative conclusions; below 0.667 too low to rely on. No alpha with no pairable review
 * is "not enough reviews yet"; no alpha with pairable reviews means every review gave the same levels.
 */
export function reliabilityReading(
  alpha: number | null,
  basis: ReliabilityBasis,
): { level: ReliabilityLevel; words: string } {
  if (alpha === null && basis.reviews === 0)
    return {
      level: 'not-enough',
      words: 'Not enough reviews yet: alpha needs at least two counted reviews of the same plan.',
    };
  if (alpha === null)
    return {
      level: 'no-variation',
      words:
        'Cannot be computed yet: every counted review gave the same levels, so there is no variation to measure agreement on.',
    };
  if (alpha >= 0.8)
    return { level: 'good', words: 'Good: reviewers agree well enough for their scores to be relied on.' };
  if (alpha >= 0.667)
    return {
      level: 'tentative',
      words: 'Tentative: reviewers agree in part; read the peer scores with care and look at the outliers.',
    };
  return {
    level: 'low',
    words: 'Low: reviewers disagree too much for the peer scores to be relied on alone; moderate or override them.',
  };
}

export type OverridePercent = { ok: true; percent: number | null } | { ok: false; problem: string };

/** The override form's percent: blank withdraws the override (null); else 0–100 with at most 2 decimals. */
export function parseOverridePercent(text: string): OverridePercent {
  const value = text.trim().replace(',', '.');
  if (value === '') return { ok: true, percent: null };
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(value) || Number(value) > 100)
    return {
      ok: false,
      problem: `The percent must be a number from 0 to 100 with at most 2 decimals (got "${text.trim()}"); leave it blank to withdraw the override.`,
    };
  return { ok: true, percent: Number(value) };
}

export type AllocationEndCheck = 'ok' | 'already-ended' | 'needs-confirmation';

/**
 * Whether a trainer may end (cancel or replace) an allocation: an ended one cannot end again; one whose reviewer
 * has started or submitted a review ends only when the trainer confirms it (the review row is kept either way).
 */
export function allocationEndCheck(status: AllocationState, confirmed: boolean): AllocationEndCheck {
  switch (status) {
    case 'replaced':
    case 'cancelled':
      return 'already-ended';
    case 'started':
    case 'submitted':
      return confirmed ? 'ok' : 'needs-confirmation';
    case 'assigned':
      return 'ok';
  }
}

/** A reason or note a trainer must give: trimmed, 5 to 2000 characters; null when it is not acceptable. */
export function trainerReason(text: string | undefined): string | null {
  const trimmed = (text ?? '').trim();
  return trimmed.length >= 5 && trimmed.length <= 2000 ? trimmed : null;
}
