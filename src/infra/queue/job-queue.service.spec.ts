import { describe, expect, it } from '@jest/globals';
import type { Queue } from 'bullmq';
import { JobQueue } from './job-queue.service.js';
import { JOB_NAMES, JOB_QUEUES, QUEUES } from './jobs.js';

function recordingQueues(names: readonly string[], added: { queue: string; job: string }[]): Queue[] {
  return names.map(
    (queue) => ({ name: queue, add: async (job: string) => void added.push({ queue, job }) }) as unknown as Queue,
  );
}

describe('JobQueue', () => {
  it('should route every declared job to its own queue', async () => {
    const added: { queue: string; job: string }[] = [];
    const jobs = new JobQueue(...(recordingQueues(QUEUES, added) as ConstructorParameters<typeof JobQueue>));
    for (const name of JOB_NAMES) await jobs.enqueue(name, {});
    expect(added).toEqual(JOB_NAMES.map((job) => ({ queue: JOB_QUEUES[job], job })));
    expect(added).toContainEqual({ queue: 'trainers', job: 'trainers.recertification' });
  });

  it('should refuse to start without a queue that jobs.ts declares', () => {
    // The trainers slot given another queue, as when a queue is declared but never injected.
    const withoutTrainers = recordingQueues(
      QUEUES.map((name) => (name === 'trainers' ? 'content' : name)),
      [],
    );
    expect(() => new JobQueue(...(withoutTrainers as ConstructorParameters<typeof JobQueue>))).toThrow(
      'JobQueue has no queue for: trainers',
    );
  });
});
