import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { organizationKey } from '../../src/modules/enrolments/domain/organization.js';
import { cohortCapstone, cohortIdOf, insertSubmission, validPlan, type Sql } from '../support/capstone-fixtures.js';
import { startTestApp, type RunningApp } from '../support/test-app.js';
import { querySql, signInAs } from '../support/test-sql.js';

const DAY = 86_400_000;

describe('organizations: enrolled by CSV and form, shown in the roster, kept apart by peer review', () => {
  let running: RunningApp;
  let sql: Sql;
  let kathmandu: string;
  const admin = () => signInAs(running.baseUrl, 'admin@np.demo.cascade.test');
  const adminPage = () => `/i/np-cept/admin/cohorts/${kathmandu}`;
  const csvForm = (token: string, csv: string, mode: 'dry-run' | 'apply') => {
    const form = new FormData();
    form.set('_csrf', token);
    form.set('mode', mode);
    form.set('file', new Blob([csv], { type: 'text/csv' }), 'people.csv');
    return form;
  };
  const organizationsOf = (email: string) =>
    sql<{ organization: string | null; status: string }>(
      `SELECT e.organization, e.status FROM enrolments e JOIN users u ON u.id = e.user_id
       WHERE u.email = $1 AND e.cohort_id = $2 ORDER BY e.enrolled_at`,
      [email, kathmandu],
    );

  beforeAll(async () => {
    running = await startTestApp({ seedDemo: true });
    sql = (text, values) => querySql(running.database.url, text, values);
    kathmandu = await cohortIdOf(sql, 'np-cept');
  });

  afterAll(async () => {
    await running?.close();
  });

  it('should name the line and column of a bad organization in the CSV and write nothing', async () => {
    const session = await admin();
    const token = await session.csrfTokenFrom(adminPage());
    const csv = `email,full_name,role,organization\nlong@example.org,Long Name,participant,${'x'.repeat(201)}\ntrainer2@example.org,Hari Trainer,trainer,Somewhere\n`;
    const response = await session.postMultipart(`${adminPage()}/enrolments/csv`, csvForm(token, csv, 'dry-run'));
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain('line 2, organization: ');
    expect(html).toContain('is longer than 200 characters');
    expect(html).toContain('line 3, organization: an organization is recorded for participants only: leave it empty');
    expect(await sql(`SELECT 1 FROM users WHERE email IN ('long@example.org', 'trainer2@example.org')`)).toEqual([]);
  });

  it('should dry-run then enrol a CSV with organizations, each on the new enrolment and in its audit row', async () => {
    const session = await admin();
    const token = await session.csrfTokenFrom(adminPage());
    const csv = [
      'email;full_name;organization',
      'anil@example.org;Anil Shrestha;  lalitpur   district education office ',
      'maya@example.org;Maya Tamang;Bhaktapur Municipality Education Section',
      'ram@example.org;Ram Karki;Kathmandu Metropolitan City Education Department',
      '',
    ].join('\r\n');
    const dryRun = await session.postMultipart(`${adminPage()}/enrolments/csv`, csvForm(token, csv, 'dry-run'));
    expect(dryRun.status).toBe(200);
    expect(await dryRun.text()).toContain('Dry run: nothing written yet');
    expect(await organizationsOf('anil@example.org')).toEqual([]);

    const applied = await session.postMultipart(`${adminPage()}/enrolments/csv`, csvForm(token, csv, 'apply'));
    expect(await applied.text()).toContain('Enrolment done');
    expect(await organizationsOf('anil@example.org')).toEqual([
      { organization: 'lalitpur district education office', status: 'enrolled' },
    ]);
    expect(await organizationsOf('maya@example.org')).toEqual([
      { organization: 'Bhaktapur Municipality Education Section', status: 'enrolled' },
    ]);
    const audited = await sql<{ after: { organization: string } }>(
      `SELECT a."after" FROM audit_log a JOIN users u ON u.id::text = a."after"->>'userId'
       WHERE a.action = 'enrolment.created' AND u.email = 'ram@example.org'`,
    );
    expect(audited.map((row) => row.after.organization)).toEqual(['Kathmandu Metropolitan City Education Department']);
  });

  it('should enrol one person with an organization by the form, and refuse to change it there', async () => {
    const session = await admin();
    const token = await session.csrfTokenFrom(adminPage());
    const enrolled = await session.postForm(`${adminPage()}/enrolments`, {
      _csrf: token,
      email: 'sita@example.org',
      fullName: 'Sita Poudel',
      organization: ' Kathmandu Metropolitan City Education Department',
    });
    expect(enrolled.status).toBe(303);
    expect(await organizationsOf('sita@example.org')).toEqual([
      { organization: 'Kathmandu Metropolitan City Education Department', status: 'enrolled' },
    ]);

    const changed = await session.postForm(`${adminPage()}/enrolments`, {
      _csrf: token,
      email: 'sita@example.org',
      fullName: 'Sita Poudel',
      organization: 'Bhaktapur Municipality Education Section',
    });
    expect(changed.status).toBe(422);
    expect(await changed.text()).toContain(
      'organization: sita@example.org is enrolled already with the organization &quot;Kathmandu Metropolitan City Education Department&quot;',
    );
    expect(await organizationsOf('sita@example.org')).toHaveLength(1);

    const page = await (await session.get(adminPage())).text();
    expect(page).toContain('<th scope="col">Organization</th>');
    expect(page).toContain('<td>Bhaktapur Municipality Education Section</td>');
  });

  it('should show staff each participant’s organization in the roster, and not show it to participants', async () => {
    const trainer = await signInAs(running.baseUrl, 'trainer@np.demo.cascade.test');
    const roster = await (await trainer.get(`/i/np-cept/cohorts/${kathmandu}`)).text();
    for (const organization of [
      'Lalitpur District Education Office',
      'Bhaktapur Municipality Education Section',
      'Kathmandu Metropolitan City Education Department',
    ])
      expect(roster).toContain(`<span class="organization">${organization}</span>`);
    const participant = await signInAs(running.baseUrl, 'participant@np.demo.cascade.test');
    const own = await (await participant.get(`/i/np-cept/cohorts/${kathmandu}`)).text();
    expect(own).not.toContain('Bhaktapur Municipality Education Section');
  });

  it('should allocate from the staff page with no reviewer from the author’s organization', async () => {
    await sql(
      `UPDATE cohorts SET schedule = schedule || jsonb_build_object('capstoneDueAt', $2::text, 'peerReviewDueAt', $3::text)
       WHERE id = $1`,
      [kathmandu, new Date(Date.now() - 3 * DAY).toISOString(), new Date(Date.now() + 7 * DAY).toISOString()],
    );
    const definition = await cohortCapstone(sql, kathmandu);
    // Two people from each of three organizations submitted (one typed in lower case).
    const authors = await sql<{ id: string; organization: string }>(
      `SELECT u.id, e.organization FROM enrolments e JOIN users u ON u.id = e.user_id
       WHERE e.cohort_id = $1 AND e.status = 'enrolled' AND e.organization IS NOT NULL`,
      [kathmandu],
    );
    expect(authors).toHaveLength(6);
    for (const author of authors)
      await insertSubmission(sql, {
        cohortId: kathmandu,
        userId: author.id,
        content: validPlan(definition, author.id),
        submittedAt: new Date(Date.now() - 4 * DAY),
      });

    const trainer = await signInAs(running.baseUrl, 'trainer@np.demo.cascade.test');
    const pages = `/i/np-cept/cohorts/${kathmandu}/peer-review`;
    const saved = await trainer.postForm(`${pages}/settings`, {
      _csrf: await trainer.csrfTokenFrom(pages),
      separateOrganizations: 'yes',
    });
    expect(saved.status).toBe(303);
    const run = await trainer.postForm(`${pages}/allocate`, { _csrf: await trainer.csrfTokenFrom(pages) });
    expect(run.status).toBe(303);
    expect(run.headers.get('location')).toContain('short=0');

    const rows = await sql<{ author_id: string; reviewer_id: string }>(
      `SELECT author_id, reviewer_id FROM peer_review_allocations WHERE cohort_id = $1 AND status = 'assigned'`,
      [kathmandu],
    );
    expect(rows).toHaveLength(6 * 3);
    const keyOf = new Map(authors.map((author) => [author.id, organizationKey(author.organization)]));
    for (const row of rows) {
      expect(row.reviewer_id).not.toBe(row.author_id);
      expect(keyOf.get(row.reviewer_id)).not.toBe(keyOf.get(row.author_id));
    }
  });
});
