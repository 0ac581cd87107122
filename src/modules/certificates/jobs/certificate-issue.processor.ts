import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { UnrecoverableError, type Job } from 'bullmq';
import type { JobHandler } from '../../../infra/queue/job-handlers.js';
import type { JobName, JobPayloads } from '../../../infra/queue/jobs.js';
import { CertificateFilesService } from '../certificate-files.service.js';
import { CertificateIssuingService } from '../certificate-issuing.service.js';
import { CertificateImpossibleError } from '../certificates.errors.js';

type IssueJob =
  | Job<JobPayloads['certificates.issue'], unknown, 'certificates.issue'>
  | Job<JobPayloads['certificates.render'], unknown, 'certificates.render'>
  | Job<JobPayloads['certificates.issue-trainer'], unknown, 'certificates.issue-trainer'>;

/**
 * Issuing and rendering. Many jobs run at once on purpose: the PDF maker batches the certificates in flight into
 * shared Chromium renders over the renderer's few tabs, which is where the throughput comes from.
 */
// A worker that dies mid-job leaves its jobs locked: a short lock (renewed while the job runs) and a frequent stalled
// check hand them to another worker within seconds rather than a minute.
@Processor('certificate-pdfs', { concurrency: 24, lockDuration: 10_000, stalledInterval: 5_000 })
export class CertificateIssueProcessor extends WorkerHost implements JobHandler {
  readonly handles: readonly JobName[] = ['certificates.issue', 'certificates.render', 'certificates.issue-trainer'];
  private readonly logger = new Logger(CertificateIssueProcessor.name);

  constructor(
    private readonly issuing: CertificateIssuingService,
    private readonly files: CertificateFilesService,
  ) {
    super();
  }

  async process(job: IssueJob): Promise<unknown> {
    try {
      switch (job.name) {
        case 'certificates.issue':
          return await this.issuing.issue(job.data);
        case 'certificates.issue-trainer':
          return await this.issuing.issueTrainer(job.data);
        case 'certificates.render':
          return { outcome: await this.files.ensureFiles(job.data.instituteId, job.data.certificateId) };
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
