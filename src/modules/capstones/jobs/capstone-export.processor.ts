import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { UnrecoverableError, type Job } from 'bullmq';
import type { JobHandler } from '../../../infra/queue/job-handlers.js';
import type { JobName, JobPayloads } from '../../../infra/queue/jobs.js';
import { CapstoneExportRenderService } from '../capstone-export-render.service.js';
import { CapstoneExportImpossibleError } from '../capstone-export.errors.js';

// One render at a time per tab of the renderer's pool; more would only wait for a tab.
@Processor('capstones', { concurrency: 3 })
export class CapstoneExportProcessor extends WorkerHost implements JobHandler {
  readonly handles: readonly JobName[] = ['capstones.export-pdf'];
  private readonly logger = new Logger(CapstoneExportProcessor.name);

  constructor(private readonly exports: CapstoneExportRenderService) {
    super();
  }

  async process(job: Job<JobPayloads['capstones.export-pdf'], unknown, 'capstones.export-pdf'>): Promise<unknown> {
    switch (job.name) {
      case 'capstones.export-pdf': {
        const { instituteId, submissionId } = job.data;
        try {
          return { outcome: await this.exports.export(instituteId, submissionId) };
        } catch (error) {
          // A submission that cannot make a PDF fails at once; anything else is retried, and recorded as failed
          // only after the last attempt, so the page offers a retry.
          const permanent = error instanceof CapstoneExportImpossibleError;
          if (permanent || job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) {
            this.logger.warn(`capstone export of ${submissionId} failed: ${String(error)}`);
            await this.exports.recordFailure(instituteId, submissionId, error);
          }
          if (permanent) throw new UnrecoverableError((error as Error).message);
          throw error;
        }
      }
    }
  }
}
