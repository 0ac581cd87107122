import { randomUUID } from 'node:crypto';
import { readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { parse as parseYaml } from 'yaml';
import { DomainError } from '../../common/domain-error.js';
import { CONFIG, type AppConfig } from '../../config/config.js';
import { readCourseFolders } from '../content/content-files.reader.js';
import { ContentImportService, type ImportReport } from '../content/content-import.service.js';
import { ContentService } from '../content/content.service.js';
import { STABLE_ID_PATTERN } from '../content/domain/content.schema.js';
import { formatProblem, type ContentProblem } from '../content/domain/content.types.js';
import { parseCourse } from '../content/domain/parse-course.js';
import { parseAiken } from './domain/aiken-parser.js';
import { parseGift } from './domain/gift-parser.js';
import type { Question } from './domain/question.types.js';
import {
  assignQuestionIds,
  writeQuizFile,
  type ImportedQuestion,
  type QuizFileChanges,
  type QuizMergeMode,
} from './domain/quiz-file-writer.js';

export const QUESTION_BANK_FORMATS = ['gift', 'aiken'] as const;
export type QuestionBankFormat = (typeof QUESTION_BANK_FORMATS)[number];
export const QUIZ_MERGE_MODES: readonly QuizMergeMode[] = ['append', 'replace'];

/** A line of the uploaded file that did not come across (an item that is skipped if applied anyway). */
export interface SourceProblem {
  line: number;
  message: string;
}

export interface QuestionBankImportOptions {
  /** `append` (default) or `replace`. */
  mode?: QuizMergeMode;
  /** Needed only when two courses have a module with this id. */
  courseSlug?: string;
}

export interface QuestionBankPreview {
  format: QuestionBankFormat;
  mode: QuizMergeMode;
  moduleId: string;
  courseSlug: string;
  /** The quiz file that would be written, relative to the working directory. */
  targetFile: string;
  /** The questions as they would be written, with their stable ids. */
  questions: Question[];
  /** Items of the upload that cannot be imported, by line: nothing is written unless skipping is allowed. */
  problems: SourceProblem[];
  /** What would make the quiz file or the course invalid: nothing is written until they are fixed. */
  contentProblems: ContentProblem[];
  changes: QuizFileChanges;
}

export interface QuestionBankImportResult extends QuestionBankPreview {
  /** The course version now holding the bank; unchanged when the file already said exactly this. */
  versionNumber: number;
  versionCreated: boolean;
  /** Items of the upload left out (only with allowSkipping). */
  skipped: SourceProblem[];
}

export interface ModuleChoice {
  courseSlug: string;
  courseTitle: string;
  versionNumber: number;
  modules: { id: string; number: number; title: string }[];
}

export class QuestionBankRequestError extends DomainError {
  constructor(message: string) {
    super('VALIDATION_FAILED', message);
  }
}

export class QuestionBankModuleNotFoundError extends DomainError {
  constructor(moduleId: string, courseSlug?: string) {
    super(
      'MODULE_NOT_FOUND',
      courseSlug
        ? `Course folder "${courseSlug}" has no module file with id ${moduleId}`
        : `No module file (content/courses/*/modules/*.md) has id ${moduleId}`,
    );
  }
}

/** Nothing was written: every problem is listed, those of the upload by line. */
export class QuestionBankImportRefusedError extends DomainError {
  constructor(
    readonly problems: SourceProblem[],
    readonly contentProblems: ContentProblem[],
    reason: string,
  ) {
    super(
      'CONTENT_INVALID',
      [
        `${reason} Nothing was written.`,
        ...problems.map((problem) => `  line ${problem.line}: ${problem.message}`),
        ...contentProblems.map((problem) => `  ${formatProblem(problem)}`),
      ].join('\n'),
      { problems, contentProblems },
    );
  }
}

interface Target {
  courseSlug: string;
  /** Absolute path of the module's quiz file. */
  quizPath: string;
}

/**
 * Imports a GIFT or Aiken file into a module's question bank. Courses are files, so the upload becomes the module's
 * `.quiz.yaml` (reviewable in git, the source of truth) and the course is then imported as any content change is:
 * into a new course version. Reads and writes files only; the database is the content import's business.
 */
@Injectable()
export class QuestionBankImportService {
  private readonly logger = new Logger(QuestionBankImportService.name);
  // One apply at a time in this process, so two imports into one file cannot interleave their read and write.
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly contentImport: ContentImportService,
    private readonly content: ContentService,
    @Inject(CONFIG) private readonly config: Pick<AppConfig, 'CONTENT_DIR'>,
  ) {}

  /** The modules of the latest version of every course, for the import form. */
  async listModules(): Promise<ModuleChoice[]> {
    const courses = await this.content.listCourses();
    return Promise.all(
      courses.map(async (summary) => {
        const course = await this.content.getCourse(summary.slug);
        return {
          courseSlug: course.slug,
          courseTitle: course.title,
          versionNumber: course.versionNumber,
          modules: course.modules.map((module) => ({ id: module.id, number: module.number, title: module.title })),
        };
      }),
    );
  }

  /** What an import would do, without writing anything. */
  async preview(
    source: string | Buffer,
    format: QuestionBankFormat,
    moduleId: string,
    options: QuestionBankImportOptions = {},
  ): Promise<QuestionBankPreview> {
    return (await this.prepare(source, format, moduleId, options)).preview;
  }

  /**
   * Writes the quiz file (atomically) and imports the course. Refused, with every problem listed, if any item of
   * the upload cannot be read, unless `allowSkipping` is set; always refused if the result would be invalid content.
   */
  apply(
    source: string | Buffer,
    format: QuestionBankFormat,
    moduleId: string,
    options: QuestionBankImportOptions & { allowSkipping?: boolean } = {},
  ): Promise<QuestionBankImportResult> {
    const run = this.queue.then(() => this.applyNow(source, format, moduleId, options));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async applyNow(
    source: string | Buffer,
    format: QuestionBankFormat,
    moduleId: string,
    options: QuestionBankImportOptions & { allowSkipping?: boolean },
  ): Promise<QuestionBankImportResult> {
    const { preview, output, previous, quizPath } = await this.prepare(source, format, moduleId, options);
    if (preview.contentProblems.length > 0) {
      throw new QuestionBankImportRefusedError(
        preview.problems,
        preview.contentProblems,
        'The question bank would not be valid content.',
      );
    }
    if (preview.problems.length > 0 && !options.allowSkipping) {
      throw new QuestionBankImportRefusedError(
        preview.problems,
        [],
        preview.problems.length === 1
          ? '1 item of the file cannot be imported: fix it, or allow skipping it.'
          : `${preview.problems.length} items of the file cannot be imported: fix them, or allow skipping them.`,
      );
    }
    if (preview.questions.length === 0 || output === null) {
      throw new QuestionBankImportRefusedError(
        preview.problems,
        [],
        'The file holds no question that can be imported.',
      );
    }

    await writeAtomically(quizPath, output);
    let report: ImportReport;
    try {
      report = await this.contentImport.importCourses({ only: [preview.courseSlug] });
    } catch (error) {
      // The file and the database stay in step: a refused import leaves the file as it was.
      if (previous === null) await unlink(quizPath).catch(() => undefined);
      else await writeAtomically(quizPath, previous);
      throw error;
    }
    const course = report.courses.find((entry) => entry.slug === preview.courseSlug);
    if (!course) throw new Error(`The content import did not report course ${preview.courseSlug}`);
    this.logger.log(
      `${preview.targetFile}: ${preview.changes.added.length} added, ${preview.changes.replaced.length} replaced, ` +
        `${preview.changes.removed.length} removed; ${course.slug} version ${course.versionNumber}`,
    );
    return {
      ...preview,
      versionNumber: course.versionNumber,
      versionCreated: course.status === 'created',
      skipped: preview.problems,
    };
  }

  private async prepare(
    upload: string | Buffer,
    format: QuestionBankFormat,
    moduleId: string,
    options: QuestionBankImportOptions,
  ): Promise<{ preview: QuestionBankPreview; output: string | null; previous: string | null; quizPath: string }> {
    if (!QUESTION_BANK_FORMATS.includes(format)) {
      throw new QuestionBankRequestError(`format must be one of ${QUESTION_BANK_FORMATS.join(', ')}`);
    }
    const mode = options.mode ?? 'append';
    if (!QUIZ_MERGE_MODES.includes(mode)) {
      throw new QuestionBankRequestError(`mode must be one of ${QUIZ_MERGE_MODES.join(', ')}`);
    }
    const target = await this.findModule(moduleId, options.courseSlug);
    const targetFile = displayPath(target.quizPath);
    const previous = await readFile(target.quizPath, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    });
    const empty = { added: [], replaced: [], removed: [], kept: [] };
    const base = { format, mode, moduleId, courseSlug: target.courseSlug, targetFile };

    const decoded = decode(upload);
    if (typeof decoded !== 'string') {
      return {
        preview: { ...base, questions: [], problems: [decoded], contentProblems: [], changes: empty },
        output: null,
        previous,
        quizPath: target.quizPath,
      };
    }
    const { imported, problems } = readQuestions(decoded, format);
    if (imported.length === 0 && problems.length === 0) {
      problems.push({ line: 1, message: 'the file holds no questions' });
    }
    if (imported.length === 0) {
      return {
        preview: { ...base, questions: [], problems, contentProblems: [], changes: empty },
        output: null,
        previous,
        quizPath: target.quizPath,
      };
    }
    const written = writeQuizFile({ moduleId, questions: imported, mode, existing: previous, file: targetFile });
    if (!written.ok) {
      return {
        preview: {
          ...base,
          questions: assignQuestionIds(moduleId, imported),
          problems,
          contentProblems: written.problems,
          changes: empty,
        },
        output: null,
        previous,
        quizPath: target.quizPath,
      };
    }
    return {
      preview: {
        ...base,
        questions: written.questions,
        problems,
        contentProblems: await this.checkCourse(target, written.source),
        changes: written.changes,
      },
      output: written.source,
      previous,
      quizPath: target.quizPath,
    };
  }

  /** The whole course, read with the new quiz file in place: what the content import would say of it. */
  private async checkCourse(target: Target, quizSource: string): Promise<ContentProblem[]> {
    const { courses, problems } = await readCourseFolders(this.contentDir(), [target.courseSlug]);
    const files = courses[0];
    if (!files) return problems;
    const quizzes = (files.quizzes ?? []).filter((quiz) => path.resolve(quiz.file) !== target.quizPath);
    quizzes.push({ file: displayPath(target.quizPath), source: quizSource });
    const parsed = parseCourse({ ...files, quizzes });
    return [...problems, ...(parsed.ok ? [] : parsed.problems)];
  }

  /** The module file whose front matter has this id; its quiz file sits beside it, `.md` becoming `.quiz.yaml`. */
  private async findModule(moduleId: string, courseSlug?: string): Promise<Target> {
    if (!STABLE_ID_PATTERN.test(moduleId) || moduleId.length > 80) {
      throw new QuestionBankRequestError(`"${moduleId}" is not a module id (lowercase letters, digits and hyphens)`);
    }
    if (courseSlug !== undefined && !STABLE_ID_PATTERN.test(courseSlug)) {
      throw new QuestionBankRequestError(`"${courseSlug}" is not a course folder name`);
    }
    const coursesDir = path.join(this.contentDir(), 'courses');
    const slugs = courseSlug ? [courseSlug] : await readdir(coursesDir).catch(() => [] as string[]);
    const found: Target[] = [];
    for (const slug of slugs.sort()) {
      const modulesDir = path.join(coursesDir, slug, 'modules');
      const names = await readdir(modulesDir).catch(() => [] as string[]);
      for (const name of names.filter((entry) => entry.endsWith('.md')).sort()) {
        const source = await readFile(path.join(modulesDir, name), 'utf8');
        if (frontMatterId(source) === moduleId) {
          found.push({ courseSlug: slug, quizPath: path.join(modulesDir, name.replace(/\.md$/, '.quiz.yaml')) });
        }
      }
    }
    if (found.length === 0) throw new QuestionBankModuleNotFoundError(moduleId, courseSlug);
    if (found.length > 1) {
      throw new QuestionBankRequestError(
        `module id ${moduleId} is used in several courses (${found.map((entry) => entry.courseSlug).join(', ')}): name the course`,
      );
    }
    return found[0];
  }

  private contentDir(): string {
    return path.resolve(this.config.CONTENT_DIR);
  }
}

