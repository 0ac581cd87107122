import { Injectable } from '@nestjs/common';
import { JobQueue } from '../../infra/queue/job-queue.service.js';
import type { JobPayloads } from '../../infra/queue/jobs.js';
import { dedupeKeys } from './domain/dedupe-keys.js';
import { queueDeliveries } from './notification-queue.js';
import { NotificationsRepository, type NewNotification } from './notifications.repository.js';

/**
 * The worker's side of event notifications: reads what happened, inserts each person's notification once (dedupe
 * key per event and person) and queues the mails of the new rows. Running it twice inserts and queues nothing new.
 */
@Injectable()
export class NotificationEventsService {
  constructor(
    private readonly repository: NotificationsRepository,
    private readonly jobs: JobQueue,
  ) {}

  async record(event: JobPayloads['notifications.event']): Promise<number> {
    const rows = await this.rowsOf(event);
    const ids = await this.repository.insertOnce(rows);
    await queueDeliveries(this.jobs, ids);
    return ids.length;
  }

  private async rowsOf(event: JobPayloads['notifications.event']): Promise<NewNotification[]> {
    const { instituteId } = event;
    switch (event.kind) {
      case 'review-received': {
        const review = await this.repository.findReviewEvent(instituteId, event.allocationId);
        if (!review?.submitted) return [];
        return [
          {
            userId: review.authorId,
            instituteId,
            kind: 'review-received',
            dedupeKey: dedupeKeys.reviewReceived(event.allocationId),
            payload: {
              cohortId: review.cohortId,
              cohortTitle: review.cohortTitle,
              instituteSlug: review.instituteSlug,
            },
          },
        ];
      }
      case 'grade-released': {
        const grade = await this.repository.findReleasedGrade(instituteId, event.submissionId);
        if (!grade) return [];
        return [
          {
            userId: grade.userId,
            instituteId,
            kind: 'grade-released',
            dedupeKey: dedupeKeys.gradeReleased(event.submissionId),
            payload: {
              cohortId: grade.cohortId,
              cohortTitle: grade.cohortTitle,
              instituteSlug: grade.instituteSlug,
              percent: grade.percent,
            },
          },
        ];
      }
      case 'certificate-issued': {
        const certificate = await this.repository.findCertificateEvent(instituteId, event.certificateId);
        if (!certificate) return [];
        const { holderId, trainerIds, ...facts } = certificate;
        return [holderId, ...trainerIds.filter((id) => id !== holderId)].map((userId) => ({
          userId,
          instituteId,
          kind: 'certificate-issued' as const,
          dedupeKey: dedupeKeys.certificateIssued(event.certificateId, userId),
          payload: { ...facts, certificateId: event.certificateId, forHolder: userId === holderId },
        }));
      }
    }
  }
}
