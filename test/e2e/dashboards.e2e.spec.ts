import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import {
  cohortCapstone,
  cohortIdOf,
  insertSubmission,
  userIdOf,
  validPlan,
  type Sql,
} from '../support/capstone-fixtures.js';
import { HttpSession } from '../support/http-session.js';
import { addParticipants } from '../support/peer-review-fixtures.js';
import { startTestApp, type RunningApp } from '../support/test-app.js';
import { DEMO_PASSWORD, querySql } from '../support/test-sql.js';

jest.setTimeout(120_000);

const FORMULA_NAME = '=HYPERLINK("http://evil.example")';

/** The text of each cell of the table with this id, row by row (header row left out), entities decoded. */
function pageTable(html: string, id: string): string[][] {
  const table = new RegExp(`<table class="dashboard-table" id="table-${id}">([\\s\\S]*?)</table>`).exec(html);
  if (!table) throw new Error(`no table ${id} on the page`);
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(table[1])![1];
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...row[1].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((cell) =>
      cell[1]
        .replace(/<[^>]+>/g, '')
        .replaceAll('&quot;', '"')
        .replaceAll('&#x27;', "'")
        .replaceAll('&#x3D;', '=')
        .replaceAll('&amp;', '&')
        .replaceAll('&lt;', '<')
        .replaceAll('&gt;', '>'),
    ),
  );
}

/** CSV rows (header left out), simple RFC 4180 reading. */
function csvRows(csv: string): string[][] {
  const rows: string[][] = [];
  for (const line of csv.trimEnd().split('\r\n').slice(1)) {
    const cells: string[] = [];
    let at = 0;
    while (at <= line.length) {
      if (line[at] === '"') {
        let value = '';
        at += 1;
        while (at < line.length) {
          if (line[at] === '"' && line[at + 1] === '"') {
            value += '"';
            at += 2;
          } else if (line[at] === '"') {
            at += 1;
            break;
          } else value += line[at++];
        }
        cells.push(value);
        at += 1;
      } else {
        const end = line.indexOf(',', at);
        cells.push(line.slice(at, end === -1 ? line.length : end));
        at = end === -1 ? line.length + 1 : end + 1;
      }
    }
    rows.push(cells);
  }
  return rows;
}

/** A page cell as the CSV writes it: no percent sign, no grouping, a dash for an empty figure. */
function asCsv(cell: string): string {
  const text = cell.replace(/[\u00a0\u202f]/g, ' ').trim();
  if (text === '–') return '';
  if (/^[\d.,]+ ?%$/.test(text)) return Number(text.replace(/[ %,]/g, '')).toFixed(1);
  return text;
}

