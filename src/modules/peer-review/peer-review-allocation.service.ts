import { Injectable } from '@nestjs/common';
import { AuditRepository } from '../audit/audit.repository.js';
import { ContentService } from '../content/content.service.js';
import { organizationKey } from '../enrolments/domain/organization.js';
import { allocateReviews } from './domain/allocation.js';
import {
  peerReviewWindow,
  resolvePeerReviewSettings,
  reviewersPerPlanOf,
  type PeerReviewSettings,
  type PeerReviewSettingsOverride,
} from './domain/peer-review-settings.js';
import {
  barredPairs,
  reviewersWithoutNewWork,
  stalledAllocations,
  type AllocationState,
  type StalledAllocation,
} from './domain/stalls.js';
import { PeerReviewRepository, type PeerReviewCohort } from './peer-review.repository.js';

export interface AllocationRunResult {
  /** Allocations this run added (0 when everything was already allocated). */
  added: number;
  round: number | null;
  /** Allocations this run took back from reviewers who did not start in time or left the cohort. */
  replaced: StalledAllocation[];
  /** Submissions still short of k reviewers after the run. */
  shortfall: { submissionId: string; missing: number }[];
}

export type ScheduledAllocationOutcome = 'allocated' | 'not-due' | 'window-closed' | 'no-cohort';

/**
 * Runs the allocation of a cohort: the same run at the due date (job), at each stall check, by a trainer's button and
 * for late submissions. While the window is open it first takes back the allocations of reviewers who did not start
 * in time or left the cohort; then it only adds allocations, never moving a started or submitted review. It works
 * under a per-cohort lock, so running it twice, or twice at once, adds nothing the second time.
 */
@Injectable()
export class PeerReviewAllocationService {
  constructor(
    private readonly repository: PeerReviewRepository,
    private readonly audit: AuditRepository,
    private readonly content: ContentService,
  ) {}

  /** The course's settings with the cohort's override over them. */
  async settings(cohort: PeerReviewCohort): Promise<{
    settings: PeerReviewSettings;
    override: PeerReviewSettingsOverride | null;
    language: string;
    /** course.yaml `gradebook: peerReview`, which `settings.gradebookWeight` replaces when set. */
    courseGradebookWeight: number;
  }> {
    const course = await this.content.getCourseVersion(cohort.courseVersionId);
    const override = await this.repository.findSettingsOverride(cohort.instituteId, cohort.id);
    return {
      settings: resolvePeerReviewSettings(course.peerReview, override),
      override,
      language: course.language,
      courseGradebookWeight: course.gradebook.peerReview,
    };
  }

  /** The settings the cohort would have with `override` in place of its current one (for a settings change). */
  async settingsWith(cohort: PeerReviewCohort, override: PeerReviewSettingsOverride): Promise<PeerReviewSettings> {
    const course = await this.content.getCourseVersion(cohort.courseVersionId);
    return resolvePeerReviewSettings(course.peerReview, override);
  }

  /** Whether the cohort's course has peer review's own rubric (capstone.yaml `peerRubric:`). */
  async courseHasOwnRubric(cohort: PeerReviewCohort): Promise<boolean> {
    const capstone = await this.content.getCapstone(await this.content.getCourseVersion(cohort.courseVersionId));
    return Boolean(capstone?.peerRubric);
  }

