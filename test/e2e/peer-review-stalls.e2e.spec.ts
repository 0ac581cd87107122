import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Queue, QueueEvents } from 'bullmq';
import { redisConnectionOptions } from '../../src/infra/queue/redis-connection.js';
import type { CapstoneDefinition } from '../../src/modules/capstones/domain/capstone.types.js';
import { cohortCapstone, cohortIdOf, insertSubmission, validPlan, type Sql } from '../support/capstone-fixtures.js';
import type { HttpSession } from '../support/http-session.js';
import { addParticipants } from '../support/peer-review-fixtures.js';
import { csrfToken } from '../support/quiz.js';
import { startTestApp, type RunningApp } from '../support/test-app.js';
import { querySql, signInAs } from '../support/test-sql.js';

const DAY = 86_400_000;

interface Person {
  id: string;
  email: string;
  fullName: string;
  session: HttpSession;
}

interface ReviewListJson {
  reviews: { id: string; label: string; state: string }[];
  rubric: { id: string; levels: { id: string }[] }[];
}

/**
 * The stall scenarios end to end, with the real worker and queue: the allocation job at the due date, a reviewer
 * who never starts replaced by the stall check, trainers mailed about short plans, a plan scored on the reviews it
 * has once its time is up, one nobody reviewed handed to the trainer. Every participant page and API payload on the
 * way is checked for anything naming the other side.
 */
