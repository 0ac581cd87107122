import { Controller, Get, Post, Req, Res } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../common/domain-error.js';
import { httpStatusOf } from '../../common/errors/http-status-of.js';
import { PageResponder } from '../../common/http/page-responder.js';
import '../../common/auth/viewer.js';
import { ContentImportError } from '../content/content.errors.js';
import type { ContentProblem } from '../content/domain/content.types.js';
import type { Question } from './domain/question.types.js';
import type { QuizMergeMode } from './domain/quiz-file-writer.js';
import {
  QUESTION_BANK_FORMATS,
  QuestionBankImportRefusedError,
  QuestionBankImportService,
  QuestionBankRequestError,
  type ModuleChoice,
  type QuestionBankFormat,
  type QuestionBankImportResult,
  type QuestionBankPreview,
  type SourceProblem,
} from './question-bank-import.service.js';

const PATH = '/admin/question-banks';
/**
 * The largest file, and so the largest text: a previewed upload comes back as text, so the text field must hold as
 * much as a file. The parser cuts a longer field short without saying so; one byte of room tells a cut from a fit.
 */
const UPLOAD_LIMIT_BYTES = 2 * 1024 * 1024;

/** Platform admins only: anyone else is told there is no such page, exactly as for an unknown address. */
export class QuestionBankPageNotFoundError extends DomainError {
  constructor(method: string, url: string) {
    super('ROUTE_NOT_FOUND', `Cannot ${method} ${url}`);
  }
}

/** The form as posted (multipart/form-data, or urlencoded when no file is sent). */
interface ImportForm {
  /** `<course slug>/<module id>`. */
  module: string;
  format: QuestionBankFormat;
  mode: QuizMergeMode;
  action: 'preview' | 'apply';
  allowSkipping: boolean;
  /** Pasted text, or the uploaded file's text. */
  text: string;
  file: Buffer | null;
}

interface Outcome {
  result: QuestionBankPreview | QuestionBankImportResult;
  applied: boolean;
  /** Why an apply was refused. */
  refusal: string | null;
  /** Problems reported by the content import itself. */
  importProblems: ContentProblem[];
}

/**
 * GET/POST /admin/question-banks: import a Moodle GIFT or Aiken file into a module's question bank. `preview`
 * shows the questions and every problem by line without writing; `apply` writes the module's quiz file and imports
 * the course into a new version. No JavaScript: a previewed upload comes back as text, so applying needs no re-upload.
 */
@ApiExcludeController()
@Controller('admin/question-banks')
export class QuestionBankImportController {
  constructor(
    private readonly imports: QuestionBankImportService,
    private readonly responder: PageResponder,
  ) {}

  @Get()
  async show(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    requirePlatformAdmin(request);
    return this.render(request, reply, null, null, null);
  }

  @Post()
  @RouteConfig({ multipartOptions: { limits: { fileSize: UPLOAD_LIMIT_BYTES, fieldSize: UPLOAD_LIMIT_BYTES + 1 } } })
  async submit(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    requirePlatformAdmin(request);
    let form: ImportForm | null = null;
    try {
      form = readForm(request.body);
      const [courseSlug, moduleId] = form.module.split('/');
      const source = form.file ?? form.text;
      const options = { mode: form.mode, courseSlug };
      if (form.action === 'preview') {
        const result = await this.imports.preview(source, form.format, moduleId, options);
        const outcome = { result, applied: false, refusal: null, importProblems: [] };
        return this.render(request, reply, uploadAsText(form, result), outcome, null);
      }
      const result = await this.imports.apply(source, form.format, moduleId, {
        ...options,
        allowSkipping: form.allowSkipping,
      });
      return this.render(request, reply, form, { result, applied: true, refusal: null, importProblems: [] }, null);
    } catch (error) {
      if (!(error instanceof DomainError) || error instanceof QuestionBankPageNotFoundError) throw error;
      if (form && (error instanceof QuestionBankImportRefusedError || error instanceof ContentImportError)) {
        // Show the refusal beside the preview of the same upload, so every problem is in view.
        const [courseSlug, moduleId] = form.module.split('/');
        const result = await this.imports.preview(form.file ?? form.text, form.format, moduleId, {
          mode: form.mode,
          courseSlug,
        });
        const importProblems = error instanceof ContentImportError ? error.problems : [];
        const refusal = error.message.split('\n')[0];
        const outcome = { result, applied: false, refusal, importProblems };
        return this.render(request, reply, uploadAsText(form, result), outcome, null, 422);
      }
      return this.render(request, reply, form, null, error.message, httpStatusOf(error.code));
    }
  }

  private async render(
    request: FastifyRequest,
    reply: FastifyReply,
    form: ImportForm | null,
    outcome: Outcome | null,
    error: string | null,
    status = 200,
  ) {
    const courses = await this.imports.listModules();
    return this.responder.render(
      request,
      reply,
      'question-bank-import',
      { title: this.responder.t(request, 'quizzes.nav.importTitle') },
      {
        action: PATH,
        csrfToken: reply.generateCsrf(),
        courses: moduleOptions(courses, form?.module ?? null),
        formats: QUESTION_BANK_FORMATS.map((value) => ({
          value,
          label: value === 'gift' ? 'Moodle GIFT' : 'Aiken',
          selected: (form?.format ?? 'gift') === value,
        })),
        replace: form?.mode === 'replace',
        allowSkipping: form?.allowSkipping ?? false,
        text: form?.text ?? '',
        error,
        outcome: outcome && outcomeView(outcome),
      },
      status,
    );
  }
}

