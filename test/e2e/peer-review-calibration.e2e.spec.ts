import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { CapstoneDefinition } from '../../src/modules/capstones/domain/capstone.types.js';
import { cohortCapstone, cohortIdOf, insertSubmission, validPlan, type Sql } from '../support/capstone-fixtures.js';
import type { HttpSession } from '../support/http-session.js';
import { addParticipants } from '../support/peer-review-fixtures.js';
import { startTestApp, type RunningApp } from '../support/test-app.js';
import { querySql, signInAs } from '../support/test-sql.js';

describe('calibration before peer review, through the pages', () => {
  let running: RunningApp;
  let sql: Sql;
  let cohortId: string;
  let definition: CapstoneDefinition;
  let base: string;
  let trainer: HttpSession;
  let bikash: HttpSession;
  let exampleId: string;

  const post = async (session: HttpSession, page: string, action: string, fields: Record<string, string>) =>
    session.postForm(action, { _csrf: await session.csrfTokenFrom(page), ...fields });
  const allocationLinks = (html: string) =>
    [...html.matchAll(/\/peer-review\/reviews\/([0-9a-f-]{36})"/g)].map((m) => m[1]);
  /** The reviewer's first allocation, read from the database (the list hides the links while gated). */
  const firstAllocation = async (email: string) => {
    const [row] = await sql<{ id: string }>(
      `SELECT a.id FROM peer_review_allocations a JOIN users u ON u.id = a.reviewer_id
       WHERE a.cohort_id = $1 AND u.email = $2 ORDER BY a.assigned_at, a.id LIMIT 1`,
      [cohortId, email],
    );
    return row.id;
  };
  /** The calibration form at one level index on every criterion. */
  const levels = (index: number) =>
    Object.fromEntries(
      definition.rubric.criteria.map((criterion) => [`level.${criterion.id}`, criterion.levels[index].id]),
    );
  /** A complete review, as the review form posts it. */
  const review = () => {
    const form: Record<string, string> = { intent: 'submit' };
    for (const criterion of definition.rubric.criteria) {
      form[`level.${criterion.id}`] = criterion.levels[2].id;
      form[`comment.${criterion.id}`] = `A clear and well argued section on ${criterion.id}.`;
    }
    return form;
  };
  const explanation = (criterionIndex: number) =>
    `Reference for ${definition.rubric.criteria[criterionIndex].title}: proficient, the figures are sourced.`;

  beforeAll(async () => {
    running = await startTestApp({ seedDemo: true });
    sql = (text, values) => querySql(running.database.url, text, values);
    cohortId = await cohortIdOf(sql, 'np-cept');
    definition = await cohortCapstone(sql, cohortId);
    await sql(
      `UPDATE cohorts SET schedule = schedule || jsonb_build_object('capstoneDueAt', $2::text, 'peerReviewDueAt', $3::text)
       WHERE id = $1`,
      [cohortId, new Date(Date.now() - 86_400_000).toISOString(), new Date(Date.now() + 7 * 86_400_000).toISOString()],
    );
    await addParticipants(sql, cohortId, 'cal', 2);
    const emailsOfAuthors = [
      'participant@np.demo.cascade.test',
      'participant2@np.demo.cascade.test',
      'cal-1@peer.test',
      'cal-2@peer.test',
    ];
    for (const [index, email] of emailsOfAuthors.entries()) {
      const [user] = await sql<{ id: string }>(`SELECT id FROM users WHERE email = $1`, [email]);
      await insertSubmission(sql, {
        cohortId,
        userId: user.id,
        content: validPlan(definition, `calibration-plan-${index}`),
        submittedAt: new Date(Date.now() - 2 * 86_400_000),
      });
    }
    base = `/i/np-cept/cohorts/${cohortId}/peer-review`;
    trainer = await signInAs(running.baseUrl, 'trainer@np.demo.cascade.test');
    bikash = await signInAs(running.baseUrl, 'participant@np.demo.cascade.test');
    expect((await post(trainer, base, `${base}/allocate`, {})).status).toBe(303);
  });

  afterAll(async () => {
    await running?.close();
  });

  it('should not gate reviews while the cohort has no example, and tell the trainer calibration is skipped', async () => {
    const list = await (await bikash.get(`${base}/reviews`)).text();
    expect(list).not.toContain('Calibrate first');
    expect(allocationLinks(list)).toHaveLength(3);
    expect((await bikash.get(`${base}/reviews/${allocationLinks(list)[0]}`)).status).toBe(200);
    expect(await (await trainer.get(base)).text()).toContain('No calibration example: calibration is skipped');
    expect(await (await trainer.get(`${base}/calibration`)).text()).toContain(
      'No example in use: calibration is skipped for this cohort',
    );
    expect(await (await bikash.get(`${base}/calibrate`)).text()).toContain('nothing to calibrate on');
  });

  it('should let the trainer create an example with a reference per criterion: CSRF needed, gaps named, audited', async () => {
    const page = `${base}/calibration`;
    const fields: Record<string, string> = {
      title: 'Grants for hill schools',
      planText: 'The municipality shares its grant by weighted pupil.\n\nRemote pupils count 1.3.'.repeat(2),
    };
    for (const [index, criterion] of definition.rubric.criteria.entries()) {
      fields[`level.${criterion.id}`] = criterion.levels[2].id;
      fields[`explanation.${criterion.id}`] = explanation(index);
    }
    const noToken = await trainer.postForm(`${page}/examples`, fields);
    expect(noToken.status).toBe(403);
    const { [`level.${definition.rubric.criteria[1].id}`]: _left, ...missingOne } = fields;
    const refused = await post(trainer, page, `${page}/examples`, missingOne);
    expect(refused.status).toBe(422);
    const refusedHtml = await refused.text();
    expect(refusedHtml).toContain(`${definition.rubric.criteria[1].title}: choose the reference level.`);
    expect(refusedHtml).toContain('Grants for hill schools');
    const created = await post(trainer, page, `${page}/examples`, fields);
    expect(created.status).toBe(303);
    expect(created.headers.get('location')).toBe(`${page}?created=1`);
    const html = await (await trainer.get(`${page}?created=1`)).text();
    expect(html).toContain('Example created.');
    expect(html).toContain('Grants for hill schools');
    expect(html).not.toContain('calibration is skipped');
    const [row] = await sql<{ id: string }>(
      `SELECT id FROM peer_review_calibration_examples WHERE cohort_id = $1 AND title = 'Grants for hill schools'`,
      [cohortId],
    );
    exampleId = row.id;
    const view = await (await trainer.get(`${page}/examples/${exampleId}`)).text();
    expect(view).toContain(explanation(0));
    const audits = await sql<{ count: number }>(
      `SELECT count(*)::int AS count FROM audit_log WHERE action = 'peer-review.calibration-example-created' AND entity_id = $1`,
      [exampleId],
    );
    expect(audits[0].count).toBe(1);
  });

  it('should keep the trainer page from participants and other institutes, and the calibration from staff', async () => {
    const page = `${base}/calibration`;
    expect((await bikash.get(page)).status).toBe(404);
    expect((await post(bikash, `${base}/reviews`, `${page}/examples`, { title: 'x' })).status).toBe(404);
    expect((await post(bikash, `${base}/reviews`, `${page}/examples/${exampleId}/retire`, {})).status).toBe(404);
    const otherTrainer = await signInAs(running.baseUrl, 'trainer@sn.demo.cascade.test');
    expect((await otherTrainer.get(page)).status).toBe(404);
    expect((await otherTrainer.get(`${page}/examples/${exampleId}`)).status).toBe(404);
    expect((await post(otherTrainer, '/me', `${page}/examples/${exampleId}/retire`, {})).status).toBe(404);
    expect((await trainer.get(`${base}/calibrate`)).status).toBe(404);
    const [{ retired }] = await sql<{ retired: boolean }>(
      `SELECT retired_at IS NOT NULL AS retired FROM peer_review_calibration_examples WHERE id = $1`,
      [exampleId],
    );
    expect(retired).toBe(false);
  });

  it("should refuse an uncalibrated participant's reviews on the server, not only by hiding the links", async () => {
    const list = await (await bikash.get(`${base}/reviews`)).text();
    expect(list).toContain('Calibrate first');
    expect(allocationLinks(list)).toEqual([]);
    const allocation = await firstAllocation('participant@np.demo.cascade.test');
    const opened = await bikash.get(`${base}/reviews/${allocation}`);
    expect(opened.status).toBe(303);
    expect(opened.headers.get('location')).toBe(`${base}/calibrate`);
    const saved = await post(bikash, `${base}/reviews`, `${base}/reviews/${allocation}`, review());
    expect(saved.status).toBe(403);
    expect(await saved.text()).toContain('Calibrate first');
    // The JSON API says where the participant stands and refuses the review itself the same way.
    const api = `/api/institutes/np-cept/cohorts/${cohortId}/peer-review`;
    const listJson = (await (await bikash.get(`${api}/reviews`, { accept: 'application/json' })).json()) as {
      calibration: { state: string; required: number; done: number };
    };
    expect(listJson.calibration).toEqual({ state: 'pending', required: 1, done: 0 });
    const one = await bikash.get(`${api}/reviews/${allocation}`, { accept: 'application/json' });
    expect(one.status).toBe(403);
    expect(await one.json()).toMatchObject({
      code: 'PEER_REVIEW_CALIBRATION_REQUIRED_FORBIDDEN',
      details: { calibrate: `${base}/calibrate` },
    });
    const put = await bikash.request('PUT', `${api}/reviews/${allocation}`, JSON.stringify({ criteria: [] }), {
      'content-type': 'application/json',
      accept: 'application/json',
      'x-csrf-token': await bikash.csrfTokenFrom('/me'),
    });
    expect(put.status).toBe(403);
    expect(await sql(`SELECT 1 FROM peer_reviews WHERE allocation_id = $1`, [allocation])).toEqual([]);
  });

  it('should show the example without an author or its reference, and record a failed attempt', async () => {
    const page = await (await bikash.get(`${base}/calibrate`)).text();
    expect(page).toContain('Grants for hill schools');
    expect(page).toContain('Remote pupils count 1.3.');
    expect(page).not.toContain('Gita Thapa');
    expect(page).not.toContain(explanation(0));
    expect(page).toContain(`action="${base}/calibrate/${exampleId}"`);
    expect((await bikash.postForm(`${base}/calibrate/${exampleId}`, levels(0))).status).toBe(403);
    const incomplete = await post(bikash, `${base}/calibrate`, `${base}/calibrate/${exampleId}`, {});
    expect(incomplete.status).toBe(422);
    expect(await incomplete.text()).toContain(`${definition.rubric.criteria[0].title}: choose a level.`);
    // "Beginning" everywhere against "Proficient": two levels off on every criterion.
    const failed = await post(bikash, `${base}/calibrate`, `${base}/calibrate/${exampleId}`, levels(0));
    expect(failed.status).toBe(303);
    const result = await (await bikash.get(failed.headers.get('location')!)).text();
    expect(result).toContain(
      'on average <strong>2</strong> of a level from the trainer’s reference (the tolerance is 0.5)',
    );
    expect(result).toContain('not within the tolerance');
    expect(result).toContain(explanation(0));
    expect(result).toContain('try again');
    expect(
      (await bikash.get(`${base}/reviews/${await firstAllocation('participant@np.demo.cascade.test')}`)).status,
    ).toBe(303);
  });

  it('should open the reviews once the participant is within the tolerance, and let them review', async () => {
    // Proficient everywhere but one criterion a level higher: (1 + 0 × 5) / 6 ≈ 0.17, within 0.5.
    const close = {
      ...levels(2),
      [`level.${definition.rubric.criteria[0].id}`]: definition.rubric.criteria[0].levels[3].id,
    };
    const passed = await post(bikash, `${base}/calibrate`, `${base}/calibrate/${exampleId}`, close);
    const result = await (await bikash.get(passed.headers.get('location')!)).text();
    expect(result).toContain('on average <strong>0.17</strong> of a level');
    expect(result).toContain('<strong>within the tolerance</strong>');
    expect(result).toContain('You may go on to');
    const list = await (await bikash.get(`${base}/reviews`)).text();
    expect(list).not.toContain('Calibrate first');
    const [link] = allocationLinks(list);
    expect((await bikash.get(`${base}/reviews/${link}`)).status).toBe(200);
    const api = `/api/institutes/np-cept/cohorts/${cohortId}/peer-review`;
    expect((await bikash.get(`${api}/reviews/${link}`, { accept: 'application/json' })).status).toBe(200);
    expect((await post(bikash, `${base}/reviews/${link}`, `${base}/reviews/${link}`, review())).status).toBe(303);
    const attempts = await sql<{ within_tolerance: boolean }>(
      `SELECT t.within_tolerance FROM peer_review_calibration_attempts t JOIN users u ON u.id = t.user_id
       WHERE u.email = 'participant@np.demo.cascade.test' ORDER BY t.created_at`,
    );
    expect(attempts.map((attempt) => attempt.within_tolerance)).toEqual([false, true]);
  });

  it('should show the trainer each participant: passed, attempts and last closeness', async () => {
    const html = await (await trainer.get(`${base}/calibration`)).text();
    const row = (name: string) =>
      new RegExp(`<tr><td>${name}</td><td>([^<]*)</td><td>(\\d+)</td><td>([^<]*)</td>`).exec(html);
    expect(row('Bikash Gurung')?.slice(1)).toEqual(['passed', '2', '0.17']);
    expect(row('Peer cal 1')?.slice(1)).toEqual(['not started', '0', '—']);
  });

  it("should let 'recorded' mode through whatever the result, recording it", async () => {
    expect((await post(trainer, base, `${base}/settings`, { calibration: 'recorded' })).status).toBe(303);
    const participant = await signInAs(running.baseUrl, 'cal-1@peer.test');
    expect(await (await participant.get(`${base}/reviews`)).text()).toContain('Calibrate first');
    const allocation = await firstAllocation('cal-1@peer.test');
    expect((await participant.get(`${base}/reviews/${allocation}`)).status).toBe(303);
    const attempt = await post(participant, `${base}/calibrate`, `${base}/calibrate/${exampleId}`, levels(0));
    const result = await (await participant.get(attempt.headers.get('location')!)).text();
    expect(result).toContain('not within the tolerance');
    expect(result).toContain('Your result is recorded.');
    expect((await participant.get(`${base}/reviews/${allocation}`)).status).toBe(200);
    const [row] = await sql<{ mode: string; within_tolerance: boolean }>(
      `SELECT t.mode, t.within_tolerance FROM peer_review_calibration_attempts t JOIN users u ON u.id = t.user_id
       WHERE u.email = 'cal-1@peer.test'`,
    );
    expect(row).toEqual({ mode: 'recorded', within_tolerance: false });
  });

  it('should retire an example, keeping it and its attempts, and skip calibration when none is left', async () => {
    expect((await post(trainer, base, `${base}/settings`, { calibration: 'required' })).status).toBe(303);
    const participant = await signInAs(running.baseUrl, 'cal-2@peer.test');
    const allocation = await firstAllocation('cal-2@peer.test');
    expect((await participant.get(`${base}/reviews/${allocation}`)).status).toBe(303);
    const page = `${base}/calibration`;
    const retired = await post(trainer, page, `${page}/examples/${exampleId}/retire`, {});
    expect(retired.headers.get('location')).toBe(`${page}?retired=1`);
    const html = await (await trainer.get(`${page}?retired=1`)).text();
    expect(html).toContain('Example retired.');
    expect(html).toContain('No example in use: calibration is skipped for this cohort');
    const [row] = await sql<{ retired: boolean; attempts: number }>(
      `SELECT e.retired_at IS NOT NULL AS retired,
         (SELECT count(*)::int FROM peer_review_calibration_attempts t WHERE t.example_id = e.id) AS attempts
       FROM peer_review_calibration_examples e WHERE e.id = $1`,
      [exampleId],
    );
    expect(row).toEqual({ retired: true, attempts: 3 });
    expect((await participant.get(`${base}/reviews/${allocation}`)).status).toBe(200);
    // Bikash's results stay readable after the retirement.
    expect(await (await bikash.get(`${base}/calibrate`)).text()).toContain('Grants for hill schools');
  });
});
