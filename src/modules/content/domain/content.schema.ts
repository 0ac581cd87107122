import { z } from 'zod';
import type { GradebookWeights } from '../../capstones/domain/capstone.types.js';
import { peerReviewSettingsOverrideSchema } from '../../peer-review/domain/peer-review-settings.js';
import { quizSettingsOverrideSchema } from '../../quizzes/domain/quiz-settings.js';

export const STABLE_ID_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export const stableId = z
  .string({ error: 'must be a stable id (text)' })
  .max(80, 'must be at most 80 characters')
  .regex(STABLE_ID_PATTERN, 'must be a stable id: lowercase letters, digits and single hyphens (e.g. net-m01-intro)');

const text = (what: string) =>
  z
    .string({ error: `${what} must be text` })
    .trim()
    .min(1, `${what} must not be empty`);

const item = z.object({ id: stableId, text: text('text') }).strict();
const items = (what: string) =>
  z.array(item, { error: `${what} must be a list of {id, text}` }).min(1, `${what} must not be empty`);

/** The final grade of a course without a `gradebook:` block, and the values of the keys a block leaves out. */
export const DEFAULT_GRADEBOOK_WEIGHTS: Readonly<GradebookWeights> = Object.freeze({
  quizzes: 40,
  capstone: 60,
  peerReview: 0,
  passPercent: 60,
});

const percent = (what: string) =>
  z
    .number({ error: `${what} must be a number from 0 to 100` })
    .min(0, `${what} must be a number from 0 to 100`)
    .max(100, `${what} must be a number from 0 to 100`);

// Component weights are percents of the final grade, so a typo that makes them add up to 90 is caught here.
const gradebookSchema = z
  .object({
    quizzes: percent('quizzes').default(DEFAULT_GRADEBOOK_WEIGHTS.quizzes),
    capstone: percent('capstone').default(DEFAULT_GRADEBOOK_WEIGHTS.capstone),
    peerReview: percent('peerReview').default(DEFAULT_GRADEBOOK_WEIGHTS.peerReview),
    passPercent: percent('passPercent').default(DEFAULT_GRADEBOOK_WEIGHTS.passPercent),
  })
  .strict()
  .superRefine((weights, context) => {
    const total = weights.quizzes + weights.capstone + weights.peerReview;
    if (Math.abs(total - 100) > 1e-9)
      context.addIssue({
        code: 'custom',
        message: `quizzes, capstone and peerReview must add up to 100 (they add up to ${total})`,
      });
  });

const allOrCount = z.union([z.literal('all'), z.number().int().min(0)], { error: 'must be "all" or a whole number' });

export const courseYamlSchema = z
  .object({
    id: stableId,
    language: z
      .string({ error: 'language must be a BCP 47 tag such as en or fr-SN' })
      .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'language must be a BCP 47 tag such as en or fr-SN'),
    title: text('title'),
    summary: text('summary'),
    introduction: text('introduction'),
    hours: z.number({ error: 'hours must be a number' }).positive('hours must be positive').max(500),
    outcomes: items('outcomes'),
    audience: items('audience'),
    methodologies: items('methodologies'),
    benefits: z
      .object({ participants: items('benefits.participants'), organization: items('benefits.organization') })
      .strict(),
    weeks: z
      .array(
        z
          .object({
            id: stableId,
            number: z.number().int().min(1),
            title: text('title'),
            modules: z.array(stableId).min(1, 'a week must list at least one module'),
          })
          .strict(),
      )
      .min(1, 'weeks must not be empty'),
    actionPlan: items('actionPlan'),
    /** What earns the certificate; each key left out takes its default (see `resolveCompletionRules`). */
    completion: z
      .object({
        modules: allOrCount.optional(),
        quizzes: allOrCount.optional(),
        capstone: z.boolean({ error: 'capstone must be true or false' }).optional(),
        peerReviews: z
          .number({ error: 'peerReviews must be a whole number (0 or more)' })
          .int('peerReviews must be a whole number (0 or more)')
          .min(0, 'peerReviews must be a whole number (0 or more)')
          .optional(),
      })
      .strict()
      .optional(),
    /** Defaults for every module's quiz; a quiz file's `settings:` and a cohort can override them. */
    quiz: quizSettingsOverrideSchema.optional(),
    /** Weights of quizzes, capstone and peer review in the final grade, and the final pass mark. */
    gradebook: gradebookSchema.optional(),
    /** How peer review runs; each key left out takes its default, and a cohort can override them. */
    peerReview: peerReviewSettingsOverrideSchema.optional(),
  })
  .strict();

export type CourseYaml = z.infer<typeof courseYamlSchema>;

export const moduleFrontMatterSchema = z
  .object({
    id: stableId,
    number: z.number({ error: 'number must be a whole number' }).int().min(1),
    title: text('title'),
    estimatedMinutes: z
      .number({ error: 'estimatedMinutes must be a number' })
      .int()
      .min(1)
      .max(24 * 60),
    objectives: items('objectives'),
  })
  .strict();

export type ModuleFrontMatter = z.infer<typeof moduleFrontMatterSchema>;
