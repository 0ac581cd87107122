import { Injectable } from '@nestjs/common';
import { isUuid } from '../../common/ids.js';
import { CapstoneContextService } from '../capstones/capstone-context.service.js';
import type { CapstoneDefinition, RubricCriterion } from '../capstones/domain/capstone.types.js';
import { rubricPercent } from '../capstones/domain/rubric-score.js';
import type { CohortAccess } from '../cohorts/cohort-access.service.js';
import {
  coverageCounts,
  excludedReviewIds,
  reliabilityBasis,
  reliabilityReading,
  standingDecisions,
  withoutExcluded,
  type CoverageCounts,
  type ReliabilityBasis,
  type ReliabilityLevel,
} from './domain/moderation.js';
import { reviewsPerReviewerOf, withPeerRubric, type PeerReviewSettings } from './domain/peer-review-settings.js';
import {
  cohortReliability,
  outlierReviews,
  peerCriterionScores,
  reviewerAgreement,
  type OutlierReview,
  type PeerScore,
  type SubmissionReviews,
} from './domain/peer-scores.js';
import { PeerReviewAllocationService } from './peer-review-allocation.service.js';
import {
  PeerReviewModerationRepository,
  type DecisionEntry,
  type FlaggedReview,
  type ModeratedSubmission,
  type OverrideEntry,
  type StaffAllocationView,
} from './peer-review-moderation.repository.js';
import { PeerReviewModerationNotFoundError } from './peer-review-moderation.errors.js';
import { PeerReviewRepository, type PeerReviewCohort } from './peer-review.repository.js';

/** A review is an outlier when its percent is more than this many points from its plan's median percent. */
export const OUTLIER_THRESHOLD_POINTS = 25;

export interface ModerationCohort {
  cohort: PeerReviewCohort;
  settings: PeerReviewSettings;
  language: string;
  definition: CapstoneDefinition;
}

export interface CoverageRow extends CoverageCounts {
  authorName: string;
}

export interface OutlierRow extends OutlierReview {
  submissionId: string;
  authorName: string;
  reviewerName: string;
}

export interface FlagRow extends FlaggedReview {
  authorName: string;
  reviewerName: string;
  /** The standing decision when it was made after the flag (the flag is then resolved). */
  resolution: DecisionEntry | null;
  excluded: boolean;
}

export interface ReviewerGradeRow {
  reviewerId: string;
  name: string;
  /** Agreement grade over their counted reviews; null when none could be graded. */
  grade: number | null;
  assigned: number;
  submitted: number;
  excluded: number;
  required: number;
}

export interface ModerationOverview {
  k: number;
  coverage: CoverageRow[];
  outliers: OutlierRow[];
  flags: FlagRow[];
  reliability: {
    overall: number | null;
    criteria: { title: string; alpha: number | null }[];
    basis: ReliabilityBasis;
    level: ReliabilityLevel;
    words: string;
  };
  reviewers: ReviewerGradeRow[];
}

export interface SubmissionModeration {
  submission: ModeratedSubmission;
  criteria: readonly RubricCriterion[];
  counts: CoverageCounts;
  /** The score the gradebook uses: medians of the counted reviews, the latest override winning. */
  score: PeerScore | null;
  /** The same without the override, for the trainer to compare. */
  peerPercent: number | null;
  overrides: OverrideEntry[];
  allocations: (StaffAllocationView & {
    percent: number | null;
    excluded: boolean;
    outlier: boolean;
    decisions: DecisionEntry[];
  })[];
  /** Enrolled participants who may be added as reviewers: not the author, not already reviewing it. */
  candidates: { userId: string; fullName: string }[];
}

/**
 * What a trainer reads to moderate a cohort's peer review: coverage against k, outlier reviews, flags, Krippendorff's
 * alpha of the counted reviews, reviewers' agreement grades, and one plan's reviews in full. Reviews a trainer
 * excluded (newest decision) are left out of every figure, as the gradebook leaves them out.
 */
@Injectable()
export class PeerReviewModerationService {
  constructor(
    private readonly contexts: CapstoneContextService,
    private readonly repository: PeerReviewRepository,
    private readonly moderation: PeerReviewModerationRepository,
    private readonly allocation: PeerReviewAllocationService,
  ) {}

