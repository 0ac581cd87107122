import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { HttpSession } from '../support/http-session.js';
import { runEntry, startTestApp, type RunningApp } from '../support/test-app.js';
import { querySql, signInAs } from '../support/test-sql.js';
import { seedQuestionCount } from '../support/quiz.js';

const SLUG = 'school-resource-allocation';
const PAGE = '/admin/question-banks';

/** A small Moodle export: a category, comments, feedback, a weight, a numeric range, matching, true/false. */
const GIFT = [
  '// Exported from Moodle',
  '$CATEGORY: $course$/top/Budgets',
  '',
  '::Functional view::Which classification answers "what is the money for?" {',
  '  =Functional#Right\\: spending by purpose.',
  '  ~%50%Programme#Half right.',
  '  ~Economic#That is what is bought.',
  '}',
  '',
  '::Dropout target::Give a dropout target from 1 to 5 percent. {#1..5}',
  '',
  '::Equity pairs::Match each principle with its meaning. {',
  '  =Horizontal equity -> similar pupils, similar resources',
  '  =Vertical equity -> greater needs, more resources',
  '  =Adequacy -> enough to reach the standards',
  '}',
  '',
  '::Zero-based::Zero-based budgets start from nothing each year. {T}',
  '',
].join('\n');
const GIFT_KEYS = ['functional-view', 'dropout-target', 'equity-pairs', 'zero-based'];

interface ImportFields {
  module: string;
  format?: 'gift' | 'aiken';
  mode?: 'append' | 'replace';
  action: 'preview' | 'apply';
  allowSkipping?: boolean;
  /** An uploaded file, as a browser sends it. */
  file?: { name: string; content: BlobPart };
  /** Pasted text. */
  text?: string;
}

