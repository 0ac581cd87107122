import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import type { JobHandler } from '../../../infra/queue/job-handlers.js';
import type { JobName, JobPayloads } from '../../../infra/queue/jobs.js';
import { TrainerRecertificationService } from '../trainer-recertification.service.js';

/** Recertification reminders and lapses of trainer certifications (see TrainerRecertificationService). */
@Processor('trainers', { concurrency: 2 })
export class TrainerRecertificationProcessor extends WorkerHost implements JobHandler {
  readonly handles: readonly JobName[] = ['trainers.recertification'];

  constructor(private readonly recertification: TrainerRecertificationService) {
    super();
  }

  async process(
    job: Job<JobPayloads['trainers.recertification'], unknown, 'trainers.recertification'>,
  ): Promise<unknown> {
    switch (job.name) {
      case 'trainers.recertification':
        return this.recertification.handle(job.data);
    }
  }
}
