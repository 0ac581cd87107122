import { Injectable } from '@nestjs/common';
import type { PeerReviewComponentInput } from '../capstones/domain/gradebook.js';
import type { CapstoneDefinition } from '../capstones/domain/capstone.types.js';
import { excludedReviewIds } from './domain/moderation.js';
import { peerCriterionScores, reviewerAgreement, type SubmissionReviews } from './domain/peer-scores.js';
import { PeerReviewAllocationService } from './peer-review-allocation.service.js';
import { PeerReviewRepository, type PeerReviewCohort } from './peer-review.repository.js';

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

  async cohortComponents(
    cohort: PeerReviewCohort,
    definition: CapstoneDefinition,
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
    const criteria = definition.rubric.criteria;
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
