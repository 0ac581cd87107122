import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import type { JobHandler } from '../../../infra/queue/job-handlers.js';
import type { JobName, JobPayloads } from '../../../infra/queue/jobs.js';
import { PeerReviewAllocationService } from '../peer-review-allocation.service.js';

/** Allocates a cohort's peer reviews when its capstone falls due. Idempotent: a run only adds what is missing. */
@Processor('peer-review', { concurrency: 2 })
export class PeerReviewAllocateProcessor extends WorkerHost implements JobHandler {
  readonly handles: readonly JobName[] = ['peer-review.allocate'];

  constructor(private readonly allocation: PeerReviewAllocationService) {
    super();
  }

  async process(job: Job<JobPayloads['peer-review.allocate'], unknown, 'peer-review.allocate'>): Promise<unknown> {
    switch (job.name) {
      case 'peer-review.allocate':
        return { outcome: await this.allocation.allocateOnSchedule(job.data.instituteId, job.data.cohortId) };
    }
  }
}
