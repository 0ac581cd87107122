import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { UnrecoverableError, type Job } from 'bullmq';
import type { JobHandler } from '../../../infra/queue/job-handlers.js';
import type { JobName, JobPayloads } from '../../../infra/queue/jobs.js';
import { AccountNotFoundError } from '../accounts.errors.js';
import { TokenMailService } from '../token-mail.service.js';

@Processor('mail')
export class AccountMailProcessor extends WorkerHost implements JobHandler {
  readonly handles: readonly JobName[] = ['accounts.send-token-mail'];
  private readonly logger = new Logger(AccountMailProcessor.name);

  constructor(private readonly tokenMails: TokenMailService) {
    super();
  }

  async process(
    job: Job<JobPayloads['accounts.send-token-mail'], unknown, 'accounts.send-token-mail'>,
  ): Promise<unknown> {
    switch (job.name) {
      case 'accounts.send-token-mail':
        try {
          // SMTP and database failures are rethrown: BullMQ retries them with backoff.
          await this.tokenMails.send(job.data);
          return { sent: true };
        } catch (error) {
          if (error instanceof AccountNotFoundError) {
            this.logger.warn(`${job.data.purpose} mail not sent: no active account ${job.data.userId}`);
            throw new UnrecoverableError(error.message);
          }
          throw error;
        }
    }
  }
}
