import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { HttpSession } from '../support/http-session.js';
import { startTestApp, type RunningApp } from '../support/test-app.js';
import { questionDefinitions, rightResponse } from '../support/quiz.js';
import { querySql, signInAs } from '../support/test-sql.js';

const MARKS = ['Pas encore traduit', 'Not yet translated', 'peut-être plus à jour', 'may be out of date'];
const MODULES = Array.from({ length: 10 }, (_, index) => `net-m${String(index + 1).padStart(2, '0')}`);

describe('the French demo copy and cohort (sn-ifpe, epm-networks-fr) render completely', () => {
  let running: RunningApp;
  let cohortId: string;
  const sql = <Row extends object>(text: string, values: unknown[] = []) =>
    querySql<Row>(running.database.url, text, values);
  const unmarked = (html: string) => MARKS.filter((mark) => html.includes(mark));

  beforeAll(async () => {
    running = await startTestApp({ seedDemo: true });
    [{ id: cohortId }] = await sql<{ id: string }>(
      `SELECT id FROM cohorts WHERE title = 'Cohorte de Dakar — réseaux (FR)'`,
    );
  });

  afterAll(async () => {
    await running?.close();
  });

  it('should list the copy on the institute page and render its overview and ten modules with no mark', async () => {
    const anonymous = new HttpSession(running.baseUrl);
    const catalogue = await (await anonymous.get('/i/sn-ifpe')).text();
    expect(catalogue).toContain('href="/i/sn-ifpe/courses/epm-networks-fr"');
    expect(catalogue).toContain('Gestion stratégique des réseaux et grappes d&#x27;écoles');
    const overview = await anonymous.get('/i/sn-ifpe/courses/epm-networks-fr');
    expect(overview.status).toBe(200);
    expect(unmarked(await overview.text())).toEqual([]);
    for (const moduleId of MODULES) {
      const page = await anonymous.get(`/i/sn-ifpe/courses/epm-networks-fr/modules/${moduleId}`);
      expect({ moduleId, status: page.status }).toEqual({ moduleId, status: 200 });
      const html = await page.text();
      expect({ moduleId, marks: unmarked(html) }).toEqual({ moduleId, marks: [] });
      expect(html).toContain('<html lang="fr"');
    }
  });

  it("should show the French cohort's modules, quiz and capstone brief in French, with no mark", async () => {
    const trainer = await signInAs(running.baseUrl, 'trainer@sn.demo.cascade.test');
    for (const moduleId of MODULES) {
      const html = await (await trainer.get(`/i/sn-ifpe/cohorts/${cohortId}/modules/${moduleId}`)).text();
      expect({ moduleId, marks: unmarked(html) }).toEqual({ moduleId, marks: [] });
    }
    const participant = await signInAs(running.baseUrl, 'participant.fr@sn.demo.cascade.test');
    const base = `/i/sn-ifpe/cohorts/${cohortId}`;
    const overview = await (await participant.get(base)).text();
    expect(overview).toContain('Introduction aux réseaux');
    expect(overview).not.toContain('Introduction to Education Networks and Clusters');
    const module = await (await participant.get(`${base}/modules/net-m01`)).text();
    expect(module).toContain('<html lang="fr"');
    expect(module).toContain('Introduction aux réseaux');
    const quiz = await (await participant.get(`${base}/modules/net-m01/quiz`)).text();
    const token = /name="_csrf" value="([^"]+)"/.exec(quiz.slice(quiz.indexOf('/start')))![1];
    const started = await participant.postForm(`${base}/modules/net-m01/quiz/start`, { _csrf: token });
    expect(started.status).toBe(303);
    const question = await (await participant.get(started.headers.get('location')!)).text();
    const key = /name="question" value="([^"]+)"/.exec(question)![1];
    const [{ text }] = await sql<{ text: string }>(
      `SELECT u.text FROM course_copy_units u JOIN course_copies c ON c.id = u.copy_id
       WHERE c.slug = 'epm-networks-fr' AND u.unit_id = $1 ORDER BY u.id DESC LIMIT 1`,
      [`net-m01/quiz/${key}/text`],
    );
    expect(question).toContain(text.slice(0, 30).replaceAll("'", '’'));
    // Answered in the French pages, scored on the master's ids and answers: right answers give 100%.
    const attemptPath = started.headers.get('location')!;
    const definitions = await questionDefinitions(running.database.url, cohortId, 'net-m01');
    let location = attemptPath;
    for (let number = 1; number <= definitions.size; number++) {
      const page = await (await participant.get(location)).text();
      const questionKey = /name="question" value="([^"]+)"/.exec(page)![1];
      const formToken = /name="_csrf" value="([^"]+)"/.exec(page.slice(page.indexOf('data-autosave')))![1];
      const answer = rightResponse(definitions.get(questionKey) as never) as Record<string, unknown>;
      const fields = new URLSearchParams({ _csrf: formToken, question: questionKey, go: 'next' });
      if (answer.type === 'single-choice') fields.append('answer', answer.optionId as string);
      if (answer.type === 'multiple-response')
        for (const id of answer.optionIds as string[]) fields.append('answer', id);
      if (answer.type === 'true-false') fields.append('answer', String(answer.value));
      if (answer.type === 'numeric') fields.append('answer', String(answer.value));
      if (answer.type === 'short-answer') fields.append('answer', answer.text as string);
      if (answer.type === 'matching')
        for (const [pairId, value] of Object.entries(answer.answers as Record<string, string>))
          fields.append(`match.${pairId}`, value);
      const posted = await participant.request('POST', `${attemptPath}/answer`, fields.toString(), {
        'content-type': 'application/x-www-form-urlencoded',
      });
      expect({ questionKey, status: posted.status }).toEqual({ questionKey, status: 303 });
      location = posted.headers.get('location')!;
    }
    const summary = await (await participant.get(`${attemptPath}/summary`)).text();
    const submitToken = /name="_csrf" value="([^"]+)"/.exec(summary.slice(summary.indexOf('/submit')))![1];
    expect((await participant.postForm(`${attemptPath}/submit`, { _csrf: submitToken })).status).toBe(303);
    const [{ percent }] = await sql<{ percent: string }>(
      `SELECT percent FROM quiz_attempts WHERE cohort_id = $1 AND module_key = 'net-m01'`,
      [cohortId],
    );
    expect(Number(percent)).toBe(100);

    const capstone = await (await participant.get(`${base}/capstone`)).text();
    expect(capstone).toContain('grappe des Collines');
    expect(capstone).not.toContain('Write a <strong>strategic and action plan');
  });
});
