import { Injectable, Logger } from '@nestjs/common';
import { JobQueue } from '../../infra/queue/job-queue.service.js';
import type { PeerReviewCohort } from './peer-review.repository.js';

/**
 * BullMQ 6 refuses a custom job id with ':' unless it splits into exactly three parts: `peer-review-allocate`,
 * the cohort and the due instant, so a moved due date schedules a new job and a repeated call adds none.
 */
export function allocationJobId(cohortId: string, dueAt: Date): string {
  return `peer-review-allocate:${cohortId}:${dueAt.getTime()}`;
}

/** Schedules the allocation job of a cohort at its capstone due date (at once when that has passed). */
@Injectable()
export class PeerReviewSchedulingService {
  private readonly logger = new Logger(PeerReviewSchedulingService.name);

  constructor(private readonly jobs: JobQueue) {}

  async scheduleAllocation(cohort: PeerReviewCohort, now = new Date()): Promise<void> {
    const dueAt = new Date(cohort.schedule.capstoneDueAt);
    try {
      await this.jobs.enqueue(
        'peer-review.allocate',
        { instituteId: cohort.instituteId, cohortId: cohort.id },
        { jobId: allocationJobId(cohort.id, dueAt), delayMs: Math.max(0, dueAt.getTime() - now.getTime()) },
      );
    } catch (error) {
      // The trainer's button runs the same allocation: a Redis hiccup must not break the page.
      this.logger.warn(`could not schedule the peer-review allocation of cohort ${cohort.id}: ${String(error)}`);
    }
  }

  /**
   * The next stall check of a cohort (replacing reviewers who did not start, scoring plans whose time is up); one job
   * per instant, so checks scheduled twice for the same instant run once.
   */
  async scheduleStallCheck(cohort: PeerReviewCohort, at: Date, now = new Date()): Promise<void> {
    await this.jobs.enqueue(
      'peer-review.allocate',
      { instituteId: cohort.instituteId, cohortId: cohort.id },
      { jobId: `peer-review-check:${cohort.id}:${at.getTime()}`, delayMs: Math.max(0, at.getTime() - now.getTime()) },
    );
  }

  /** A late submission (after the due date) joins at once: the run only adds its missing reviewers. */
  async allocateLateSubmission(cohort: PeerReviewCohort, submissionId: string, now = new Date()): Promise<void> {
    if (now < new Date(cohort.schedule.capstoneDueAt)) return;
    try {
      await this.jobs.enqueue(
        'peer-review.allocate',
        { instituteId: cohort.instituteId, cohortId: cohort.id },
        { jobId: `peer-review-late:${cohort.id}:${submissionId}` },
      );
    } catch (error) {
      this.logger.warn(`could not queue the allocation of late submission ${submissionId}: ${String(error)}`);
    }
  }
}