  async cohort(access: CohortAccess): Promise<ModerationCohort> {
    const cohort: PeerReviewCohort = {
      id: access.cohort.id,
      instituteId: access.institute.id,
      courseVersionId: access.cohort.courseVersionId,
      schedule: access.cohort.schedule,
    };
    const { definition } = await this.contexts.course(cohort.courseVersionId);
    if (!definition) throw new PeerReviewModerationNotFoundError('This cohort has no capstone to review.');
    const { settings, language } = await this.allocation.settings(cohort);
    return { cohort, settings, language, definition: withPeerRubric(definition, settings) };
  }

  async overview(context: ModerationCohort): Promise<ModerationOverview> {
    const { cohort, settings, definition } = context;
    const criteria = definition.rubric.criteria;
    const [allocations, submissions, names, submitted, decisions, history, flagged] = await Promise.all([
      this.repository.listAllocations(cohort.instituteId, cohort.id),
      this.repository.transaction((manager) =>
        this.repository.listReviewableSubmissions(manager, cohort.instituteId, cohort.id),
      ),
      this.repository.listPeopleNames(cohort.instituteId, cohort.id),
      this.repository.listSubmittedReviews(cohort.instituteId, cohort.id),
      this.repository.listModerationDecisions(cohort.instituteId, cohort.id),
      this.moderation.listDecisionHistory(cohort.instituteId, cohort.id),
      this.moderation.listFlaggedReviews(cohort.instituteId, cohort.id),
    ]);
    const nameOf = (userId: string) => names.get(userId) ?? 'Former participant';
    const excluded = excludedReviewIds(decisions);
    const counted = withoutExcluded(groupBySubmission(submitted), excluded);
    const k = settings.reviewsPerSubmission;

    const coverage = coverageCounts(
      k,
      submissions.map((submission) => submission.submissionId),
      allocations.map((row) => ({
        submissionId: row.submissionId,
        status: row.status,
        reviewSubmitted: row.reviewSubmittedAt !== null,
        excluded: excluded.has(row.id),
      })),
    ).map((counts, index) => ({ ...counts, authorName: nameOf(submissions[index].authorId) }));

    const authorOf = new Map(submitted.map((review) => [review.submissionId, review.authorId]));
    const outliers = counted.flatMap((submission) =>
      outlierReviews(criteria, submission.reviews, OUTLIER_THRESHOLD_POINTS).map((outlier) => ({
        ...outlier,
        submissionId: submission.submissionId,
        authorName: nameOf(authorOf.get(submission.submissionId)!),
        reviewerName: nameOf(outlier.reviewerId),
      })),
    );

    const standing = standingDecisions(history);
    const flags = flagged
      .map((flag): FlagRow => {
        const decision = standing.get(flag.allocationId);
        const resolution = decision && decision.createdAt.getTime() >= flag.flaggedAt.getTime() ? decision : null;
        return {
          ...flag,
          authorName: nameOf(flag.authorId),
          reviewerName: nameOf(flag.reviewerId),
          resolution,
          excluded: excluded.has(flag.allocationId),
        };
      })
      // Open flags first, each group oldest first.
      .sort((a, b) => Number(a.resolution !== null) - Number(b.resolution !== null));

    const alpha = cohortReliability(criteria, counted);
    const basis = reliabilityBasis(counted);
    const reading = reliabilityReading(alpha.overall, basis);

    const active = allocations.filter((row) => row.status !== 'replaced' && row.status !== 'cancelled');
    const reviewerIds = [
      ...new Set([...submissions.map((submission) => submission.authorId), ...active.map((row) => row.reviewerId)]),
    ];
    const required = reviewsPerReviewerOf(settings);
    const reviewers = reviewerIds
      .map((reviewerId): ReviewerGradeRow => {
        const rows = active.filter((row) => row.reviewerId === reviewerId);
        const done = rows.filter((row) => row.reviewSubmittedAt !== null);
        return {
          reviewerId,
          name: nameOf(reviewerId),
          grade: reviewerAgreement(criteria, counted, reviewerId).grade,
          assigned: rows.length,
          submitted: done.length,
          excluded: done.filter((row) => excluded.has(row.id)).length,
          required,
        };
      })
      .sort((a, b) => a.name.localeCompare(b.name));

    return {
      k,
      coverage,
      outliers,
      flags,
      reliability: {
        overall: alpha.overall,
        criteria: alpha.criteria.map((entry, index) => ({ title: criteria[index].title, alpha: entry.alpha })),
        basis,
        level: reading.level,
        words: reading.words,
      },
      reviewers,
    };
  }

