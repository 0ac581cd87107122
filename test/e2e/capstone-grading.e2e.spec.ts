import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { CapstoneDefinition } from '../../src/modules/capstones/domain/capstone.types.js';
import { rubricPercent } from '../../src/modules/capstones/domain/rubric-score.js';
import {
  cohortIdOf,
  cohortCapstone,
  insertSubmission,
  userIdOf,
  validPlan,
  type Sql,
} from '../support/capstone-fixtures.js';
import type { HttpSession } from '../support/http-session.js';
import { startTestApp, type RunningApp } from '../support/test-app.js';
import { querySql, signInAs } from '../support/test-sql.js';

const COMMENT = 'Comment-zq7 on the evidence';
const FEEDBACK = 'Feedback-kx4: a strong plan overall';

describe('capstone grading through the pages: draft, finalise, moderate, release; the gradebook and its CSV', () => {
  let running: RunningApp;
  let sql: Sql;
  let cohortId: string;
  let definition: CapstoneDefinition;
  let submissionId: string;
  let trainer: HttpSession;
  let participant: HttpSession;
  let grading: string;

  const tokenOf = async (session: HttpSession, path: string) => session.csrfTokenFrom(path);
  const gradeForm = (levels: Record<string, string>, intent: string, reason = '') => {
    const fields: Record<string, string> = { overallFeedback: FEEDBACK, intent, reason };
    for (const criterion of definition.rubric.criteria) {
      fields[`comment.${criterion.id}`] = `${COMMENT} (${criterion.id})`;
      if (levels[criterion.id]) fields[`level.${criterion.id}`] = levels[criterion.id];
    }
    return fields;
  };
  const save = async (session: HttpSession, fields: Record<string, string>) =>
    session.postForm(`${grading}/${submissionId}`, {
      _csrf: await tokenOf(session, `${grading}/${submissionId}`),
      ...fields,
    });
  // The highest level of the first criterion, the lowest of the others: a percent that is neither 0 nor 100.
  const levels = () =>
    Object.fromEntries(
      definition.rubric.criteria.map((criterion, index) => [
        criterion.id,
        index === 0 ? criterion.levels[criterion.levels.length - 1].id : criterion.levels[0].id,
      ]),
    );

  beforeAll(async () => {
    running = await startTestApp({ seedDemo: true });
    sql = (text, values) => querySql(running.database.url, text, values);
    cohortId = await cohortIdOf(sql, 'np-cept');
    definition = await cohortCapstone(sql, cohortId);
    submissionId = await insertSubmission(sql, {
      cohortId,
      userId: await userIdOf(sql, 'participant2@np.demo.cascade.test'),
      content: validPlan(definition, 'Sunita plan'),
      submittedAt: new Date(Date.now() - 26 * 3600_000),
    });
    grading = `/i/np-cept/cohorts/${cohortId}/capstone/grading`;
    trainer = await signInAs(running.baseUrl, 'trainer@np.demo.cascade.test');
    participant = await signInAs(running.baseUrl, 'participant2@np.demo.cascade.test');
  });

  afterAll(async () => {
    await running?.close();
  });

  const participantSees = async () => {
    const page = await participant.get(`/i/np-cept/cohorts/${cohortId}/grades`);
    const api = await participant.get(`/api/institutes/np-cept/cohorts/${cohortId}/grades`, {
      accept: 'application/json',
    });
    expect(page.status).toBe(200);
    expect(api.status).toBe(200);
    return { html: await page.text(), json: await api.text() };
  };

  it('should show the plan in the queue with its waiting time, and the plan and rubric on the grade page', async () => {
    const queue = await trainer.get(grading);
    expect(queue.status).toBe(200);
    const html = await queue.text();
    expect(html).toContain('Sunita Rai');
    expect(html).toMatch(/1 d 2 h/);
    const page = await (await trainer.get(`${grading}/${submissionId}`)).text();
    expect(page).toContain('Sunita plan');
    for (const criterion of definition.rubric.criteria)
      expect(page).toContain(`name="level.${criterion.id}" value="${criterion.levels[0].id}"`);
  });

  it('should save a draft with a level missing, refuse to finalise it, then finalise it whole', async () => {
    const first = definition.rubric.criteria[0];
    const draft = await save(trainer, gradeForm({ [first.id]: first.levels[0].id }, 'draft'));
    expect(draft.status).toBe(303);
    const refused = await save(trainer, gradeForm({ [first.id]: first.levels[0].id }, 'finalise'));
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('Choose a level for every criterion');
    expect((await save(trainer, gradeForm(levels(), 'finalise'))).status).toBe(303);
    const page = await (await trainer.get(`${grading}/${submissionId}`)).text();
    expect(page).toMatch(/draft saved[\s\S]*finalised/);
  });

  it('should show the participant nothing of a grade before release, in the page and the API', async () => {
    const percent = rubricPercent(
      definition.rubric.criteria,
      Object.entries(levels()).map(([criterionId, levelId]) => ({ criterionId, levelId, comment: '' })),
    )!;
    expect(percent).toBeGreaterThan(0);
    expect(percent).toBeLessThan(100);
    const { html, json } = await participantSees();
    expect(html).toContain('graded — not yet released');
    expect(JSON.parse(json)).toMatchObject({ capstone: { state: 'graded-unreleased', released: null } });
    for (const text of [html, json]) {
      expect(text).not.toContain('Comment-zq7');
      expect(text).not.toContain('Feedback-kx4');
      expect(text).not.toContain(String(percent));
      for (const criterion of definition.rubric.criteria)
        for (const level of criterion.levels) expect(text).not.toContain(`"${level.id}"`);
    }
  });

  it('should make a second staff member give a reason to moderate, and keep it in the history', async () => {
    const admin = await signInAs(running.baseUrl, 'admin@np.demo.cascade.test');
    const all = Object.fromEntries(
      definition.rubric.criteria.map((criterion) => [criterion.id, criterion.levels[criterion.levels.length - 1].id]),
    );
    const refused = await save(admin, gradeForm(all, 'finalise'));
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('reason for moderating');
    expect((await save(admin, gradeForm(levels(), 'finalise', 'Second reading agrees'))).status).toBe(303);
    const page = await (await trainer.get(`${grading}/${submissionId}`)).text();
    expect(page).toMatch(/moderated[\s\S]*Second reading agrees/);
    expect(page).toContain('Ramesh Adhikari');
  });

  it('should show the released grade to the participant, with levels, comments and feedback', async () => {
    const queue = await (await trainer.get(grading)).text();
    expect(queue).toContain('Graded, not yet released');
    const released = await trainer.postForm(`${grading}/${submissionId}/release`, {
      _csrf: await tokenOf(trainer, grading),
    });
    expect(released.status).toBe(303);
    const { html, json } = await participantSees();
    expect(html).toContain('Comment-zq7');
    expect(html).toContain('Feedback-kx4');
    const body = JSON.parse(json) as {
      capstone: { state: string; released: { percent: number; overallFeedback: string } };
    };
    expect(body.capstone.state).toBe('released');
    expect(body.capstone.released.overallFeedback).toBe(FEEDBACK);
    const [grade] = await sql<{ percent: string; released_by: string }>(
      `SELECT percent, released_by FROM capstone_grades WHERE submission_id = $1`,
      [submissionId],
    );
    expect(body.capstone.released.percent).toBe(Number(grade.percent));
    expect(grade.released_by).toBe(await userIdOf(sql, 'trainer@np.demo.cascade.test'));
  });

  it('should answer 404 to a trainer of another institute and to a participant', async () => {
    const other = await signInAs(running.baseUrl, 'trainer@sn.demo.cascade.test');
    expect((await other.get(grading)).status).toBe(404);
    expect((await other.get(`${grading}/${submissionId}`)).status).toBe(404);
    expect((await other.get(`/i/np-cept/cohorts/${cohortId}/gradebook.csv`)).status).toBe(404);
    expect((await participant.get(grading)).status).toBe(404);
    expect((await participant.get(`${grading}/${submissionId}`)).status).toBe(404);
    expect((await participant.get(`/i/np-cept/cohorts/${cohortId}/gradebook`)).status).toBe(404);
  });

  it('should export the gradebook as UTF-8 CSV with stable ids and neutralised formulas', async () => {
    await sql(
      `UPDATE users SET full_name = '=HYPERLINK("http://evil")' WHERE email = 'participant@np.demo.cascade.test'`,
    );
    expect((await trainer.get(`/i/np-cept/cohorts/${cohortId}/gradebook`)).status).toBe(200);
    const response = await trainer.get(`/i/np-cept/cohorts/${cohortId}/gradebook.csv`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="gradebook-.+\.csv"$/);
    const lines = (await response.text()).split('\r\n');
    expect(lines[0]).toMatch(
      /^user_id,email,full_name,quiz_res-m01,.*,quiz_mean,capstone_percent,capstone_version,capstone_state,final_percent,passed$/,
    );
    const sunita = lines.find((line) => line.includes('participant2@np.demo.cascade.test'))!;
    const [grade] = await sql<{ percent: string }>(`SELECT percent FROM capstone_grades WHERE submission_id = $1`, [
      submissionId,
    ]);
    expect(sunita).toContain(`,${Number(grade.percent).toFixed(2)},1,released,`);
    expect(lines.some((line) => line.includes(`"'=HYPERLINK(""http://evil"")"`))).toBe(true);
  });
});
