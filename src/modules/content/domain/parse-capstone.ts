import { z } from 'zod';
import type { CapstoneContent, ContentProblem } from './content.types.js';
import { stableId } from './content.schema.js';
import { formatYamlPath, parseYamlWithSchema, yamlLineFinder, type ParseResult } from './parse-yaml.js';

/** A missing field says so, rather than that it has the wrong type. */
const missingOr =
  (what: string, message: string) =>
  (issue: { input?: unknown }): string =>
    issue.input === undefined ? `${what} is required` : message;

const text = (what: string) =>
  z
    .string({ error: missingOr(what, `${what} must be text`) })
    .trim()
    .min(1, `${what} must not be empty`);

const percent = (what: string) =>
  z
    .number({ error: missingOr(what, `${what} must be a percentage from 0 to 100`) })
    .min(0, `${what} must be a percentage from 0 to 100`)
    .max(100, `${what} must be a percentage from 0 to 100`);

const sectionSchema = z
  .object({
    id: stableId,
    title: text('title'),
    kind: z.enum(['text', 'activities', 'budget'], {
      error: missingOr('kind', 'kind must be one of text, activities, budget'),
    }),
    guidance: text('guidance'),
    required: z.boolean({ error: 'required must be true or false' }).default(true),
  })
  .strict();

const levelSchema = z
  .object({
    id: stableId,
    label: text('label'),
    points: z.number({ error: missingOr('points', 'points must be a number') }).min(0, 'points must not be negative').max(1000),
    descriptor: text('descriptor'),
  })
  .strict();

const criterionSchema = z
  .object({
    id: stableId,
    title: text('title'),
    weight: z.number({ error: missingOr('weight', 'weight must be a number') }).positive('weight must be positive').max(1000),
    levels: z
      .array(levelSchema, { error: missingOr('levels', 'levels must be a list of {id, label, points, descriptor}') })
      .min(2, 'a criterion needs at least 2 levels'),
  })
  .strict();

export const rubricSchema = z
  .object({
    criteria: z
      .array(criterionSchema, { error: missingOr('criteria', 'criteria must be a list of {id, title, weight, levels}') })
      .min(1, 'criteria must not be empty'),
  })
  .strict();

const capstoneYamlSchema = z
  .object({
    title: text('title'),
    brief: text('brief'),
    passPercent: percent('passPercent'),
    sections: z
      .array(sectionSchema, {
        error: missingOr('sections', 'sections must be a list of {id, title, kind, guidance, required}'),
      })
      .min(1, 'sections must not be empty'),
    rubric: rubricSchema,
    // Peer review's own rubric, when the course wants peers to judge on other criteria than the trainer.
    peerRubric: rubricSchema.optional(),
  })
  .strict();

/**
 * Reads a course's `capstone.yaml`: the brief, the sections of the plan, the rubric and peer review's own rubric
 * if it has one. Problems name the
 * file and line, like every content file; ids are checked within their scope (sections, criteria, the levels
 * of one criterion), since grades and plans are stored against them.
 */
export function parseCapstoneFile(source: string, file: string): ParseResult<CapstoneContent> {
  const parsed = parseYamlWithSchema(source, file, capstoneYamlSchema);
  if (!parsed.ok) return parsed;
  const capstone = parsed.value;
  const lineAt = yamlLineFinder(source);
  const problems: ContentProblem[] = [];
  const problem = (path: (string | number)[], message: string) =>
    problems.push({ file, line: lineAt(path), message: `${formatYamlPath(path)}: ${message}` });

  const checkUnique = (what: string, ids: string[], pathOf: (index: number) => (string | number)[]) => {
    const first = new Map<string, number>();
    ids.forEach((id, index) => {
      const firstIndex = first.get(id);
      if (firstIndex === undefined) first.set(id, index);
      else problem(pathOf(index), `duplicate ${what} id ${id} (first on line ${lineAt(pathOf(firstIndex))})`);
    });
  };

  checkUnique(
    'section',
    capstone.sections.map((section) => section.id),
    (index) => ['sections', index, 'id'],
  );
  const checkRubric = (key: 'rubric' | 'peerRubric', criteria: CapstoneContent['rubric']['criteria']) => {
    checkUnique(
      'criterion',
      criteria.map((criterion) => criterion.id),
      (index) => [key, 'criteria', index, 'id'],
    );
    criteria.forEach((criterion, criterionIndex) => {
      const levelsPath = [key, 'criteria', criterionIndex, 'levels'];
      checkUnique(
        'level',
        criterion.levels.map((level) => level.id),
        (index) => [...levelsPath, index, 'id'],
      );
      // Levels run from lowest to highest: the last one is the criterion's maximum, and a trainer reads them in order.
      criterion.levels.forEach((level, index) => {
        const previous = criterion.levels[index - 1];
        if (previous && level.points <= previous.points)
          problem(
            [...levelsPath, index, 'points'],
            `points must increase from level to level: ${level.id} has ${level.points}, ` +
              `not more than ${previous.points} of ${previous.id} before it`,
          );
      });
    });
  };
  checkRubric('rubric', capstone.rubric.criteria);
  if (capstone.peerRubric) checkRubric('peerRubric', capstone.peerRubric.criteria);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: capstone };
}
