import type { Logger } from '@nestjs/common';
import type { JobQueue } from '../../infra/queue/job-queue.service.js';
import type { JobPayloads } from '../../infra/queue/jobs.js';
import { deliveryJobId } from './domain/dedupe-keys.js';

/** Queues the mail of each notification under its deterministic job id (a second queueing of one id is a no-op). */
export async function queueDeliveries(jobs: Pick<JobQueue, 'enqueue'>, notificationIds: string[]): Promise<void> {
  for (const notificationId of notificationIds)
    await jobs.enqueue('notifications.deliver', { notificationId }, { jobId: deliveryJobId(notificationId) });
}

/** One event job per thing that happened: `notification-event:<kind>:<id>` (three parts, as BullMQ requires). */
export function notificationEventJobId(event: JobPayloads['notifications.event']): string {
  const subject =
    event.kind === 'review-received'
      ? event.allocationId
      : event.kind === 'grade-released'
        ? event.submissionId
        : event.certificateId;
  return `notification-event:${event.kind}:${subject}`;
}

/**
 * The one call other features make where something worth telling happens (a review submitted, a grade released, a
 * certificate issued): after their change committed, queue the event for the worker. A queue failure never fails the
 * change; it is logged (the notification is then missing: at most once at this hop, see README).
 */
export async function requestNotification(
  jobs: Pick<JobQueue, 'enqueue'>,
  logger: Pick<Logger, 'error'>,
  event: JobPayloads['notifications.event'],
): Promise<void> {
  const jobId = notificationEventJobId(event);
  try {
    await jobs.enqueue('notifications.event', event, { jobId });
  } catch (error) {
    logger.error(`could not queue ${jobId}: ${String(error)}`);
  }
}
