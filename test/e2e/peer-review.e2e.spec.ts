import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { CapstoneDefinition } from '../../src/modules/capstones/domain/capstone.types.js';
import { cohortCapstone, cohortIdOf, insertSubmission, validPlan, type Sql } from '../support/capstone-fixtures.js';
import type { HttpSession } from '../support/http-session.js';
import { addParticipants } from '../support/peer-review-fixtures.js';
import { startTestApp, type RunningApp } from '../support/test-app.js';
import { querySql, signInAs } from '../support/test-sql.js';

interface Person {
  id: string;
  email: string;
  fullName: string;
}

describe('peer review through the pages: allocation, double-blind reviews, feedback, helpfulness and flags', () => {
  let running: RunningApp;
  let sql: Sql;
  let cohortId: string;
  let definition: CapstoneDefinition;
  let base: string;
  let trainer: HttpSession;
  let reviewer: HttpSession;
  let people: Person[];
  const submissionOf = new Map<string, string>();

  const person = async (email: string): Promise<Person> => {
    const [row] = await sql<{ id: string; full_name: string }>(`SELECT id, full_name FROM users WHERE email = $1`, [
      email,
    ]);
    return { id: row.id, email, fullName: row.full_name };
  };
  const leaks = (text: string, others: Person[]) =>
    others.flatMap((other) =>
      [other.id, other.email, other.fullName, submissionOf.get(other.id)!].filter((value) => text.includes(value)),
    );
  const post = async (session: HttpSession, page: string, action: string, fields: Record<string, string>) =>
    session.postForm(action, { _csrf: await session.csrfTokenFrom(page), ...fields });
  const allocationLinks = (html: string) =>
    [...html.matchAll(/\/peer-review\/reviews\/([0-9a-f-]{36})"/g)].map((m) => m[1]);

  beforeAll(async () => {
    running = await startTestApp({ seedDemo: true });
    sql = (text, values) => querySql(running.database.url, text, values);
    cohortId = await cohortIdOf(sql, 'np-cept');
    definition = await cohortCapstone(sql, cohortId);
    // The capstone fell due yesterday; reviews close in a week.
    await sql(
      `UPDATE cohorts SET schedule = schedule || jsonb_build_object('capstoneDueAt', $2::text, 'peerReviewDueAt', $3::text)
       WHERE id = $1`,
      [cohortId, new Date(Date.now() - 86_400_000).toISOString(), new Date(Date.now() + 7 * 86_400_000).toISOString()],
    );
    await addParticipants(sql, cohortId, 'e2e', 2);
    people = [
      await person('participant@np.demo.cascade.test'),
      await person('participant2@np.demo.cascade.test'),
      await person('e2e-1@peer.test'),
      await person('e2e-2@peer.test'),
    ];
    for (const [index, entry] of people.entries())
      submissionOf.set(
        entry.id,
        await insertSubmission(sql, {
          cohortId,
          userId: entry.id,
          content: validPlan(definition, `plan-marker-${index}`),
          submittedAt: new Date(Date.now() - 2 * 86_400_000),
        }),
      );
    base = `/i/np-cept/cohorts/${cohortId}/peer-review`;
    trainer = await signInAs(running.baseUrl, 'trainer@np.demo.cascade.test');
    reviewer = await signInAs(running.baseUrl, 'participant@np.demo.cascade.test');
  });

  afterAll(async () => {
    await running?.close();
  });

  it('should show the trainer the coverage, allocate k = 3 reviews per plan once, and add nothing on a second run', async () => {
    const before = await (await trainer.get(base)).text();
    expect(before).toContain('Allocate reviews now');
    const first = await post(trainer, base, `${base}/allocate`, {});
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe(`${base}?added=12&short=0&replaced=0`);
    const second = await post(trainer, base, `${base}/allocate`, {});
    expect(second.headers.get('location')).toBe(`${base}?added=0&short=0&replaced=0`);
    const page = await (await trainer.get(`${base}?added=0&short=0`)).text();
    expect(page).toContain('0 new reviews allocated');
    for (const entry of people) expect(page).toContain(entry.fullName);
    const [{ count }] = await sql<{ count: number }>(
      `SELECT count(*)::int AS count FROM audit_log WHERE action = 'peer-review.allocated' AND entity_id = $1`,
      [cohortId],
    );
    expect(count).toBe(1);
  });

  it('should let the trainer override the settings for the cohort, audited, and refuse a bad value by name', async () => {
    const refused = await post(trainer, base, `${base}/settings`, { reviewsPerSubmission: '11' });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('reviewsPerSubmission must be a whole number from 1 to 10');
    const saved = await post(trainer, base, `${base}/settings`, { stallHours: '24', anonymity: '' });
    expect(saved.status).toBe(303);
    expect(await (await trainer.get(base)).text()).toContain(
      '24 hours before a reviewer who has not started is replaced',
    );
    const [audit] = await sql<{ after: Record<string, unknown> }>(
      `SELECT "after" FROM audit_log WHERE action = 'peer-review.settings-changed' AND entity_id = $1`,
      [cohortId],
    );
    expect(audit.after).toEqual({ stallHours: 24 });
  });

  it('should keep the staff page and the review pages from people who may not use them', async () => {
    expect((await reviewer.get(base)).status).toBe(404);
    expect((await trainer.get(`${base}/reviews`)).status).toBe(404);
    const outsider = await signInAs(running.baseUrl, 'participant@sn.demo.cascade.test');
    expect((await outsider.get(`${base}/reviews`)).status).toBe(404);
    expect((await outsider.get(base)).status).toBe(404);
  });

  it('should list the reviewer plans as Plan A, B, C and show a plan without anything naming its author', async () => {
    const list = await (await reviewer.get(`${base}/reviews`)).text();
    expect(list).toContain('Plan A');
    expect(list).toContain('Plan C');
    const links = allocationLinks(list);
    expect(links).toHaveLength(3);
    const others = people.slice(1);
    expect(leaks(list, others)).toEqual([]);
    for (const link of links) {
      const form = await (await reviewer.get(`${base}/reviews/${link}`)).text();
      expect(form).toMatch(/plan-marker-[123]/);
      expect(form).not.toContain('plan-marker-0');
      expect(leaks(form, others)).toEqual([]);
    }
  });

  it('should refuse a submitted review with short comments, keeping what was typed, then accept a complete one', async () => {
    const [link] = allocationLinks(await (await reviewer.get(`${base}/reviews`)).text());
    const page = `${base}/reviews/${link}`;
    const fields = (comment: string) => {
      const form: Record<string, string> = { intent: 'submit' };
      for (const criterion of definition.rubric.criteria) {
        form[`level.${criterion.id}`] = criterion.levels[criterion.levels.length - 1].id;
        form[`comment.${criterion.id}`] = `${comment} ${criterion.id}`;
      }
      return form;
    };
    const refused = await post(reviewer, page, page, fields('Short'));
    expect(refused.status).toBe(422);
    const refusedHtml = await refused.text();
    expect(refusedHtml).toContain('write a comment of at least 20 characters');
    expect(refusedHtml).toContain(`Short ${definition.rubric.criteria[0].id}`);
    const accepted = await post(reviewer, page, page, fields('Clear evidence and realistic costs for'));
    expect(accepted.status).toBe(303);
    expect(await (await reviewer.get(`${base}/reviews`)).text()).toContain('submitted');
    const [row] = await sql<{ status: string; submitted: boolean }>(
      `SELECT a.status, r.submitted_at IS NOT NULL AS submitted FROM peer_review_allocations a
       JOIN peer_reviews r ON r.allocation_id = a.id WHERE a.id = $1`,
      [link],
    );
    expect(row).toEqual({ status: 'submitted', submitted: true });
  });

  it('should show the author the review as Reviewer 1 with the median per criterion, never the reviewer', async () => {
    const [{ author_id: authorId, id: allocationId }] = await sql<{ author_id: string; id: string }>(
      `SELECT author_id, id FROM peer_review_allocations WHERE reviewer_id = $1 AND status = 'submitted'`,
      [people[0].id],
    );
    const author = people.find((entry) => entry.id === authorId)!;
    const session = await signInAs(running.baseUrl, author.email);
    const feedback = `${base}/feedback`;
    const html = await (await session.get(feedback)).text();
    expect(html).toContain('Reviewer 1');
    expect(html).toContain('1 review received');
    expect(html).toContain('Clear evidence and realistic costs for');
    // One review of the three due, within the plan's time: no score yet, and the page says when it comes.
    expect(html).toContain('1 of 3 reviews are in');
    expect(html).not.toContain('100%');
    expect(leaks(html, [people[0]])).toEqual([]);

    const rated = await post(session, feedback, `${feedback}/${allocationId}/helpfulness`, { helpfulness: '4' });
    expect([rated.status, rated.status === 303 ? '' : await rated.text()]).toEqual([303, '']);
    expect(
      (await post(session, feedback, `${feedback}/${allocationId}/helpfulness`, { helpfulness: '9' })).status,
    ).toBe(422);
    expect(
      (await post(session, feedback, `${feedback}/${allocationId}/flag`, { reason: 'It reviews another plan.' }))
        .status,
    ).toBe(303);
    const after = await (await session.get(feedback)).text();
    expect(after).toContain('You said 4.');
    expect(after).toContain('You flagged this review for the trainer:</strong> It reviews another plan.');
    const audits = await sql<{ action: string }>(`SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY id`, [
      allocationId,
    ]);
    expect(audits.map((entry) => entry.action)).toEqual([
      'peer-review.review-submitted',
      'peer-review.helpfulness-rated',
      'peer-review.flagged',
    ]);
    // Another participant cannot rate a review of someone else's plan.
    const stranger = people.find((entry) => entry.id !== authorId && entry.id !== people[0].id)!;
    const strangerSession = await signInAs(running.baseUrl, stranger.email);
    expect(
      (await post(strangerSession, feedback, `${feedback}/${allocationId}/helpfulness`, { helpfulness: '1' })).status,
    ).toBe(404);
  });

  it('should keep a review as it was once the window has closed, and say so', async () => {
    const [link] = allocationLinks(await (await reviewer.get(`${base}/reviews`)).text());
    const page = `${base}/reviews/${link}`;
    const token = await reviewer.csrfTokenFrom(page);
    await sql(
      `UPDATE cohorts SET schedule = schedule || jsonb_build_object('peerReviewDueAt', $2::text) WHERE id = $1`,
      [cohortId, new Date(Date.now() - 60_000).toISOString()],
    );
    const refused = await reviewer.postForm(page, { _csrf: token, intent: 'save' });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('The review window has closed');
    const closed = await (await reviewer.get(page)).text();
    expect(closed).toContain('The review window has closed: your review is as you left it.');
    expect(closed).not.toContain('name="intent"');
    const [{ criteria }] = await sql<{ criteria: { comment: string }[] }>(
      `SELECT criteria FROM peer_reviews WHERE allocation_id = $1`,
      [link],
    );
    expect(criteria[0].comment).toContain('Clear evidence and realistic costs for');
    // With the window closed, the plan is scored on the one review it has.
    const [{ email }] = await sql<{ email: string }>(
      `SELECT u.email FROM peer_review_allocations a JOIN users u ON u.id = a.author_id WHERE a.id = $1`,
      [link],
    );
    const author = await signInAs(running.baseUrl, email);
    const feedback = await (await author.get(`${base}/feedback`)).text();
    expect(feedback).toContain('its time is up, so your peer score is the median of these');
    expect(feedback).toContain('100%');
  });
});
