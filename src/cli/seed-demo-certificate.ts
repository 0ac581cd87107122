import 'reflect-metadata';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/config.js';
import { dataSourceOptions } from '../database/data-source-options.js';
import { seedDemoCertificate } from '../database/seeds/demo-certificate-seed.js';
import { redisConnectionOptions } from '../infra/queue/redis-connection.js';
import { JOB_QUEUES } from '../infra/queue/jobs.js';

/**
 * For `npm run local`, after seed:demo: a demo participant who has completed her course, and her certificate
 * queued for the worker (which issues it as soon as it runs). Does nothing when she already exists.
 */
async function main() {
  const config = loadConfig();
  if (config.NODE_ENV === 'production')
    throw new Error('seed-demo-certificate refuses to run with NODE_ENV=production');
  const dataSource = new DataSource(dataSourceOptions(config.DATABASE_URL, 2));
  await dataSource.initialize();
  try {
    const graduate = await seedDemoCertificate(dataSource);
    if (!graduate) return;
    const queue = new Queue(JOB_QUEUES['certificates.issue'], {
      connection: redisConnectionOptions(config.REDIS_URL),
      prefix: config.REDIS_PREFIX,
    });
    try {
      await queue.add(
        'certificates.issue',
        {
          instituteId: graduate.instituteId,
          cohortId: graduate.cohortId,
          userId: graduate.userId,
          eligibleAt: new Date().toISOString(),
        },
        {
          jobId: `certificate-issue:${graduate.cohortId}:${graduate.userId}`,
          attempts: 3,
          backoff: { type: 'exponential', delay: 2_000 },
        },
      );
    } finally {
      await queue.close();
    }
    console.log(
      `Anjali Rai (${graduate.email}) has completed the Kathmandu course: her certificate is at ` +
        `/i/np-cept/cohorts/${graduate.cohortId}/certificate (the worker issues it as it starts); anyone can check it ` +
        'at the /verify/<code> printed on it, and the trainer can revoke or reissue it at …/certificates.',
    );
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
