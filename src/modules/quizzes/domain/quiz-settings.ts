import { z } from 'zod';
import type { GradingMethod } from './attempt-policy.js';

export type ShowAnswers = 'never' | 'after-attempt' | 'after-close';

/** Everything that decides how one module's quiz runs, as resolved for one cohort. */
export interface QuizSettings {
  /** Percent, 0..100, that the counted grade must reach. */
  passMark: number;
  /** Null means unlimited. */
  attemptsAllowed: number | null;
  grading: GradingMethod;
  /** Null means untimed. */
  timeLimitMinutes: number | null;
  /** Questions drawn per attempt from the module's bank; null means all of them. */
  drawCount: number | null;
  shuffleQuestions: boolean;
  shuffleOptions: boolean;
  /** When participants see the right answers and per-option feedback. */
  showAnswers: ShowAnswers;
}

export type QuizSettingsOverride = Partial<QuizSettings>;

export const DEFAULT_QUIZ_SETTINGS: QuizSettings = {
  passMark: 70,
  attemptsAllowed: 3,
  grading: 'highest',
  timeLimitMinutes: null,
  drawCount: null,
  shuffleQuestions: true,
  shuffleOptions: true,
  showAnswers: 'after-attempt',
};

/** The same keys in course.yaml (`quiz:`), in a quiz file (`settings:`) and in a cohort's override. */
export const quizSettingsOverrideSchema = z
  .object({
    passMark: z.number({ error: 'passMark must be a percentage from 0 to 100' }).min(0).max(100),
    attemptsAllowed: z
      .number({ error: 'attemptsAllowed must be a whole number of at least 1, or null for unlimited' })
      .int()
      .min(1)
      .max(100)
      .nullable(),
    grading: z.enum(['highest', 'average', 'first', 'last'], {
      error: 'grading must be one of highest, average, first, last',
    }),
    timeLimitMinutes: z
      .number({ error: 'timeLimitMinutes must be a whole number of minutes, or null for no limit' })
      .int()
      .min(1)
      .max(24 * 60)
      .nullable(),
    drawCount: z
      .number({ error: 'drawCount must be a whole number of at least 1, or null to use every question' })
      .int()
      .min(1)
      .nullable(),
    shuffleQuestions: z.boolean({ error: 'shuffleQuestions must be true or false' }),
    shuffleOptions: z.boolean({ error: 'shuffleOptions must be true or false' }),
    showAnswers: z.enum(['never', 'after-attempt', 'after-close'], {
      error: 'showAnswers must be one of never, after-attempt, after-close',
    }),
  })
  .partial()
  .strict();

/** Later layers win: course defaults, then the module's own, then the cohort's. */
export function resolveQuizSettings(...layers: (QuizSettingsOverride | null | undefined)[]): QuizSettings {
  const resolved: QuizSettings = { ...DEFAULT_QUIZ_SETTINGS };
  for (const layer of layers) {
    if (!layer) continue;
    for (const [key, value] of Object.entries(layer) as [keyof QuizSettings, unknown][]) {
      if (value !== undefined) (resolved as unknown as Record<string, unknown>)[key] = value;
    }
  }
  return resolved;
}