function requirePlatformAdmin(request: FastifyRequest): void {
  if (!request.viewer?.isPlatformAdmin) throw new QuestionBankPageNotFoundError(request.method, request.url);
}

function readForm(body: unknown): ImportForm {
  const fields = (body ?? {}) as Record<string, unknown>;
  const text = (name: string): string => (typeof fields[name] === 'string' ? fields[name] : '');
  const module = text('module');
  if (!/^[a-z0-9-]+\/[a-z0-9-]+$/.test(module)) throw new QuestionBankRequestError('Choose the module to import into.');
  const format = text('format') as QuestionBankFormat;
  if (!QUESTION_BANK_FORMATS.includes(format)) {
    throw new QuestionBankRequestError(`format must be one of ${QUESTION_BANK_FORMATS.join(', ')}`);
  }
  const mode = text('mode') || 'append';
  if (mode !== 'append' && mode !== 'replace') throw new QuestionBankRequestError('mode must be append or replace');
  const action = text('action') || 'preview';
  if (action !== 'preview' && action !== 'apply') throw new QuestionBankRequestError('action must be preview or apply');
  // A file input left empty still sends an empty part.
  const file = Buffer.isBuffer(fields.file) && fields.file.length > 0 ? fields.file : null;
  if (!file && text('text').trim() === '') {
    throw new QuestionBankRequestError('Choose a file to upload or paste the questions.');
  }
  if (!file && Buffer.byteLength(text('text')) > UPLOAD_LIMIT_BYTES) {
    throw new QuestionBankRequestError(
      `The pasted questions are larger than ${UPLOAD_LIMIT_BYTES / 1024 / 1024} MB: import them in several parts.`,
    );
  }
  return { module, format, mode, action, allowSkipping: text('allowSkipping') === 'yes', text: text('text'), file };
}

/**
 * A readable upload comes back as text in the form, so that importing it after a preview, or again after a refusal
 * (allowing skipping), needs no second upload: a page never keeps a chosen file.
 */
function uploadAsText(form: ImportForm, result: QuestionBankPreview): ImportForm {
  if (!form.file || result.problems.some((problem) => problem.message.includes('not UTF-8'))) return form;
  return { ...form, text: form.file.toString('utf8'), file: null };
}

function moduleOptions(courses: ModuleChoice[], selected: string | null) {
  return courses.map((course) => ({
    label: `${course.courseTitle} (version ${course.versionNumber})`,
    modules: course.modules.map((module) => {
      const value = `${course.courseSlug}/${module.id}`;
      return { value, label: `${module.number}. ${module.title} (${module.id})`, selected: value === selected };
    }),
  }));
}

function outcomeView({ result, applied, refusal, importProblems }: Outcome) {
  const version = applied ? (result as QuestionBankImportResult) : null;
  return {
    applied,
    refusal,
    version: version && { number: version.versionNumber, created: version.versionCreated },
    targetFile: result.targetFile,
    moduleId: result.moduleId,
    courseSlug: result.courseSlug,
    mode: result.mode,
    problems: result.problems.map((problem: SourceProblem) => ({ line: problem.line, message: problem.message })),
    contentProblems: [...result.contentProblems, ...importProblems],
    changes: {
      added: result.changes.added.length,
      replaced: result.changes.replaced.join(', '),
      removed: result.changes.removed.join(', '),
      kept: result.changes.kept.length,
    },
    questions: result.questions.map(questionView),
  };
}

function percent(fraction: number): string {
  return `${Math.round(fraction * 10000) / 100}%`;
}

/** One line per option or answer, as a trainer checks them against the source file. */
function questionView(question: Question) {
  const lines = ((): string[] => {
    switch (question.type) {
      case 'single-choice':
      case 'multiple-response':
        return question.options.map(
          (option) =>
            `${option.fraction > 0 ? '✓' : '✗'} ${option.text} (${percent(option.fraction)})${feedback(option.feedback)}`,
        );
      case 'true-false':
        return [
          `Answer: ${question.answer ? 'true' : 'false'}`,
          ...(question.feedbackTrue ? [`To “true”: ${question.feedbackTrue}`] : []),
          ...(question.feedbackFalse ? [`To “false”: ${question.feedbackFalse}`] : []),
        ];
      case 'numeric':
        return question.answers.map((answer) => {
          const accepted =
            answer.value === undefined
              ? `${answer.min} to ${answer.max}`
              : `${answer.value} ± ${answer.tolerance ?? 0}`;
          return `${accepted} (${percent(answer.fraction)})${feedback(answer.feedback)}`;
        });
      case 'short-answer':
        return question.answers.map(
          (answer) => `“${answer.text}” (${percent(answer.fraction)})${feedback(answer.feedback)}`,
        );
      case 'matching':
        return question.pairs.map((pair) => `${pair.prompt} → ${pair.answer}`);
    }
  })();
  return {
    id: question.id,
    type: question.type,
    text: question.text,
    lines,
    generalFeedback: question.generalFeedback ?? null,
  };
}

function feedback(text: string | undefined): string {
  return text ? ` — ${text}` : '';
}
