import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Queue } from 'bullmq';
import { redisConnectionOptions } from '../../src/infra/queue/redis-connection.js';
import type { Sql } from '../support/capstone-fixtures.js';
import type { HttpSession } from '../support/http-session.js';
import { giveKathmanduCertificate } from '../support/certificate-fixtures.js';
import { startTestApp, type RunningApp } from '../support/test-app.js';
import { querySql, signInAs } from '../support/test-sql.js';

const SUNITA = 'participant2@np.demo.cascade.test';
const MASTER = 'master.trainer@demo.cascade.test';
const NP_ADMIN = 'admin@np.demo.cascade.test';
const COURSE = 'epm-resources';

jest.setTimeout(150_000);

describe('trainer-of-trainers pages: the full path, the cascade report and tenant isolation', () => {
  let running: RunningApp;
  let sql: Sql;
  let sunitaId: string;
  let pathUrl: string;
  const sessions: Record<string, HttpSession> = {};
  const tokenOf = async (who: string, page: string) => sessions[who].csrfTokenFrom(page);
  const post = async (who: string, url: string, fields: Record<string, string>, tokenPage = pathUrl) =>
    sessions[who].postForm(url, { _csrf: await tokenOf(who, tokenPage), ...fields });

  beforeAll(async () => {
    // demoSubmissions: the full demo, trainer cascade included (seed:demo without --without-submissions).
    running = await startTestApp({ seedDemo: true, demoSubmissions: true });
    sql = (text, values) => querySql(running.database.url, text, values);
    [{ id: sunitaId }] = await sql<{ id: string }>(`SELECT id FROM users WHERE email = $1`, [SUNITA]);
    pathUrl = `/i/np-cept/trainers/people/${sunitaId}/courses/${COURSE}`;
    for (const email of [SUNITA, MASTER, NP_ADMIN, 'hub.admin@demo.cascade.test', 'admin@sn.demo.cascade.test'])
      sessions[email] = await signInAs(running.baseUrl, email);
    // Sunita graduated from the Kathmandu cohort: a certificate of the course, as the worker would have issued it.
    await giveKathmanduCertificate(sql, sunitaId);
  });

  afterAll(async () => {
    await running?.close();
  });

  it('should show the hub the demo cascade as tables, CSV and an SVG tree, without JavaScript', async () => {
    const page = await sessions['hub.admin@demo.cascade.test'].get('/i/hub/trainers/cascade');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Ramesh Adhikari');
    expect(html).toContain('Dr. Amara Mensah');
    expect(html).toContain('<svg');
    expect(html).not.toContain('<script');
    const csv = await sessions['hub.admin@demo.cascade.test'].get('/i/hub/trainers/cascade.csv?course=epm-resources');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toContain('Ramesh Adhikari,np-cept,NP,Dr. Amara Mensah,1,5,3,3,0.6,0.6,66.5');
    const svg = await sessions['hub.admin@demo.cascade.test'].get('/i/hub/trainers/cascade.svg');
    expect(svg.headers.get('content-type')).toContain('image/svg+xml');
  });

  it('should show an institute admin their own trainers only, and another institute’s admin nothing (404)', async () => {
    const own = await (await sessions[NP_ADMIN].get('/i/np-cept/trainers/cascade')).text();
    expect(own).toContain('Ramesh Adhikari');
    expect(own).not.toContain('Amara Mensah');
    expect((await sessions['admin@sn.demo.cascade.test'].get('/i/np-cept/trainers/cascade')).status).toBe(404);
    expect((await sessions['admin@sn.demo.cascade.test'].get('/i/np-cept/trainers/cascade.csv')).status).toBe(404);
    const [{ id: ramesh }] = await sql<{ id: string }>(
      `SELECT id FROM users WHERE email = 'national.trainer@np.demo.cascade.test'`,
    );
    expect(
      (await sessions['admin@sn.demo.cascade.test'].get(`/i/np-cept/trainers/people/${ramesh}/courses/${COURSE}`))
        .status,
    ).toBe(404);
    expect((await sessions[SUNITA].get('/i/np-cept/trainers/cascade')).status).toBe(404);
  });

  it('should take Sunita from graduate to certified trainer through the pages', async () => {
    // Nomination by her institute's admin, from the candidates the overview offers.
    const overview = await (await sessions[NP_ADMIN].get('/i/np-cept/trainers')).text();
    expect(overview).toContain(`${sunitaId}|${COURSE}`);
    const nominated = await post(
      NP_ADMIN,
      '/i/np-cept/trainers/nominations',
      { candidate: `${sunitaId}|${COURSE}` },
      '/i/np-cept/trainers',
    );
    expect(nominated.status).toBe(303);
    expect(nominated.headers.get('location')).toBe(pathUrl);

    // She enrols in the track; the admin records it, then assigns her to the master's cohort.
    const [{ id: trackCohort }] = await sql<{ id: string }>(
      `SELECT id FROM cohorts WHERE title = 'Trainer-of-trainers track, Kathmandu'`,
    );
    const [{ id: masterCohort }] = await sql<{ id: string }>(
      `SELECT id FROM cohorts WHERE title = 'School resource allocation, master cohort (hub)'`,
    );
    await sql(
      `INSERT INTO enrolments (institute_id, cohort_id, user_id, status) SELECT institute_id, id, $2, 'enrolled' FROM cohorts WHERE id = $1`,
      [trackCohort, sunitaId],
    );
    expect((await post(NP_ADMIN, `${pathUrl}/events`, { event: 'enrol' })).status).toBe(303);
    expect(
      (await post(NP_ADMIN, `${pathUrl}/events`, { event: 'assign-co-facilitation', cohortId: masterCohort })).status,
    ).toBe(303);

    // The master trainer finds her among the trainees they observe.
    const observed = await (await sessions[MASTER].get('/i/hub/trainers')).text();
    expect(observed).toContain(pathUrl);

    // Certifying now is refused with the reason, on the page (422).
    const refused = await post(MASTER, `${pathUrl}/events`, { event: 'certify' });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('Not all requirements are met');

    // Teach-back: submitted by her, scored by the master trainer from the page's own form.
    expect(
      (
        await post(SUNITA, `${pathUrl}/teach-backs`, {
          delivery: 'link',
          recordingUrl: 'https://video.example.org/sunita',
        })
      ).status,
    ).toBe(303);
    const masterPage = await (await sessions[MASTER].get(pathUrl)).text();
    const action = /action="([^"]+\/score)"/.exec(masterPage)![1];
    const radios = [...masterPage.matchAll(/name="level\.([^"]+)" value="([^"]+)"/g)];
    const top = new Map<string, string>();
    for (const [, criterion, level] of radios) top.set(criterion, level); // the last level of each is the highest
    const scored = await post(MASTER, action, {
      ...Object.fromEntries([...top].map(([criterion, level]) => [`level.${criterion}`, level])),
      feedback: 'Clear and well timed.',
    });
    expect(scored.status).toBe(303);

    // Calibration: the page lists the references; she gives the reference levels.
    const calibrationPage = await (await sessions[SUNITA].get(`${pathUrl}/calibration`)).text();
    expect(calibrationPage).toContain('type="radio"');
    const [{ track }] = await sql<{
      track: { calibration: { references: { id: string; course: string; levels: Record<string, string> }[] } };
    }>(
      `SELECT v.track FROM course_versions v JOIN courses c ON c.id = v.course_id WHERE c.kind = 'track' ORDER BY v.number DESC LIMIT 1`,
    );
    const grades: Record<string, string> = {};
    for (const reference of track.calibration.references.filter((entry) => entry.course === COURSE))
      for (const [criterion, level] of Object.entries(reference.levels))
        grades[`grade.${reference.id}.${criterion}`] = level;
    const calibrated = await post(SUNITA, `${pathUrl}/calibration`, grades, `${pathUrl}/calibration`);
    expect(calibrated.status).toBe(303);
    expect(calibrated.headers.get('location')).toBe(`${pathUrl}?calibrated=passed`);
    // The page then shows her levels beside the master trainers' levels and their reasons.
    const review = await (await sessions[SUNITA].get(`${pathUrl}/calibration`)).text();
    expect(review).toContain('Your latest attempt beside the master trainers’ levels');
    expect(review).not.toContain(' ✗');

    // The track completed (modules and quizzes), then the master's sign-off certifies her automatically.
    await sql(
      `INSERT INTO module_progress (enrolment_id, module_key, institute_id, completed_at)
       SELECT e.id, m.module_key, e.institute_id, now() FROM enrolments e JOIN cohorts c ON c.id = e.cohort_id
       JOIN course_modules m ON m.course_version_id = c.course_version_id WHERE e.cohort_id = $1 AND e.user_id = $2`,
      [trackCohort, sunitaId],
    );
    await sql(
      `INSERT INTO quiz_grade_overrides (institute_id, cohort_id, module_key, user_id, percent, reason, created_by)
       SELECT c.institute_id, c.id, m.module_key, $2, 100, 'e2e', u.id FROM cohorts c
       JOIN course_modules m ON m.course_version_id = c.course_version_id JOIN users u ON u.email = $3
       WHERE c.id = $1 AND m.quiz_settings IS NOT NULL`,
      [trackCohort, sunitaId, MASTER],
    );
    expect((await post(MASTER, `${pathUrl}/sign-off`, { note: 'Good co-facilitation.' })).status).toBe(303);
    const final = await (await sessions[SUNITA].get(pathUrl)).text();
    expect(final).toContain('Certified trainer');
    expect(
      await sql(
        `SELECT role FROM memberships m JOIN institutes i ON i.id = m.institute_id WHERE i.slug = 'np-cept' AND m.user_id = $1 AND m.role = 'trainer'`,
        [sunitaId],
      ),
    ).toEqual([{ role: 'trainer' }]);
    // Her recertification reminders and lapse wait in the real trainers queue, delayed until their dates.
    const [{ id: certificationId, validUntil }] = await sql<{ id: string; validUntil: string }>(
      `SELECT id, valid_until::text AS "validUntil" FROM trainer_certifications WHERE user_id = $1 ORDER BY certified_at DESC LIMIT 1`,
      [sunitaId],
    );
    const trainersQueue = new Queue('trainers', {
      connection: redisConnectionOptions(running.environment.REDIS_URL),
      prefix: running.environment.REDIS_PREFIX,
    });
    try {
      for (const kind of ['reminder-30', 'reminder-7', 'lapse']) {
        const job = await trainersQueue.getJob(`trainer-recertification:${certificationId}:${kind}`);
        expect([kind, await job?.getState()]).toEqual([kind, 'delayed']);
      }
      const lapse = await trainersQueue.getJob(`trainer-recertification:${certificationId}:lapse`);
      expect(new Date(lapse!.timestamp + lapse!.delay).toISOString().slice(0, 10) >= validUntil).toBe(true);
    } finally {
      await trainersQueue.close();
    }
    // And in French.
    const french = await (await sessions[SUNITA].get(`${pathUrl}?lang=fr`)).text();
    expect(french).toContain('Formateur·rice certifié·e');
  });

  it('should refuse a lapsed trainer a new cohort of the course while keeping the cohorts they have', async () => {
    const [{ id: ramesh }] = await sql<{ id: string }>(
      `SELECT id FROM users WHERE email = 'national.trainer@np.demo.cascade.test'`,
    );
    const form = (title: string) => ({
      title,
      courseSlug: 'school-resource-allocation',
      startDate: '2027-03-01',
      timeZone: 'Asia/Kathmandu',
      capacity: '25',
      enrolmentOpens: '2027-01-15',
      enrolmentCloses: '2027-02-26',
      trainerIds: ramesh,
    });
    // Certified: he may be given a new cohort.
    expect(
      (await post(NP_ADMIN, '/i/np-cept/admin/cohorts', form('Resources, Butwal'), '/i/np-cept/admin')).status,
    ).toBe(303);
    // His latest certification is past its date (history is append-only: a newer row, as a lapse would leave).
    await sql(
      `INSERT INTO trainer_certifications (institute_id, user_id, course_id, kind, certified_by, certified_at, valid_until)
       SELECT institute_id, user_id, course_id, 'recertification', certified_by, now() - interval '2 days', current_date - 1
       FROM trainer_certifications WHERE user_id = $1 LIMIT 1`,
      [ramesh],
    );
    const refused = await post(NP_ADMIN, '/i/np-cept/admin/cohorts', form('Resources, Dhangadhi'), '/i/np-cept/admin');
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('has lapsed');
    const kept = await sql<{ title: string }>(
      `SELECT c.title FROM cohort_trainers t JOIN cohorts c ON c.id = t.cohort_id WHERE t.user_id = $1`,
      [ramesh],
    );
    expect(kept.map((row) => row.title).sort()).toEqual(
      [
        'Resources, Butwal',
        'School resource allocation, Pokhara cohort',
        'School resource allocation, master cohort (hub)',
      ].sort(),
    );
  });
});
