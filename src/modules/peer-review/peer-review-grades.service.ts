import { Injectable } from '@nestjs/common';
import type { PeerReviewComponentInput } from '../capstones/domain/gradebook.js';
import type { CapstoneDefinition } from '../capstones/domain/capstone.types.js';
import { excludedReviewIds } from './domain/moderation.js';
import { peerReviewWindow, peerRubricOf, type PeerReviewSettings } from './domain/peer-review-settings.js';
import { peerCriterionScores, reviewerAgreement, type SubmissionReviews } from './domain/peer-scores.js';
import { hasPeerScore, peerScoreStatus, type PeerScoreStatus } from './domain/stalls.js';
import { PeerReviewAllocationService } from './peer-review-allocation.service.js';
import { PeerReviewRepository, type PeerReviewCohort } from './peer-review.repository.js';

/** Where one plan stands in peer review: its reviews so far and whether it can be scored yet. */
export interface PlanReviewStatus extends PeerScoreStatus {
  submissionId: string;
  authorId: string;
  submittedReviews: number;
  /** Reviewers on it now (assigned, started or submitted). */
  activeReviewers: number;
  firstAssignedAt: Date | null;
}

/**
 * Peer review's part of the gradebook, per participant: the peer score of their plan (median per criterion of the
 * submitted reviews a trainer did not exclude; the trainer's latest override wins) and their grade as a reviewer (agreement with the
 * consensus), with the share the cohort's settings give the reviewer's grade.
 */
@Injectable()
export class PeerReviewGradesService {
  constructor(
    private readonly repository: PeerReviewRepository,
    private readonly allocation: PeerReviewAllocationService,
  ) {}

  /** Peer review's weight in the cohort's final grade: the cohort's setting, else course.yaml's gradebook weight. */
  async gradebookWeight(cohort: PeerReviewCohort): Promise<number> {
    const { settings, courseGradebookWeight } = await this.allocation.settings(cohort);
    return settings.gradebookWeight ?? courseGradebookWeight;
  }

  /**
   * Every plan up for review with its peer-score state (see `peerScoreStatus`): scored at k reviews, scored on what
   * it has once its time is up, or waiting; with no review by then it needs the trainer's score.
   */
  async planStatuses(
    cohort: PeerReviewCohort,
    settings: PeerReviewSettings,
    now = new Date(),
    overrides?: Map<string, number | null>,
    excluded?: ReadonlySet<string>,
  ): Promise<PlanReviewStatus[]> {
    const [submissions, allocations, latestOverrides, excludedIds] = await Promise.all([
      this.repository.transaction((manager) =>
        this.repository.listReviewableSubmissions(manager, cohort.instituteId, cohort.id),
      ),
      this.repository.listAllocations(cohort.instituteId, cohort.id),
      overrides ?? this.repository.listLatestScoreOverrides(cohort.instituteId, cohort.id),
      excluded ??
        this.repository
          .listModerationDecisions(cohort.instituteId, cohort.id)
          .then((decisions) => excludedReviewIds(decisions)),
    ]);
    const window = peerReviewWindow(cohort.schedule, now);
    return submissions.map(({ submissionId, authorId }) => {
      // A review a trainer excluded does not count towards k: the plan is short of it again.
      const rows = allocations.filter((row) => row.submissionId === submissionId);
      const counting = rows.filter((row) => !excludedIds.has(row.id));
      const submittedReviews = counting.filter((row) => row.status === 'submitted' && row.reviewSubmittedAt).length;
      const first = rows.reduce<Date | null>(
        (earliest, row) => (earliest === null || row.assignedAt < earliest ? row.assignedAt : earliest),
        null,
      );
      // Reviewers cannot start before the window opens: a plan's time counts from then at the earliest.
      const firstAssignedAt = first === null ? null : new Date(Math.max(first.getTime(), window.opensAt.getTime()));
      const override = latestOverrides.get(submissionId);
      return {
        submissionId,
        authorId,
        submittedReviews,
        activeReviewers: counting.filter((row) => ['assigned', 'started', 'submitted'].includes(row.status)).length,
        firstAssignedAt,
        ...peerScoreStatus({
          reviewsPerSubmission: settings.reviewsPerSubmission,
          submittedReviews,
          firstAssignedAt,
          windowClosesAt: window.closesAt,
          scoreShortAfterHours: settings.scoreShortAfterHours,
          hasTrainerScore: override !== undefined && override !== null,
          now,
        }),
      };
    });
  }

  async cohortComponents(
    cohort: PeerReviewCohort,
    definition: CapstoneDefinition,
    now = new Date(),
  ): Promise<Map<string, PeerReviewComponentInput>> {
    const { settings } = await this.allocation.settings(cohort);
    const [submitted, overrides, decisions] = await Promise.all([
      this.repository.listSubmittedReviews(cohort.instituteId, cohort.id),
      this.repository.listLatestScoreOverrides(cohort.instituteId, cohort.id),
      this.repository.listModerationDecisions(cohort.instituteId, cohort.id),
    ]);
    // A review a trainer excluded (newest decision) counts neither in the peer score nor in anyone's agreement.
    const excluded = excludedReviewIds(decisions);
    const reviews = submitted.filter((review) => !excluded.has(review.allocationId));
    const statuses = new Map(
      (await this.planStatuses(cohort, settings, now, overrides, excluded)).map((status) => [
        status.submissionId,
        status,
      ]),
    );
    const criteria = peerRubricOf(definition, settings).criteria;
    const bySubmission = new Map<string, { authorId: string; reviews: SubmissionReviews['reviews'][number][] }>();
    for (const review of reviews) {
      const entry = bySubmission.get(review.submissionId) ?? { authorId: review.authorId, reviews: [] };
      entry.reviews.push({ reviewId: review.allocationId, reviewerId: review.reviewerId, grades: review.criteria });
      bySubmission.set(review.submissionId, entry);
    }
    const submissions: SubmissionReviews[] = [...bySubmission].map(([submissionId, entry]) => ({
      submissionId,
      reviews: entry.reviews,
    }));
    const components = new Map<string, PeerReviewComponentInput>();
    const componentOf = (userId: string) => {
      const existing = components.get(userId);
      if (existing) return existing;
      const created: PeerReviewComponentInput = {
        peerScorePercent: null,
        reviewerGradePercent: null,
        reviewerShare: settings.reviewerGradeShare / 100,
      };
      components.set(userId, created);
      return created;
    };
    for (const [submissionId, entry] of bySubmission) {
      const override = overrides.get(submissionId);
      // A plan short of k gets no peer score until its time is up (the trainer's score always counts).
      const status = statuses.get(submissionId);
      if ((override === undefined || override === null) && status && !hasPeerScore(status.state)) continue;
      componentOf(entry.authorId).peerScorePercent = peerCriterionScores(
        criteria,
        entry.reviews.map((review) => review.grades),
        override === undefined ? {} : { percent: override },
      ).percent;
    }
    // A trainer's score for a plan nobody reviewed also counts.
    for (const [submissionId, percent] of overrides) {
      if (bySubmission.has(submissionId) || percent === null) continue;
      const authorId = await this.repository.findSubmissionAuthor(cohort.instituteId, submissionId);
      if (authorId) componentOf(authorId).peerScorePercent = percent;
    }
    for (const reviewerId of new Set(reviews.map((review) => review.reviewerId)))
      componentOf(reviewerId).reviewerGradePercent = reviewerAgreement(criteria, submissions, reviewerId).grade;
    return components;
  }
}