/** The text box of a page as a browser reads it: entities undone, and the newline right after the tag dropped. */
function textBox(html: string): string {
  const characters: Record<string, string> = {
    amp: '&',
    lt: '<',
    gt: '>',
    quot: '"',
    '#x27': "'",
    '#x60': '`',
    '#x3D': '=',
  };
  const escaped = /<textarea[^>]*>([\s\S]*?)<\/textarea>/.exec(html)![1];
  return escaped
    .replace(/^\n/, '')
    .replace(/&(amp|lt|gt|quot|#x27|#x60|#x3D);/g, (_entity, name: string) => characters[name]);
}

describe('question bank import page: GIFT and Aiken uploads by the platform admin', () => {
  let running: RunningApp;
  let admin: HttpSession;

  const sql = <Row extends object>(text: string, values: unknown[] = []) =>
    querySql<Row>(running.database.url, text, values);
  const quizPath = (module = '01-school-finance') =>
    path.join(running.contentDir, 'courses', SLUG, 'modules', `${module}.quiz.yaml`);
  const latestVersion = async () =>
    (
      await sql<{ number: number }>(
        `SELECT max(v.number)::int AS number FROM course_versions v JOIN courses c ON c.id = v.course_id WHERE c.slug = $1`,
        [SLUG],
      )
    )[0].number;
  /** The question keys of a module in the newest version of the course, in bank order. */
  const latestBank = async (moduleKey: string) =>
    (
      await sql<{ question_key: string }>(
        `SELECT q.question_key FROM quiz_questions q JOIN course_modules m ON m.id = q.module_id
         JOIN course_versions v ON v.id = m.course_version_id JOIN courses c ON c.id = v.course_id
         WHERE c.slug = $1 AND m.module_key = $2
           AND v.number = (SELECT max(number) FROM course_versions WHERE course_id = c.id)
         ORDER BY q.position`,
        [SLUG, moduleKey],
      )
    ).map((row) => row.question_key);
  /** What an import could change: the module's quiz file and the stored versions and questions. */
  const snapshot = async (module = '01-school-finance') => ({
    file: await readFile(quizPath(module), 'utf8'),
    versions: await sql('SELECT id, number FROM course_versions ORDER BY id'),
    questions: await sql('SELECT count(*)::int AS n FROM quiz_questions'),
  });

  const importForm = (token: string | null, fields: ImportFields) => {
    const form = new FormData();
    if (token !== null) form.set('_csrf', token);
    form.set('module', fields.module);
    form.set('format', fields.format ?? 'gift');
    form.set('mode', fields.mode ?? 'append');
    if (fields.file) {
      form.set('file', new Blob([fields.file.content], { type: 'application/octet-stream' }), fields.file.name);
    }
    form.set('text', fields.text ?? '');
    if (fields.allowSkipping) form.set('allowSkipping', 'yes');
    form.set('action', fields.action);
    return form;
  };
  const post = async (session: HttpSession, fields: ImportFields) => {
    const token = await session.csrfTokenFrom(PAGE);
    const response = await session.postMultipart(PAGE, importForm(token, fields));
    return { status: response.status, html: await response.text() };
  };

  beforeAll(async () => {
    running = await startTestApp({ seedDemo: true, copyContent: true });
    admin = await signInAs(running.baseUrl, 'platform.admin@demo.cascade.test');
  });

  afterAll(async () => {
    await running?.close();
  });

  it('should show the platform admin the form with every module to import into', async () => {
    const response = await admin.get(PAGE);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<h1>Import a question bank</h1>');
    expect(html).toContain('enctype="multipart/form-data"');
    expect(html).toMatch(/name="_csrf" value="[^"]+"/);
    expect(html).toContain(`<option value="${SLUG}/res-m01">`);
    expect(html).toContain('<option value="education-networks-clusters/net-m10">');
  });

  it('should preview an uploaded GIFT file: the parsed questions, the file back as text, nothing written', async () => {
    const before = await snapshot();
    // Starting with a blank line, which a text box would swallow unless the page guards it.
    const upload = `\n${GIFT}`;
    const { status, html } = await post(admin, {
      module: `${SLUG}/res-m01`,
      action: 'preview',
      file: { name: 'budgets.gift', content: upload },
    });
    expect(status).toBe(200);
    expect(html).toContain('Preview: nothing written yet');
    expect(html).toContain(`4 questions · new: 4 · kept: ${seedQuestionCount(SLUG, '01-school-finance')}`);
    expect(html).toContain('Which classification answers &quot;what is the money for?&quot;');
    expect(html).toContain('✓ Programme (50%) — Half right.');
    expect(html).toContain('1 to 5 (100%)');
    expect(html).toContain('Horizontal equity → similar pupils, similar resources');
    expect(html).toContain('res-m01-q-zero-based');
    // The upload comes back in the text box, ready to import without choosing the file again.
    expect(textBox(html)).toBe(upload);
    expect(await snapshot()).toEqual(before);
  });

  it('should import the previewed text, name the new version and serve the new questions', async () => {
    const version = await latestVersion();
    const seeded = await latestBank('res-m01');
    const preview = await post(admin, {
      module: `${SLUG}/res-m01`,
      action: 'preview',
      file: { name: 'budgets.gift', content: GIFT },
    });
    const text = textBox(preview.html);

    // As a browser sends it: the text box filled, the file input left empty.
    const { status, html } = await post(admin, {
      module: `${SLUG}/res-m01`,
      action: 'apply',
      file: { name: '', content: '' },
      text,
    });

    expect(status).toBe(200);
    expect(html).toContain(`${SLUG} is now at version ${version + 1}.`);
    const added = GIFT_KEYS.map((key) => `res-m01-q-${key}`);
    expect(await latestBank('res-m01')).toEqual([...seeded, ...added]);
    const file = await readFile(quizPath(), 'utf8');
    for (const id of added) expect(file).toContain(`id: ${id}\n`);

    // The catalogue serves the new version (once its short cache expires) with the larger bank.
    type Outline = { versionNumber?: number; modules?: { id: string; quiz: { questionCount: number } | null }[] };
    let course: Outline = {};
    for (let tries = 0; tries < 50 && course.versionNumber !== version + 1; tries++) {
      if (tries > 0) await new Promise((resolve) => setTimeout(resolve, 100));
      course = (await (await admin.get(`/api/courses/${SLUG}`)).json()) as Outline;
    }
    expect(course.versionNumber).toBe(version + 1);
    expect(course.modules!.find((module) => module.id === 'res-m01')!.quiz).toMatchObject({
      questionCount: seeded.length + 4,
    });
  });

  it('should refuse a file with an essay question with 422, naming its line, then import it skipping the essay', async () => {
    const gift = `${GIFT}\n::Reflection::How does your district fund its schools? {}\n`;
    const line = gift.split('\n').indexOf('::Reflection::How does your district fund its schools? {}') + 1;
    const version = await latestVersion();
    const before = await snapshot('02-data-driven-decisions');

    const refused = await post(admin, {
      module: `${SLUG}/res-m02`,
      action: 'apply',
      file: { name: 'budgets.gift', content: gift },
    });

    expect(refused.status).toBe(422);
    expect(refused.html).toContain('1 item of the file cannot be imported: fix it, or allow skipping it.');
    expect(refused.html).toContain(`<li>line ${line}: essay questions ({} with no answers) are not supported`);
    expect(await snapshot('02-data-driven-decisions')).toEqual(before);

    // Allowing skipping needs no second upload: the refused file came back in the text box.
    expect(textBox(refused.html)).toBe(gift);
    const skipping = await post(admin, {
      module: `${SLUG}/res-m02`,
      action: 'apply',
      allowSkipping: true,
      file: { name: '', content: '' },
      text: textBox(refused.html),
    });
    expect(skipping.status).toBe(200);
    expect(skipping.html).toContain(`Skipped (1)`);
    expect(skipping.html).toContain(`${SLUG} is now at version ${version + 1}.`);
    expect((await latestBank('res-m02')).slice(-4)).toEqual(GIFT_KEYS.map((key) => `res-m02-q-${key}`));
  });

  it('should refuse a file that is not UTF-8 with 422 and write nothing', async () => {
    const before = await snapshot('03-needs-based-allocation');
    const latin1 = Buffer.from('::Caf\u00e9::Le caf\u00e9 est-il compris ? {T}\n', 'latin1');
    const { status, html } = await post(admin, {
      module: `${SLUG}/res-m03`,
      action: 'apply',
      file: { name: 'export.gift', content: latin1 },
    });
    expect(status).toBe(422);
    expect(html).toContain('line 1: the file is not UTF-8 text');
    expect(await snapshot('03-needs-based-allocation')).toEqual(before);
  });

  it('should import an uploaded Aiken file', async () => {
    const version = await latestVersion();
    const aiken = [
      'Which principle gives more to pupils with greater needs?',
      'A. Horizontal equity',
      'B. Vertical equity',
      'C. Adequacy',
      'ANSWER: B',
      '',
      'Which budget view answers "what is it for?"',
      'A) Economic',
      'B) Functional',
      'ANSWER: B',
      '',
    ].join('\r\n');
    const { status, html } = await post(admin, {
      module: `${SLUG}/res-m04`,
      format: 'aiken',
      mode: 'replace',
      action: 'apply',
      file: { name: 'equity.txt', content: aiken },
    });
    expect(status).toBe(200);
    expect(html).toContain(`${SLUG} is now at version ${version + 1}.`);
    const bank = await sql<{ type: string; text: string }>(
      `SELECT q.type, q.definition->>'text' AS text FROM quiz_questions q JOIN course_modules m ON m.id = q.module_id
       JOIN course_versions v ON v.id = m.course_version_id WHERE m.module_key = 'res-m04' AND v.number = $1
       ORDER BY q.position`,
      [version + 1],
    );
    expect(bank).toEqual([
      { type: 'single-choice', text: 'Which principle gives more to pupils with greater needs?' },
      { type: 'single-choice', text: 'Which budget view answers "what is it for?"' },
    ]);
  });

  it('should import a previewed upload of over 1 MB in full from the text box, and refuse longer text, not cut it', async () => {
    const version = await latestVersion();
    const question = (n: number) =>
      `::Question ${n}::${'A long stem about a school budget. '.repeat(15)}Question ${n}? {=right ~wrong ~other}\n\n`;
    let gift = '';
    let count = 0;
    while (Buffer.byteLength(gift) < 1.2 * 1024 * 1024) gift += question(++count);
    const preview = await post(admin, {
      module: `${SLUG}/res-m06`,
      mode: 'replace',
      action: 'preview',
      file: { name: 'big.gift', content: gift },
    });
    // Counts are written the locale's way (English groups thousands with a comma).
    const written = count.toLocaleString('en-GB');
    expect(preview.html).toContain(`${written} questions · new: ${written}`);
    const text = textBox(preview.html);

    const applied = await post(admin, { module: `${SLUG}/res-m06`, mode: 'replace', action: 'apply', text });
    expect(applied.status).toBe(200);
    expect(applied.html).toContain(`${SLUG} is now at version ${version + 1}.`);
    expect(await latestBank('res-m06')).toHaveLength(count);

    const before = await snapshot('06-optimizing-utilization');
    let longer = gift;
    while (Buffer.byteLength(longer) <= 2 * 1024 * 1024) longer += question(++count);
    const refused = await post(admin, { module: `${SLUG}/res-m06`, mode: 'replace', action: 'apply', text: longer });
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('The pasted questions are larger than 2 MB: import them in several parts.');
    expect(await snapshot('06-optimizing-utilization')).toEqual(before);
  });

  it('should answer 404 to everyone but platform admins, as for an unknown address, and write nothing', async () => {
    const before = await snapshot();
    /** The error as the API shapes it, with the address it names left out. */
    const notFound = async (response: Response, path: string) => {
      const body = (await response.json()) as { statusCode: number; code: string; message: string };
      return { status: response.status, code: body.code, message: body.message.replace(path, '<path>') };
    };
    const json = { accept: 'application/json' };
    const unknown = await notFound(await admin.get('/admin/no-such-page', json), '/admin/no-such-page');
    expect(unknown).toEqual({ status: 404, code: 'ROUTE_NOT_FOUND', message: 'Cannot GET <path>' });

    const people = [
      'admin@sn.demo.cascade.test',
      'hub.admin@demo.cascade.test',
      'trainer@np.demo.cascade.test',
      'participant@np.demo.cascade.test',
    ];
    const sessions = [
      ...(await Promise.all(people.map((email) => signInAs(running.baseUrl, email)))),
      new HttpSession(running.baseUrl),
    ];
    for (const [index, session] of sessions.entries()) {
      const who = people[index] ?? 'anonymous';
      expect([who, await notFound(await session.get(PAGE, json), PAGE)]).toEqual([who, unknown]);
      // A valid token of the person's own session, so that a refusal can only come from who they are.
      const token = await session.csrfTokenFrom(who === 'anonymous' ? '/login' : '/me');
      const posted = await session.postMultipart(
        PAGE,
        importForm(token, { module: `${SLUG}/res-m01`, action: 'apply', file: { name: 'x.gift', content: GIFT } }),
        json,
      );
      expect([who, await notFound(posted, PAGE)]).toEqual([who, { ...unknown, message: 'Cannot POST <path>' }]);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('should refuse a post without the CSRF token, or with a forged one', async () => {
    const before = await snapshot();
    const fields: ImportFields = { module: `${SLUG}/res-m01`, action: 'apply', mode: 'replace', text: GIFT };
    expect((await admin.postMultipart(PAGE, importForm(null, fields))).status).toBe(403);
    expect((await admin.postMultipart(PAGE, importForm('forged', fields))).status).toBe(403);
    expect(await snapshot()).toEqual(before);
  });

  it('should import from the command line, with a dry run that writes nothing and file:line errors', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'cascade-gift-cli-'));
    try {
      const file = path.join(folder, 'budgets.gift');
      await writeFile(file, GIFT);
      const before = await snapshot('05-resources-and-equity');
      const dryRun = await runEntry('cli/import-gift', running.environment, [file, 'res-m05', '--dry-run']);
      expect(dryRun).toMatchObject({ code: 0 });
      const kept = seedQuestionCount(SLUG, '05-resources-and-equity');
      expect(dryRun.output).toContain(`would write 4 questions (4 new, 0 replaced, 0 removed, ${kept} kept)`);
      expect(await snapshot('05-resources-and-equity')).toEqual(before);

      const broken = path.join(folder, 'broken.gift');
      const brokenGift = `${GIFT}\n::Reflection::Why? {}\n`;
      await writeFile(broken, brokenGift);
      const refused = await runEntry('cli/import-gift', running.environment, [broken, 'res-m05']);
      expect(refused.code).toBe(1);
      const line = brokenGift.split('\n').indexOf('::Reflection::Why? {}') + 1;
      expect(refused.output).toContain(`${broken}:${line}: essay questions`);
      expect(await snapshot('05-resources-and-equity')).toEqual(before);

      const version = await latestVersion();
      const applied = await runEntry('cli/import-gift', running.environment, [file, 'res-m05', '--replace']);
      expect(applied).toMatchObject({ code: 0 });
      expect(applied.output).toContain(`${SLUG}: version ${version + 1} imported`);
      expect(await latestBank('res-m05')).toEqual(GIFT_KEYS.map((key) => `res-m05-q-${key}`));
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
