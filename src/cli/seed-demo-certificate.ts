import 'reflect-metadata';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/config.js';
import { dataSourceOptions } from '../database/data-source-options.js';
import { seedDemoCertificate } from '../database/seeds/demo-certificate-seed.js';
import { redisConnectionOptions } from '../infra/queue/redis-connection.js';
import { JOB_QUEUES } from '../infra/queue/jobs.js';
import { trainerIssueJobId } from '../modules/certificates/certificate-jobs.js';

const DEMO_NATIONAL_TRAINER = 'national.trainer@np.demo.cascade.test';

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
    const queue = new Queue(JOB_QUEUES['certificates.issue'], {
      connection: redisConnectionOptions(config.REDIS_URL),
      prefix: config.REDIS_PREFIX,
    });
    try {
      // The demo national trainer's certification(s) without a trainer certificate yet: queued for the worker.
      const certifications = await dataSource.query<{ id: string; institute_id: string }[]>(
        `SELECT tc.id, tc.institute_id FROM trainer_certifications tc JOIN users u ON u.id = tc.user_id
         WHERE u.email = $1 AND tc.kind <> 'master-appointment'
           AND NOT EXISTS (SELECT 1 FROM certificates c WHERE c.trainer_certification_id = tc.id)`,
        [DEMO_NATIONAL_TRAINER],
      );
      for (const certification of certifications)
        await queue.add(
          'certificates.issue-trainer',
          { instituteId: certification.institute_id, certificationId: certification.id },
          { jobId: trainerIssueJobId(certification.id), attempts: 3, backoff: { type: 'exponential', delay: 2_000 } },
        );
      if (certifications.length > 0)
        console.log(
          `Ramesh Adhikari (${DEMO_NATIONAL_TRAINER}) gets his trainer certificate from the worker: see his trainer path page.`,
        );
      if (!graduate) return;
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
