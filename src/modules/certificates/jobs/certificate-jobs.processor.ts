import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { UnrecoverableError, type Job } from 'bullmq';
import type { JobHandler } from '../../../infra/queue/job-handlers.js';
import type { JobName, JobPayloads } from '../../../infra/queue/jobs.js';
import { CertificateIssuingService } from '../certificate-issuing.service.js';
import { CertificateImpossibleError } from '../certificates.errors.js';

type CertificateJob =
  | Job<JobPayloads['certificates.evaluate'], unknown, 'certificates.evaluate'>
  | Job<JobPayloads['certificates.notify'], unknown, 'certificates.notify'>;

/** Completion checks after grade changes, and the mails of issued certificates. */
@Processor('certificates', { concurrency: 4 })
export class CertificateJobsProcessor extends WorkerHost implements JobHandler {
  readonly handles: readonly JobName[] = ['certificates.evaluate', 'certificates.notify'];
  private readonly logger = new Logger(CertificateJobsProcessor.name);

  constructor(private readonly issuing: CertificateIssuingService) {
    super();
  }

  async process(job: CertificateJob): Promise<unknown> {
    try {
      switch (job.name) {
        case 'certificates.evaluate': {
          const outcome = await this.issuing.evaluate(job.data);
          this.logger.log(`certificate check of ${job.data.userId} in cohort ${job.data.cohortId}: ${outcome}`);
          return { outcome };
        }
        case 'certificates.notify':
          await this.issuing.notify(job.data);
          return { notified: true };
      }
    } catch (error) {
      if (error instanceof CertificateImpossibleError) {
        this.logger.warn(`${job.name} ${job.id}: ${error.message}`);
        throw new UnrecoverableError(error.message);
      }
      throw error;
    }
  }
}
