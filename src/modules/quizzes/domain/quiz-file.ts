import { z } from 'zod';
import { stableId } from '../../content/domain/content.schema.js';
import type { ContentProblem } from '../../content/domain/content.types.js';
import { parseYamlWithSchema } from '../../content/domain/parse-yaml.js';
import type { Question } from './question.types.js';
import { quizSettingsOverrideSchema, type QuizSettingsOverride } from './quiz-settings.js';

const text = (what: string) =>
  z
    .string({ error: `${what} must be text` })
    .trim()
    .min(1, `${what} must not be empty`);
const fraction = z.number({ error: 'fraction must be a number from -1 to 1' }).min(-1).max(1);
const feedback = text('feedback').optional();

const base = {
  id: stableId,
  text: text('text'),
  generalFeedback: text('generalFeedback').optional(),
  points: z.number().positive().max(100).optional(),
};
const option = z.object({ id: stableId, text: text('text'), fraction, feedback }).strict();

const questionSchema = z.discriminatedUnion(
  'type',
  [
    z
      .object({
        ...base,
        type: z.literal('single-choice'),
        options: z.array(option).min(2, 'needs at least 2 options'),
      })
      .strict()
      .refine((question) => question.options.filter((entry) => entry.fraction === 1).length === 1, {
        message: 'a single-choice question needs exactly one option with fraction 1',
        path: ['options'],
      }),
    z
      .object({
        ...base,
        type: z.literal('multiple-response'),
        options: z.array(option).min(2, 'needs at least 2 options'),
      })
      .strict()
      .refine(
        (question) =>
          Math.abs(
            question.options.filter((entry) => entry.fraction > 0).reduce((sum, entry) => sum + entry.fraction, 0) - 1,
          ) < 1e-6,
        { message: 'the fractions of the right options must add up to 1', path: ['options'] },
      ),
    z
      .object({
        ...base,
        type: z.literal('true-false'),
        answer: z.boolean(),
        feedbackTrue: feedback,
        feedbackFalse: feedback,
      })
      .strict(),
    z
      .object({
        ...base,
        type: z.literal('numeric'),
        answers: z
          .array(
            z
              .object({
                id: stableId,
                value: z.number().optional(),
                tolerance: z.number().min(0).optional(),
                min: z.number().optional(),
                max: z.number().optional(),
                fraction,
                feedback,
              })
              .strict()
              .refine(
                (answer) => answer.value !== undefined || (answer.min !== undefined && answer.max !== undefined),
                {
                  message: 'a numeric answer needs a value (with a tolerance) or a min and a max',
                },
              ),
          )
          .min(1),
      })
      .strict(),
    z
      .object({
        ...base,
        type: z.literal('short-answer'),
        answers: z.array(z.object({ id: stableId, text: text('text'), fraction, feedback }).strict()).min(1),
      })
      .strict(),
    z
      .object({
        ...base,
        type: z.literal('matching'),
        pairs: z
          .array(z.object({ id: stableId, prompt: text('prompt'), answer: text('answer') }).strict())
          .min(3, 'a matching question needs at least 3 pairs'),
      })
      .strict(),
  ],
  { error: 'type must be one of single-choice, multiple-response, true-false, numeric, short-answer, matching' },
);

const quizFileSchema = z
  .object({
    module: stableId,
    settings: quizSettingsOverrideSchema.optional(),
    questions: z.array(questionSchema).min(1),
  })
  .strict();

export interface QuizFile {
  moduleId: string;
  /** This module's changes to the course's quiz defaults. */
  settings: QuizSettingsOverride;
  questions: Question[];
}

/** Reads a module's question bank; problems name the file and line, like every content file. */
export function parseQuizFile(
  source: string,
  file: string,
): { ok: true; value: QuizFile } | { ok: false; problems: ContentProblem[] } {
  const parsed = parseYamlWithSchema(source, file, quizFileSchema);
  if (!parsed.ok) return parsed;
  const seen = new Map<string, number>();
  const occurrences = new Map<string, number>();
  const problems: ContentProblem[] = [];
  const declared = declarationLines(source);
  for (const question of parsed.value.questions) {
    const ids = [
      question.id,
      ...('options' in question
        ? question.options
        : 'answers' in question
          ? question.answers
          : 'pairs' in question
            ? question.pairs
            : []
      ).map((entry) => entry.id),
    ];
    for (const id of ids) {
      // The n-th time an id is met, it is on the n-th line that declares it.
      const lines = declared.get(id) ?? [];
      const occurrence = (occurrences.get(id) ?? 0) + 1;
      occurrences.set(id, occurrence);
      const line = lines[occurrence - 1] ?? lines[0] ?? 1;
      if (seen.has(id)) problems.push({ file, line, message: `duplicate id ${id} (first on line ${seen.get(id)})` });
      else seen.set(id, line);
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: { moduleId: parsed.value.module, settings: parsed.value.settings ?? {}, questions: parsed.value.questions },
  };
}

const ID_DECLARATION = /\bid: ["']?([a-z0-9]+(?:-[a-z0-9]+)*)["']?(?=\s|,|}|$)/g;

/**
 * The lines declaring each id (`id: x`, also inside `{ id: x, … }`), found in one pass: a bank of a thousand
 * imported questions has thousands of ids and tens of thousands of lines, too many to search the file per id.
 */
export function declarationLines(source: string): Map<string, number[]> {
  const declared = new Map<string, number[]>();
  for (const [index, text] of source.split(/\r?\n/).entries()) {
    for (const match of text.matchAll(ID_DECLARATION)) {
      const lines = declared.get(match[1]) ?? [];
      if (lines.at(-1) !== index + 1) lines.push(index + 1);
      declared.set(match[1], lines);
    }
  }
  return declared;
}
