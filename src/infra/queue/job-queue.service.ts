import { getQueueToken } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
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

  // Every queue of QUEUES, looked up by its token: a queue added to jobs.ts cannot be forgotten here.
  constructor(moduleRef: ModuleRef) {
    this.queues = Object.fromEntries(
      QUEUES.map((name) => [name, moduleRef.get<Queue>(getQueueToken(name), { strict: false })]),
    );
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
