import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Test, type TestingModule } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CONFIG, loadConfig } from '../../src/config/config.js';
import { ConfigModule } from '../../src/config/config.module.js';
import { DatabaseModule } from '../../src/database/database.module.js';
import { ContentImportService } from '../../src/modules/content/content-import.service.js';
import { ContentModule } from '../../src/modules/content/content.module.js';
import { parseQuizFile } from '../../src/modules/quizzes/domain/quiz-file.js';
import type { Question } from '../../src/modules/quizzes/domain/question.types.js';
import {
  QuestionBankImportRefusedError,
  QuestionBankImportService,
} from '../../src/modules/quizzes/question-bank-import.service.js';
import { seedQuestionCount } from '../support/quiz.js';
import { useTestEnvironment } from '../support/test-app.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const SLUG = 'school-resource-allocation';
const MODULE = 'res-m01';
const SEED_QUESTIONS = seedQuestionCount(SLUG, '01-school-finance');

/** A Moodle export as trainers bring them: categories, comments, an id number, every question type we import. */
const BUDGETS_GIFT = [
  '// School finance question bank, exported from Moodle 4.3',
  '$CATEGORY: $course$/top/School finance/Budgets',
  '',
  '// [id:functional-view]',
  '::Functional view::[markdown]Which budget classification answers **what is the money for?** {',
  '  =Functional classification#Right\\: it groups spending by purpose.',
  '  ~Economic classification#That one says what is bought, not what for.',
  '  ~%50%Programme classification#Half right\\: programmes are purposes too.',
  '  ~Fund classification',
  '  ####Purpose (function) versus inputs (economic).',
  '}',
  '',
  '::Per-pupil cost::A school spends 600000 on 400 pupils. What is the cost per pupil? {#1500:0.5}',
  '',
  '::Dropout target::Give a dropout rate target, in percent, anywhere from 1 to 5. {#1..5}',
  '',
  '$CATEGORY: $course$/top/School finance/Principles',
  '',
  '::Equity pairs::Match each principle with its meaning. {',
  '  =Horizontal equity -> similar pupils, similar resources',
  '  =Vertical equity -> greater needs, more resources',
  '  =Adequacy -> enough to reach the standards',
  '}',
  '',
  '::Zero-based::Zero-based budgeting justifies every line from nothing each year.{T#It starts from zero.#Right.}',
  '',
  '::Cost drivers::Which two are the largest cost drivers of a primary school? {',
  '  ~%50%Teacher salaries',
  '  ~%50%The pupil-teacher ratio',
  '  ~%-100%Chalk',
  '}',
  '',
  '::Supplant::A targeted grant must supplement, not {~fund =supplant ~audit}, regular funding.',
  '',
  '::Formula signs::In a spreadsheet, \\=SUM(B2\\:B9) adds a column; which sign starts every formula? {=\\= ~\\# ~\\~}',
  '',
].join('\n');

const BUDGET_IDS = [
  'functional-view',
  'per-pupil-cost',
  'dropout-target',
  'equity-pairs',
  'zero-based',
  'cost-drivers',
  'supplant',
  'formula-signs',
].map((name) => `${MODULE}-q-${name}`);

