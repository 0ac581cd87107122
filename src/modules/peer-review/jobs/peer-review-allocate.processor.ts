import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import type { JobHandler } from '../../../infra/queue/job-handlers.js';
import type { JobName, JobPayloads } from '../../../infra/queue/jobs.js';
import { PeerReviewStallCheckService } from '../peer-review-stall-check.service.js';

/**
 * Allocates a cohort's peer reviews when its capstone falls due, then at each stall check: replaces reviewers who did
 * not start, tells the trainers about plans short of reviewers, schedules the next check. Idempotent.
 */
@Processor('peer-review', { concurrency: 2 })
export class PeerReviewAllocateProcessor extends WorkerHost implements JobHandler {
  readonly handles: readonly JobName[] = ['peer-review.allocate'];

  constructor(private readonly stalls: PeerReviewStallCheckService) {
    super();
  }

  async process(job: Job<JobPayloads['peer-review.allocate'], unknown, 'peer-review.allocate'>): Promise<unknown> {
    switch (job.name) {
      case 'peer-review.allocate':
        return this.stalls.check(job.data.instituteId, job.data.cohortId);
    }
  }
}
