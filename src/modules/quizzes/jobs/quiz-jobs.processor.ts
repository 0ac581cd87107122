import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { JobHandler } from '../../../infra/queue/job-handlers.js';
import type { JobName, JobPayloads } from '../../../infra/queue/jobs.js';
import { QuizAttemptsService } from '../quiz-attempts.service.js';

@Processor('quizzes')
export class QuizJobsProcessor extends WorkerHost implements JobHandler, OnApplicationBootstrap {
  readonly handles: readonly JobName[] = ['quizzes.close-attempt'];
  private readonly logger = new Logger(QuizJobsProcessor.name);

  constructor(private readonly quizzes: QuizAttemptsService) {
    super();
  }

  /** Attempts whose close job never reached Redis are closed as soon as a worker starts. */
  async onApplicationBootstrap(): Promise<void> {
    const closed = await this.quizzes.closeOverdueAttempts();
    if (closed > 0) this.logger.log(`closed ${closed} overdue quiz attempt(s) at start-up`);
  }

  async process(job: Job<JobPayloads['quizzes.close-attempt'], unknown, 'quizzes.close-attempt'>): Promise<unknown> {
    switch (job.name) {
      case 'quizzes.close-attempt':
        // Idempotent: an attempt already graded, or given more time since, is left as it is.
        return { outcome: await this.quizzes.closeAtDeadline(job.data.instituteId, job.data.attemptId) };
    }
  }
}
