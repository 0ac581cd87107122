import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { HttpSession } from '../support/http-session.js';
import { runEntry, startTestApp, type RunningApp } from '../support/test-app.js';
import { querySql, signInAs } from '../support/test-sql.js';

const COPY = '/i/sn-ifpe/admin/copies/reseaux-e2e';

/** What a translator does in the file: English words of the text (never the codes) become French. */
function translateXliff(xml: string): string {
  const french = (text: string) => text.replace(/\bthe\b/gu, 'le').replace(/\bnetworks\b/gu, 'réseaux');
  return xml.replace(/<source>([\s\S]*?)<\/source>/gu, (whole, inner: string) => {
    const target = inner
      .split(/(<[^>]+>)/u)
      .map((piece) => (piece.startsWith('<') ? piece : french(piece)))
      .join('');
    return `${whole}\n        <target>${target}</target>`;
  });
}

describe('localization exchange over HTTP: translation files, upstream changes, packages', () => {
  let running: RunningApp;
  let admin: HttpSession;
  let workDir: string;
  const sql = <Row extends object>(text: string, values: unknown[] = []) =>
    querySql<Row>(running.database.url, text, values);
  const unitRows = async () => Number((await sql<{ n: string }>('SELECT count(*) AS n FROM course_copy_units'))[0].n);
  const upload = async (
    session: HttpSession,
    page: string,
    action: string,
    name: string,
    body: string | Buffer,
    extra: Record<string, string> = {},
  ) => {
    const html = await (await session.get(page)).text();
    const token = /name="_csrf" value="([^"]+)"/u.exec(html)![1];
    const form = new FormData();
    form.set('_csrf', token);
    for (const [key, value] of Object.entries(extra)) form.set(key, value);
    form.set('file', new Blob([typeof body === 'string' ? body : new Uint8Array(body)]), name);
    return session.postMultipart(action, form);
  };

  beforeAll(async () => {
    running = await startTestApp({ seedDemo: true, copyContent: true });
    admin = await signInAs(running.baseUrl, 'admin@sn.demo.cascade.test');
    await sql(
      `INSERT INTO course_copies (institute_id, course_id, slug, language, title, base_version_id)
       SELECT i.id, 'epm-networks', 'reseaux-e2e', 'fr', 'Réseaux (e2e)',
         (SELECT id FROM course_versions WHERE course_id = 'epm-networks' ORDER BY number DESC LIMIT 1)
       FROM institutes i WHERE i.slug = 'sn-ifpe'`,
    );
    workDir = await mkdtemp(path.join(os.tmpdir(), 'cascade-exchange-e2e-'));
  });

  afterAll(async () => {
    await running?.close();
    await rm(workDir, { recursive: true, force: true });
  });

  it('should give the French demo copy back unchanged: its XLIFF and CSV carry every translation and re-import as no change', async () => {
    const demo = '/i/sn-ifpe/admin/copies/epm-networks-fr';
    const xliff = await (await admin.get(`${demo}/exchange/xliff`)).text();
    const units = xliff.match(/<unit /gu)!.length;
    const untranslated = [...xliff.matchAll(/<unit id="([^"]+)"[\s\S]*?<\/unit>/gu)]
      .filter((match) => !match[0].includes('<target>'))
      .map((match) => match[1]);
    // Every unit it does not adapt (adapted units are left out of the file) goes out with its translation, except
    // accepted short answers whose `*` wildcards the translation placed differently: `*` reads as an emphasis code,
    // so those cannot be offered with the source's codes and go out untranslated (a known limit, see the README).
    expect(untranslated.length).toBeLessThan(30);
    for (const id of untranslated) expect(id).toMatch(/\.quiz\.[^.]+\.answers\.[^.]+\.text$/u);
    expect(units).toBeGreaterThan(1000);
    const before = await unitRows();

    for (const [name, body] of [
      ['fr.xlf', xliff],
      ['fr.csv', await (await admin.get(`${demo}/exchange/csv`)).text()],
    ] as const) {
      const response = await upload(admin, `${demo}/exchange`, `${demo}/exchange/import`, name, body);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('No unit changed: nothing to save.');
    }
    expect(await unitRows()).toBe(before);
  });

  it('should download the XLIFF, import it translated, say how many units were updated, and render the translations', async () => {
    const download = await admin.get(`${COPY}/exchange/xliff`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toMatch(/application\/xliff\+xml/u);
    expect(download.headers.get('content-disposition')).toMatch(/reseaux-e2e-fr-v1\.xlf/u);
    const xliff = await download.text();
    expect(xliff).toContain('srcLang="en" trgLang="fr"');
    const units = xliff.match(/<unit /gu)!.length;
    const before = await unitRows();

    const response = await upload(
      admin,
      `${COPY}/exchange`,
      `${COPY}/exchange/import`,
      'fr.xlf',
      translateXliff(xliff),
    );

    expect(response.status).toBe(200);
    expect(await response.text()).toContain(`${units.toLocaleString('en')} units updated.`);
    expect(await unitRows()).toBe(before + units);
    const module = await (await admin.get('/i/sn-ifpe/courses/reseaux-e2e/modules/net-m01')).text();
    expect(module).toContain('Compare le main models of network organization');
    expect(module).toContain('Explain how réseaux can narrow or widen gaps');
  });

  it('should refuse a file with problems with a 422 page naming each unit, and write nothing', async () => {
    const xliff = translateXliff(
      (await (await admin.get(`${COPY}/exchange/xliff`)).text()).replace(/\s*<target>[\s\S]*?<\/target>/gu, ''),
    );
    const bad = xliff
      .replace('<unit id="net-m02.title"', '<unit id="net-m99.title"')
      .replace('trgLang="fr"', 'trgLang="es"');
    const before = await unitRows();

    const response = await upload(admin, `${COPY}/exchange`, `${COPY}/exchange/import`, 'bad.xlf', bad);

    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain('<code>net-m99/title</code>');
    expect(html).toMatch(/trgLang is &quot;es&quot;|trgLang is "es"/u);
    expect(await unitRows()).toBe(before);
  });

  it('should round-trip the CSV twin through the page', async () => {
    const csv = await (await admin.get(`${COPY}/exchange/csv`)).text();
    const lines = csv.split('\r\n');
    const at = lines.findIndex((line) => line.startsWith('net-m02/title,'));
    const [id, hash] = lines[at].split(',');
    lines[at] = `${id},${hash},x,Planification stratégique`;
    const before = await unitRows();
    const response = await upload(admin, `${COPY}/exchange`, `${COPY}/exchange/import`, 'fr.csv', lines.join('\r\n'));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('1 unit updated.');
    expect(await unitRows()).toBe(before + 1);
  });

  it('should show a new master version on the copy page, its word diff, and rebase keeping the translations', async () => {
    const file = path.join(
      running.contentDir,
      'courses',
      'education-networks-clusters',
      'modules',
      '01-introduction-to-networks.md',
    );
    const text = await readFile(file, 'utf8');
    await writeFile(
      file,
      text
        .replace('{#net-m01-defining-networks}', '{#net-m01-defining-networks}')
        .replace('## Defining education networks and clusters', '## Defining networks and clusters of schools'),
    );
    const imported = await runEntry('cli/content-import', running.environment);
    expect(imported.output).toContain('version 2 imported');

    const copyPage = await (await admin.get(COPY)).text();
    expect(copyPage).toContain('Master version 2 available.');
    const diff = await (await admin.get(`${COPY}/upstream`)).text();
    expect(diff).toContain('<del> education</del>');
    expect(diff).toContain('<ins> of schools</ins>');
    const token = /name="_csrf" value="([^"]+)"/u.exec(diff)![1];
    const before = await unitRows();

    const rebase = await admin.postForm(`${COPY}/upstream/rebase`, { _csrf: token });

    expect(rebase.status).toBe(303);
    expect(rebase.headers.get('location')).toBe(`${COPY}/exchange#rebase`);
    const [copy] = await sql<{ number: number }>(
      `SELECT v.number FROM course_copies c JOIN course_versions v ON v.id = c.base_version_id WHERE c.slug = 'reseaux-e2e'`,
    );
    expect(copy.number).toBe(2);
    expect(await unitRows()).toBe(before);
    const page = await (await admin.get(`${COPY}/exchange`)).text();
    expect(page).toContain('Last rebase, from version 1 to version 2');
    expect(page).toContain('<code>net-m01/sections/net-m01-defining-networks/title</code> (translated)');
    const audit = await sql<{ n: string }>(`SELECT count(*) AS n FROM audit_log WHERE action = 'course-copy.rebased'`);
    expect(audit[0].n).toBe('1');
  });

  it('should download the copy package, and a platform admin importing it here changes nothing; a damaged one is refused', async () => {
    const download = await admin.get(`${COPY}/package`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/zip');
    const bytes = Buffer.from(await download.arrayBuffer());
    const platform = await signInAs(running.baseUrl, 'platform.admin@demo.cascade.test');
    const before = await unitRows();

    const again = await upload(platform, '/admin/packages', '/admin/packages/import', 'p.zip', bytes);
    expect(again.status).toBe(200);
    const html = await again.text();
    expect(html).toContain('already here, unchanged');
    expect(html).toContain('Copy reseaux-e2e in sn-ifpe: unchanged');
    expect(await unitRows()).toBe(before);

    const damaged = Buffer.from(bytes);
    damaged[Math.floor(damaged.length / 2)] ^= 0xff;
    const refused = await upload(platform, '/admin/packages', '/admin/packages/import', 'p.zip', damaged);
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('Package refused, nothing was imported');
    expect(await unitRows()).toBe(before);

    expect((await admin.get('/admin/packages')).status).toBe(404);
    const master = await platform.get('/admin/packages?course=education-networks-clusters&version=1');
    expect(master.status).toBe(200);
    expect(master.headers.get('content-disposition')).toContain('education-networks-clusters-v1.cascade.zip');
    expect((await platform.get('/admin/packages?course=nope')).status).toBe(404);
  });

  it('should export and import packages from the command line', async () => {
    const out = path.join(workDir, 'networks.zip');
    const exported = await runEntry('cli/content-export-package', running.environment, [
      'education-networks-clusters',
      '--copy',
      'sn-ifpe/reseaux-e2e',
      '--out',
      out,
    ]);
    expect(exported.code).toBe(0);
    const imported = await runEntry('cli/content-import-package', running.environment, [out, '--institute', 'sn-ifpe']);
    expect(imported.output).toContain('education-networks-clusters: version 2 unchanged (no-op)');
    expect(imported.output).toContain('copy sn-ifpe/reseaux-e2e: unchanged (0 units written)');
    expect(imported.code).toBe(0);
    await writeFile(path.join(workDir, 'broken.zip'), (await readFile(out)).subarray(0, 100));
    const broken = await runEntry('cli/content-import-package', running.environment, [
      path.join(workDir, 'broken.zip'),
    ]);
    expect(broken.code).toBe(1);
    expect(broken.output).toContain('not a readable ZIP file');
  });

  it("should hide a copy's exchange pages from another institute's admin", async () => {
    const other = await signInAs(running.baseUrl, 'admin@np.demo.cascade.test');
    expect((await other.get(`${COPY}/exchange`)).status).toBe(404);
    expect((await other.get(`${COPY}/package`)).status).toBe(404);
  });
});
