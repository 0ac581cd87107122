import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { HttpSession } from '../support/http-session.js';
import { HttpSession as Session } from '../support/http-session.js';
import { startTestApp, type RunningApp } from '../support/test-app.js';
import { querySql, signInAs } from '../support/test-sql.js';

const tokenOf = (html: string, after = '') => /name="_csrf" value="([^"]+)"/.exec(html.slice(html.indexOf(after)))![1];

/** The `shown` value of a unit's form on the editor page (the unit's newest row id, or empty). */
function shownOf(html: string, unitId: string): string {
  const at = html.indexOf(`name="unit" value="${unitId}"`);
  if (at < 0) throw new Error(`no form for ${unitId}`);
  return /name="shown" value="([^"]*)"/.exec(html.slice(at))![1];
}

describe('localized copies: admin editor, institute catalogue, cohorts on a copy', () => {
  let running: RunningApp;
  let admin: HttpSession;
  const editor = '/i/sn-ifpe/admin/copies/reseaux-fr/units/net-m01';
  const sql = <Row extends object>(text: string, values: unknown[] = []) =>
    querySql<Row>(running.database.url, text, values);

  const save = async (unit: string, action: string, text: string, shown?: string, accept = 'application/json') => {
    const page = await (await admin.get(editor)).text();
    return admin.postForm(
      `${editor}/units`,
      { _csrf: tokenOf(page), unit, shown: shown ?? shownOf(page, unit), action, text },
      { accept },
    );
  };

  beforeAll(async () => {
    running = await startTestApp({ seedDemo: true });
    admin = await signInAs(running.baseUrl, 'admin@sn.demo.cascade.test');
  });

  afterAll(async () => {
    await running?.close();
  });

  it('should let an institute admin create a copy of a master course version', async () => {
    const page = await (await admin.get('/i/sn-ifpe/admin/copies')).text();
    expect(page).toContain('education-networks-clusters');
    const bad = await admin.postForm(
      '/i/sn-ifpe/admin/copies',
      { _csrf: tokenOf(page), course: 'education-networks-clusters', language: 'ne', title: 'X', slug: 'x' },
      { accept: 'application/json' },
    );
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { message: string }).message).toMatch(/^language:/);
    const created = await admin.postForm('/i/sn-ifpe/admin/copies', {
      _csrf: tokenOf(page),
      course: 'education-networks-clusters',
      version: '',
      language: 'fr',
      title: 'Réseaux et grappes d’écoles',
      slug: 'reseaux-fr',
      logoText: 'IFPE Sénégal',
      accentColor: '#00853f',
      footer: '',
    });
    expect(created.status).toBe(303);
    expect(created.headers.get('location')).toBe('/i/sn-ifpe/admin/copies/reseaux-fr');
    const copyPage = await (await admin.get('/i/sn-ifpe/admin/copies/reseaux-fr')).text();
    expect(copyPage).toContain(`href="${editor}"`);
  });

  it('should show a translated unit on the institute page, and the master text marked where none exists', async () => {
    expect((await save('net-m01/title', 'translate', 'Introduction aux réseaux et grappes d’écoles')).status).toBe(303);
    const anonymous = new Session(running.baseUrl);
    const catalogue = await (await anonymous.get('/i/sn-ifpe')).text();
    expect(catalogue).toContain('<html lang="fr"');
    expect(catalogue).toContain('href="/i/sn-ifpe/courses/reseaux-fr"');
    const module = await (await anonymous.get('/i/sn-ifpe/courses/reseaux-fr/modules/net-m01')).text();
    expect(module).toContain('Introduction aux réseaux et grappes d’écoles');
    expect(module).toContain('IFPE Sénégal');
    // The untranslated section: master text, visibly marked, in a container saying it is English.
    expect(module).toMatch(
      /<div class="copy-block" lang="en"><p class="copy-mark">Pas encore traduit<\/p><p>An <strong>education network<\/strong>/,
    );
    // A reader's own choice of language wins over the institute's.
    expect(await (await anonymous.get('/i/sn-ifpe/courses/reseaux-fr?lang=en')).text()).toContain('<html lang="en"');
  });

  it('should refuse bad input with 422 naming the unit, and a stale form with 409, writing nothing', async () => {
    const before = await sql<{ count: number }>(`SELECT count(*)::int AS count FROM course_copy_units`);
    const empty = await save('net-m01/introduction', 'translate', '   ');
    expect(empty.status).toBe(422);
    expect(((await empty.json()) as { message: string }).message).toContain('unit net-m01/introduction');
    const unknown = await save('net-m02/title', 'translate', 'x', '');
    expect(unknown.status).toBe(422);
    expect(((await unknown.json()) as { message: string }).message).toContain('net-m02/title');
    const hideTitle = await save('net-m01/title', 'hide', '');
    expect(hideTitle.status).toBe(422);
    // The title was translated after this form (shown empty) was rendered.
    const stale = await save('net-m01/title', 'translate', 'Autre titre', '');
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as { message: string }).message).toContain('net-m01/title');
    expect(await sql<{ count: number }>(`SELECT count(*)::int AS count FROM course_copy_units`)).toEqual(before);
  });

  it('should keep other institutes and anonymous visitors out of the copy admin pages', async () => {
    const nepal = await signInAs(running.baseUrl, 'admin@np.demo.cascade.test');
    expect((await nepal.get('/i/sn-ifpe/admin/copies/reseaux-fr')).status).toBe(404);
    expect((await nepal.get('/i/np-cept/courses/reseaux-fr')).status).toBe(404);
    const anonymous = await new Session(running.baseUrl).get('/i/sn-ifpe/admin/copies', { accept: 'text/html' });
    expect([401, 303]).toContain(anonymous.status);
    if (anonymous.status === 303) expect(anonymous.headers.get('location')).toMatch(/^\/login/);
    const trainer = await signInAs(running.baseUrl, 'trainer@sn.demo.cascade.test');
    expect((await trainer.get(editor)).status).toBe(404);
  });

  it('should show a cohort on the copy its French module, quiz and capstone pages', async () => {
    // Translate a section, every question text of module 1 and the capstone brief.
    expect(
      (
        await save(
          'net-m01/sections/net-m01-defining-networks/markdown',
          'translate',
          'Un **réseau éducatif** est un groupe.',
        )
      ).status,
    ).toBe(303);
    const page = await (await admin.get(editor)).text();
    const questionUnits = [...page.matchAll(/name="unit" value="(net-m01\/quiz\/[^"/]+\/text)"/g)].map(
      (match) => match[1],
    );
    expect(questionUnits.length).toBeGreaterThan(2);
    for (const unit of questionUnits)
      expect((await save(unit, 'translate', `Question en français (${unit})`)).status).toBe(303);
    const capstoneEditor = await (await admin.get('/i/sn-ifpe/admin/copies/reseaux-fr/units/capstone')).text();
    const briefSaved = await admin.postForm('/i/sn-ifpe/admin/copies/reseaux-fr/units/capstone/units', {
      _csrf: tokenOf(capstoneEditor),
      unit: 'capstone/brief',
      shown: shownOf(capstoneEditor, 'capstone/brief'),
      action: 'translate',
      text: 'Rédigez un **plan stratégique** pour un réseau réel.',
    });
    expect(briefSaved.status).toBe(303);

    // A cohort on the copy, created and filled through the admin pages.
    const home = await (await admin.get('/i/sn-ifpe/admin')).text();
    expect(home).toContain('<option value="reseaux-fr">');
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const nextMonth = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const created = await admin.postForm('/i/sn-ifpe/admin/cohorts', {
      _csrf: tokenOf(home),
      title: 'Cohorte de test (FR)',
      courseSlug: 'school-resource-allocation',
      courseCopy: 'reseaux-fr',
      startDate: yesterday,
      timeZone: 'Africa/Dakar',
      capacity: '10',
      enrolmentOpens: yesterday,
      enrolmentCloses: nextMonth,
    });
    expect(created.status).toBe(303);
    const cohortId = created.headers.get('location')!.split('/').pop()!;
    const [cohort] = await sql<{ course_id: string; course_copy_id: string | null }>(
      `SELECT v.course_id, c.course_copy_id FROM cohorts c JOIN course_versions v ON v.id = c.course_version_id WHERE c.id = $1`,
      [cohortId],
    );
    // The copy decides the course: the cohort runs the copy's master course, whatever courseSlug said.
    expect(cohort.course_id).toBe('epm-networks');
    expect(cohort.course_copy_id).not.toBeNull();
    const cohortPage = await (await admin.get(`/i/sn-ifpe/admin/cohorts/${cohortId}`)).text();
    const enrolled = await admin.postForm(`/i/sn-ifpe/admin/cohorts/${cohortId}/enrolments`, {
      _csrf: tokenOf(cohortPage, '/enrolments'),
      email: 'participant@sn.demo.cascade.test',
      fullName: 'Fatou Ba',
    });
    expect(enrolled.status).toBe(303);

    const participant = await signInAs(running.baseUrl, 'participant@sn.demo.cascade.test');
    const base = `/i/sn-ifpe/cohorts/${cohortId}`;
    const module = await (await participant.get(`${base}/modules/net-m01`)).text();
    expect(module).toContain('<h1>Introduction aux réseaux et grappes d’écoles</h1>');
    expect(module).toContain('Un <strong>réseau éducatif</strong> est un groupe.');
    expect(module).toMatch(/<div class="copy-untranslated" lang="en"><p class="copy-mark">Not yet translated<\/p>/);

    const quiz = await (await participant.get(`${base}/modules/net-m01/quiz`)).text();
    const started = await participant.postForm(`${base}/modules/net-m01/quiz/start`, {
      _csrf: tokenOf(quiz, '/start'),
    });
    expect(started.status).toBe(303);
    const question = await (await participant.get(started.headers.get('location')!)).text();
    expect(question).toContain('Question en français (net-m01/quiz/');
    expect(question).not.toContain('A district officer inherits');

    const capstone = await (await participant.get(`${base}/capstone`)).text();
    expect(capstone).toContain('Rédigez un <strong>plan stratégique</strong> pour un réseau réel.');
    // The master cohort of the same institute still reads the master text.
    const [{ id: englishCohort }] = await sql<{ id: string }>(
      `SELECT id FROM cohorts WHERE title = 'Education networks and clusters, Dakar cohort'`,
    );
    const english = await (await participant.get(`/i/sn-ifpe/cohorts/${englishCohort}/modules/net-m01`)).text();
    expect(english).toContain('<h1>Introduction to Education Networks and Clusters</h1>');
  });
});