describe('dashboards over HTTP: who sees which dashboard, CSV equal to the page, no personal data at the hub', () => {
  let running: RunningApp;
  let sql: Sql;
  let npCohort: string;
  let snCohort: string;
  const sessions: Record<string, HttpSession> = {};

  beforeAll(async () => {
    running = await startTestApp({ seedDemo: true });
    sql = (text, values) => querySql(running.database.url, text, values);
    npCohort = await cohortIdOf(sql, 'np-cept');
    snCohort = await cohortIdOf(sql, 'sn-ifpe');
    // A participant whose name a spreadsheet would run, with a peer review overdue: at risk, in the CSV.
    const [formula] = await addParticipants(sql, npCohort, 'dash', 1);
    await sql(`UPDATE users SET full_name = $2 WHERE id = $1`, [formula, FORMULA_NAME]);
    const sunita = await userIdOf(sql, 'participant2@np.demo.cascade.test');
    const submission = await insertSubmission(sql, {
      cohortId: npCohort,
      userId: sunita,
      content: validPlan(await cohortCapstone(sql, npCohort)),
    });
    await sql(
      `INSERT INTO peer_review_allocations (institute_id, cohort_id, submission_id, author_id, reviewer_id, status, round, due_at)
       SELECT institute_id, id, $2, $3, $4, 'assigned', 1, now() - interval '1 day' FROM cohorts WHERE id = $1`,
      [npCohort, submission, sunita, formula],
    );
    for (const [who, email] of Object.entries({
      trainerNp: 'trainer@np.demo.cascade.test',
      adminNp: 'admin@np.demo.cascade.test',
      participantNp: 'participant@np.demo.cascade.test',
      adminSn: 'admin@sn.demo.cascade.test',
      trainerSn: 'trainer@sn.demo.cascade.test',
      hubAdmin: 'hub.admin@demo.cascade.test',
      platformAdmin: 'platform.admin@demo.cascade.test',
    })) {
      sessions[who] = new HttpSession(running.baseUrl);
      expect((await sessions[who].logIn(email, DEMO_PASSWORD)).status).toBe(303);
    }
    sessions.anonymous = new HttpSession(running.baseUrl);
  });

  afterAll(async () => {
    await running?.close();
  });

  const cohortPath = () => `/i/np-cept/cohorts/${npCohort}/dashboard`;

  it("should show the cohort dashboard to the cohort's trainer and the institute's admin, light and without script", async () => {
    for (const who of ['trainerNp', 'adminNp']) {
      const response = await sessions[who].get(cohortPath());
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(html).toContain('Dashboard of');
      expect(html).toMatch(/<svg [^>]*role="img"[^>]*>\s*<title id="funnel-chart-title">/);
      expect(html).toContain('/quizzes/res-m01/analysis');
      expect(html).not.toContain('<script');
      expect(Buffer.byteLength(html)).toBeLessThan(60_000);
    }
  });

  it("should link to the dashboards from the cohort's staff page and the institute's administration", async () => {
    const cohortPage = await (await sessions.trainerNp.get(`/i/np-cept/cohorts/${npCohort}`)).text();
    expect(cohortPage).toContain(`href="/i/np-cept/cohorts/${npCohort}/dashboard"`);
    const participantPage = await (await sessions.participantNp.get(`/i/np-cept/cohorts/${npCohort}`)).text();
    expect(participantPage).not.toContain('/dashboard');
    const admin = await (await sessions.adminNp.get('/i/np-cept/admin')).text();
    expect(admin).toContain('href="/i/np-cept/admin/dashboard"');
  });

  it('should list the participant with an overdue review at risk, and write the name formula-safe in the CSV', async () => {
    const html = await (await sessions.trainerNp.get(cohortPath())).text();
    expect(html).toContain('1 peer review overdue');
    const response = await sessions.trainerNp.get(`${cohortPath()}.csv?table=at-risk`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    const csv = await response.text();
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
    expect(csv).not.toMatch(/(^|,)=HYPERLINK/m);
    const atRisk = csvRows(csv).find((row) => row[0].includes('HYPERLINK'))!;
    expect(atRisk.slice(1)).toEqual(['dash-1@peer.test', '', '', '', '1']);
  });

  it('should give in each CSV the figures of the page, table by table', async () => {
    const html = await (await sessions.adminNp.get(cohortPath())).text();
    for (const table of ['funnel', 'quizzes', 'capstone', 'at-risk']) {
      const csv = await (await sessions.adminNp.get(`${cohortPath()}.csv?table=${table}`)).text();
      const page = pageTable(html, table).filter((row) => row.length > 1);
      expect(page.map((row) => row.map(asCsv))).toEqual(
        csvRows(csv).map((row) => row.map((cell) => cell.replace(/^'/, ''))),
      );
    }
    const institute = await (await sessions.adminNp.get('/i/np-cept/admin/dashboard')).text();
    for (const table of ['cohorts', 'courses', 'trainers', 'totals']) {
      const csv = await (await sessions.adminNp.get(`/i/np-cept/admin/dashboard.csv?table=${table}`)).text();
      expect(pageTable(institute, table).map((row) => row.map(asCsv))).toEqual(csvRows(csv));
    }
  });

  it("should tell another institute's admin and trainer, and participants, that the dashboards do not exist", async () => {
    for (const path of [
      cohortPath(),
      `${cohortPath()}.csv`,
      '/i/np-cept/admin/dashboard',
      '/i/np-cept/admin/dashboard.csv',
    ])
      for (const who of ['adminSn', 'trainerSn', 'participantNp'])
        expect([who, path, (await sessions[who].get(path)).status]).toEqual([who, path, 404]);
    // Nor may the Senegal admin reach a Nepal cohort through the Senegal institute.
    expect((await sessions.adminSn.get(`/i/sn-ifpe/cohorts/${npCohort}/dashboard`)).status).toBe(404);
    expect((await sessions.adminSn.get(`/i/sn-ifpe/cohorts/${snCohort}/dashboard`)).status).toBe(200);
  });

  it('should send anonymous visitors to log in', async () => {
    for (const path of [cohortPath(), '/hub/dashboard']) {
      const response = await sessions.anonymous.get(path);
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toMatch(/^\/login/);
    }
    // Behind the institute role guard, as the other admin pages: not signed in.
    expect((await sessions.anonymous.get('/i/np-cept/admin/dashboard')).status).toBe(401);
  });

  it('should show the hub to hub and platform admins only, with no name or e-mail of anyone', async () => {
    for (const who of ['adminNp', 'trainerNp', 'participantNp'])
      expect((await sessions[who].get('/hub/dashboard')).status).toBe(404);
    const people = await sql<{ email: string; full_name: string }>(`SELECT email, full_name FROM users`);
    for (const who of ['hubAdmin', 'platformAdmin']) {
      const response = await sessions[who].get('/hub/dashboard');
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(html).toContain('All institutes');
      const csvs = await Promise.all(
        ['institutes', 'countries', 'totals'].map(async (table) =>
          (await sessions[who].get(`/hub/dashboard.csv?table=${table}`)).text(),
        ),
      );
      expect(csvs[0]).toContain('Centre for Educational Planning and Training');
      // The signed-in viewer's own name is in the page header; nobody else's may be anywhere.
      const body = html.replace(/<header[\s\S]*?<\/header>/, '');
      const leaks = people.flatMap((person) =>
        [person.email, person.full_name].filter(
          (text) => body.includes(text) || csvs.some((csv) => csv.includes(text)),
        ),
      );
      expect(leaks).toEqual([]);
    }
  });

  it('should speak French when asked, numbers and words alike', async () => {
    const html = await (await sessions.trainerNp.get(`${cohortPath()}?lang=fr`)).text();
    expect(html).toContain('Tableau de bord de');
    expect(html).toContain('Progression par module');
    expect(html).not.toContain('Progress by module');
  });

  it('should refuse an unknown table with a clear 404', async () => {
    const response = await sessions.adminNp.get('/i/np-cept/admin/dashboard.csv?table=nope', {
      accept: 'application/json',
    });
    expect(response.status).toBe(404);
    expect(((await response.json()) as { message: string }).message).toContain(
      'cohorts, months, courses, trainers, totals',
    );
  });
});
