import { describe, expect, it } from '@jest/globals';
import { issueJobId, queueOnce } from './certificate-jobs.js';

function fakeQueue(state: 'waiting' | 'failed') {
  const calls: string[] = [];
  const jobs = {
    enqueue: async (name: string, _payload: unknown, options: { jobId?: string }) => {
      calls.push(`enqueue ${name} ${options.jobId}`);
      return {
        isFailed: async () => state === 'failed',
        retry: async (from: string) => {
          calls.push(`retry from ${from}`);
        },
      } as never;
    },
  };
  return { jobs, calls };
}

describe('queueOnce', () => {
  const payload = { instituteId: 'i', cohortId: 'c', userId: 'u', eligibleAt: '2026-11-23T00:00:00.000Z' };

  it('should queue under the deterministic id, which has exactly the three parts BullMQ accepts', async () => {
    const { jobs, calls } = fakeQueue('waiting');
    await queueOnce(jobs, 'certificates.issue', payload, issueJobId('c', 'u'));
    expect(calls).toEqual(['enqueue certificates.issue certificate-issue:c:u']);
    expect(issueJobId('c', 'u').split(':')).toHaveLength(3);
  });

  it('should retry the job held under that id when it had failed for good', async () => {
    const { jobs, calls } = fakeQueue('failed');
    await queueOnce(jobs, 'certificates.issue', payload, issueJobId('c', 'u'));
    expect(calls).toEqual(['enqueue certificates.issue certificate-issue:c:u', 'retry from failed']);
  });
});
