import type { DeadlineItem } from './notification-kinds.js';

/**
 * The unique key of each notification: whatever runs twice (a retried job, two overlapping scans, a double click
 * upstream) computes the same key, and the second insert adds nothing. Keys name what happened, to whom, and, for
 * deadlines, the due instant: a deadline moved by the trainer is a new deadline, worth a new reminder.
 */
export const dedupeKeys = {
  moduleUnlocked: (cohortId: string, moduleId: string, userId: string) =>
    `module-unlocked:${cohortId}:${moduleId}:${userId}`,
  deadline: (item: DeadlineItem, cohortId: string, userId: string, dueAt: Date) =>
    `deadline:${item}:${cohortId}:${userId}:${dueAt.toISOString()}`,
  reviewReceived: (allocationId: string) => `review-received:${allocationId}`,
  gradeReleased: (submissionId: string) => `grade-released:${submissionId}`,
  certificateIssued: (certificateId: string, userId: string) => `certificate-issued:${certificateId}:${userId}`,
  digest: (trainerId: string, cohortId: string, localDate: string) => `digest:${trainerId}:${cohortId}:${localDate}`,
};

/** BullMQ refuses custom ids with ':' unless they split into exactly three parts: `notification:deliver:<id>`. */
export function deliveryJobId(notificationId: string): string {
  return `notification:deliver:${notificationId}`;
}
