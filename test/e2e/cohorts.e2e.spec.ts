import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { HttpSession } from '../support/http-session.js';
import { startTestApp, type RunningApp } from '../support/test-app.js';
import { csrfToken, passQuizThroughApi } from '../support/quiz.js';
import { querySql, signInAs } from '../support/test-sql.js';

describe('cohorts: my learning, locked modules, progress and the roster', () => {
  let running: RunningApp;
  let dakar: string;
  let kathmandu: string;

  const cohortId = async (institute: string) =>
    (
      await querySql<{ id: string }>(
        running.database.url,
        `SELECT c.id FROM cohorts c JOIN institutes i ON i.id = c.institute_id WHERE i.slug = $1`,
        [institute],
      )
    )[0].id;
  const signedIn = (email: string) => signInAs(running.baseUrl, email);

  beforeAll(async () => {
    running = await startTestApp({ seedDemo: true });
    dakar = await cohortId('sn-ifpe');
    kathmandu = await cohortId('np-cept');
  });

  afterAll(async () => {
    await running?.close();
  });

  it("should show a participant's cohorts with this week's modules, what is due and progress", async () => {
    const participant = await signedIn('participant@np.demo.cascade.test');
    const html = await (await participant.get('/learn')).text();
    expect(html).toContain('Education networks and clusters, Dakar cohort');
    expect(html).toContain('School resource allocation, Kathmandu cohort');
    expect(html).toContain('0 of 10 modules done (0%)');
    expect(html).toContain('Capstone action plan:');
    expect(html).toContain('times in Asia/Kathmandu');

    const api = (await (await participant.get('/api/me/learning')).json()) as {
      modules: { number: number; state: string }[];
      thisWeek: { number: number }[];
    }[];
    // Two days in, the cohort is in week 1: this week means modules 1-5, open or about to open.
    expect(api[0].thisWeek.map((module) => module.number)).toEqual([1, 2, 3, 4, 5]);
    const states = api[0].modules.map((module) => module.state);
    // The demo cohorts began two days ago: modules 1-3 are open, 4-10 locked.
    expect(states).toEqual([
      'open',
      'open',
      'open',
      'locked',
      'locked',
      'locked',
      'locked',
      'locked',
      'locked',
      'locked',
    ]);
  });

  it('should refuse a locked module on the page and in the API, naming when it opens', async () => {
    const participant = await signedIn('participant@sn.demo.cascade.test');
    const page = await participant.get(`/i/sn-ifpe/cohorts/${dakar}/modules/net-m07`, { accept: 'text/html' });
    expect(page.status).toBe(403);
    expect(await page.text()).toMatch(/opens on \w{3}, \d{1,2} \w{3} \d{4}, 08:00 \(Africa\/Dakar\)/);
    const api = await participant.get(`/api/institutes/sn-ifpe/cohorts/${dakar}/modules/net-m07`);
    expect(api.status).toBe(403);
    expect(((await api.json()) as { code: string }).code).toBe('MODULE_LOCKED_FORBIDDEN');
  });

  it('should complete module 1 when its quiz is passed, not by marking it done, and show it on the roster', async () => {
    const participant = await signedIn('participant@sn.demo.cascade.test');
    const modulePath = `/i/sn-ifpe/cohorts/${dakar}/modules/net-m01`;
    const page = await (await participant.get(modulePath)).text();
    expect(page).toContain('Take the quiz: passing it completes this module');
    expect(page).not.toContain('Mark this module as done');
    const refused = await participant.postForm(
      `${modulePath}/complete`,
      { _csrf: await csrfToken(participant) },
      { accept: 'application/json' },
    );
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { code: string }).code).toBe('MODULE_QUIZ_REQUIRED_CONFLICT');

    const result = await passQuizThroughApi(participant, running.database.url, 'sn-ifpe', dakar, 'net-m01').catch(
      (error: unknown) => {
        throw new Error(`${String(error)}\n${running.apiOutput().slice(-3000)}`);
      },
    );
    expect(result.attempt).toMatchObject({ percent: 100, passed: true });
    expect(await (await participant.get(modulePath)).text()).toContain('You have completed this module.');
    expect(await (await participant.get('/learn')).text()).toContain('1 of 10 modules done (10%)');

    const trainer = await signedIn('trainer@sn.demo.cascade.test');
    const roster = await (await trainer.get(`/i/sn-ifpe/cohorts/${dakar}`)).text();
    expect(roster).toContain('Participants and progress');
    expect(roster).toMatch(
      /Fatou Ba<br><span class="muted">participant@sn\.demo\.cascade\.test<\/span><br><span class="organization">Inspection d’Académie de Dakar<\/span><\/th><td>1\/10<\/td><td class="done">/,
    );
  });

  it('should refuse marking done without the CSRF token', async () => {
    const participant = await signedIn('participant@sn.demo.cascade.test');
    const response = await participant.postForm(`/i/sn-ifpe/cohorts/${dakar}/modules/net-m02/complete`, {});
    expect(response.status).toBe(403);
  });

  it("should hide a cohort from other institutes' staff and from people not in it", async () => {
    const otherTrainer = await signedIn('trainer@np.demo.cascade.test');
    expect((await otherTrainer.get(`/i/sn-ifpe/cohorts/${dakar}`, { accept: 'application/json' })).status).toBe(404);
    // The right cohort id under the wrong institute is not found either.
    expect((await otherTrainer.get(`/i/np-cept/cohorts/${dakar}`, { accept: 'application/json' })).status).toBe(404);
    const participantElsewhere = await signedIn('participant@sn.demo.cascade.test');
    expect(
      (await participantElsewhere.get(`/i/np-cept/cohorts/${kathmandu}`, { accept: 'application/json' })).status,
    ).toBe(404);
    // A participant sees the schedule, not the roster.
    const participant = await signedIn('participant@np.demo.cascade.test');
    const html = await (await participant.get(`/i/np-cept/cohorts/${kathmandu}`)).text();
    expect(html).toContain('Schedule');
    expect(html).not.toContain('Participants and progress');
  });

  it('should send anonymous visitors to log in and bring them back', async () => {
    const anonymous = new HttpSession(running.baseUrl);
    const response = await anonymous.get(`/i/sn-ifpe/cohorts/${dakar}/modules/net-m01`);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(
      `/login?next=${encodeURIComponent(`/i/sn-ifpe/cohorts/${dakar}/modules/net-m01`)}`,
    );
    expect((await anonymous.get('/api/me/learning')).status).toBe(401);
  });
});
