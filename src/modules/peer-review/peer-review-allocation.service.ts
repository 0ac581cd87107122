import { Injectable } from '@nestjs/common';
import { AuditRepository } from '../audit/audit.repository.js';
import { ContentService } from '../content/content.service.js';
import { allocateReviews } from './domain/allocation.js';
import {
  peerReviewWindow,
  resolvePeerReviewSettings,
  type PeerReviewSettings,
  type PeerReviewSettingsOverride,
} from './domain/peer-review-settings.js';
import { PeerReviewRepository, type PeerReviewCohort } from './peer-review.repository.js';

export interface AllocationRunResult {
  /** Allocations this run added (0 when everything was already allocated). */
  added: number;
  round: number | null;
  /** Submissions still short of k reviewers after the run. */
  shortfall: { submissionId: string; missing: number }[];
}

export type ScheduledAllocationOutcome = 'allocated' | 'not-due' | 'window-closed' | 'no-cohort';

/**
 * Runs the allocation of a cohort: the same run at the due date (job), by a trainer's button and for late
 * submissions. It only ever adds allocations (existing ones are kept as they are), under a per-cohort lock, so
 * running it twice, or twice at once, adds nothing the second time.
 */
@Injectable()
export class PeerReviewAllocationService {
  constructor(
    private readonly repository: PeerReviewRepository,
    private readonly audit: AuditRepository,
    private readonly content: ContentService,
  ) {}

  /** The course's settings with the cohort's override over them. */
  async settings(
    cohort: PeerReviewCohort,
  ): Promise<{ settings: PeerReviewSettings; override: PeerReviewSettingsOverride | null; language: string }> {
    const course = await this.content.getCourseVersion(cohort.courseVersionId);
    const override = await this.repository.findSettingsOverride(cohort.instituteId, cohort.id);
    return { settings: resolvePeerReviewSettings(course.peerReview, override), override, language: course.language };
  }

  async allocate(cohort: PeerReviewCohort, actorUserId: string | null): Promise<AllocationRunResult> {
    const { settings } = await this.settings(cohort);
    const dueAt = peerReviewWindow(cohort.schedule, new Date()).closesAt;
    return this.repository.transaction(async (manager) => {
      await this.repository.lockCohortAllocation(manager, cohort.id);
      const submissions = await this.repository.listReviewableSubmissions(manager, cohort.instituteId, cohort.id);
      const existing = await this.repository.listActiveAllocationPairs(manager, cohort.instituteId, cohort.id);
      const authorOf = new Map(submissions.map((submission) => [submission.submissionId, submission.authorId]));
      const { assignments, shortfall } = allocateReviews({
        seed: cohort.id,
        reviewsPerSubmission: settings.reviewsPerSubmission,
        submissions: submissions.map((submission) => ({
          submissionId: submission.submissionId,
          authorId: submission.authorId,
          organization: null,
        })),
        // Everyone who submitted reviews; organizations are not recorded on people yet.
        reviewers: submissions.map((submission) => ({
          reviewerId: submission.authorId,
          organization: null,
          active: true,
        })),
        existing: existing.filter((pair) => authorOf.has(pair.submissionId)),
        separateOrganizations: settings.separateOrganizations,
      });
      if (assignments.length === 0) return { added: 0, round: null, shortfall };
      const round = await this.repository.nextRound(manager, cohort.instituteId, cohort.id);
      const ids = await this.repository.insertAllocations(
        manager,
        cohort.instituteId,
        cohort.id,
        round,
        dueAt,
        assignments.map((assignment) => ({ ...assignment, authorId: authorOf.get(assignment.submissionId)! })),
      );
      await this.audit.append(manager, {
        instituteId: cohort.instituteId,
        actorUserId,
        action: 'peer-review.allocated',
        entityType: 'cohort',
        entityId: cohort.id,
        after: {
          round,
          added: ids.length,
          reviewsPerSubmission: settings.reviewsPerSubmission,
          submissions: submissions.length,
          shortfall,
        },
      });
      return { added: ids.length, round, shortfall };
    });
  }

  /** The job at the capstone due date: allocates while the review window is open, and does nothing otherwise. */
  async allocateOnSchedule(
    instituteId: string,
    cohortId: string,
    now = new Date(),
  ): Promise<ScheduledAllocationOutcome> {
    const cohort = await this.repository.findCohort(instituteId, cohortId);
    if (!cohort) return 'no-cohort';
    const window = peerReviewWindow(cohort.schedule, now);
    if (window.state === 'not-open') return 'not-due';
    if (window.state === 'closed') return 'window-closed';
    await this.allocate(cohort, null);
    return 'allocated';
  }
}
