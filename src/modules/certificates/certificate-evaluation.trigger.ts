import type { Logger } from '@nestjs/common';
import type { JobQueue } from '../../infra/queue/job-queue.service.js';

export interface EvaluationTarget {
  instituteId: string;
  cohortId: string;
  userId: string;
}

/**
 * Asks the worker to check, after a grade changed (a capstone grade released or changed, a quiz passed, a peer
 * review submitted), whether the participant has now completed the course; if so the worker issues the
 * certificate. Called after the change committed; a queue failure never fails the change (the certificate page
 * checks again when it is opened).
 */
export async function requestCertificateEvaluation(
  jobs: Pick<JobQueue, 'enqueue'>,
  logger: Pick<Logger, 'error'>,
  targets: EvaluationTarget[],
): Promise<void> {
  for (const target of targets) {
    try {
      await jobs.enqueue('certificates.evaluate', target);
    } catch (error) {
      logger.error(`could not queue the certificate check of ${target.userId}: ${String(error)}`);
    }
  }
}
