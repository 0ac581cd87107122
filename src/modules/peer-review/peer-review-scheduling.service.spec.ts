import { describe, expect, it } from '@jest/globals';
import type { JobQueue } from '../../infra/queue/job-queue.service.js';
import { allocationJobId, PeerReviewSchedulingService } from './peer-review-scheduling.service.js';

const cohort = {
  id: '0b6f7d2e-1c2a-4f55-9d0e-3a1b2c3d4e5f',
  instituteId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
  courseVersionId: '11111111-2222-4333-8444-555555555555',
  schedule: { capstoneDueAt: '2026-03-01T12:00:00.000Z', peerReviewDueAt: '2026-03-08T12:00:00.000Z' },
};

describe('peer-review scheduling', () => {
  it('should name the job in exactly three colon-separated parts, as BullMQ 6 requires of custom ids', () => {
    const id = allocationJobId(cohort.id, new Date(cohort.schedule.capstoneDueAt));
    expect(id.split(':')).toEqual([
      'peer-review-allocate',
      cohort.id,
      String(Date.parse(cohort.schedule.capstoneDueAt)),
    ]);
  });

  it('should delay the job until the due date, and run it at once when the date has passed', async () => {
    const calls: unknown[][] = [];
    const jobs = { enqueue: async (...args: unknown[]) => void calls.push(args) } as unknown as JobQueue;
    const service = new PeerReviewSchedulingService(jobs);
    await service.scheduleAllocation(cohort, new Date('2026-03-01T11:00:00.000Z'));
    await service.scheduleAllocation(cohort, new Date('2026-03-02T00:00:00.000Z'));
    expect(calls.map((call) => (call[2] as { delayMs: number }).delayMs)).toEqual([3_600_000, 0]);
    expect(calls[0][1]).toEqual({ instituteId: cohort.instituteId, cohortId: cohort.id });
  });

  it('should queue a late submission once, and nothing for a submission before the due date', async () => {
    const calls: unknown[][] = [];
    const jobs = { enqueue: async (...args: unknown[]) => void calls.push(args) } as unknown as JobQueue;
    const service = new PeerReviewSchedulingService(jobs);
    await service.allocateLateSubmission(cohort, 'sub-1', new Date('2026-02-28T00:00:00.000Z'));
    await service.allocateLateSubmission(cohort, 'sub-2', new Date('2026-03-02T00:00:00.000Z'));
    expect(calls.map((call) => (call[2] as { jobId: string }).jobId)).toEqual([`peer-review-late:${cohort.id}:sub-2`]);
  });
});
