import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Queue } from 'bullmq';
import { createHash } from 'node:crypto';
import { redisConnectionOptions } from '../../src/infra/queue/redis-connection.js';
import {
  FIXTURE_BUDGET_TOTAL,
  insertCapstoneSubmission,
  MULTILINGUAL_TEXT,
  type InsertedSubmission,
} from '../support/capstone-export-fixtures.js';
import type { HttpSession } from '../support/http-session.js';
import { HttpSession as Session } from '../support/http-session.js';
import { pdfText } from '../support/pdf-text.js';
import { csrfToken } from '../support/quiz.js';
import { spawnEntry, startTestApp, type RunningApp } from '../support/test-app.js';
import { querySql, signInAs } from '../support/test-sql.js';

describe('capstone export: the submitted action plan as a PDF made by the worker', () => {
  let running: RunningApp;
  let worker: ReturnType<typeof spawnEntry>;
  let submission: InsertedSubmission;
  let pdfPath: string;

  const post = async (session: HttpSession, path: string) =>
    session.request('POST', path, '', { 'x-csrf-token': await csrfToken(session) });

  /** Opens the PDF link until the worker has made it. */
  const waitForPdf = async (session: HttpSession, path: string): Promise<Response> => {
    for (let waited = 0; waited < 45_000; waited += 250) {
      const response = await session.get(path);
      if (response.headers.get('content-type') === 'application/pdf') return response;
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('Your PDF is being prepared');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`no PDF after 45 s\nworker output:\n${worker.output()}`);
  };

  beforeAll(async () => {
    running = await startTestApp({ seedDemo: true });
    worker = spawnEntry('worker', { ...running.environment, LOG_LEVEL: 'info' });
    for (let waited = 0; !worker.output().includes('Cascade worker started'); waited += 100) {
      if (waited > 30_000 || worker.exitCode !== null) throw new Error(`worker did not start:\n${worker.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    submission = await insertCapstoneSubmission(running.database.url, {
      instituteSlug: 'np-cept',
      email: 'participant@np.demo.cascade.test',
      late: true,
    });
    pdfPath = `/i/np-cept/cohorts/${submission.cohortId}/capstone/versions/${submission.id}/pdf`;
  });

  afterAll(async () => {
    worker?.kill('SIGTERM');
    await running?.close();
  });

  it('should make the PDF once in the worker, with the plan text in every script, and store its checksum', async () => {
    const participant = await signInAs(running.baseUrl, 'participant@np.demo.cascade.test');
    const requested = await post(participant, pdfPath);
    expect(requested.status).toBe(303);
    expect(requested.headers.get('location')).toBe(pdfPath);

    const response = await waitForPdf(participant, pdfPath);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="action-plan-bikash-gurung-v1.pdf"');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const pdf = Buffer.from(await response.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');

    const text = await pdfText(pdf);
    for (const expected of [
      'Bikash Gurung',
      'School resource allocation, Kathmandu cohort',
      'Submitted after the due date',
      FIXTURE_BUDGET_TOTAL,
      MULTILINGUAL_TEXT.devanagari,
      MULTILINGUAL_TEXT.french,
      MULTILINGUAL_TEXT.arabic,
      '<script>alert(1)</script>',
      'Page 1 of',
      ...submission.definition.sections.map((section) => section.title),
    ])
      expect(text).toContain(expected);
    const [course] = await querySql<{ title: string }>(
      running.database.url,
      `SELECT cv.title FROM capstone_submissions s JOIN course_versions cv ON cv.id = s.course_version_id WHERE s.id = $1`,
      [submission.id],
    );
    expect(text).toContain(course.title);

    const [row] = await querySql<{
      status: string;
      sha256: string;
      size_bytes: number;
      storage_key: string;
      finished_at: Date;
    }>(
      running.database.url,
      `SELECT status, sha256, size_bytes, storage_key, finished_at FROM capstone_exports WHERE submission_id = $1`,
      [submission.id],
    );
    expect(row.status).toBe('done');
    expect(row.storage_key).toBe(`institutes/${submission.instituteId}/capstones/exports/${submission.id}.pdf`);
    expect(row.sha256).toBe(createHash('sha256').update(pdf).digest('hex'));
    expect(row.size_bytes).toBe(pdf.length);

    // Asking again, as the participant or their trainer, makes no second job and changes nothing.
    expect((await post(participant, pdfPath)).status).toBe(303);
    const trainer = await signInAs(running.baseUrl, 'trainer@np.demo.cascade.test');
    expect((await post(trainer, pdfPath)).status).toBe(303);
    const fromTrainer = await trainer.get(pdfPath);
    expect(fromTrainer.headers.get('content-type')).toBe('application/pdf');
    expect(
      createHash('sha256')
        .update(Buffer.from(await fromTrainer.arrayBuffer()))
        .digest('hex'),
    ).toBe(row.sha256);
    const queue = new Queue('capstones', {
      connection: redisConnectionOptions(running.environment.REDIS_URL),
      prefix: running.environment.REDIS_PREFIX,
    });
    try {
      const counts = await queue.getJobCounts('completed', 'failed', 'waiting', 'active', 'delayed');
      expect(counts).toEqual({ completed: 1, failed: 0, waiting: 0, active: 0, delayed: 0 });
    } finally {
      await queue.close();
    }
    const [after] = await querySql<{ finished_at: Date }>(
      running.database.url,
      `SELECT finished_at FROM capstone_exports WHERE submission_id = $1`,
      [submission.id],
    );
    expect(after.finished_at).toEqual(row.finished_at);
  });

  it('should show the PDF to nobody but its author and the staff of its cohort', async () => {
    const anonymous = await new Session(running.baseUrl).get(pdfPath);
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toMatch(/^\/login\?next=/);
    for (const email of [
      'participant2@np.demo.cascade.test',
      'trainer@sn.demo.cascade.test',
      'admin@sn.demo.cascade.test',
    ]) {
      const other = await signInAs(running.baseUrl, email);
      const response = await other.get(pdfPath);
      expect([email, response.status]).toEqual([email, 404]);
      expect(response.headers.get('content-type')).not.toBe('application/pdf');
      expect([email, (await post(other, pdfPath)).status]).toEqual([email, 404]);
    }
    // Another participant's own cohort path with this submission id is no way in either.
    const stranger = await signInAs(running.baseUrl, 'participant@sn.demo.cascade.test');
    const [dakar] = await querySql<{ id: string }>(
      running.database.url,
      `SELECT c.id FROM cohorts c JOIN institutes i ON i.id = c.institute_id WHERE i.slug = 'sn-ifpe'`,
    );
    expect((await stranger.get(`/i/sn-ifpe/cohorts/${dakar.id}/capstone/versions/${submission.id}/pdf`)).status).toBe(
      404,
    );
    const admin = await signInAs(running.baseUrl, 'admin@np.demo.cascade.test');
    expect((await admin.get(pdfPath)).headers.get('content-type')).toBe('application/pdf');
  });

  it('should say the PDF is being prepared while it is queued, and offer a retry once it failed', async () => {
    const other = await insertCapstoneSubmission(running.database.url, {
      instituteSlug: 'np-cept',
      email: 'participant2@np.demo.cascade.test',
    });
    const path = `/i/np-cept/cohorts/${other.cohortId}/capstone/versions/${other.id}/pdf`;
    // A failed export (as after the last attempt) shows the error and a retry button, which makes the PDF.
    await querySql(
      running.database.url,
      `INSERT INTO capstone_exports (submission_id, institute_id, status, error, finished_at)
       VALUES ($1, $2, 'failed', 'Chromium was not available', now())`,
      [other.id, other.instituteId],
    );
    const participant = await signInAs(running.baseUrl, 'participant2@np.demo.cascade.test');
    const failed = await participant.get(path);
    const page = await failed.text();
    expect(failed.status).toBe(200);
    expect(page).toContain('The PDF could not be made');
    expect(page).toContain('Chromium was not available');
    expect(page).toContain(`<form method="post" action="${path}">`);
    expect((await post(participant, path)).status).toBe(303);
    const preparing = await participant.get(path);
    if (preparing.headers.get('content-type') !== 'application/pdf') {
      const body = await preparing.text();
      expect(body).toContain('Your PDF is being prepared');
      expect(body).toContain('<meta http-equiv="refresh" content="3">');
    }
    const pdf = Buffer.from(await (await waitForPdf(participant, path)).arrayBuffer());
    expect(await pdfText(pdf)).toContain('Sunita Rai');
  });
});
