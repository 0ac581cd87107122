/** Every queue and job of Cascade. Payloads carry ids and names only, never whole records. */
export const QUEUES = ['content'] as const;
export type QueueName = (typeof QUEUES)[number];

export interface JobPayloads {
  /** Import course folders from the content directory (all when `courseSlugs` is null). */
  'content.import': { courseSlugs: string[] | null };
}
export type JobName = keyof JobPayloads;

export const JOB_QUEUES: { [Name in JobName]: QueueName } = {
  'content.import': 'content',
};

export const JOB_NAMES = Object.keys(JOB_QUEUES) as JobName[];
