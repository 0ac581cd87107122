import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Queue, QueueEvents } from 'bullmq';
import { redisConnectionOptions } from '../../src/infra/queue/redis-connection.js';
import { startTestApp, type RunningApp } from '../support/test-app.js';

describe('the BullMQ worker process', () => {
  let running: RunningApp;
  let queue: Queue;
  let events: QueueEvents;

  beforeAll(async () => {
    running = await startTestApp({ importContent: false });
    const connection = redisConnectionOptions(running.environment.REDIS_URL);
    const prefix = running.environment.REDIS_PREFIX;
    queue = new Queue('content', { connection, prefix });
    events = new QueueEvents('content', { connection, prefix });
    await events.waitUntilReady();
  });

  afterAll(async () => {
    await events?.close();
    await queue?.close();
    await running?.close();
  });

  it('should import the courses through a job on real Redis, and the API should then serve them', async () => {
    const before = (await (await fetch(`${running.baseUrl}/api/courses`)).json()) as unknown[];
    expect(before).toEqual([]);

    const worker = await running.startWorker();
    const job = await queue.add('content.import', { courseSlugs: null }, { jobId: 'content-import-e2e' });
    const result = await job.waitUntilFinished(events, 30_000).catch((error: unknown) => {
      throw new Error(`${String(error)}\nworker output:\n${worker.output()}`);
    });
    expect(result).toEqual([
      { slug: 'education-networks-clusters', versionNumber: 1, status: 'created' },
      { slug: 'school-resource-allocation', versionNumber: 1, status: 'created' },
      { slug: 'trainer-of-trainers', versionNumber: 1, status: 'created' },
    ]);

    // The API keeps the newest-version pointer for at most two seconds.
    const deadline = Date.now() + 5_000;
    let courses: { slug: string }[] = [];
    while (courses.length < 3 && Date.now() < deadline) {
      courses = (await (await fetch(`${running.baseUrl}/api/courses`)).json()) as { slug: string }[];
      if (courses.length < 3) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(courses.map((course) => course.slug).sort()).toEqual([
      'education-networks-clusters',
      'school-resource-allocation',
      'trainer-of-trainers',
    ]);
  });

  it('should not run a job twice for the same job id', async () => {
    const first = await queue.add('content.import', { courseSlugs: null }, { jobId: 'content-import-e2e' });
    expect(first.id).toBe('content-import-e2e');
    expect(await queue.getJobCounts('completed', 'waiting', 'active')).toEqual({ completed: 1, waiting: 0, active: 0 });
  });

  it('should fail an import of a course folder that does not exist at once, without retries', async () => {
    const job = await queue.add('content.import', { courseSlugs: ['no-such-course'] }, { attempts: 3 });
    await expect(job.waitUntilFinished(events, 30_000)).rejects.toThrow(/no such course folder/);
    const failed = await queue.getJob(job.id!);
    expect(failed?.attemptsMade).toBe(1);
  });
});
