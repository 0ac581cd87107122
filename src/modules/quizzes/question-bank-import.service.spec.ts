import { cp, mkdtemp, readdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { ContentImportService, ImportReport } from '../content/content-import.service.js';
import { readCourseFolders } from '../content/content-files.reader.js';
import { ContentImportError } from '../content/content.errors.js';
import type { ContentService } from '../content/content.service.js';
import { parseCourse } from '../content/domain/parse-course.js';
import { parseQuizFile } from './domain/quiz-file.js';
import {
  inferQuestionBankFormat,
  QuestionBankImportRefusedError,
  QuestionBankImportService,
  QuestionBankModuleNotFoundError,
  QuestionBankRequestError,
} from './question-bank-import.service.js';

const SLUG = 'school-resource-allocation';

/**
 * Stands in for the database side of the content import: it validates the course folder with the real reader and
 * parser (so a bad file is refused exactly as `npm run content:import` would refuse it) and counts versions.
 */
class FakeContentImport {
  readonly calls: string[][] = [];
  failWith: Error | null = null;
  private version = 3;
  private lastSources = '';

  constructor(private readonly contentDir: string) {}

  async importCourses(options: { only?: string[] } = {}): Promise<ImportReport> {
    this.calls.push(options.only ?? []);
    if (this.failWith) throw this.failWith;
    const { courses, problems } = await readCourseFolders(this.contentDir, options.only);
    for (const course of courses) {
      const parsed = parseCourse(course);
      if (!parsed.ok) problems.push(...parsed.problems);
    }
    if (problems.length > 0) throw new ContentImportError(problems);
    const sources = JSON.stringify(courses);
    const created = sources !== this.lastSources;
    if (created) this.version += 1;
    this.lastSources = sources;
    return {
      courses: courses.map((course) => ({
        courseId: 'course-id',
        slug: course.slug,
        versionNumber: this.version,
        versionId: `version-${this.version}`,
        created,
        status: created ? 'created' : 'unchanged',
      })),
    };
  }
}

const contentService = {
  listCourses: async () => [{ slug: SLUG }],
  getCourse: async (slug: string) => ({
    slug,
    title: 'School Resource Allocation',
    versionNumber: 4,
    modules: [
      { id: 'res-m01', number: 1, weekNumber: 1, title: 'Introduction to School Finance', estimatedMinutes: 180 },
    ],
  }),
} as unknown as ContentService;

let contentDir: string;
let modulesDir: string;
let importer: FakeContentImport;
let service: QuestionBankImportService;

beforeEach(async () => {
  contentDir = await mkdtemp(path.join(os.tmpdir(), 'cascade-question-bank-'));
  modulesDir = path.join(contentDir, 'courses', SLUG, 'modules');
  await cp(path.join('content', 'courses', SLUG), path.join(contentDir, 'courses', SLUG), { recursive: true });
  importer = new FakeContentImport(contentDir);
  service = new QuestionBankImportService(importer as unknown as ContentImportService, contentService, {
    CONTENT_DIR: contentDir,
  });
});

afterEach(async () => {
  await rm(contentDir, { recursive: true, force: true });
});

const quizFile = () => path.join(modulesDir, '01-school-finance.quiz.yaml');
const read = (file: string) => readFile(file, 'utf8');

const GIFT = [
  '// Two good questions, an essay and a description',
  '::Equal funding::Equal pupils, equal funding: this is horizontal equity. {T}',
  '',
  '::Per-pupil cost:: A school spends 600000 on 400 pupils. Cost per pupil? {#1500:1 ####600000 / 400.}',
  '',
  '::Reflection:: How does your district fund schools? {}',
  '',
  'Read the budget extract before the next questions.',
].join('\n');

describe('QuestionBankImportService', () => {
  it('should preview the questions with stable ids, every problem by line and the target file, writing nothing', async () => {
    const before = await read(quizFile());
    const preview = await service.preview(GIFT, 'gift', 'res-m01');
    expect(preview).toMatchObject({
      format: 'gift',
      mode: 'append',
      moduleId: 'res-m01',
      courseSlug: SLUG,
      targetFile: quizFile(),
      contentProblems: [],
      problems: [
        { line: 6, message: expect.stringMatching(/^essay questions/) },
        { line: 8, message: expect.stringMatching(/^description items/) },
      ],
    });
    expect(preview.questions).toEqual([
      {
        id: 'res-m01-q-equal-funding',
        type: 'true-false',
        text: 'Equal pupils, equal funding: this is horizontal equity.',
        answer: true,
      },
      {
        id: 'res-m01-q-per-pupil-cost',
        type: 'numeric',
        text: 'A school spends 600000 on 400 pupils. Cost per pupil?',
        answers: [{ id: 'res-m01-q-per-pupil-cost-a', value: 1500, tolerance: 1, fraction: 1 }],
        generalFeedback: '600000 / 400.',
      },
    ]);
    expect(preview.changes.added).toEqual(['res-m01-q-equal-funding', 'res-m01-q-per-pupil-cost']);
    expect(preview.changes.kept.length).toBeGreaterThan(0);
    expect(await read(quizFile())).toBe(before);
    expect(importer.calls).toEqual([]);
  });

  it('should refuse to write anything while the file has problems, listing each with its line', async () => {
    const before = await read(quizFile());
    const refusal = await service.apply(GIFT, 'gift', 'res-m01').catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(QuestionBankImportRefusedError);
    expect(refusal).toMatchObject({
      code: 'CONTENT_INVALID',
      problems: [{ line: 6 }, { line: 8 }],
      message: expect.stringMatching(
        /^2 items of the file cannot be imported: fix them.*Nothing was written\.\n {2}line 6: essay/s,
      ),
    });
    expect(await read(quizFile())).toBe(before);
    expect(importer.calls).toEqual([]);
  });

  it('should write the quiz file and import the course when skipping is allowed, listing what was skipped', async () => {
    const before = await read(quizFile());
    const result = await service.apply(GIFT, 'gift', 'res-m01', { allowSkipping: true });
    expect(result).toMatchObject({ versionNumber: 4, versionCreated: true, skipped: [{ line: 6 }, { line: 8 }] });
    expect(importer.calls).toEqual([[SLUG]]);
    const after = await read(quizFile());
    expect(after.startsWith(before)).toBe(true);
    const parsed = parseQuizFile(after, 'quiz.yaml');
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    expect(parsed.value.questions.slice(-2)).toEqual(result.questions);
    expect((await readdir(modulesDir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('should give the same ids when the same file is imported again, replacing instead of adding', async () => {
    const source = GIFT.split('\n').slice(0, 5).join('\n');
    const first = await service.apply(source, 'gift', 'res-m01');
    const written = await read(quizFile());
    const again = await service.apply(source, 'gift', 'res-m01');
    expect(again.questions.map((question) => question.id)).toEqual(first.questions.map((question) => question.id));
    expect(again.changes).toMatchObject({ added: [], replaced: first.changes.added });
    expect(again).toMatchObject({ versionNumber: first.versionNumber, versionCreated: false });
    expect(await read(quizFile())).toBe(written);
  });

  it('should make the bank exactly the imported questions in replace mode', async () => {
    const result = await service.apply('::Only one::Is this the only question? {T}', 'gift', 'res-m01', {
      mode: 'replace',
    });
    expect(result.changes.removed.length).toBeGreaterThan(0);
    const parsed = parseQuizFile(await read(quizFile()), 'quiz.yaml');
    expect(parsed.ok && parsed.value.questions.map((question) => question.id)).toEqual(['res-m01-q-only-one']);
  });

  it('should create the quiz file of a module that has none, named after the module file', async () => {
    const target = path.join(modulesDir, '10-future-trends.quiz.yaml');
    await unlink(target);
    const aiken = [
      'Which reform shifts budgets to schools?',
      'A) School-based management',
      'B) Central procurement',
      'ANSWER: A',
    ];
    const result = await service.apply(aiken.join('\n'), 'aiken', 'res-m10');
    expect(result.targetFile).toBe(target);
    expect(result.questions).toEqual([
      {
        id: expect.stringMatching(/^res-m10-q-[0-9a-f]{8}$/),
        type: 'single-choice',
        text: 'Which reform shifts budgets to schools?',
        options: [
          { id: `${result.questions[0].id}-a`, text: 'School-based management', fraction: 1 },
          { id: `${result.questions[0].id}-b`, text: 'Central procurement', fraction: 0 },
        ],
      },
    ]);
    expect(await read(target)).toMatch(/^module: res-m10\nquestions:\n {2}- id: res-m10-q-/);
  });

  it('should put the file back as it was when the content import refuses the course', async () => {
    const before = await read(quizFile());
    importer.failWith = new ContentImportError([{ file: 'x', line: 1, message: 'refused' }]);
    await expect(service.apply('::New::New? {T}', 'gift', 'res-m01')).rejects.toThrow(ContentImportError);
    expect(await read(quizFile())).toBe(before);

    const target = path.join(modulesDir, '10-future-trends.quiz.yaml');
    await unlink(target);
    await expect(service.apply('::New::New? {T}', 'gift', 'res-m10')).rejects.toThrow(ContentImportError);
    await expect(read(target)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('should refuse, even with skipping allowed, a bank the course import would refuse, naming the file and line', async () => {
    const file = quizFile();
    await writeFile(
      file,
      (await read(file)).replace('module: res-m01\n', 'module: res-m01\nsettings:\n  drawCount: 5\n'),
    );
    const before = await read(file);
    const preview = await service.preview('::A::a {T}\n\n::B::b {F}', 'gift', 'res-m01', { mode: 'replace' });
    expect(preview.contentProblems).toEqual([
      { file, line: 3, message: expect.stringContaining('drawCount is 5 but the bank has only 2 questions') },
    ]);
    await expect(
      service.apply('::A::a {T}\n\n::B::b {F}', 'gift', 'res-m01', { mode: 'replace', allowSkipping: true }),
    ).rejects.toMatchObject({ code: 'CONTENT_INVALID', contentProblems: preview.contentProblems });
    expect(await read(file)).toBe(before);
  });

  it('should report a quiz file that is broken in append mode, by its own line', async () => {
    const file = quizFile();
    await writeFile(file, (await read(file)).replace('type: single-choice', 'type: essay'));
    const preview = await service.preview('::A::a {T}', 'gift', 'res-m01');
    expect(preview.contentProblems).toEqual([
      { file, line: 4, message: expect.stringMatching(/^questions\[0\]\.type: type must be one of/) },
    ]);
  });

  it('should run two imports into one file one after the other, so neither is lost', async () => {
    await Promise.all([
      service.apply('::First::First? {T}', 'gift', 'res-m01'),
      service.apply('::Second::Second? {T}', 'gift', 'res-m01'),
    ]);
    const parsed = parseQuizFile(await read(quizFile()), 'quiz.yaml');
    expect(parsed.ok && parsed.value.questions.map((question) => question.id).slice(-2)).toEqual([
      'res-m01-q-first',
      'res-m01-q-second',
    ]);
  });

  it('should name a file that is not UTF-8 and the line of the first bad byte', async () => {
    const latin1 = Buffer.concat([
      Buffer.from('Q1 {T}\n\n::Caf'),
      Buffer.from([0xe9]),
      Buffer.from(':: Caf\u00e9? {T}'),
    ]);
    const preview = await service.preview(latin1, 'gift', 'res-m01');
    expect(preview).toMatchObject({
      questions: [],
      problems: [{ line: 3, message: 'the file is not UTF-8 text: save it as UTF-8 and upload it again' }],
    });
    expect((await service.preview(Buffer.from('::Café::Café? {T}'), 'gift', 'res-m01')).questions).toHaveLength(1);
  });

  it('should refuse an empty file, an unknown module, a bad module id, format or mode', async () => {
    expect((await service.preview('// nothing but a comment\n', 'gift', 'res-m01')).problems).toEqual([
      { line: 1, message: 'the file holds no questions' },
    ]);
    await expect(service.apply('', 'gift', 'res-m01', { allowSkipping: true })).rejects.toThrow(
      /The file holds no question that can be imported/,
    );
    await expect(service.preview('Q {T}', 'gift', 'res-m99')).rejects.toThrow(QuestionBankModuleNotFoundError);
    await expect(service.preview('Q {T}', 'gift', 'res-m01', { courseSlug: 'other' })).rejects.toMatchObject({
      code: 'MODULE_NOT_FOUND',
    });
    await expect(service.preview('Q {T}', 'gift', '../etc')).rejects.toThrow(QuestionBankRequestError);
    await expect(service.preview('Q {T}', 'xml' as 'gift', 'res-m01')).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    await expect(service.preview('Q {T}', 'gift', 'res-m01', { mode: 'merge' as 'append' })).rejects.toThrow(
      /mode must be one of append, replace/,
    );
  });

  it('should ask for the course when two courses have a module with the same id', async () => {
    await cp(path.join(contentDir, 'courses', SLUG), path.join(contentDir, 'courses', 'copy-of-resources'), {
      recursive: true,
    });
    await expect(service.preview('Q {T}', 'gift', 'res-m01')).rejects.toThrow(
      /used in several courses \(copy-of-resources, school-resource-allocation\)/,
    );
    expect((await service.preview('Q {T}', 'gift', 'res-m01', { courseSlug: 'copy-of-resources' })).courseSlug).toBe(
      'copy-of-resources',
    );
  });

  it('should list the modules of the latest version of every course', async () => {
    expect(await service.listModules()).toEqual([
      {
        courseSlug: SLUG,
        courseTitle: 'School Resource Allocation',
        versionNumber: 4,
        modules: [{ id: 'res-m01', number: 1, title: 'Introduction to School Finance' }],
      },
    ]);
  });
});

describe('inferQuestionBankFormat', () => {
  it('should tell GIFT from Aiken by extension, and a .txt by its ANSWER lines', () => {
    expect(inferQuestionBankFormat('bank.gift', 'ANSWER: A')).toBe('gift');
    expect(inferQuestionBankFormat('export.txt', 'Q?\nA. a\nB. b\nANSWER: B')).toBe('aiken');
    expect(inferQuestionBankFormat('moodle-export.txt', '::Q1:: 1+1=2 {T}')).toBe('gift');
    expect(inferQuestionBankFormat('BANK.AIKEN', '')).toBe('aiken');
    expect(inferQuestionBankFormat('questions.xml', '<quiz/>')).toBeNull();
  });
});
