import type { JobQueue } from '../../infra/queue/job-queue.service.js';
import type { JobName, JobPayloads } from '../../infra/queue/jobs.js';

/** The deterministic id of a participant's issue job: queued twice, BullMQ keeps one. */
export function issueJobId(cohortId: string, userId: string): string {
  return `certificate-issue:${cohortId}:${userId}`;
}

/** The deterministic id of a certification's trainer-certificate job (three parts, as BullMQ requires). */
export function trainerIssueJobId(certificationId: string): string {
  return `certificate-trainer:${certificationId}:1`;
}

export function renderJobId(instituteId: string, certificateId: string): string {
  return `certificate-render:${instituteId}:${certificateId}`;
}

/**
 * Queues a job under its deterministic id. BullMQ ignores an id it still holds, and failed jobs are kept: a job
 * that failed for good (its attempts spent during an outage) is retried instead, so asking again always helps.
 */
export async function queueOnce<Name extends JobName>(
  jobs: Pick<JobQueue, 'enqueue'>,
  name: Name,
  payload: JobPayloads[Name],
  jobId: string,
): Promise<void> {
  const job = await jobs.enqueue(name, payload, { jobId });
  if (await job.isFailed()) await job.retry('failed');
}
