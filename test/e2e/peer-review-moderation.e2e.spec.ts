import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { CapstoneDefinition, CriterionGrade } from '../../src/modules/capstones/domain/capstone.types.js';
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

describe('peer review moderation through the pages: outliers, flags, alpha, reallocation and overrides', () => {
  let running: RunningApp;
  let sql: Sql;
  let cohortId: string;
  let definition: CapstoneDefinition;
  let base: string;
  let moderation: string;
  let trainer: HttpSession;
  // p0…p3 submit plans and review each other (k = 3); extra is enrolled and never submits.
  let people: Person[];
  let extra: Person;
  const submissionOf = new Map<string, string>();
  let outlierReview: string;

  const person = async (email: string): Promise<Person> => {
    const [row] = await sql<{ id: string; full_name: string }>(`SELECT id, full_name FROM users WHERE email = $1`, [
      email,
    ]);
    return { id: row.id, email, fullName: row.full_name };
  };
  const post = async (session: HttpSession, page: string, action: string, fields: Record<string, string>) =>
    session.postForm(action, { _csrf: await session.csrfTokenFrom(page), ...fields });
  /** Every criterion on the level of the given index (the seed rubric has 1–4 points: 0 → 25%, 3 → 100%). */
  const uniform = (levelIndex: number): CriterionGrade[] =>
    definition.rubric.criteria.map((criterion) => ({
      criterionId: criterion.id,
      levelId: criterion.levels[levelIndex].id,
      comment: `Level ${levelIndex} because the plan shows this clearly enough.`,
    }));
  const submitReview = async (author: Person, reviewer: Person, levelIndex: number) => {
    const [{ id }] = await sql<{ id: string }>(
      `SELECT id FROM peer_review_allocations WHERE author_id = $1 AND reviewer_id = $2`,
      [author.id, reviewer.id],
    );
    await sql(
      `INSERT INTO peer_reviews (allocation_id, institute_id, criteria, submitted_at)
       SELECT $1, institute_id, $2, now() FROM cohorts WHERE id = $3`,
      [id, JSON.stringify(uniform(levelIndex)), cohortId],
    );
    await sql(`UPDATE peer_review_allocations SET status = 'submitted', started_at = now() WHERE id = $1`, [id]);
    return id;
  };
  const submissionPage = (author: Person) => `${moderation}/submissions/${submissionOf.get(author.id)}`;

  beforeAll(async () => {
    running = await startTestApp({ seedDemo: true });
    sql = (text, values) => querySql(running.database.url, text, values);
    cohortId = await cohortIdOf(sql, 'np-cept');
    // Course versions never change, so a course that weighs peer review is made here, before the app reads it:
    // the seed courses give peer review no weight, and the gradebook only shows it with one.
    await sql(`ALTER TABLE course_versions DISABLE TRIGGER course_versions_immutable`);
    await sql(
      `UPDATE course_versions SET outline = jsonb_set(outline, '{gradebook}', '{"quizzes": 30, "capstone": 50, "peerReview": 20, "passPercent": 60}')
       WHERE id = (SELECT course_version_id FROM cohorts WHERE id = $1)`,
      [cohortId],
    );
    await sql(`ALTER TABLE course_versions ENABLE TRIGGER course_versions_immutable`);
    definition = await cohortCapstone(sql, cohortId);
    await sql(
      `UPDATE cohorts SET schedule = schedule || jsonb_build_object('capstoneDueAt', $2::text, 'peerReviewDueAt', $3::text)
       WHERE id = $1`,
      [cohortId, new Date(Date.now() - 86_400_000).toISOString(), new Date(Date.now() + 7 * 86_400_000).toISOString()],
    );
    await addParticipants(sql, cohortId, 'moderation', 3);
    people = [
      await person('participant@np.demo.cascade.test'),
      await person('participant2@np.demo.cascade.test'),
      await person('moderation-1@peer.test'),
      await person('moderation-2@peer.test'),
    ];
    extra = await person('moderation-3@peer.test');
    for (const entry of people)
      submissionOf.set(
        entry.id,
        await insertSubmission(sql, {
          cohortId,
          userId: entry.id,
          content: validPlan(definition),
          submittedAt: new Date(Date.now() - 2 * 86_400_000),
        }),
      );
    base = `/i/np-cept/cohorts/${cohortId}/peer-review`;
    moderation = `${base}/moderation`;
    trainer = await signInAs(running.baseUrl, 'trainer@np.demo.cascade.test');
    expect((await post(trainer, base, `${base}/allocate`, {})).headers.get('location')).toBe(
      `${base}?added=12&short=0&replaced=0`,
    );
    // The peer score alone makes the peer-review percent, so the gradebook shows the override as it is. Plans are
    // scored on the reviews they have an hour after they were given out, and that was two hours ago: a plan left
    // short of k by an exclusion is scored at once.
    expect(
      (await post(trainer, base, `${base}/settings`, { reviewerGradeShare: '0', scoreShortAfterHours: '1' })).status,
    ).toBe(303);
    await sql(
      `UPDATE peer_review_allocations SET assigned_at = assigned_at - interval '2 hours' WHERE cohort_id = $1`,
      [cohortId],
    );
    // p0's plan: 100%, 75% and p3's 25% (50 points from the median of 75%); p1's plan: 100%, 100%, 75%.
    const [p0, p1, p2, p3] = people;
    await submitReview(p0, p1, 3);
    await submitReview(p0, p2, 2);
    outlierReview = await submitReview(p0, p3, 0);
    await submitReview(p1, p0, 3);
    await submitReview(p1, p2, 3);
    await submitReview(p1, p3, 2);
    // The author flags the outlier through their feedback page.
    const author = await signInAs(running.baseUrl, p0.email);
    const feedback = `${base}/feedback`;
    const flagged = await post(author, feedback, `${feedback}/${outlierReview}/flag`, {
      reason: 'This reviewer gave the lowest level everywhere without reasons.',
    });
    expect(flagged.status).toBe(303);
  });

  afterAll(async () => {
    await running?.close();
  });

  it('should link the staff page to moderation and show coverage, the outlier, the flag and alpha', async () => {
    expect(await (await trainer.get(base)).text()).toContain(`href="${moderation}"`);
    const response = await trainer.get(moderation);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('Plans short of 3 reviews: 2.');
    expect(html).toContain('more than 25 percentage points away from the median percent');
    const outliers = html.slice(html.indexOf('id="outliers"'), html.indexOf('id="flags"'));
    expect(outliers).toContain(people[3].fullName);
    expect(outliers).toContain('<td>25%</td><td>75%</td><td>50 points</td>');
    expect(outliers).toContain(`${submissionPage(people[0])}#review-${outlierReview}`);
    const flags = html.slice(html.indexOf('id="flags"'), html.indexOf('id="reliability"'));
    expect(flags).toContain('This reviewer gave the lowest level everywhere without reasons.');
    expect(flags).toContain('Resolve the flag');
    expect(html).toMatch(
      /Krippendorff&#x27;s alpha \(ordinal\) of the counted reviews: <strong>-?\d\.\d{3}<\/strong>, based on 6 reviews of 2 plans/,
    );
    expect(html).toMatch(/(Good|Tentative|Low):/);
  });

  it('should show staff every review of a plan with reviewer names, levels, comments and the median score', async () => {
    const html = await (await trainer.get(submissionPage(people[0]))).text();
    for (const reviewer of people.slice(1)) expect(html).toContain(reviewer.fullName);
    expect(html).toContain('Level 0 because the plan shows this clearly enough.');
    expect(html).toContain(`${definition.rubric.criteria[0].levels[0].label} (1 of 4)`);
    expect(html).toContain('Current peer score: <strong>75%</strong>');
    expect(html).toContain('<strong>outlier</strong>');
    expect(html).toContain('Flagged by the author:');
  });

  it('should exclude the flagged review from the score when the trainer resolves the flag, audited', async () => {
    const refused = await post(trainer, moderation, `${moderation}/reviews/${outlierReview}/decision`, {
      decision: 'exclude',
      note: '',
      from: 'overview',
    });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('Write a note of 5 to 2000 characters');
    const decided = await post(trainer, moderation, `${moderation}/reviews/${outlierReview}/decision`, {
      decision: 'exclude',
      note: 'Levels without any reason given.',
      from: 'overview',
    });
    expect(decided.status).toBe(303);
    expect(decided.headers.get('location')).toBe(`${moderation}?done=decided#flags`);
    const html = await (await trainer.get(`${moderation}?done=decided`)).text();
    expect(html).toContain('Decision recorded.');
    expect(html).toContain('excluded from scoring by Gita Thapa');
    expect(html).toContain('Note: Levels without any reason given.');
    expect(await (await trainer.get(submissionPage(people[0]))).text()).toContain(
      'Current peer score: <strong>87.5%</strong>',
    );
    const audits = await sql<{ action: string; reason: string }>(
      `SELECT action, reason FROM audit_log WHERE entity_id = $1 AND action LIKE 'peer-review.review-%' ORDER BY id`,
      [outlierReview],
    );
    expect(audits.map((row) => row.action)).toContain('peer-review.review-excluded');
    // The author's own page shows the score that counts, without the excluded review.
    const author = await signInAs(running.baseUrl, people[0].email);
    const feedback = await (await author.get(`${base}/feedback`)).text();
    expect(feedback).toContain('Your peer score: <strong>87.5%</strong>');
    expect(feedback).toContain('Your trainer set this review aside: it does not count in your score.');
  });

  it('should let the trainer add a reviewer by hand, who then finds the plan in their list, and refuse the author', async () => {
    const page = submissionPage(people[0]);
    const selfReview = await post(trainer, page, `${page}/reviewers`, {
      reviewerId: people[0].id,
      reason: 'Trying a self review',
    });
    expect(selfReview.status).toBe(422);
    expect(await selfReview.text()).toContain(`${people[0].fullName} wrote this plan: nobody reviews their own plan`);

    const added = await post(trainer, page, `${page}/reviewers`, {
      reviewerId: extra.id,
      reason: 'A fourth reviewer after the exclusion.',
    });
    expect(added.status).toBe(303);
    expect(added.headers.get('location')).toBe(`${page}?done=added`);
    const duplicate = await post(trainer, page, `${page}/reviewers`, { reviewerId: extra.id, reason: 'Once more' });
    expect(duplicate.status).toBe(409);
    expect(await duplicate.text()).toContain(`${extra.fullName} already reviews this plan.`);

    const reviewer = await signInAs(running.baseUrl, extra.email);
    const list = await (await reviewer.get(`${base}/reviews`)).text();
    expect(list).toContain('Plan A');
    const [link] = [...list.matchAll(/\/peer-review\/reviews\/([0-9a-f-]{36})"/g)].map((match) => match[1]);
    expect((await reviewer.get(`${base}/reviews/${link}`)).status).toBe(200);
    expect(list).not.toContain(people[0].fullName);
  });

  it('should cancel a started review only when confirmed, keeping its row and its review', async () => {
    const [{ id }] = await sql<{ id: string }>(
      `SELECT id FROM peer_review_allocations WHERE author_id = $1 AND reviewer_id = $2`,
      [people[2].id, people[0].id],
    );
    await sql(
      `INSERT INTO peer_reviews (allocation_id, institute_id, criteria) SELECT $1, institute_id, $2 FROM cohorts WHERE id = $3`,
      [id, JSON.stringify(uniform(1)), cohortId],
    );
    await sql(`UPDATE peer_review_allocations SET status = 'started', started_at = now() WHERE id = $1`, [id]);
    const page = submissionPage(people[2]);
    const unconfirmed = await post(trainer, page, `${moderation}/allocations/${id}/cancel`, {
      reason: 'The reviewer left the course.',
    });
    expect(unconfirmed.status).toBe(422);
    expect(await unconfirmed.text()).toContain('tick the box to confirm');
    const cancelled = await post(trainer, page, `${moderation}/allocations/${id}/cancel`, {
      reason: 'The reviewer left the course.',
      confirm: 'yes',
    });
    expect(cancelled.status).toBe(303);
    const [row] = await sql<{ status: string; ended: boolean; kept: boolean }>(
      `SELECT a.status, a.ended_at IS NOT NULL AS ended, EXISTS (SELECT 1 FROM peer_reviews r WHERE r.allocation_id = a.id) AS kept
       FROM peer_review_allocations a WHERE a.id = $1`,
      [id],
    );
    expect(row).toEqual({ status: 'cancelled', ended: true, kept: true });
    expect(await (await trainer.get(page)).text()).toContain(`${people[0].fullName}: cancelled`);
  });

  it('should replace a reviewer who has not started, the new reviewer getting the plan and the old row kept', async () => {
    const [{ id }] = await sql<{ id: string }>(
      `SELECT id FROM peer_review_allocations WHERE author_id = $1 AND reviewer_id = $2`,
      [people[3].id, people[1].id],
    );
    const page = submissionPage(people[3]);
    expect(await (await trainer.get(page)).text()).toContain(`action="${moderation}/allocations/${id}/replace"`);
    const replaced = await post(trainer, page, `${moderation}/allocations/${id}/replace`, {
      reviewerId: extra.id,
      reason: 'Sunita is away until the window closes.',
    });
    expect(replaced.status).toBe(303);
    expect(replaced.headers.get('location')).toBe(`${page}?done=replaced`);
    const rows = await sql<{ reviewer_id: string; status: string; ended: boolean }>(
      `SELECT reviewer_id, status, ended_at IS NOT NULL AS ended FROM peer_review_allocations
       WHERE submission_id = $1 AND reviewer_id IN ($2, $3) ORDER BY assigned_at`,
      [submissionOf.get(people[3].id), people[1].id, extra.id],
    );
    expect(rows).toEqual([
      { reviewer_id: people[1].id, status: 'replaced', ended: true },
      { reviewer_id: extra.id, status: 'assigned', ended: false },
    ]);
    const reviewer = await signInAs(running.baseUrl, extra.email);
    const list = await (await reviewer.get(`${base}/reviews`)).text();
    expect(list).toContain('Plan B');
    const [{ reason }] = await sql<{ reason: string }>(
      `SELECT reason FROM audit_log WHERE entity_id = $1 AND action = 'peer-review.allocation-replaced'`,
      [id],
    );
    expect(reason).toBe('Sunita is away until the window closes.');
  });

  it('should let the trainer override a peer score that the gradebook then shows, and withdraw it', async () => {
    const page = submissionPage(people[0]);
    const bad = await post(trainer, page, `${page}/override`, { percent: '120', reason: 'Too generous reviews.' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('The percent must be a number from 0 to 100');
    const saved = await post(trainer, page, `${page}/override`, {
      percent: '42',
      reason: 'The budget is unrealistic.',
    });
    expect(saved.status).toBe(303);
    const detail = await (await trainer.get(page)).text();
    expect(detail).toContain(
      'Current peer score: <strong>42%</strong> (your override; the reviews&#x27; medians give 87.5%)',
    );
    const rowOf = (html: string, who: Person) => {
      const start = html.indexOf(`<td>${who.fullName}<br>`);
      return html.slice(start, html.indexOf('</tr>', start));
    };
    const gradebook = await (await trainer.get(`/i/np-cept/cohorts/${cohortId}/gradebook`)).text();
    expect(gradebook).toContain('peer review 20 (weights)');
    expect(rowOf(gradebook, people[0])).toContain('<td>42%</td>');
    const author = await signInAs(running.baseUrl, people[0].email);
    expect(await (await author.get(`${base}/feedback`)).text()).toContain(
      'Your trainer set your peer score: <strong>42%</strong>',
    );

    expect(
      (await post(trainer, page, `${page}/override`, { percent: '', reason: 'Back to the medians.' })).status,
    ).toBe(303);
    const after = await (await trainer.get(`/i/np-cept/cohorts/${cohortId}/gradebook`)).text();
    expect(rowOf(after, people[0])).toContain('<td>87.5%</td>');
  });

  it('should answer 404 for an unknown plan and keep participants, other institutes and forged forms out', async () => {
    expect((await trainer.get(`${moderation}/submissions/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
    expect((await trainer.get(`${moderation}/submissions/not-an-id`)).status).toBe(404);
    const participant = await signInAs(running.baseUrl, people[1].email);
    expect((await participant.get(moderation)).status).toBe(404);
    expect((await participant.get(submissionPage(people[0]))).status).toBe(404);
    const token = await participant.csrfTokenFrom(`${base}/reviews`);
    expect(
      (
        await participant.postForm(`${moderation}/reviews/${outlierReview}/decision`, {
          _csrf: token,
          decision: 'keep',
          note: 'Let me keep it',
        })
      ).status,
    ).toBe(404);
    const otherTrainer = await signInAs(running.baseUrl, 'trainer@sn.demo.cascade.test');
    expect((await otherTrainer.get(moderation)).status).toBe(404);
    expect((await otherTrainer.get(submissionPage(people[0]))).status).toBe(404);
    const forged = await trainer.postForm(`${moderation}/reviews/${outlierReview}/decision`, {
      decision: 'keep',
      note: 'No token in this form',
    });
    expect(forged.status).toBe(403);
    const [{ count }] = await sql<{ count: number }>(
      `SELECT count(*)::int AS count FROM peer_review_moderation_decisions WHERE allocation_id = $1`,
      [outlierReview],
    );
    expect(count).toBe(1);
  });
});
