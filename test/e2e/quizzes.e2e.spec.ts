import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Queue, QueueEvents } from 'bullmq';
import { redisConnectionOptions } from '../../src/infra/queue/redis-connection.js';
import type { HttpSession } from '../support/http-session.js';
import { csrfToken, questionDefinitions, rightResponse } from '../support/quiz.js';
import { spawnEntry, startTestApp, type RunningApp } from '../support/test-app.js';
import { querySql, signInAs } from '../support/test-sql.js';

interface QuestionJson {
  key: string;
  type: string;
  options: { id: string }[];
}

describe('quizzes: attempts through the API and the pages, grading, deadlines and trainers', () => {
  let running: RunningApp;
  let kathmandu: string;
  let dakar: string;

  const cohortId = async (institute: string) =>
    (
      await querySql<{ id: string }>(
        running.database.url,
        `SELECT c.id FROM cohorts c JOIN institutes i ON i.id = c.institute_id WHERE i.slug = $1`,
        [institute],
      )
    )[0].id;
  const signedIn = (email: string) => signInAs(running.baseUrl, email);
  const api = (cohort: string, moduleKey: string, institute = 'np-cept') =>
    `/api/institutes/${institute}/cohorts/${cohort}/modules/${moduleKey}/quiz`;
  const json = async (session: HttpSession, method: string, path: string, body: unknown = {}) => {
    const response = await session.request(method, path, JSON.stringify(body), {
      'x-csrf-token': await csrfToken(session),
      'content-type': 'application/json',
      accept: 'application/json',
    });
    return { status: response.status, text: await response.text() };
  };

  beforeAll(async () => {
    running = await startTestApp({ seedDemo: true });
    kathmandu = await cohortId('np-cept');
    dakar = await cohortId('sn-ifpe');
  });

  afterAll(async () => {
    await running?.close();
  });

  it('should never send right answers or feedback before review, and grade a double submit once', async () => {
    const participant = await signedIn('participant2@np.demo.cascade.test');
    const definitions = await questionDefinitions(running.database.url, kathmandu, 'res-m01');
    const started = await json(participant, 'POST', `${api(kathmandu, 'res-m01')}/attempts`);
    expect(started.status).toBe(201);
    // Feedback and fractions exist only in the question banks; none of it may be in what the client gets.
    expect(started.text).not.toMatch(/fraction|feedback|Correct\.|rightAnswer/);
    const { attempt, questions } = JSON.parse(started.text) as { attempt: { id: string }; questions: QuestionJson[] };
    // The course draws every question of the bank.
    expect(questions).toHaveLength(definitions.size);

    // Starting again (a second tab) gives the same attempt.
    const again = JSON.parse((await json(participant, 'POST', `${api(kathmandu, 'res-m01')}/attempts`)).text) as {
      attempt: { id: string };
    };
    expect(again.attempt.id).toBe(attempt.id);

    const [first, second] = questions;
    const saved = await json(
      participant,
      'PUT',
      `${api(kathmandu, 'res-m01')}/attempts/${attempt.id}/responses/${first.key}`,
      {
        response: rightResponse(definitions.get(first.key) as never),
      },
    );
    expect(saved.status).toBe(200);
    const bad = await json(
      participant,
      'PUT',
      `${api(kathmandu, 'res-m01')}/attempts/${attempt.id}/responses/${second.key}`,
      {
        response: { type: second.type, optionId: 'not-an-option' },
      },
    );
    expect(bad.status).toBe(400);

    const [one, two] = await Promise.all([
      json(participant, 'POST', `${api(kathmandu, 'res-m01')}/attempts/${attempt.id}/submit`),
      json(participant, 'POST', `${api(kathmandu, 'res-m01')}/attempts/${attempt.id}/submit`),
    ]);
    expect([one.status, two.status]).toEqual([200, 200]);
    const percent = (JSON.parse(one.text) as { attempt: { percent: number } }).attempt.percent;
    expect((JSON.parse(two.text) as { attempt: { percent: number } }).attempt.percent).toBe(percent);
    // One right answer among questions worth one point each.
    expect(percent).toBeCloseTo(100 / definitions.size, 1);
    const graded = await querySql<{ count: number }>(
      running.database.url,
      `SELECT count(*)::int AS count FROM audit_log WHERE action = 'quiz-attempt.graded' AND entity_id = $1`,
      [attempt.id],
    );
    expect(graded[0].count).toBe(1);
    // Every drawn question has its graded row, answered or not.
    const rows = await querySql<{ count: number }>(
      running.database.url,
      `SELECT count(*)::int AS count FROM quiz_responses WHERE attempt_id = $1 AND fraction IS NOT NULL`,
      [attempt.id],
    );
    expect(rows[0].count).toBe(definitions.size);

    const late = await json(
      participant,
      'PUT',
      `${api(kathmandu, 'res-m01')}/attempts/${attempt.id}/responses/${second.key}`,
      {
        response: rightResponse(definitions.get(second.key) as never),
      },
    );
    expect(late.status).toBe(409);
    expect(late.text).toContain('QUIZ_ATTEMPT_CLOSED_CONFLICT');

    // Now the review may show answers (after each attempt, by the course's settings).
    const review = await participant.get(`${api(kathmandu, 'res-m01')}/attempts/${attempt.id}`);
    const body = (await review.json()) as { revealed: boolean; questions: { feedbackHtml: string[] }[] };
    expect(body.revealed).toBe(true);
    expect(body.questions.some((question) => question.feedbackHtml.length > 0)).toBe(true);
  });

  it('should let a participant take a quiz through the pages, one question per form, and pass it', async () => {
    const participant = await signedIn('participant@np.demo.cascade.test');
    const base = `/i/np-cept/cohorts/${kathmandu}/modules/res-m02/quiz`;
    const overview = await (await participant.get(base)).text();
    expect(overview).toContain('Pass mark 70%; your highest attempt counts.');
    const token = /name="_csrf" value="([^"]+)"/.exec(overview.slice(overview.indexOf('/start')))![1];
    const started = await participant.postForm(`${base}/start`, { _csrf: token });
    expect(started.status).toBe(303);
    const attemptPath = started.headers.get('location')!;
    const definitions = await questionDefinitions(running.database.url, kathmandu, 'res-m02');

    let location = attemptPath;
    for (let number = 1; number <= definitions.size; number++) {
      const page = await (await participant.get(location)).text();
      expect(page).toContain(`question ${number} of ${definitions.size}`);
      expect(page).not.toMatch(/fraction|Correct\./);
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
        for (const [pairId, text] of Object.entries(answer.answers as Record<string, string>))
          fields.append(`match.${pairId}`, text);
      const posted = await participant.request('POST', `${attemptPath}/answer`, fields.toString(), {
        'content-type': 'application/x-www-form-urlencoded',
      });
      expect(posted.status).toBe(303);
      location = posted.headers.get('location')!;
    }
    expect(location).toBe(`${attemptPath}/summary`);
    const summary = await (await participant.get(location)).text();
    expect(summary).not.toContain('not answered yet');
    const submitToken = /name="_csrf" value="([^"]+)"/.exec(summary.slice(summary.indexOf('/submit')))![1];
    const submitted = await participant.postForm(`${attemptPath}/submit`, { _csrf: submitToken });
    expect(submitted.headers.get('location')).toBe(`${attemptPath}/review`);
    const review = await (await participant.get(`${attemptPath}/review`)).text();
    expect(review).toContain('Grade: 100%');
    expect(review).toContain('passed.');
    expect(review).toContain('right answer');
    expect(await (await participant.get(`/i/np-cept/cohorts/${kathmandu}/modules/res-m02`)).text()).toContain(
      'You have completed this module.',
    );
  });

  it('should close a timed attempt at its deadline through the worker, with the participant gone', async () => {
    const trainer = await signedIn('trainer@sn.demo.cascade.test');
    const settingsPage = await (await trainer.get(`/i/sn-ifpe/cohorts/${dakar}/quizzes/net-m02`)).text();
    const token = /name="_csrf" value="([^"]+)"/.exec(settingsPage.slice(settingsPage.indexOf('/settings')))![1];
    const saved = await trainer.postForm(`/i/sn-ifpe/cohorts/${dakar}/quizzes/net-m02/settings`, {
      _csrf: token,
      timeLimitMinutes: '15',
      attemptsAllowed: '1',
    });
    expect(saved.status).toBe(303);

    const connection = redisConnectionOptions(running.environment.REDIS_URL);
    const prefix = running.environment.REDIS_PREFIX;
    const queue = new Queue('quizzes', { connection, prefix });
    const events = new QueueEvents('quizzes', { connection, prefix });
    await events.waitUntilReady();
    // At info level, so that its start-up line tells when its start-up sweep of overdue attempts is over.
    const worker = spawnEntry('worker', { ...running.environment, LOG_LEVEL: 'info' });
    // Wait for the worker's start-up sweep of overdue attempts to be over, so that the job below does the closing.
    for (let waited = 0; !worker.output().includes('Cascade worker started'); waited += 100) {
      if (waited > 30_000 || worker.exitCode !== null) throw new Error(`worker did not start:\n${worker.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    try {
      const participant = await signedIn('participant@sn.demo.cascade.test');
      const started = JSON.parse(
        (await json(participant, 'POST', `${api(dakar, 'net-m02', 'sn-ifpe')}/attempts`)).text,
      ) as {
        attempt: { id: string; deadlineAt: string };
        questions: QuestionJson[];
      };
      const startedAt = Date.now();
      expect(new Date(started.attempt.deadlineAt).getTime() - startedAt).toBeGreaterThan(14 * 60_000);
      const definitions = await questionDefinitions(running.database.url, dakar, 'net-m02');
      const first = started.questions[0];
      await json(
        participant,
        'PUT',
        `${api(dakar, 'net-m02', 'sn-ifpe')}/attempts/${started.attempt.id}/responses/${first.key}`,
        {
          response: rightResponse(definitions.get(first.key) as never),
        },
      );

      // Fifteen minutes pass: the deadline is moved into the past and the delayed job comes due.
      await querySql(
        running.database.url,
        `UPDATE quiz_attempts SET deadline_at = now() - interval '1 second' WHERE id = $1`,
        [started.attempt.id],
      );
      const [job] = (await queue.getDelayed()).filter((entry) => entry.data.attemptId === started.attempt.id);
      expect(job).toBeDefined();
      await job.promote();
      const result = await job.waitUntilFinished(events, 30_000).catch((error: unknown) => {
        throw new Error(`${String(error)}\nworker output:\n${worker.output()}`);
      });
      expect(result).toEqual({ outcome: 'closed' });
      const [attempt] = await querySql<{ status: string; closed_by: string; percent: string }>(
        running.database.url,
        `SELECT status, closed_by, percent FROM quiz_attempts WHERE id = $1`,
        [started.attempt.id],
      );
      expect(attempt).toEqual({ status: 'submitted', closed_by: 'deadline', percent: expect.any(String) });
      expect(Number(attempt.percent)).toBeCloseTo(100 / definitions.size, 1);

      // One attempt allowed: a trainer grants one more, and an override with its reason is kept.
      const person = await querySql<{ id: string }>(
        running.database.url,
        `SELECT id FROM users WHERE email = 'participant@sn.demo.cascade.test'`,
      );
      const refused = await json(participant, 'POST', `${api(dakar, 'net-m02', 'sn-ifpe')}/attempts`);
      expect(refused.status).toBe(409);
      expect(refused.text).toContain('You have used all 1 attempt allowed.');
      const page = await (await trainer.get(`/i/sn-ifpe/cohorts/${dakar}/quizzes/net-m02`)).text();
      const form = page.slice(page.indexOf(`person-${person[0].id}`));
      const formToken = /name="_csrf" value="([^"]+)"/.exec(form)![1];
      const granted = await trainer.postForm(
        `/i/sn-ifpe/cohorts/${dakar}/quizzes/net-m02/people/${person[0].id}/accommodation`,
        { _csrf: formToken, extraAttempts: '1', extraMinutes: '10', reason: 'Power cut during the attempt' },
      );
      expect(granted.status).toBe(303);
      expect((await json(participant, 'POST', `${api(dakar, 'net-m02', 'sn-ifpe')}/attempts`)).status).toBe(201);

      const overridden = await trainer.postForm(
        `/i/sn-ifpe/cohorts/${dakar}/quizzes/net-m02/people/${person[0].id}/override`,
        { _csrf: formToken, percent: '75', reason: 'Answered orally in the workshop' },
      );
      expect(overridden.status).toBe(303);
      const analysis = await trainer.get(`/i/sn-ifpe/cohorts/${dakar}/quizzes/net-m02/analysis?attempts=all`);
      expect(analysis.status).toBe(200);
      expect(await analysis.text()).toMatch(/Attempts analysed<\/th><td>1</);
      const csv = await trainer.get(`/i/sn-ifpe/cohorts/${dakar}/quizzes/net-m02/analysis.csv?attempts=all`);
      expect(csv.headers.get('content-type')).toContain('text/csv');
      const after = await (await trainer.get(`/i/sn-ifpe/cohorts/${dakar}/quizzes/net-m02`)).text();
      expect(after).toContain('75% ✓ passed');
      expect(after).toContain('Answered orally in the workshop');
      const audit = await querySql<{ action: string; reason: string }>(
        running.database.url,
        `SELECT action, reason FROM audit_log WHERE action IN ('quiz-grade.overridden', 'quiz-accommodation.changed')
         ORDER BY at, id`,
      );
      expect(audit).toEqual([
        { action: 'quiz-accommodation.changed', reason: 'Power cut during the attempt' },
        { action: 'quiz-grade.overridden', reason: 'Answered orally in the workshop' },
      ]);
      const noReason = await trainer.postForm(
        `/i/sn-ifpe/cohorts/${dakar}/quizzes/net-m02/people/${person[0].id}/override`,
        { _csrf: formToken, percent: '90', reason: '' },
        { accept: 'application/json' },
      );
      expect(noReason.status).toBe(400);
    } finally {
      worker.kill('SIGTERM');
      await events.close();
      await queue.close();
    }
  });

  it("should keep participants out of trainers' pages and other people's attempts", async () => {
    const participant = await signedIn('participant@sn.demo.cascade.test');
    expect((await participant.get(`/i/sn-ifpe/cohorts/${dakar}/quizzes`, { accept: 'application/json' })).status).toBe(
      403,
    );
    const [other] = await querySql<{ id: string }>(
      running.database.url,
      `SELECT a.id FROM quiz_attempts a JOIN users u ON u.id = a.user_id WHERE u.email = 'participant2@np.demo.cascade.test'`,
    );
    const bikash = await signedIn('participant@np.demo.cascade.test');
    expect((await bikash.get(`${api(kathmandu, 'res-m01')}/attempts/${other.id}`)).status).toBe(404);
  });
});
