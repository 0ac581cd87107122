import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runEntry, spawnEntry, startTestApp, type RunningApp } from '../support/test-app.js';
import { querySql, signInAs } from '../support/test-sql.js';

describe('npm run local: the demo shows a certificate', () => {
  let running: RunningApp;
  let worker: ReturnType<typeof spawnEntry> | undefined;

  beforeAll(async () => {
    running = await startTestApp({ seedDemo: true, demoSubmissions: true });
  });

  afterAll(async () => {
    worker?.kill('SIGTERM');
    await running?.close();
  });

  it('should seed a graduate whose certificate the worker issues as it starts, shown on her certificate page', async () => {
    const seeded = await runEntry('cli/seed-demo-certificate', running.environment);
    expect(seeded.code).toBe(0);
    expect(seeded.output).toContain('Anjali Rai (graduate@np.demo.cascade.test) has completed the Kathmandu course');
    const path = /(\/i\/np-cept\/cohorts\/[0-9a-f-]+\/certificate)/.exec(seeded.output)![1];
    worker = spawnEntry('worker', running.environment);
    const graduate = await signInAs(running.baseUrl, 'graduate@np.demo.cascade.test');
    let page = '';
    for (let waited = 0; waited < 40_000 && !page.includes('Download the PDF'); waited += 500) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      page = await (await graduate.get(path)).text();
    }
    expect(page).toContain('Download the PDF');
    expect(page).toMatch(/NP-CEPT-\d{4}-000001/);
    // Seeding again (npm run local twice) adds nobody and queues nothing more.
    expect((await runEntry('cli/seed-demo-certificate', running.environment)).code).toBe(0);
    const rows = await querySql(running.database.url, `SELECT 1 FROM certificates WHERE kind = 'course'`);
    expect(rows).toHaveLength(1);
  }, 90_000);

  it('should give the demo national trainer his trainer certificate, linked from his trainer path page', async () => {
    // The worker of the test above runs on: it issues the trainer certificate the same seeding queued.
    expect(worker).toBeDefined();
    const [ramesh] = await querySql<{ id: string }>(running.database.url, `SELECT id FROM users WHERE email = $1`, [
      'national.trainer@np.demo.cascade.test',
    ]);
    const national = await signInAs(running.baseUrl, 'national.trainer@np.demo.cascade.test');
    const path = `/i/np-cept/trainers/people/${ramesh.id}/courses/epm-resources`;
    let page = '';
    for (let waited = 0; waited < 40_000 && !page.includes('Download the PDF'); waited += 500) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      page = await (await national.get(`${path}?lang=en`)).text();
    }
    expect(page).toContain('Trainer certificates');
    expect(page).toContain('Download the PDF');
    expect(page).toMatch(/NP-CEPT-TR-\d{4}-000001/);
    expect(page).toMatch(/href="\/verify\/[0-9A-Z-]+"/);
    // Seeding again queued nothing more: one trainer certificate.
    const trainerRows = await querySql(running.database.url, `SELECT 1 FROM certificates WHERE kind = 'trainer'`);
    expect(trainerRows).toHaveLength(1);
  }, 60_000);
});