describe('peer review that does not stall, through the worker, the pages and the JSON API', () => {
  let running: RunningApp;
  let sql: Sql;
  let cohortId: string;
  let instituteId: string;
  let definition: CapstoneDefinition;
  let queue: Queue;
  let events: QueueEvents;
  let worker: Awaited<ReturnType<RunningApp['startWorker']>>;
  let trainer: HttpSession;
  let people: Person[];
  const submissionOf = new Map<string, string>();
  const api = (path = '') => `/api/institutes/np-cept/cohorts/${cohortId}/peer-review${path}`;
  const pages = (path = '') => `/i/np-cept/cohorts/${cohortId}/peer-review${path}`;

  /** Everything that would tell one side who the other is: ids, e-mail addresses, names, submission ids. */
  const leaks = (text: string, viewer: Person) =>
    people
      .filter((other) => other.id !== viewer.id)
      .flatMap((other) =>
        [other.id, other.email, other.fullName, submissionOf.get(other.id)!].filter((value) => text.includes(value)),
      );

  const json = async (session: HttpSession, method: string, path: string, body?: unknown) => {
    const response = await session.request(method, path, body === undefined ? undefined : JSON.stringify(body), {
      'x-csrf-token': await csrfToken(session),
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    });
    return { status: response.status, text: await response.text() };
  };

  const criteria = (comment: string) =>
    definition.rubric.criteria.map((criterion) => ({
      criterionId: criterion.id,
      levelId: criterion.levels[criterion.levels.length - 1].id,
      comment: `${comment} (${criterion.id})`,
    }));

  const active = (reviewerId?: string) =>
    sql<{ id: string; submission_id: string; reviewer_id: string; status: string }>(
      `SELECT id, submission_id, reviewer_id, status FROM peer_review_allocations
       WHERE cohort_id = $1 AND status IN ('assigned', 'started', 'submitted') AND ($2::uuid IS NULL OR reviewer_id = $2)
       ORDER BY assigned_at, id`,
      [cohortId, reviewerId ?? null],
    );

  async function runCheck(jobId: string): Promise<Record<string, unknown>> {
    const job = await queue.add('peer-review.allocate', { instituteId, cohortId }, { jobId });
    return (await job.waitUntilFinished(events, 30_000).catch((error: unknown) => {
      throw new Error(`${String(error)}\nworker output:\n${worker.output()}`);
    })) as Record<string, unknown>;
  }

  async function mailsTo(email: string): Promise<{ subject: string; text: string }[]> {
    return sql<{ subject: string; text: string }>(
      `SELECT subject, text FROM captured_mails WHERE "to" = $1 ORDER BY received_at`,
      [email],
    );
  }

  beforeAll(async () => {
    running = await startTestApp({ seedDemo: true });
    sql = (text, values) => querySql(running.database.url, text, values);
    cohortId = await cohortIdOf(sql, 'np-cept');
    [{ institute_id: instituteId }] = await sql<{ institute_id: string }>(
      `SELECT institute_id FROM cohorts WHERE id = $1`,
      [cohortId],
    );
    definition = await cohortCapstone(sql, cohortId);
    // The capstone fell due three days ago; reviews close in a week.
    await sql(
      `UPDATE cohorts SET schedule = schedule || jsonb_build_object('capstoneDueAt', $2::text, 'peerReviewDueAt', $3::text)
       WHERE id = $1`,
      [cohortId, new Date(Date.now() - 3 * DAY).toISOString(), new Date(Date.now() + 7 * DAY).toISOString()],
    );
    await addParticipants(sql, cohortId, 'stall', 2);
    const emails = [
      'participant@np.demo.cascade.test',
      'participant2@np.demo.cascade.test',
      'stall-1@peer.test',
      'stall-2@peer.test',
    ];
    people = [];
    for (const [index, email] of emails.entries()) {
      const [row] = await sql<{ id: string; full_name: string }>(`SELECT id, full_name FROM users WHERE email = $1`, [
        email,
      ]);
      people.push({ id: row.id, email, fullName: row.full_name, session: await signInAs(running.baseUrl, email) });
      submissionOf.set(
        row.id,
        await insertSubmission(sql, {
          cohortId,
          userId: row.id,
          content: validPlan(definition, `stall-plan-${index}`),
          submittedAt: new Date(Date.now() - 4 * DAY + index * 60_000),
        }),
      );
    }
    trainer = await signInAs(running.baseUrl, 'trainer@np.demo.cascade.test');
    const connection = redisConnectionOptions(running.environment.REDIS_URL);
    const prefix = running.environment.REDIS_PREFIX;
    queue = new Queue('peer-review', { connection, prefix });
    events = new QueueEvents('peer-review', { connection, prefix });
    await events.waitUntilReady();
    worker = await running.startWorker();
  });

  afterAll(async () => {
    await events?.close();
    await queue?.close();
    await running?.close();
  });

  it('should allocate through the worker once the capstone is due, when a trainer first opens the page', async () => {
    expect(await active()).toEqual([]);
    const page = await trainer.get(pages());
    expect(page.status).toBe(200);
    const before = await page.text();
    expect(before).toContain('No plan has been given to reviewers yet');
    expect(before).not.toContain('Plans short of');
    // The visit queues the due-date job; the worker runs it.
    const deadline = Date.now() + 30_000;
    while ((await active()).length < 12 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    const rows = await active();
    expect(rows).toHaveLength(12);
    for (const person of people) expect(rows.filter((row) => row.reviewer_id === person.id)).toHaveLength(3);
    const [audit] = await sql<{ actor_user_id: string | null }>(
      `SELECT actor_user_id FROM audit_log WHERE action = 'peer-review.allocated' AND entity_id = $1`,
      [cohortId],
    );
    expect(audit.actor_user_id).toBeNull();
  });

  it('should give reviewers their plans through the API as Plan A, B, C, with nothing naming the authors', async () => {
    for (const person of people) {
      const list = await json(person.session, 'GET', api('/reviews'));
      expect(list.status).toBe(200);
      expect(leaks(list.text, person)).toEqual([]);
      const body = JSON.parse(list.text) as ReviewListJson;
      expect(body.reviews.map((review) => review.label)).toEqual(['Plan A', 'Plan B', 'Plan C']);
      for (const review of body.reviews) {
        const one = await json(person.session, 'GET', api(`/reviews/${review.id}`));
        expect(one.status).toBe(200);
        expect(leaks(one.text, person)).toEqual([]);
        expect(one.text).toMatch(/stall-plan-\d/);
        // The plan only: no version, submission, attachment or file fields of the author's.
        expect(one.text).not.toMatch(/attachment|fileName|submissionId|authorId|version/i);
      }
    }
  });

  it('should save a draft and refuse a submit naming each problem, through the API', async () => {
    const [bikash] = people;
    const [first] = (JSON.parse((await json(bikash.session, 'GET', api('/reviews'))).text) as ReviewListJson).reviews;
    const bad = await json(bikash.session, 'PUT', api(`/reviews/${first.id}`), {
      criteria: [{ criterionId: 'no-such-criterion', levelId: null }],
    });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('criteria[0].criterionId must be one of');
    const short = await json(bikash.session, 'PUT', api(`/reviews/${first.id}`), {
      criteria: criteria('Too short'),
      submit: true,
    });
    expect(short.status).toBe(422);
    expect(short.text).toContain('write a comment of at least 20 characters');
    const draft = await json(bikash.session, 'PUT', api(`/reviews/${first.id}`), { criteria: criteria('Draft') });
    expect(draft.status).toBe(200);
    expect(JSON.parse(draft.text)).toMatchObject({ review: { submitted: false } });
    // Someone else's allocation is not theirs to write: 404, as for anything that does not exist.
    const sunita = people[1];
    expect((await json(sunita.session, 'PUT', api(`/reviews/${first.id}`), { criteria: criteria('x') })).status).toBe(
      404,
    );
  });

  it('should replace a reviewer who has not started 48 hours on, and mail the trainer once about short plans', async () => {
    const [, idle, third, fourth] = people;
    // Everyone but the idle reviewer starts every review; the idle one's reviews were given out 49 hours ago.
    for (const person of [people[0], third, fourth]) {
      const list = JSON.parse((await json(person.session, 'GET', api('/reviews'))).text) as ReviewListJson;
      for (const review of list.reviews)
        expect(
          (await json(person.session, 'PUT', api(`/reviews/${review.id}`), { criteria: criteria('Draft') })).status,
        ).toBe(200);
    }
    const idleRows = await active(idle.id);
    await sql(`UPDATE peer_review_allocations SET assigned_at = now() - interval '49 hours' WHERE id = ANY($1)`, [
      idleRows.map((row) => row.id),
    ]);

    const result = await runCheck('e2e-stall-check-1');
    expect(result).toMatchObject({ outcome: 'allocated', replaced: 3, added: 0, trainersNotified: true });
    expect(await active(idle.id)).toEqual([]);
    const [row] = await sql<{ status: string; end_reason: string }>(
      `SELECT status, end_reason FROM peer_review_allocations WHERE id = $1`,
      [idleRows[0].id],
    );
    expect(row).toEqual({ status: 'replaced', end_reason: 'not-started' });
    // With four people and k = 3 nobody is left to take the idle reviewer's plans: the trainer is told.
    const mails = await mailsTo('trainer@np.demo.cascade.test');
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toContain('needs you');
    expect(mails[0].text).toContain('3 plans are short of the 3 reviewers each needs');
    expect(mails[0].text).toContain(`/i/np-cept/cohorts/${cohortId}/peer-review`);

    // The same state checked again mails nothing new.
    expect(await runCheck('e2e-stall-check-2')).toMatchObject({ replaced: 0, trainersNotified: false });
    expect(await mailsTo('trainer@np.demo.cascade.test')).toHaveLength(1);

    // The idle reviewer is told why their list shrank; the staff page shows the replacements and the shortfall.
    const list = await (await idle.session.get(pages('/reviews'))).text();
    expect(list).toContain('3 plans given to you went to another reviewer');
    const staff = await (await trainer.get(pages())).text();
    expect(staff).toContain('Plans short of 3 reviewers: 3.');
  });

  it('should score a short plan on the reviews it has once its time is up, and hand an unreviewed one to the trainer', async () => {
    const [bikash, sunita, third, fourth] = people;
    // Bikash's plan: the two remaining reviewers submit. Sunita's plan: nobody does.
    for (const reviewer of [third, fourth]) {
      const [allocationRow] = (await active(reviewer.id)).filter(
        (entry) => entry.submission_id === submissionOf.get(bikash.id),
      );
      const saved = await json(reviewer.session, 'PUT', api(`/reviews/${allocationRow.id}`), {
        criteria: criteria('Clear targets, costed activities and a realistic timeline'),
        submit: true,
      });
      expect(saved.status).toBe(200);
    }
    const waiting = JSON.parse((await json(bikash.session, 'GET', api('/feedback'))).text) as {
      status: { state: string; submittedReviews: number; scoreFrom: string | null };
      score: unknown;
    };
    expect(waiting.status).toMatchObject({ state: 'waiting', submittedReviews: 2 });
    expect(waiting.score).toBeNull();
    expect(await (await bikash.session.get(pages('/feedback'))).text()).toContain('2 of 3 reviews are in');

    // The plans' time is set to one hour; the plans were first given out three days ago.
    const token = await trainer.csrfTokenFrom(pages());
    expect((await trainer.postForm(pages('/settings'), { _csrf: token, scoreShortAfterHours: '1' })).status).toBe(303);
    await sql(
      `UPDATE peer_review_allocations SET assigned_at = assigned_at - interval '2 hours' WHERE cohort_id = $1`,
      [cohortId],
    );

    const scored = await json(bikash.session, 'GET', api('/feedback'));
    expect(leaks(scored.text, bikash)).toEqual([]);
    const body = JSON.parse(scored.text) as {
      status: { state: string };
      score: { percent: number };
      reviews: { label: string }[];
    };
    expect(body.status.state).toBe('scored-short');
    expect(body.score.percent).toBe(100);
    expect(body.reviews.map((review) => review.label)).toEqual(['Reviewer 1', 'Reviewer 2']);
    const html = await (await bikash.session.get(pages('/feedback'))).text();
    expect(html).toContain('its time is up, so your peer score is the median of these');
    expect(leaks(html, bikash)).toEqual([]);

    const unscored = JSON.parse((await json(sunita.session, 'GET', api('/feedback'))).text) as {
      status: { state: string };
    };
    expect(unscored.status.state).toBe('needs-trainer');
    expect(await (await sunita.session.get(pages('/feedback'))).text()).toContain(
      'Your trainer has been told and gives your peer score.',
    );

    // The next check tells the trainer about the plan that needs their score.
    expect(await runCheck('e2e-stall-check-3')).toMatchObject({ trainersNotified: true });
    const mails = await mailsTo('trainer@np.demo.cascade.test');
    expect(mails).toHaveLength(2);
    expect(mails[1].text).toContain('received no review in time and wait for your peer score');
    expect(await (await trainer.get(pages())).text()).toContain('Plans that need your peer score:');
  });

  it('should keep every participant page free of anything naming the other side', async () => {
    for (const person of people) {
      const list = await (await person.session.get(pages('/reviews'))).text();
      expect(leaks(list, person)).toEqual([]);
      for (const [, id] of list.matchAll(/\/peer-review\/reviews\/([0-9a-f-]{36})"/g)) {
        const form = await (await person.session.get(pages(`/reviews/${id}`))).text();
        expect(leaks(form, person)).toEqual([]);
        // Nothing to download from the author: no attachment or export link on a review page.
        expect(form).not.toMatch(/href="[^"]*(attachments|export|\.pdf)/);
      }
      expect(leaks(await (await person.session.get(pages('/feedback'))).text(), person)).toEqual([]);
      const feedback = await json(person.session, 'GET', api('/feedback'));
      expect(feedback.status).toBe(200);
      expect(leaks(feedback.text, person)).toEqual([]);
    }
  });

  it('should keep the API from anyone outside the cohort, and from writes without a CSRF token', async () => {
    const outsider = await signInAs(running.baseUrl, 'participant@sn.demo.cascade.test');
    expect((await json(outsider, 'GET', api('/reviews'))).status).toBe(404);
    expect((await json(trainer, 'GET', api('/reviews'))).status).toBe(404);
    const anonymous = await fetch(`${running.baseUrl}${api('/reviews')}`, { headers: { accept: 'application/json' } });
    expect(anonymous.status).toBe(401);
    const [review] = (JSON.parse((await json(people[0].session, 'GET', api('/reviews'))).text) as ReviewListJson)
      .reviews;
    const noToken = await people[0].session.request(
      'PUT',
      api(`/reviews/${review.id}`),
      JSON.stringify({ criteria: [] }),
      { 'content-type': 'application/json', accept: 'application/json' },
    );
    expect(noToken.status).toBe(403);
  });

  it('should show names only as the cohort’s anonymity setting allows: single-blind, then open', async () => {
    const [bikash] = people;
    const setAnonymity = async (anonymity: string) => {
      const token = await trainer.csrfTokenFrom(pages());
      const saved = await trainer.postForm(pages('/settings'), { _csrf: token, scoreShortAfterHours: '1', anonymity });
      expect(saved.status).toBe(303);
    };
    const reviewerView = async () => {
      const list = JSON.parse((await json(bikash.session, 'GET', api('/reviews'))).text) as {
        reviews: { author: string | null }[];
      };
      return {
        api: list.reviews.map((review) => review.author),
        html: await (await bikash.session.get(pages('/reviews'))).text(),
      };
    };
    const authorView = async () => {
      const body = JSON.parse((await json(bikash.session, 'GET', api('/feedback'))).text) as {
        reviews: { reviewer: string | null }[];
      };
      return {
        api: body.reviews.map((review) => review.reviewer),
        html: await (await bikash.session.get(pages('/feedback'))).text(),
      };
    };
    // The two who submitted reviews of Bikash's plan (the idle reviewer's was taken back).
    const reviewersOfBikash = [people[2], people[3]];

    await setAnonymity('single-blind');
    const single = await reviewerView();
    expect(single.api.every((name) => typeof name === 'string' && people.some((p) => p.fullName === name))).toBe(true);
    expect(single.html).toContain('You see whose plan you review; its author does not see who you are.');
    const hidden = await authorView();
    expect(hidden.api.every((name) => name === null)).toBe(true);
    for (const reviewer of reviewersOfBikash) expect(hidden.html).not.toContain(reviewer.fullName);

    await setAnonymity('open');
    const open = await authorView();
    expect(open.api.sort()).toEqual(reviewersOfBikash.map((person) => person.fullName).sort());
    for (const reviewer of reviewersOfBikash) expect(open.html).toContain(reviewer.fullName);

    await setAnonymity('double-blind');
    expect((await reviewerView()).api.every((name) => name === null)).toBe(true);
    expect((await authorView()).api.every((name) => name === null)).toBe(true);
  });

  it("should let a cohort choose peer review's own rubric before reviews start, and refuse to change it after", async () => {
    // Nepal: reviews exist, so the rubric is fixed.
    const token = await trainer.csrfTokenFrom(pages());
    const refused = await trainer.postForm(pages('/settings'), { _csrf: token, rubric: 'own' });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('The rubric cannot change now');

    // Senegal: nothing reviewed yet; the course has its own peer rubric in capstone.yaml.
    const dakarId = await cohortIdOf(sql, 'sn-ifpe');
    const dakar = (path = '') => `/i/sn-ifpe/cohorts/${dakarId}/peer-review${path}`;
    const dakarTrainer = await signInAs(running.baseUrl, 'trainer@sn.demo.cascade.test');
    const participant = await signInAs(running.baseUrl, 'participant@sn.demo.cascade.test');
    const rubricIds = async () =>
      (
        JSON.parse(
          (await json(participant, 'GET', `/api/institutes/sn-ifpe/cohorts/${dakarId}/peer-review/reviews`)).text,
        ) as ReviewListJson
      ).rubric.map((criterion) => criterion.id);
    const capstoneIds = (await cohortCapstone(sql, dakarId)).rubric.criteria.map((criterion) => criterion.id);
    expect(await rubricIds()).toEqual(capstoneIds);
    const chosen = await dakarTrainer.postForm(dakar('/settings'), {
      _csrf: await dakarTrainer.csrfTokenFrom(dakar()),
      rubric: 'own',
    });
    expect(chosen.status).toBe(303);
    expect(await rubricIds()).toEqual(['peer-clarity', 'peer-feasibility', 'peer-evidence', 'peer-learning']);
    expect(await (await dakarTrainer.get(dakar())).text()).toContain('<option value="own" selected>');
  });

  it('should let a cohort give peer review a weight in its gradebook that the course does not', async () => {
    const gradebook = `/i/np-cept/cohorts/${cohortId}/gradebook`;
    expect(await (await trainer.get(gradebook)).text()).not.toContain('peer review 20');
    const weighted = await trainer.postForm(pages('/settings'), {
      _csrf: await trainer.csrfTokenFrom(pages()),
      gradebookWeight: '20',
    });
    expect(weighted.status).toBe(303);
    const html = await (await trainer.get(gradebook)).text();
    expect(html).toContain('peer review 20 (weights)');
    const own = JSON.parse(
      (await json(people[0].session, 'GET', `/api/institutes/np-cept/cohorts/${cohortId}/grades`)).text,
    ) as { weights: { peerReview: number } };
    expect(own.weights.peerReview).toBe(20);
    const refused = await trainer.postForm(pages('/settings'), {
      _csrf: await trainer.csrfTokenFrom(pages()),
      gradebookWeight: '101',
    });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('gradebookWeight must be a whole number from 0 to 100');
  });
});