  async allocate(cohort: PeerReviewCohort, actorUserId: string | null, now = new Date()): Promise<AllocationRunResult> {
    const { settings } = await this.settings(cohort);
    const window = peerReviewWindow(cohort.schedule, now);
    return this.repository.transaction(async (manager) => {
      await this.repository.lockCohortAllocation(manager, cohort.id);
      const submissions = await this.repository.listReviewableSubmissions(manager, cohort.instituteId, cohort.id);
      const rows = await this.repository.listAllocations(cohort.instituteId, cohort.id, manager);
      const authorOf = new Map(submissions.map((submission) => [submission.submissionId, submission.authorId]));
      // Everyone whose plan is up for review reviews, from the organization on their enrolment (compared by key).
      const activeReviewers = new Set(submissions.map((submission) => submission.authorId));

      let states: AllocationState[] = rows.map((row) => ({
        id: row.id,
        submissionId: row.submissionId,
        reviewerId: row.reviewerId,
        status: row.status,
        assignedAt: row.assignedAt,
        endReason: row.endReason,
      }));
      const replaced =
        window.state === 'open'
          ? stalledAllocations(states, {
              stallHours: settings.stallHours,
              windowOpensAt: window.opensAt,
              now,
              activeReviewers,
            })
          : [];
      if (replaced.length > 0) {
        await this.repository.endAllocations(
          manager,
          cohort.instituteId,
          replaced.map(({ allocationId, reason }) => ({ allocationId, reason })),
          'replaced',
        );
        const reasonOf = new Map(replaced.map((row) => [row.allocationId, row.reason]));
        states = states.map((state) =>
          reasonOf.has(state.id) ? { ...state, status: 'replaced', endReason: reasonOf.get(state.id)! } : state,
        );
      }

      const idle = reviewersWithoutNewWork(states);
      const existing = states
        .filter((state) => ['assigned', 'started', 'submitted'].includes(state.status))
        .filter((state) => authorOf.has(state.submissionId))
        .map(({ submissionId, reviewerId }) => ({ submissionId, reviewerId }));
      // The longest waiting first: when reviewers run short, the earliest plans get the least loaded reviewers.
      const ordered = [...submissions].sort(
        (a, b) => a.submittedAt.getTime() - b.submittedAt.getTime() || (a.submissionId < b.submissionId ? -1 : 1),
      );
      const target = reviewersPerPlanOf(settings);
      const { assignments, shortfall: shortOfTarget } = allocateReviews({
        seed: cohort.id,
        reviewsPerSubmission: target,
        submissions: ordered.map((submission) => ({
          submissionId: submission.submissionId,
          authorId: submission.authorId,
          organization: organizationKey(submission.organization),
        })),
        reviewers: submissions.map((submission) => ({
          reviewerId: submission.authorId,
          organization: organizationKey(submission.organization),
          active: !idle.has(submission.authorId),
        })),
        existing,
        barred: barredPairs(states),
        separateOrganizations: settings.separateOrganizations,
      });
      // Short means short of k: reviewers beyond k (when participants do more reviews than k) are a bonus.
      const shortfall = shortOfTarget
        .map(({ submissionId, missing }) => ({
          submissionId,
          missing: missing - (target - settings.reviewsPerSubmission),
        }))
        .filter((entry) => entry.missing > 0);
      if (assignments.length === 0 && replaced.length === 0) return { added: 0, round: null, replaced, shortfall };
      const round =
        assignments.length === 0 ? null : await this.repository.nextRound(manager, cohort.instituteId, cohort.id);
      const ids =
        round === null
          ? []
          : await this.repository.insertAllocations(
              manager,
              cohort.instituteId,
              cohort.id,
              round,
              window.closesAt,
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
          replaced: replaced.map(({ allocationId, reviewerId, submissionId, reason }) => ({
            allocationId,
            reviewerId,
            submissionId,
            reason,
          })),
          withoutNewWork: [...idle],
          reviewsPerSubmission: settings.reviewsPerSubmission,
          submissions: submissions.length,
          shortfall,
        },
      });
      return { added: ids.length, round, replaced, shortfall };
    });
  }

  /**
   * The job at the capstone due date and at each stall check: allocates (and replaces stalled reviewers) while the
   * review window is open, and does nothing otherwise.
   */
  async allocateOnSchedule(
    instituteId: string,
    cohortId: string,
    now = new Date(),
  ): Promise<{
    outcome: ScheduledAllocationOutcome;
    cohort: PeerReviewCohort | null;
    run: AllocationRunResult | null;
  }> {
    const cohort = await this.repository.findCohort(instituteId, cohortId);
    if (!cohort) return { outcome: 'no-cohort', cohort: null, run: null };
    const window = peerReviewWindow(cohort.schedule, now);
    if (window.state === 'not-open') return { outcome: 'not-due', cohort, run: null };
    if (window.state === 'closed') return { outcome: 'window-closed', cohort, run: null };
    return { outcome: 'allocated', cohort, run: await this.allocate(cohort, null, now) };
  }
}
