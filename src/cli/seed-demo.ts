import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/config.js';
import { dataSourceOptions } from '../database/data-source-options.js';
import { seedDemoCalibration } from '../database/seeds/demo-calibration-seed.js';
import { seedDemoCapstone } from '../database/seeds/demo-capstone-seed.js';
import { seedDemoCopies } from '../database/seeds/demo-copy-seed.js';
import { DEMO_PASSWORD, seedDemo } from '../database/seeds/demo-seed.js';

/**
 * npm run seed:demo: demo institutes, accounts and a submitted action plan for `npm run local`; prints the log-ins.
 * `--without-submissions` leaves out the action plan and the calibration examples (tests start from an empty
 * grading queue, and from cohorts whose peer review is not gated by calibration).
 */
async function main() {
  const config = loadConfig();
  if (config.NODE_ENV === 'production') throw new Error('seed:demo refuses to run with NODE_ENV=production');
  const dataSource = new DataSource(dataSourceOptions(config.DATABASE_URL, 2));
  await dataSource.initialize();
  try {
    const { logins, cohorts } = await seedDemo(dataSource);
    console.log(`Demo log-ins (password for all: ${DEMO_PASSWORD}):`);
    for (const login of logins) console.log(`  ${login.email.padEnd(36)} ${login.description}`);
    console.log('Demo cohorts:');
    for (const cohort of cohorts) console.log(`  ${cohort}`);
    // Localized copies need their institute: content:import skipped them on a fresh database.
    const localized = await seedDemoCopies(dataSource, config.CONTENT_DIR);
    for (const copy of localized.copies) console.log(`  localized copy ${copy}`);
    if (localized.cohort) console.log(`  ${localized.cohort} (French copy; participant.fr@sn.demo.cascade.test, Aminata Diop)`);
    // Tests that seed the demo start from people who have submitted nothing: they pass --without-submissions.
    const submitted = process.argv.includes('--without-submissions') ? null : await seedDemoCapstone(dataSource);
    if (submitted) console.log('Bikash Gurung (participant@np) has a submitted action plan, version 1, in Kathmandu.');
    const calibrated = process.argv.includes('--without-submissions') ? [] : await seedDemoCalibration(dataSource);
    for (const cohort of calibrated) console.log(`${cohort}: one peer-review calibration example.`);
    console.log('Capstone pages, from each cohort page (path after /i/<institute>/cohorts/<id>):');
    console.log('  participants: /capstone (action plan), /grades (own grades)');
    console.log('  trainers and admins: /capstone/grading (queue), /capstone/people (submissions), /gradebook');
    console.log(
      'Peer review: participants /peer-review/reviews and /peer-review/calibrate; staff /peer-review/calibration',
    );
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
