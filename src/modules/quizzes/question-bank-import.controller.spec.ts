import { copyFile, cp, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { httpStatusOf } from '../../common/errors/http-status-of.js';
import { PageResponder } from '../../common/http/page-responder.js';
import { TemplateRenderer } from '../../infra/templates/template-renderer.js';
import type { ContentImportService, ImportReport } from '../content/content-import.service.js';
import { ContentImportError } from '../content/content.errors.js';
import type { ContentService } from '../content/content.service.js';
import { QuestionBankImportController, QuestionBankPageNotFoundError } from './question-bank-import.controller.js';
import { QuestionBankImportService } from './question-bank-import.service.js';

const SLUG = 'school-resource-allocation';
const ADMIN = { userId: 'u1', isPlatformAdmin: true, memberships: [], email: 'a@x.org', fullName: 'Ada Admin' };

interface Sent {
  status: number;
  html: string;
}

class FakeReply {
  sent: Sent = { status: 0, html: '' };
  generateCsrf() {
    return 'csrf-token';
  }
  code(status: number) {
    this.sent.status = status;
    return this;
  }
  header() {
    return this;
  }
  send(html: string) {
    this.sent.html = html;
    return this;
  }
}

/** The content import's answer, or its refusal; the database itself is not this test's business. */
const contentImport = {
  refuse: false,
  calls: 0,
  async importCourses(): Promise<ImportReport> {
    this.calls += 1;
    if (this.refuse) throw new ContentImportError([{ file: 'course.yaml', line: 3, message: 'refused for the test' }]);
    return {
      courses: [{ courseId: 'c', slug: SLUG, versionNumber: 5, versionId: 'v5', created: true, status: 'created' }],
    };
  },
};

const content = {
  listCourses: async () => [{ slug: SLUG }],
  getCourse: async () => ({
    slug: SLUG,
    title: 'School Resource Allocation',
    versionNumber: 4,
    modules: [
      { id: 'res-m01', number: 1, title: 'Introduction to School Finance' },
      { id: 'res-m02', number: 2, title: 'Data-Driven Decisions' },
    ],
  }),
} as unknown as ContentService;

let contentDir: string;
let featureDir: string;
let viewsDir: string;
let controller: QuestionBankImportController;

beforeAll(async () => {
  // Only this feature's view and strings, so the test does not depend on pages other work has in progress.
  featureDir = await mkdtemp(path.join(os.tmpdir(), 'cascade-views-'));
  viewsDir = path.join(featureDir, 'views');
  await mkdir(viewsDir);
  await cp(path.join('src', 'modules', 'quizzes', 'i18n'), path.join(featureDir, 'i18n'), { recursive: true });
  await copyFile(
    path.join('src', 'modules', 'quizzes', 'views', 'question-bank-import.hbs'),
    path.join(viewsDir, 'question-bank-import.hbs'),
  );
});

afterAll(async () => {
  await rm(featureDir, { recursive: true, force: true });
});

beforeEach(async () => {
  contentDir = await mkdtemp(path.join(os.tmpdir(), 'cascade-question-bank-page-'));
  await mkdir(path.join(contentDir, 'courses'));
  await cp(path.join('content', 'courses', SLUG), path.join(contentDir, 'courses', SLUG), { recursive: true });
  contentImport.refuse = false;
  contentImport.calls = 0;
  const service = new QuestionBankImportService(contentImport as unknown as ContentImportService, content, {
    CONTENT_DIR: contentDir,
  });
  controller = new QuestionBankImportController(service, new PageResponder(new TemplateRenderer([viewsDir])));
});

afterEach(async () => {
  await rm(contentDir, { recursive: true, force: true });
});

function request(method: 'GET' | 'POST', viewer: typeof ADMIN | null, body?: Record<string, unknown>) {
  return { method, url: '/admin/question-banks', headers: {}, viewer, body } as unknown as FastifyRequest;
}

async function page(method: 'GET' | 'POST', body?: Record<string, unknown>): Promise<Sent> {
  const reply = new FakeReply();
  if (method === 'GET') await controller.show(request('GET', ADMIN), reply as unknown as FastifyReply);
  else await controller.submit(request('POST', ADMIN, body), reply as unknown as FastifyReply);
  return reply.sent;
}

const quizFile = () => path.join(contentDir, 'courses', SLUG, 'modules', '01-school-finance.quiz.yaml');
const GIFT = '::Equal funding::Equal pupils, equal funding? {T}\n\n::Reflection:: How is your district funded? {}\n';
const form = (fields: Record<string, unknown>) => ({
  _csrf: 'csrf-token',
  module: `${SLUG}/res-m01`,
  format: 'gift',
  mode: 'append',
  ...fields,
});

describe('QuestionBankImportController', () => {
  it('should answer anyone but a platform admin exactly as an unknown page: 404 ROUTE_NOT_FOUND', async () => {
    const nobody = { ...ADMIN, isPlatformAdmin: false };
    for (const viewer of [null, nobody]) {
      const reply = new FakeReply() as unknown as FastifyReply;
      const refused = await controller.show(request('GET', viewer), reply).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(QuestionBankPageNotFoundError);
      expect(refused).toMatchObject({ code: 'ROUTE_NOT_FOUND', message: 'Cannot GET /admin/question-banks' });
      expect(httpStatusOf((refused as QuestionBankPageNotFoundError).code)).toBe(404);
      await expect(
        controller.submit(request('POST', viewer, form({ action: 'apply', text: GIFT })), reply),
      ).rejects.toThrow('Cannot POST /admin/question-banks');
    }
    expect(contentImport.calls).toBe(0);
  });

  it('should show the form with the modules of the latest course versions', async () => {
    const { status, html } = await page('GET');
    expect(status).toBe(200);
    expect(html).toContain(
      '<form class="stack" method="post" action="/admin/question-banks" enctype="multipart/form-data">',
    );
    expect(html).toContain('<input type="hidden" name="_csrf" value="csrf-token">');
    expect(html).toContain('<optgroup label="School Resource Allocation (version 4)">');
    expect(html).toContain(`<option value="${SLUG}/res-m02">2. Data-Driven Decisions (res-m02)</option>`);
    expect(html).toContain('<option value="gift" selected>Moodle GIFT</option>');
    expect(html).not.toContain('Preview: nothing written yet');
  });

  it('should preview an uploaded file: its questions, every problem by line, and its text back in the form', async () => {
    const before = await readFile(quizFile(), 'utf8');
    const { status, html } = await page('POST', form({ action: 'preview', file: Buffer.from(GIFT), text: '' }));
    expect(status).toBe(200);
    expect(html).toContain('Preview: nothing written yet');
    expect(html).toContain('res-m01-q-equal-funding');
    expect(html).toContain('Answer: true');
    expect(html).toContain(
      '<li>line 3: essay questions ({} with no answers) are not supported: they need a grader</li>',
    );
    expect(html).toContain('::Equal funding::Equal pupils, equal funding? {T}');
    expect(html).toContain(`<option value="${SLUG}/res-m01" selected>`);
    expect(await readFile(quizFile(), 'utf8')).toBe(before);
  });

  it('should refuse to import while an item cannot be imported, with 422 and nothing written', async () => {
    const before = await readFile(quizFile(), 'utf8');
    const { status, html } = await page('POST', form({ action: 'apply', text: GIFT }));
    expect(status).toBe(422);
    expect(html).toContain('Nothing was written');
    expect(html).toContain('1 item of the file cannot be imported: fix it, or allow skipping it. Nothing was written.');
    expect(html).toContain('line 3: essay questions');
    expect(await readFile(quizFile(), 'utf8')).toBe(before);
    expect(contentImport.calls).toBe(0);
  });

  it('should import when skipping is allowed and show the new course version and what was skipped', async () => {
    const { status, html } = await page('POST', form({ action: 'apply', text: GIFT, allowSkipping: 'yes' }));
    expect(status).toBe(200);
    expect(html).toContain(`${SLUG} is now at version 5.`);
    expect(html).toContain('Skipped (1)');
    expect(await readFile(quizFile(), 'utf8')).toContain('- id: res-m01-q-equal-funding\n');
  });

  it('should show the content import’s refusal with its file and line, the quiz file left as it was', async () => {
    const before = await readFile(quizFile(), 'utf8');
    contentImport.refuse = true;
    const { status, html } = await page('POST', form({ action: 'apply', text: '::New::New? {T}', mode: 'replace' }));
    expect(status).toBe(422);
    expect(html).toContain('<li>course.yaml:3: refused for the test</li>');
    expect(await readFile(quizFile(), 'utf8')).toBe(before);
  });

  it('should re-show the form with the reason for a request it cannot act on', async () => {
    expect(await page('POST', form({ action: 'preview', text: '' }))).toMatchObject({
      status: 400,
      html: expect.stringContaining('Choose a file to upload or paste the questions.'),
    });
    expect(await page('POST', form({ action: 'preview', text: 'Q {T}', module: `${SLUG}/res-m99` }))).toMatchObject({
      status: 404,
      html: expect.stringContaining('has no module file with id res-m99'),
    });
    expect(await page('POST', form({ action: 'preview', text: 'Q {T}', format: 'xml' }))).toMatchObject({
      status: 400,
      html: expect.stringContaining('format must be one of gift, aiken'),
    });
  });
});