/** `.gift` is GIFT; a `.txt` with `ANSWER:` lines is Aiken, any other `.txt` GIFT (Moodle exports GIFT as .txt). */
export function inferQuestionBankFormat(fileName: string, source: string): QuestionBankFormat | null {
  const extension = path.extname(fileName).toLowerCase();
  if (extension === '.gift') return 'gift';
  if (extension === '.aiken') return 'aiken';
  if (extension === '.txt') return /^\s*ANSWER\s*:/im.test(source) ? 'aiken' : 'gift';
  return null;
}

function readQuestions(
  source: string,
  format: QuestionBankFormat,
): { imported: ImportedQuestion[]; problems: SourceProblem[] } {
  if (format === 'aiken') {
    const result = parseAiken(source, { idPrefix: 'import' });
    return { imported: result.questions.map((question) => ({ question })), problems: result.problems };
  }
  const result = parseGift(source, { idPrefix: 'import' });
  return {
    imported: result.questions.map((question, index) => {
      const name = result.sources[index].idNumber ?? result.sources[index].title;
      return name ? { question, name } : { question };
    }),
    problems: result.problems,
  };
}

/** Uploads must be UTF-8, as Moodle requires of GIFT files; a Latin-1 file is named, not imported as mojibake. */
function decode(upload: string | Buffer): string | SourceProblem {
  if (typeof upload === 'string') return upload;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(upload);
  } catch {
    const lines = new TextDecoder('utf-8').decode(upload).split(/\r\n|\r|\n/);
    const line = lines.findIndex((entry) => entry.includes('\uFFFD')) + 1 || 1;
    return { line, message: 'the file is not UTF-8 text: save it as UTF-8 and upload it again' };
  }
}

function frontMatterId(source: string): string | null {
  const lines = source.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0]?.trim() !== '---') return null;
  const closing = lines.findIndex((line, index) => index > 0 && line.trim() === '---');
  if (closing < 0) return null;
  try {
    const frontMatter: unknown = parseYaml(lines.slice(1, closing).join('\n'));
    const id = (frontMatter as { id?: unknown } | null)?.id;
    return typeof id === 'string' ? id : null;
  } catch {
    return null;
  }
}

function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') ? file : relative;
}

/** A reader never sees half a file: the new content is written beside it, then renamed over it. */
async function writeAtomically(file: string, content: string): Promise<void> {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${randomUUID()}.tmp`);
  try {
    await writeFile(temporary, content, { encoding: 'utf8', flag: 'wx' });
    await rename(temporary, file);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}
