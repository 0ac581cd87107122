import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { JobsOptions, Queue } from 'bullmq';
import { JOB_QUEUES, QUEUES, type JobName, type JobPayloads } from './jobs.js';

const DEFAULT_OPTIONS: JobsOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: { age: 24 * 3600, count: 1_000 },
  // Failed jobs are kept for inspection.
  removeOnFail: false,
};

/** The one way to enqueue a job: typed payloads, retries with backoff, and a deterministic id to dedupe. */
@Injectable()
export class JobQueue {
  private readonly queues: Record<string, Queue>;

  constructor(
    @InjectQueue('content') content: Queue,
    @InjectQueue('mail') mail: Queue,
    @InjectQueue('quizzes') quizzes: Queue,
    @InjectQueue('capstones') capstones: Queue,
    @InjectQueue('peer-review') peerReview: Queue,
    @InjectQueue('certificates') certificates: Queue,
    @InjectQueue('certificate-pdfs') certificatePdfs: Queue,
    @InjectQueue('notifications') notifications: Queue,
    @InjectQueue('trainers') trainers: Queue,
  ) {
    const injected = [
      content,
      mail,
      quizzes,
      capstones,
      peerReview,
      certificates,
      certificatePdfs,
      notifications,
      trainers,
    ];
    this.queues = Object.fromEntries(injected.map((queue) => [queue.name, queue]));
    // A queue declared in jobs.ts but not injected here would only fail when its first job is queued: fail at start.
    const missing = QUEUES.filter((name) => !this.queues[name]);
    if (missing.length > 0) throw new Error(`JobQueue has no queue for: ${missing.join(', ')} (inject it)`);
  }

  async enqueue<Name extends JobName>(
    name: Name,
    payload: JobPayloads[Name],
    options: { jobId?: string; delayMs?: number } = {},
  ) {
    const queue = this.queues[JOB_QUEUES[name]];
    if (!queue) throw new Error(`No queue registered for job ${name}`);
    return queue.add(name, payload, { ...DEFAULT_OPTIONS, jobId: options.jobId, delay: options.delayMs });
  }

  async close(): Promise<void> {
    await Promise.all(Object.values(this.queues).map((queue) => queue.close()));
  }
}