  /** One plan's reviews in full, for staff: reviewers named, levels, comments, decisions, the score and overrides. */
  async submission(context: ModerationCohort, submissionId: string): Promise<SubmissionModeration> {
    const { cohort, settings, definition } = context;
    if (!isUuid(submissionId)) throw new PeerReviewModerationNotFoundError('No such plan in this cohort.');
    const submission = await this.moderation.findSubmission(cohort.instituteId, cohort.id, submissionId);
    if (!submission) throw new PeerReviewModerationNotFoundError('No such plan in this cohort.');
    const criteria = definition.rubric.criteria;
    const [allocations, decisions, history, overrides, participants] = await Promise.all([
      this.moderation.listSubmissionAllocations(cohort.instituteId, cohort.id, submissionId),
      this.repository.listModerationDecisions(cohort.instituteId, cohort.id),
      this.moderation.listDecisionHistory(cohort.instituteId, cohort.id),
      this.moderation.listScoreOverrides(cohort.instituteId, cohort.id, submissionId),
      this.moderation.listEnrolledParticipants(cohort.instituteId, cohort.id),
    ]);
    const excluded = excludedReviewIds(decisions);
    const isCountable = (row: StaffAllocationView) => row.status === 'submitted' && Boolean(row.review?.submittedAt);
    const countedReviews = allocations
      .filter((row) => isCountable(row) && !excluded.has(row.id))
      .map((row) => ({ reviewId: row.id, reviewerId: row.reviewerId, grades: row.review!.criteria }));
    const outliers = new Set(
      outlierReviews(criteria, countedReviews, OUTLIER_THRESHOLD_POINTS).map((outlier) => outlier.reviewId),
    );
    // The newest override stands; a withdrawn one (null) leaves the medians.
    const overridePercent = overrides.length > 0 ? overrides[0].percent : null;
    const grades = countedReviews.map((review) => review.grades);
    const score =
      grades.length === 0 && overridePercent === null
        ? null
        : peerCriterionScores(criteria, grades, { percent: overridePercent });
    const peerPercent = grades.length === 0 ? null : peerCriterionScores(criteria, grades).percent;
    const [counts] = coverageCounts(
      settings.reviewsPerSubmission,
      [submissionId],
      allocations.map((row) => ({
        submissionId,
        status: row.status,
        reviewSubmitted: Boolean(row.review?.submittedAt),
        excluded: excluded.has(row.id),
      })),
    );
    const activeReviewers = new Set(
      allocations.filter((row) => row.status !== 'replaced' && row.status !== 'cancelled').map((row) => row.reviewerId),
    );
    return {
      submission,
      criteria,
      counts,
      score,
      peerPercent,
      overrides,
      allocations: allocations.map((row) => ({
        ...row,
        percent: row.review ? rubricPercent(criteria, row.review.criteria) : null,
        excluded: excluded.has(row.id),
        outlier: outliers.has(row.id),
        decisions: history.filter((entry) => entry.allocationId === row.id),
      })),
      candidates: participants.filter(
        (person) => person.userId !== submission.authorId && !activeReviewers.has(person.userId),
      ),
    };
  }
}

function groupBySubmission(
  reviews: {
    allocationId: string;
    submissionId: string;
    reviewerId: string;
    criteria: SubmissionReviews['reviews'][number]['grades'];
  }[],
): SubmissionReviews[] {
  const bySubmission = new Map<string, SubmissionReviews['reviews'][number][]>();
  for (const review of reviews) {
    const list = bySubmission.get(review.submissionId) ?? [];
    list.push({ reviewId: review.allocationId, reviewerId: review.reviewerId, grades: review.criteria });
    bySubmission.set(review.submissionId, list);
  }
  return [...bySubmission].map(([submissionId, list]) => ({ submissionId, reviews: list }));
}
