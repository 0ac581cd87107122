import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { CapstoneDefinition } from '../../src/modules/capstones/domain/capstone.types.js';
import { samplePdf, sampleWindowsExecutable } from '../../src/modules/capstones/domain/file-samples.fixtures.js';
import type { HttpSession } from '../support/http-session.js';
import { startTestApp, type RunningApp } from '../support/test-app.js';
import { querySql, signInAs } from '../support/test-sql.js';

describe('capstone action plans through the pages', () => {
  let running: RunningApp;
  let kathmandu: string;
  let dakar: string;
  let resourcesCapstone: CapstoneDefinition;

  const cohortId = async (institute: string) =>
    (
      await querySql<{ id: string }>(
        running.database.url,
        `SELECT c.id FROM cohorts c JOIN institutes i ON i.id = c.institute_id WHERE i.slug = $1`,
        [institute],
      )
    )[0].id;
  const page = (institute: string, cohort: string) => `/i/${institute}/cohorts/${cohort}/capstone`;
  const tokenOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1];
  const revisionOf = (html: string) => /name="revision" value="(\d+)"/.exec(html)![1];
  const html = { accept: 'text/html' };

  async function saveSection(session: HttpSession, base: string, sectionId: string, fields: Record<string, string>) {
    const form = await (await session.get(`${base}/sections/${sectionId}`, html)).text();
    return session.postForm(
      `${base}/sections/${sectionId}`,
      { _csrf: tokenOf(form), revision: revisionOf(form), ...fields },
      html,
    );
  }

  /** Writes every required section of the seed capstone not named in `done`, through the section forms. */
  async function fillRequiredSections(session: HttpSession, base: string, done: string[]) {
    for (const section of resourcesCapstone.sections) {
      if (!section.required || done.includes(section.id)) continue;
      const fields: Record<string, string> =
        section.kind === 'text'
          ? { text: `${section.title}: what the district will do.` }
          : section.kind === 'activities'
            ? { 'what-0': 'Train head teachers', 'who-0': 'District office', 'start-0': '2026-01-05' }
            : { currency: 'NPR', 'item-0': 'Workshop', 'category-0': 'Training', 'cost-0': '10' };
      if (section.kind === 'activities') Object.assign(fields, { 'end-0': '2026-02-20', 'kpi-0': '90 % trained' });
      if (section.kind === 'budget') fields['fundingSource-0'] = 'Government';
      expect((await saveSection(session, base, section.id, fields)).status).toBe(303);
    }
  }

  async function upload(session: HttpSession, base: string, name: string, bytes: Buffer) {
    const overview = await (await session.get(base, html)).text();
    const form = new FormData();
    form.set('_csrf', tokenOf(overview));
    form.set('file', new Blob([new Uint8Array(bytes)]), name);
    return session.postMultipart(`${base}/attachments`, form, html);
  }

  async function submit(session: HttpSession, base: string) {
    const overview = await (await session.get(base, html)).text();
    return session.postForm(`${base}/submit`, { _csrf: tokenOf(overview), revision: revisionOf(overview) }, html);
  }

  beforeAll(async () => {
    running = await startTestApp({ seedDemo: true });
    kathmandu = await cohortId('np-cept');
    dakar = await cohortId('sn-ifpe');
    // The Kathmandu cohort runs the resources course: its seed capstone (capstone.yaml) is the one written here.
    [{ capstone: resourcesCapstone }] = await querySql<{ capstone: CapstoneDefinition }>(
      running.database.url,
      `SELECT v.capstone FROM cohorts c JOIN course_versions v ON v.id = c.course_version_id WHERE c.id = $1`,
      [kathmandu],
    );
  });

  afterAll(async () => {
    await running?.close();
  });

  it('should write sections, attach a PDF, refuse a renamed executable and a large file, submit and resubmit', async () => {
    const participant = await signInAs(running.baseUrl, 'participant@np.demo.cascade.test');
    const base = page('np-cept', kathmandu);
    expect((await participant.get(base, html)).status).toBe(200);

    const saved = await saveSection(participant, base, 'needs-assessment', {
      text: 'Every child in the district learns.',
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`${base}/sections/needs-assessment?saved=1`);
    expect(await (await participant.get(`${base}/sections/needs-assessment?saved=1`, html)).text()).toContain('Saved.');

    const partial = await saveSection(participant, base, 'budget', { currency: 'NPR', 'item-0': 'Workshop' });
    expect(partial.status).toBe(400);
    expect(await partial.text()).toContain('Row 1: the cost is empty.');
    const budget = await saveSection(participant, base, 'budget', {
      currency: 'NPR',
      'item-0': 'Workshop',
      'category-0': 'Training',
      'cost-0': '0.10',
      'fundingSource-0': 'Government',
      'item-1': 'Printing',
      'category-1': 'Materials',
      'cost-1': '0.20',
      'fundingSource-1': 'Government',
    });
    expect(budget.status).toBe(303);
    const budgetPage = await (await participant.get(`${base}/sections/budget`, html)).text();
    expect(budgetPage).toContain('Total: <strong>0.30 NPR</strong>');

    const pdf = await upload(participant, base, 'plan.pdf', samplePdf());
    expect(pdf.status).toBe(303);
    const renamed = await upload(participant, base, 'plan.pdf', sampleWindowsExecutable());
    expect(renamed.status).toBe(422);
    expect(await renamed.text()).toContain('The file is a program (Windows executable)');
    const large = await upload(
      participant,
      base,
      'big.pdf',
      Buffer.concat([samplePdf(), Buffer.alloc(10 * 1024 * 1024)]),
    );
    expect(large.status).toBe(413);
    expect(await large.text()).toContain('The file is larger than 10 MB');

    await fillRequiredSections(participant, base, ['needs-assessment', 'budget']);
    const first = await submit(participant, base);
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe(`${base}/versions/1`);
    const version = await (await participant.get(`${base}/versions/1`, html)).text();
    expect(version).toContain('Every child in the district learns.');
    expect(version).toContain('plan.pdf');

    await saveSection(participant, base, 'stakeholder-communication', { text: 'The district funds it.' });
    expect((await submit(participant, base)).headers.get('location')).toBe(`${base}/versions/2`);
    const rows = await querySql<{ version: number; late: boolean }>(
      running.database.url,
      `SELECT version, late FROM capstone_submissions WHERE cohort_id = $1 ORDER BY version`,
      [kathmandu],
    );
    expect(rows).toEqual([
      { version: 1, late: false },
      { version: 2, late: false },
    ]);
  });

  it('should serve an attachment to its owner and the staff only, and not through another institute', async () => {
    const [attachment] = await querySql<{ id: string }>(
      running.database.url,
      `SELECT id FROM capstone_attachments WHERE cohort_id = $1`,
      [kathmandu],
    );
    const path = `${page('np-cept', kathmandu)}/attachments/${attachment.id}`;
    const owner = await signInAs(running.baseUrl, 'participant@np.demo.cascade.test');
    const response = await owner.get(path);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toContain('attachment; filename="plan.pdf"');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await response.arrayBuffer()).equals(samplePdf())).toBe(true);

    const trainer = await signInAs(running.baseUrl, 'trainer@np.demo.cascade.test');
    expect((await trainer.get(path)).status).toBe(200);
    const otherParticipant = await signInAs(running.baseUrl, 'participant2@np.demo.cascade.test');
    expect((await otherParticipant.get(path)).status).toBe(404);
    const otherInstitute = await signInAs(running.baseUrl, 'trainer@sn.demo.cascade.test');
    expect((await otherInstitute.get(path)).status).toBe(404);
    expect((await otherInstitute.get(`${page('sn-ifpe', dakar)}/attachments/${attachment.id}`)).status).toBe(404);
    const senegal = await signInAs(running.baseUrl, 'participant@sn.demo.cascade.test');
    expect((await senegal.get(`${page('sn-ifpe', dakar)}/attachments/${attachment.id}`)).status).toBe(404);
  });

  it('should refuse a late plan under the refuse policy and accept it after an extension', async () => {
    const base = page('np-cept', kathmandu);
    await querySql(
      running.database.url,
      `UPDATE cohorts SET schedule = jsonb_set(schedule, '{capstoneDueAt}', to_jsonb($2::text)) WHERE id = $1`,
      [kathmandu, new Date(Date.now() - 86_400_000).toISOString()],
    );
    const trainer = await signInAs(running.baseUrl, 'trainer@np.demo.cascade.test');
    const people = await (await trainer.get(`${base}/people`, html)).text();
    expect(
      (await trainer.postForm(`${base}/people/late-policy`, { _csrf: tokenOf(people), policy: 'refuse' })).status,
    ).toBe(303);

    const participant = await signInAs(running.baseUrl, 'participant@np.demo.cascade.test');
    await saveSection(participant, base, 'stakeholder-communication', { text: 'The district and parents fund it.' });
    const refused = await submit(participant, base);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('does not accept late plans');

    const [person] = await querySql<{ id: string }>(
      running.database.url,
      `SELECT id FROM users WHERE email = 'participant@np.demo.cascade.test'`,
    );
    const personPage = await (await trainer.get(`${base}/people/${person.id}`, html)).text();
    const dueAt = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 16);
    const granted = await trainer.postForm(`${base}/people/${person.id}/extensions`, {
      _csrf: tokenOf(personPage),
      dueAt,
      reason: 'Flooded office',
    });
    expect(granted.status).toBe(303);
    expect((await submit(participant, base)).headers.get('location')).toBe(`${base}/versions/3`);
    const audit = await querySql<{ action: string }>(
      running.database.url,
      `SELECT action FROM audit_log WHERE action LIKE 'capstone%' ORDER BY id`,
    );
    expect(audit.map((row) => row.action)).toEqual([
      'capstone.submitted',
      'capstone.submitted',
      'capstone.late-policy-changed',
      'capstone-extension.granted',
      'capstone.submitted',
    ]);
  });
});
