import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { HttpSession } from '../support/http-session.js';
import { startTestApp, type RunningApp } from '../support/test-app.js';
import { querySql, signInAs } from '../support/test-sql.js';

describe('institute admin pages: cohorts, enrolment by form and CSV, withdrawal', () => {
  let running: RunningApp;
  let dakar: string;

  const sql = <Row extends object>(text: string, values: unknown[] = []) =>
    querySql<Row>(running.database.url, text, values);
  const signedIn = (email: string) => signInAs(running.baseUrl, email);
  const csvForm = (token: string, csv: string, mode: 'dry-run' | 'apply') => {
    const form = new FormData();
    form.set('_csrf', token);
    form.set('mode', mode);
    form.set('file', new Blob([csv], { type: 'text/csv' }), 'people.csv');
    return form;
  };
  const enrolmentsOf = (email: string) =>
    sql<{ status: string }>(
      `SELECT e.status FROM enrolments e JOIN users u ON u.id = e.user_id WHERE u.email = $1 AND e.cohort_id = $2 ORDER BY e.enrolled_at`,
      [email, dakar],
    );

  beforeAll(async () => {
    running = await startTestApp({ seedDemo: true });
    dakar = (
      await sql<{ id: string }>(
        `SELECT c.id FROM cohorts c JOIN institutes i ON i.id = c.institute_id
         WHERE i.slug = 'sn-ifpe' AND c.title = 'Education networks and clusters, Dakar cohort'`,
      )
    )[0].id;
  });

  afterAll(async () => {
    await running?.close();
  });

  it('should open the admin pages to the institute admin only', async () => {
    const admin = await signedIn('admin@sn.demo.cascade.test');
    const home = await admin.get('/i/sn-ifpe/admin');
    expect(home.status).toBe(200);
    const html = await home.text();
    expect(html).toContain('Education networks and clusters, Dakar cohort');
    expect(html).toContain('Ibrahima Fall');

    for (const email of [
      'trainer@sn.demo.cascade.test',
      'participant@sn.demo.cascade.test',
      'admin@np.demo.cascade.test',
    ]) {
      const other = await signedIn(email);
      expect((await other.get('/i/sn-ifpe/admin', { accept: 'application/json' })).status).toBe(404);
      expect((await other.get(`/i/sn-ifpe/admin/cohorts/${dakar}`, { accept: 'application/json' })).status).toBe(404);
    }
    expect(
      (await new HttpSession(running.baseUrl).get('/i/sn-ifpe/admin', { accept: 'application/json' })).status,
    ).toBe(401);
    // An admin of another institute cannot reach this cohort through their own institute either.
    const nepalAdmin = await signedIn('admin@np.demo.cascade.test');
    expect((await nepalAdmin.get(`/i/np-cept/admin/cohorts/${dakar}`, { accept: 'application/json' })).status).toBe(
      404,
    );
  });

  it('should report every bad CSV row with its line and write nothing', async () => {
    const admin = await signedIn('admin@sn.demo.cascade.test');
    const token = await admin.csrfTokenFrom(`/i/sn-ifpe/admin/cohorts/${dakar}`);
    const csv =
      'email,full_name,role\nana@example.org,Ana Lima,participant\nnot-an-email,Bob,participant\ncarl@example.org,,trainer\n';
    const before = await sql<{ n: number }>('SELECT count(*)::int AS n FROM enrolments');
    const response = await admin.postMultipart(
      `/i/sn-ifpe/admin/cohorts/${dakar}/enrolments/csv`,
      csvForm(token, csv, 'apply'),
    );
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain('line 3, email: &quot;not-an-email&quot; is not an e-mail address');
    expect(html).toMatch(/line 4, full_name: [^<]+/);
    expect(await sql('SELECT count(*)::int AS n FROM enrolments')).toEqual(before);
    expect(await sql(`SELECT 1 FROM users WHERE email = 'ana@example.org'`)).toEqual([]);
  });

  it('should dry-run, then apply a valid CSV: participants enrolled, trainers added, all audited', async () => {
    const admin = await signedIn('admin@sn.demo.cascade.test');
    const token = await admin.csrfTokenFrom(`/i/sn-ifpe/admin/cohorts/${dakar}`);
    const csv =
      '\uFEFFemail;full_name;role\nana@example.org;Ana Lima;participant\ncarl@example.org;Carl Mensah;trainer\n';
    const dryRun = await admin.postMultipart(
      `/i/sn-ifpe/admin/cohorts/${dakar}/enrolments/csv`,
      csvForm(token, csv, 'dry-run'),
    );
    expect(dryRun.status).toBe(200);
    expect(await dryRun.text()).toContain('Dry run: nothing written yet');
    expect(await enrolmentsOf('ana@example.org')).toEqual([]);

    const applied = await admin.postMultipart(
      `/i/sn-ifpe/admin/cohorts/${dakar}/enrolments/csv`,
      csvForm(token, csv, 'apply'),
    );
    expect(await applied.text()).toContain('Enrolment done');
    expect(await enrolmentsOf('ana@example.org')).toEqual([{ status: 'enrolled' }]);
    expect(
      await sql(`SELECT 1 FROM cohort_trainers t JOIN users u ON u.id = t.user_id WHERE u.email = 'carl@example.org'`),
    ).toHaveLength(1);
    const audit = await sql<{ action: string }>(
      `SELECT action FROM audit_log a JOIN users u ON u.id = a.actor_user_id WHERE u.email = 'admin@sn.demo.cascade.test' ORDER BY a.id`,
    );
    expect(audit.map((entry) => entry.action)).toEqual([
      'role.granted',
      'enrolment.created',
      'role.granted',
      'cohort.trainer-added',
      // New people have no password: each is invited to choose one.
      'user.invited',
      'user.invited',
    ]);
  });

  it('should refuse an upload without the CSRF token', async () => {
    const admin = await signedIn('admin@sn.demo.cascade.test');
    const response = await admin.postMultipart(
      `/i/sn-ifpe/admin/cohorts/${dakar}/enrolments/csv`,
      csvForm('forged', 'email,full_name\nz@example.org,Z\n', 'apply'),
    );
    expect(response.status).toBe(403);
  });

  it('should withdraw and re-enrol a person, keeping both enrolments as history', async () => {
    const admin = await signedIn('admin@sn.demo.cascade.test');
    const page = await (await admin.get(`/i/sn-ifpe/admin/cohorts/${dakar}`)).text();
    const token = /name="_csrf" value="([^"]+)"/.exec(page)![1];
    const [{ id }] = await sql<{ id: string }>(
      `SELECT e.id FROM enrolments e JOIN users u ON u.id = e.user_id WHERE u.email = 'participant@sn.demo.cascade.test' AND e.status = 'enrolled'`,
    );
    expect(
      (await admin.postForm(`/i/sn-ifpe/admin/cohorts/${dakar}/enrolments/${id}/withdraw`, { _csrf: token })).status,
    ).toBe(303);
    expect(await enrolmentsOf('participant@sn.demo.cascade.test')).toEqual([{ status: 'withdrawn' }]);

    const again = await admin.postForm(`/i/sn-ifpe/admin/cohorts/${dakar}/enrolments`, {
      _csrf: token,
      email: 'participant@sn.demo.cascade.test',
      fullName: 'Fatou Ba',
    });
    expect(again.status).toBe(303);
    expect(await enrolmentsOf('participant@sn.demo.cascade.test')).toEqual([
      { status: 'withdrawn' },
      { status: 'enrolled' },
    ]);
  });

  it('should create a cohort whose two-week schedule is derived in its time zone', async () => {
    const admin = await signedIn('admin@sn.demo.cascade.test');
    const token = await admin.csrfTokenFrom('/i/sn-ifpe/admin');
    const [{ id: trainerId }] = await sql<{ id: string }>(
      `SELECT id FROM users WHERE email = 'trainer@sn.demo.cascade.test'`,
    );
    const created = await admin.postForm('/i/sn-ifpe/admin/cohorts', {
      _csrf: token,
      title: 'Resource allocation, Saint-Louis cohort',
      courseSlug: 'school-resource-allocation',
      startDate: '2027-03-01',
      timeZone: 'Africa/Dakar',
      capacity: '25',
      enrolmentOpens: '2027-01-15',
      enrolmentCloses: '2027-02-26',
      trainerIds: trainerId,
    });
    expect(created.status).toBe(303);
    const location = created.headers.get('location')!;
    expect(location).toMatch(/^\/i\/sn-ifpe\/admin\/cohorts\/[0-9a-f-]{36}$/);
    const cohortId = location.split('/').pop()!;
    const schedule = await (await admin.get(`/i/sn-ifpe/cohorts/${cohortId}`)).text();
    expect(schedule).toContain('times in Africa/Dakar');
    expect(schedule).toContain('<td>1 March 2027 at 08:00</td>');
    expect(schedule).toContain('<td>12 March 2027 at 08:00</td>');

    const invalid = await admin.postForm(
      '/i/sn-ifpe/admin/cohorts',
      {
        _csrf: token,
        title: 'Broken',
        courseSlug: 'school-resource-allocation',
        startDate: '2027-02-30',
        timeZone: 'Mars/Olympus',
        capacity: '25',
        enrolmentOpens: '2027-01-15',
        enrolmentCloses: '2027-01-01',
      },
      { accept: 'application/json' },
    );
    expect(invalid.status).toBe(400);
    const body = (await invalid.json()) as { message: string };
    expect(body.message).toContain('startDate');
    expect(body.message).toContain('Mars/Olympus');
    expect(body.message).toContain('enrolment window');
  });

  it('should let the admin edit the schedule in the cohort time zone, refuse an out-of-order one, and audit the change', async () => {
    const admin = await signedIn('admin@sn.demo.cascade.test');
    const page = await (await admin.get(`/i/sn-ifpe/admin/cohorts/${dakar}`)).text();
    const token = /name="_csrf" value="([^"]+)"/.exec(page)![1];
    const fields = Object.fromEntries(
      [
        ...page.matchAll(
          /name="(unlock_[a-z0-9-]+|capstoneDueAt|peerReviewDueAt)" type="datetime-local" required value="([^"]+)"/g,
        ),
      ].map((match) => [match[1], match[2]]),
    );
    expect(Object.keys(fields)).toHaveLength(12);

    const outOfOrder = await admin.postForm(
      `/i/sn-ifpe/admin/cohorts/${dakar}/schedule`,
      {
        _csrf: token,
        ...fields,
        'unlock_net-m04': fields['unlock_net-m01'],
        'unlock_net-m02': fields['unlock_net-m05'],
      },
      { accept: 'application/json' },
    );
    expect(outOfOrder.status).toBe(400);

    // Open module 4 a minute after module 3: it is then open today for the participants.
    const [date, time] = fields['unlock_net-m03'].split('T');
    const moved = `${date}T${time.slice(0, 3)}${String(Number(time.slice(3)) + 1).padStart(2, '0')}`;
    const saved = await admin.postForm(`/i/sn-ifpe/admin/cohorts/${dakar}/schedule`, {
      _csrf: token,
      ...fields,
      'unlock_net-m04': moved,
    });
    expect(saved.status).toBe(303);
    const participant = await signedIn('participant@sn.demo.cascade.test');
    expect((await participant.get(`/i/sn-ifpe/cohorts/${dakar}/modules/net-m04`)).status).toBe(200);
    const [entry] = await sql<{
      before: { schedule: { moduleUnlocks: { moduleId: string; opensAt: string }[] } };
      after: { schedule: { moduleUnlocks: { moduleId: string; opensAt: string }[] } };
    }>(`SELECT "before", "after" FROM audit_log WHERE action = 'cohort.schedule-changed' ORDER BY id DESC LIMIT 1`);
    const opening = (side: typeof entry.before) =>
      side.schedule.moduleUnlocks.find((unlock) => unlock.moduleId === 'net-m04')!.opensAt;
    expect(opening(entry.before)).not.toBe(opening(entry.after));
  });

  it('should grant and revoke roles with audit, and refuse an admin removing their own admin role', async () => {
    const admin = await signedIn('admin@sn.demo.cascade.test');
    const token = await admin.csrfTokenFrom('/i/sn-ifpe/admin');
    const [{ id: fatou }] = await sql<{ id: string }>(
      `SELECT id FROM users WHERE email = 'participant@sn.demo.cascade.test'`,
    );
    const [{ id: self }] = await sql<{ id: string }>(`SELECT id FROM users WHERE email = 'admin@sn.demo.cascade.test'`);
    expect(
      (await admin.postForm(`/i/sn-ifpe/admin/people/${fatou}/roles`, { _csrf: token, role: 'trainer' })).status,
    ).toBe(303);
    expect(
      (await admin.postForm(`/i/sn-ifpe/admin/people/${fatou}/roles/trainer/revoke`, { _csrf: token })).status,
    ).toBe(303);
    const history = await sql<{ role: string; revoked: boolean }>(
      `SELECT role, revoked_at IS NOT NULL AS revoked FROM memberships m JOIN institutes i ON i.id = m.institute_id
       WHERE m.user_id = $1 AND i.slug = 'sn-ifpe' ORDER BY granted_at`,
      [fatou],
    );
    expect(history).toEqual([
      { role: 'participant', revoked: false },
      { role: 'trainer', revoked: true },
    ]);
    const actions = await sql<{ action: string }>(
      `SELECT action FROM audit_log WHERE entity_type = 'membership' AND actor_user_id = $1 ORDER BY id`,
      [self],
    );
    expect(actions.map((entry) => entry.action).slice(-2)).toEqual(['role.granted', 'role.revoked']);

    const own = await admin.postForm(
      `/i/sn-ifpe/admin/people/${self}/roles/admin/revoke`,
      { _csrf: token },
      { accept: 'application/json' },
    );
    expect(own.status).toBe(400);
    // Someone from another institute cannot be given a role here through a guessed id.
    const [{ id: stranger }] = await sql<{ id: string }>(
      `SELECT id FROM users WHERE email = 'trainer@np.demo.cascade.test'`,
    );
    expect(
      (
        await admin.postForm(
          `/i/sn-ifpe/admin/people/${stranger}/roles`,
          { _csrf: token, role: 'admin' },
          { accept: 'application/json' },
        )
      ).status,
    ).toBe(404);
  });

  it('should invite a new person with a role, to choose a password from the e-mailed link', async () => {
    const admin = await signedIn('admin@sn.demo.cascade.test');
    const token = await admin.csrfTokenFrom('/i/sn-ifpe/admin');
    const response = await admin.postForm('/i/sn-ifpe/admin/people/invite', {
      _csrf: token,
      email: 'Mariama.Diop@Example.org',
      fullName: 'Mariama Diop',
      role: 'trainer',
    });
    expect(response.status).toBe(303);
    expect(await sql(`SELECT password_hash FROM users WHERE email = 'mariama.diop@example.org'`)).toEqual([
      { password_hash: null },
    ]);
    const [entry] = await sql<{ after: { role: string } }>(
      `SELECT "after" FROM audit_log WHERE action = 'user.invited' ORDER BY id DESC LIMIT 1`,
    );
    expect(entry.after.role).toBe('trainer');
  });

  it('should rename a cohort and change its places, never below the people enrolled', async () => {
    const admin = await signedIn('admin@sn.demo.cascade.test');
    const token = await admin.csrfTokenFrom(`/i/sn-ifpe/admin/cohorts/${dakar}`);
    const tooSmall = await admin.postForm(
      `/i/sn-ifpe/admin/cohorts/${dakar}/settings`,
      { _csrf: token, title: 'Dakar', capacity: '1' },
      { accept: 'application/json' },
    );
    expect(tooSmall.status).toBe(400);
    expect(((await tooSmall.json()) as { message: string }).message).toMatch(/people are enrolled already/);
    const saved = await admin.postForm(`/i/sn-ifpe/admin/cohorts/${dakar}/settings`, {
      _csrf: token,
      title: 'Dakar cohort, renamed',
      capacity: '60',
    });
    expect(saved.status).toBe(303);
    expect(await sql(`SELECT title, capacity FROM cohorts WHERE id = $1`, [dakar])).toEqual([
      { title: 'Dakar cohort, renamed', capacity: 60 },
    ]);
    const [entry] = await sql<{ before: unknown; after: unknown }>(
      `SELECT "before", "after" FROM audit_log WHERE action = 'cohort.settings-changed' ORDER BY id DESC LIMIT 1`,
    );
    expect(entry).toEqual({
      before: { title: 'Education networks and clusters, Dakar cohort', capacity: 40 },
      after: { title: 'Dakar cohort, renamed', capacity: 60 },
    });
  });

  it('should keep each external id to one person of the institute', async () => {
    const admin = await signedIn('admin@sn.demo.cascade.test');
    const token = await admin.csrfTokenFrom(`/i/sn-ifpe/admin/cohorts/${dakar}`);
    const first = await admin.postMultipart(
      `/i/sn-ifpe/admin/cohorts/${dakar}/enrolments/csv`,
      csvForm(token, 'email,full_name,external_id\nawa.kane@example.org,Awa Kane,SN-2026-0042\n', 'apply'),
    );
    expect(await first.text()).toContain('Enrolment done');
    expect(
      await sql(
        `SELECT x.external_id FROM external_ids x JOIN users u ON u.id = x.user_id WHERE u.email = 'awa.kane@example.org'`,
      ),
    ).toEqual([{ external_id: 'SN-2026-0042' }]);
    const clash = await admin.postMultipart(
      `/i/sn-ifpe/admin/cohorts/${dakar}/enrolments/csv`,
      csvForm(token, 'email,full_name,external_id\nsomeone.else@example.org,Someone Else,SN-2026-0042\n', 'apply'),
    );
    expect(clash.status).toBe(422);
    expect(await clash.text()).toContain(
      'line 2, external_id: &quot;SN-2026-0042&quot; already belongs to awa.kane@example.org in this institute',
    );
    expect(await sql(`SELECT 1 FROM users WHERE email = 'someone.else@example.org'`)).toEqual([]);
  });
});
