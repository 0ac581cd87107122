import { describe, expect, it } from '@jest/globals';
import { getQueueToken } from '@nestjs/bullmq';
import type { ModuleRef } from '@nestjs/core';
import { JobQueue } from './job-queue.service.js';
import { JOB_NAMES, JOB_QUEUES, QUEUES } from './jobs.js';

describe('JobQueue', () => {
  it('should route every declared job to its own registered queue', async () => {
    const added: { queue: string; job: string }[] = [];
    const moduleRef = {
      get: (token: string) => {
        const queue = QUEUES.find((name) => getQueueToken(name) === token);
        if (!queue) throw new Error(`no provider ${token}`);
        return { add: async (job: string) => void added.push({ queue, job }) };
      },
    } as unknown as ModuleRef;
    const jobs = new JobQueue(moduleRef);
    for (const name of JOB_NAMES) await jobs.enqueue(name, {});
    expect(added).toEqual(JOB_NAMES.map((job) => ({ queue: JOB_QUEUES[job], job })));
    expect(added.some((entry) => entry.job === 'trainers.recertification' && entry.queue === 'trainers')).toBe(true);
  });
});
