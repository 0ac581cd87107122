import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { UnrecoverableError, type Job } from 'bullmq';
import type { JobHandler } from '../../../infra/queue/job-handlers.js';
import type { JobName, JobPayloads } from '../../../infra/queue/jobs.js';
import { ContentImportService } from '../content-import.service.js';
import { ContentImportError } from '../content.errors.js';

@Processor('content')
export class ContentJobsProcessor extends WorkerHost implements JobHandler {
  readonly handles: readonly JobName[] = ['content.import'];
  private readonly logger = new Logger(ContentJobsProcessor.name);

  constructor(private readonly importer: ContentImportService) {
    super();
  }

  async process(job: Job<JobPayloads['content.import'], unknown, 'content.import'>): Promise<unknown> {
    switch (job.name) {
      case 'content.import':
        try {
          const report = await this.importer.importCourses({ only: job.data.courseSlugs ?? undefined });
          return report.courses.map(({ slug, versionNumber, status }) => ({ slug, versionNumber, status }));
        } catch (error) {
          // Invalid files will be invalid on every retry: fail at once, keep the problems on the job.
          if (error instanceof ContentImportError) {
            this.logger.warn(error.message);
            throw new UnrecoverableError(error.message);
          }
          throw error;
        }
    }
  }
}
