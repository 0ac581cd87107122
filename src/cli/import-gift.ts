import 'reflect-metadata';
import { readFile } from 'node:fs/promises';
import { NestFactory } from '@nestjs/core';
import { Module } from '@nestjs/common';
import { ConfigModule } from '../config/config.module.js';
import { ConfigError, loadConfig } from '../config/config.js';
import { DatabaseModule } from '../database/database.module.js';
import { ContentModule } from '../modules/content/content.module.js';
import type { ContentImportService } from '../modules/content/content-import.service.js';
import type { ContentService } from '../modules/content/content.service.js';
import { formatProblem } from '../modules/content/domain/content.types.js';
import {
  inferQuestionBankFormat,
  QUESTION_BANK_FORMATS,
  QuestionBankImportRefusedError,
  QuestionBankImportService,
  type QuestionBankFormat,
  type QuestionBankPreview,
  type SourceProblem,
} from '../modules/quizzes/question-bank-import.service.js';
import { DomainError } from '../common/domain-error.js';

@Module({ imports: [ConfigModule, DatabaseModule, ContentModule], providers: [QuestionBankImportService] })
class ImportGiftCliModule {}

const USAGE =
  'usage: npm run content:import-gift -- <file.gift|file.txt> <module-id> ' +
  '[--replace] [--dry-run] [--format gift|aiken] [--course <slug>] [--allow-skipping]';

class UsageError extends Error {}

interface Arguments {
  file: string;
  moduleId: string;
  format?: QuestionBankFormat;
  courseSlug?: string;
  replace: boolean;
  dryRun: boolean;
  allowSkipping: boolean;
}

function readArguments(argv: string[]): Arguments {
  const positional: string[] = [];
  const parsed: Omit<Arguments, 'file' | 'moduleId'> = { replace: false, dryRun: false, allowSkipping: false };
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    const value = () => {
      const next = argv[++index];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`${argument} needs a value`);
      return next;
    };
    if (argument === '--replace') parsed.replace = true;
    else if (argument === '--dry-run') parsed.dryRun = true;
    else if (argument === '--allow-skipping') parsed.allowSkipping = true;
    else if (argument === '--course') parsed.courseSlug = value();
    else if (argument === '--format') {
      const format = value();
      if (!(QUESTION_BANK_FORMATS as readonly string[]).includes(format)) {
        throw new UsageError(`--format must be one of ${QUESTION_BANK_FORMATS.join(', ')}`);
      }
      parsed.format = format as QuestionBankFormat;
    } else if (argument.startsWith('--')) throw new UsageError(`unknown option ${argument}`);
    else positional.push(argument);
  }
  if (positional.length !== 2) throw new UsageError('give the file and the module id');
  return { file: positional[0], moduleId: positional[1], ...parsed };
}

/**
 * npm run content:import-gift -- file.gift module-id: converts a GIFT or Aiken file into the module's quiz file and
 * imports the course. Every problem goes to stderr as file:line: message, and the exit code is 1.
 */
async function main(): Promise<number> {
  const args = readArguments(process.argv.slice(2));
  const upload = await readFile(args.file);
  const format = args.format ?? inferQuestionBankFormat(args.file, upload.toString('utf8'));
  if (!format) throw new UsageError(`cannot tell the format of ${args.file}: pass --format gift or --format aiken`);
  const options = { mode: args.replace ? ('replace' as const) : ('append' as const), courseSlug: args.courseSlug };

  const report = (problems: SourceProblem[]) => {
    for (const problem of problems) console.error(`${args.file}:${problem.line}: ${problem.message}`);
  };
  if (args.dryRun) {
    // A dry run only reads files, so it needs no database: the services that would write are left out.
    const service = new QuestionBankImportService(
      unavailable<ContentImportService>('the content import'),
      unavailable<ContentService>('the course catalogue'),
      loadConfig(),
    );
    const preview = await service.preview(upload, format, args.moduleId, options);
    printSummary(preview, 'would write');
    report(preview.problems);
    for (const problem of preview.contentProblems) console.error(formatProblem(problem));
    const refused = preview.contentProblems.length > 0 || (preview.problems.length > 0 && !args.allowSkipping);
    return refused || preview.questions.length === 0 ? 1 : 0;
  }

  const app = await NestFactory.createApplicationContext(ImportGiftCliModule, { logger: ['error', 'warn'] });
  try {
    const result = await app
      .get(QuestionBankImportService)
      .apply(upload, format, args.moduleId, { ...options, allowSkipping: args.allowSkipping });
    printSummary(result, 'wrote');
    if (result.skipped.length > 0) {
      console.error(`skipped ${result.skipped.length} item${result.skipped.length === 1 ? '' : 's'}:`);
      report(result.skipped);
    }
    console.log(
      `${result.courseSlug}: version ${result.versionNumber} ${result.versionCreated ? 'imported' : 'unchanged (no-op)'}`,
    );
    return 0;
  } catch (error) {
    if (!(error instanceof QuestionBankImportRefusedError)) throw error;
    console.error(error.message.split('\n')[0]);
    report(error.problems);
    for (const problem of error.contentProblems) console.error(formatProblem(problem));
    return 1;
  } finally {
    await app.close();
  }
}

function unavailable<T extends object>(what: string): T {
  return new Proxy({} as T, {
    get: () => {
      throw new Error(`${what} is not used in a dry run`);
    },
  });
}

function printSummary(preview: QuestionBankPreview, verb: string): void {
  const { added, replaced, removed, kept } = preview.changes;
  console.log(
    `${preview.targetFile}: ${verb} ${preview.questions.length} question${preview.questions.length === 1 ? '' : 's'} ` +
      `(${added.length} new, ${replaced.length} replaced, ${removed.length} removed, ${kept.length} kept)`,
  );
  for (const question of preview.questions) {
    console.log(`  ${question.id}  ${question.type}  ${question.text.split('\n')[0].slice(0, 70)}`);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) console.error(`${error.message}\n${USAGE}`);
    else if (error instanceof ConfigError || error instanceof DomainError) console.error(error.message);
    else if ((error as NodeJS.ErrnoException)?.code === 'ENOENT') console.error((error as Error).message);
    else console.error(error);
    process.exit(1);
  },
);