describe('question bank import into PostgreSQL: GIFT and Aiken files through the real content import', () => {
  let database: TestDatabase;
  let moduleRef: TestingModule;
  let dataSource: DataSource;
  let imports: QuestionBankImportService;
  let workDir: string;
  let contentDir: string;

  const quizPath = () => path.join(contentDir, 'courses', SLUG, 'modules', '01-school-finance.quiz.yaml');
  const quizFile = () => readFile(quizPath(), 'utf8');
  const fileQuestionIds = async () => {
    const parsed = parseQuizFile(await quizFile(), quizPath());
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    return parsed.value.questions.map((question) => question.id);
  };
  /** The module's questions in one version of the course, in bank order. */
  const bank = (version: number) =>
    dataSource.query<{ question_key: string; type: string; definition: Question; rendered: Question }[]>(
      `SELECT q.question_key, q.type, q.definition, q.rendered FROM quiz_questions q
       JOIN course_modules m ON m.id = q.module_id JOIN course_versions v ON v.id = m.course_version_id
       JOIN courses c ON c.id = v.course_id
       WHERE c.slug = $1 AND v.number = $2 AND m.module_key = $3 ORDER BY q.position`,
      [SLUG, version, MODULE],
    );
  const versions = async () =>
    (
      await dataSource.query<{ number: number }[]>(
        `SELECT v.number FROM course_versions v JOIN courses c ON c.id = v.course_id WHERE c.slug = $1 ORDER BY v.number`,
        [SLUG],
      )
    ).map((row) => row.number);
  const snapshot = async () => ({
    file: await quizFile(),
    versions: await versions(),
    questions: (await dataSource.query<[{ count: number }]>('SELECT count(*)::int AS count FROM quiz_questions'))[0]
      .count,
  });

  /** Runs `work` while the database refuses to store the question with this key, as only the database can. */
  const whileDatabaseRefuses = async <T>(questionKey: string, work: () => Promise<T>): Promise<T> => {
    await dataSource.query(`
      CREATE FUNCTION refuse_for_test() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'refused for the test'; END $$;
      CREATE TRIGGER refuse_for_test BEFORE INSERT ON quiz_questions FOR EACH ROW
        WHEN (NEW.question_key = '${questionKey}') EXECUTE FUNCTION refuse_for_test();`);
    try {
      return await work();
    } finally {
      await dataSource.query('DROP TRIGGER refuse_for_test ON quiz_questions; DROP FUNCTION refuse_for_test();');
    }
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    useTestEnvironment(database);
    workDir = await mkdtemp(path.join(os.tmpdir(), 'cascade-question-bank-'));
    contentDir = path.join(workDir, 'content');
    moduleRef = await Test.createTestingModule({
      imports: [ConfigModule, DatabaseModule, ContentModule],
      providers: [QuestionBankImportService],
    })
      // A copy of the content folder: the repository's own files are never written.
      .overrideProvider(CONFIG)
      .useValue({ ...loadConfig(), CONTENT_DIR: contentDir })
      .compile();
    dataSource = moduleRef.get<DataSource>(getDataSourceToken());
    imports = moduleRef.get(QuestionBankImportService);
  });

  beforeEach(async () => {
    await dataSource.query(
      'TRUNCATE courses, course_versions, course_modules, module_sections, quiz_questions CASCADE',
    );
    await rm(contentDir, { recursive: true, force: true });
    await cp('content', contentDir, { recursive: true });
    await moduleRef.get(ContentImportService).importCourses();
  });

  afterAll(async () => {
    await moduleRef?.close();
    await database?.drop();
    await rm(workDir, { recursive: true, force: true });
  });

  it('should append every question of a Moodle GIFT file to the quiz file and store them in a new version', async () => {
    const before = await bank(1);
    expect(before).toHaveLength(SEED_QUESTIONS);

    const result = await imports.apply(BUDGETS_GIFT, 'gift', MODULE);

    expect(result).toMatchObject({ courseSlug: SLUG, versionNumber: 2, versionCreated: true, skipped: [] });
    expect(result.changes.added).toEqual(BUDGET_IDS);
    expect(result.changes.kept).toEqual(before.map((row) => row.question_key));
    // The quiz file, the source of truth, holds the old questions then the new ones.
    expect(await fileQuestionIds()).toEqual([...before.map((row) => row.question_key), ...BUDGET_IDS]);
    expect(await quizFile()).toContain('Which budget classification answers **what is the money for?**');

    const stored = await bank(2);
    expect(stored.map((row) => row.question_key)).toEqual([...before.map((row) => row.question_key), ...BUDGET_IDS]);
    const definition = (id: string) => stored.find((row) => row.question_key === `${MODULE}-q-${id}`)!.definition;
    expect(stored.slice(SEED_QUESTIONS).map((row) => row.type)).toEqual([
      'single-choice',
      'numeric',
      'numeric',
      'matching',
      'true-false',
      'multiple-response',
      'single-choice',
      'single-choice',
    ]);
    expect(definition('functional-view')).toMatchObject({
      generalFeedback: 'Purpose (function) versus inputs (economic).',
      options: [
        { text: 'Functional classification', fraction: 1, feedback: 'Right: it groups spending by purpose.' },
        { text: 'Economic classification', fraction: 0 },
        { text: 'Programme classification', fraction: 0.5, feedback: 'Half right: programmes are purposes too.' },
        { text: 'Fund classification', fraction: 0 },
      ],
    });
    expect(definition('per-pupil-cost')).toMatchObject({ answers: [{ value: 1500, tolerance: 0.5, fraction: 1 }] });
    expect(definition('dropout-target')).toMatchObject({ answers: [{ min: 1, max: 5, fraction: 1 }] });
    expect(definition('equity-pairs')).toMatchObject({
      pairs: [
        { prompt: 'Horizontal equity', answer: 'similar pupils, similar resources' },
        { prompt: 'Vertical equity', answer: 'greater needs, more resources' },
        { prompt: 'Adequacy', answer: 'enough to reach the standards' },
      ],
    });
    expect(definition('zero-based')).toMatchObject({
      answer: true,
      feedbackTrue: 'Right.',
      feedbackFalse: 'It starts from zero.',
    });
    expect(definition('cost-drivers')).toMatchObject({
      options: [{ fraction: 0.5 }, { fraction: 0.5 }, { text: 'Chalk', fraction: -1 }],
    });
    expect(definition('supplant')).toMatchObject({
      text: 'A targeted grant must supplement, not _____, regular funding.',
      options: [{ text: 'fund' }, { text: 'supplant', fraction: 1 }, { text: 'audit' }],
    });
    expect(definition('formula-signs')).toMatchObject({
      text: 'In a spreadsheet, =SUM(B2:B9) adds a column; which sign starts every formula?',
      options: [{ text: '=', fraction: 1 }, { text: '#' }, { text: '~' }],
    });
    // The Markdown of the text is rendered at import, as for hand-written questions.
    expect(stored[SEED_QUESTIONS].rendered.text).toContain('<strong>what is the money for?</strong>');

    // Version 1 is untouched: cohorts running on it keep their bank.
    expect(await bank(1)).toEqual(before);
  });

  it('should replace the same questions in place when the file is imported again, and change nothing when unchanged', async () => {
    await imports.apply(BUDGETS_GIFT, 'gift', MODULE);
    const again = await imports.apply(BUDGETS_GIFT, 'gift', MODULE);
    expect(again).toMatchObject({ versionNumber: 2, versionCreated: false });
    expect(await versions()).toEqual([1, 2]);

    const edited = BUDGETS_GIFT.replace('{#1500:0.5}', '{#1500:1}');
    const result = await imports.apply(edited, 'gift', MODULE);
    expect(result).toMatchObject({ versionNumber: 3, versionCreated: true });
    expect(result.changes.added).toEqual([]);
    expect(result.changes.replaced).toEqual(BUDGET_IDS);
    const stored = await bank(3);
    expect(stored).toHaveLength(SEED_QUESTIONS + BUDGET_IDS.length);
    expect(stored.find((row) => row.question_key === `${MODULE}-q-per-pupil-cost`)!.definition).toMatchObject({
      answers: [{ value: 1500, tolerance: 1 }],
    });
  });

  it('should make the bank exactly the imported questions in replace mode', async () => {
    const seeded = (await bank(1)).map((row) => row.question_key);
    const result = await imports.apply(BUDGETS_GIFT, 'gift', MODULE, { mode: 'replace' });

    expect(result).toMatchObject({ mode: 'replace', versionNumber: 2, versionCreated: true });
    expect(result.changes).toEqual({ added: BUDGET_IDS, replaced: [], removed: seeded, kept: [] });
    expect(await fileQuestionIds()).toEqual(BUDGET_IDS);
    expect((await bank(2)).map((row) => row.question_key)).toEqual(BUDGET_IDS);
    expect((await bank(1)).map((row) => row.question_key)).toEqual(seeded);
    // The other modules of the new version keep their banks.
    const otherModules = (version: number) =>
      dataSource.query<[{ count: number }]>(
        `SELECT count(*)::int AS count FROM quiz_questions q JOIN course_modules m ON m.id = q.module_id
         JOIN course_versions v ON v.id = m.course_version_id JOIN courses c ON c.id = v.course_id
         WHERE c.slug = $1 AND v.number = $3 AND m.module_key <> $2`,
        [SLUG, MODULE, version],
      );
    const [[before], [after]] = await Promise.all([otherModules(1), otherModules(2)]);
    expect(before.count).toBeGreaterThan(0);
    expect(after.count).toBe(before.count);
  });

  it('should refuse a file with an essay question, naming its line, and write nothing', async () => {
    const gift = `${BUDGETS_GIFT}\n::Reflection::How does your district fund its schools? {}\n`;
    const essayLine = gift.split('\n').findIndex((line) => line.startsWith('::Reflection::')) + 1;
    const before = await snapshot();

    const error = await imports.apply(gift, 'gift', MODULE).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(QuestionBankImportRefusedError);
    expect((error as QuestionBankImportRefusedError).problems).toEqual([
      {
        line: essayLine,
        message: expect.stringMatching(/^essay questions \(\{\} with no answers\) are not supported/),
      },
    ]);
    expect((error as Error).message).toContain(`line ${essayLine}: essay questions`);
    expect(await snapshot()).toEqual(before);
  });

  it('should import the other questions and report the essay as skipped when skipping is allowed', async () => {
    const gift = `${BUDGETS_GIFT}\n::Reflection::How does your district fund its schools? {}\n`;
    const essayLine = gift.split('\n').findIndex((line) => line.startsWith('::Reflection::')) + 1;

    const result = await imports.apply(gift, 'gift', MODULE, { allowSkipping: true });

    expect(result).toMatchObject({ versionNumber: 2, versionCreated: true });
    expect(result.skipped).toEqual([{ line: essayLine, message: expect.stringMatching(/^essay questions/) }]);
    expect((await bank(2)).slice(SEED_QUESTIONS).map((row) => row.question_key)).toEqual(BUDGET_IDS);
    expect(await quizFile()).not.toContain('Reflection');
  });

  it('should leave the quiz file and the database as they were when the database refuses the import', async () => {
    const before = await snapshot();
    // Only the database knows: it refuses one of the last new rows, after the file was written and other rows inserted.
    await expect(
      whileDatabaseRefuses(`${MODULE}-q-formula-signs`, () => imports.apply(BUDGETS_GIFT, 'gift', MODULE)),
    ).rejects.toThrow(/refused for the test/);
    expect(await snapshot()).toEqual(before);
    const leftovers = (await readdir(path.dirname(quizPath()))).filter((name) => name.endsWith('.tmp'));
    expect(leftovers).toEqual([]);

    // Nothing is stuck: the same import goes through once the database accepts it.
    expect(await imports.apply(BUDGETS_GIFT, 'gift', MODULE)).toMatchObject({ versionNumber: 2 });
  });

  it('should write the quiz file of a module that has none yet, and remove it again when the import fails', async () => {
    await rm(quizPath());
    await moduleRef.get(ContentImportService).importCourses();
    expect(await bank(2)).toEqual([]);
    await expect(
      whileDatabaseRefuses(`${MODULE}-q-formula-signs`, () => imports.apply(BUDGETS_GIFT, 'gift', MODULE)),
    ).rejects.toThrow(/refused for the test/);
    await expect(quizFile()).rejects.toThrow(/ENOENT/);
    expect(await versions()).toEqual([1, 2]);

    const result = await imports.apply(BUDGETS_GIFT, 'gift', MODULE);
    expect(result).toMatchObject({ versionNumber: 3, versionCreated: true });
    expect(result.changes).toEqual({ added: BUDGET_IDS, replaced: [], removed: [], kept: [] });
    expect(await quizFile()).toMatch(new RegExp(`^module: ${MODULE}\n`));
    expect((await bank(3)).map((row) => row.question_key)).toEqual(BUDGET_IDS);
  });

  it('should refuse an import that would leave the course invalid, naming the file and line, and write nothing', async () => {
    // The module draws 7 questions per attempt: a replacing file with three would leave it short.
    await writeFile(
      quizPath(),
      (await quizFile()).replace(`module: ${MODULE}\n`, `module: ${MODULE}\nsettings:\n  drawCount: 7\n`),
    );
    await moduleRef.get(ContentImportService).importCourses();
    const before = await snapshot();
    expect(before.versions).toEqual([1, 2]);

    const twoQuestions = BUDGETS_GIFT.split('\n$CATEGORY: $course$/top/School finance/Principles')[0];
    const error = await imports
      .apply(twoQuestions, 'gift', MODULE, { mode: 'replace' })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(QuestionBankImportRefusedError);
    expect((error as QuestionBankImportRefusedError).contentProblems).toEqual([
      { file: quizPath(), line: 3, message: 'drawCount is 7 but the bank has only 3 questions' },
    ]);
    expect(await snapshot()).toEqual(before);
  });

  it('should preview without writing the file or the database', async () => {
    const before = await snapshot();
    const preview = await imports.preview(BUDGETS_GIFT, 'gift', MODULE, { mode: 'replace' });
    expect(preview.questions.map((question) => question.id)).toEqual(BUDGET_IDS);
    expect(preview.changes.removed).toHaveLength(SEED_QUESTIONS);
    expect(preview.problems).toEqual([]);
    expect(preview.contentProblems).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });

  it('should import an Aiken file as single-choice questions', async () => {
    const aiken = [
      'Which budget shows what the money is for?',
      'A. The economic classification',
      'B. The functional classification',
      'C) The fund classification',
      'ANSWER: B',
      '',
      'Which principle gives more to pupils with greater needs?',
      'A. Horizontal equity',
      'B. Vertical equity',
      'ANSWER: B',
      '',
    ].join('\r\n');
    const result = await imports.apply(aiken, 'aiken', MODULE);
    expect(result).toMatchObject({ format: 'aiken', versionNumber: 2, versionCreated: true });
    const added = (await bank(2)).slice(SEED_QUESTIONS);
    expect(added.map((row) => [row.type, row.definition.text])).toEqual([
      ['single-choice', 'Which budget shows what the money is for?'],
      ['single-choice', 'Which principle gives more to pupils with greater needs?'],
    ]);
    expect(added[0].definition).toMatchObject({
      options: [{ fraction: 0 }, { text: 'The functional classification', fraction: 1 }, { fraction: 0 }],
    });
  });

  it('should keep both of two imports into one module made at the same time', async () => {
    const aiken =
      'Which principle gives more to pupils with greater needs?\nA. Horizontal equity\nB. Vertical equity\nANSWER: B\n';
    const [gift, other] = await Promise.all([
      imports.apply(BUDGETS_GIFT, 'gift', MODULE),
      imports.apply(aiken, 'aiken', MODULE),
    ]);
    expect([gift.versionNumber, other.versionNumber].sort()).toEqual([2, 3]);
    const ids = await fileQuestionIds();
    expect(ids).toHaveLength(SEED_QUESTIONS + BUDGET_IDS.length + 1);
    expect((await bank(3)).map((row) => row.question_key)).toEqual(ids);
  });
});
