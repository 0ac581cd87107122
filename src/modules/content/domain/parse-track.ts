import { z } from 'zod';
import type { RubricCriterion } from '../../capstones/domain/capstone.types.js';
import type { CapstoneContent, ContentProblem } from './content.types.js';
import { stableId } from './content.schema.js';
import { rubricSchema } from './parse-capstone.js';
import { formatYamlPath, parseYamlWithSchema, yamlLineFinder, type ParseResult } from './parse-yaml.js';
import { renderMarkdown } from './render-markdown.js';

/** A track's teach-back.yaml and calibration.yaml as stored in course_versions.track. */
export interface TrackDefinition {
  teachBack: {
    title: string;
    brief: string;
    briefHtml: string;
    passPercent: number;
    minimumPoints: number;
    rubric: { criteria: RubricCriterion[] };
  };
  calibration: {
    title: string;
    passRule: { withinLevels: number; minimumPercent: number };
    references: {
      id: string;
      course: string;
      title: string;
      sections: { id: string; markdown: string; html: string }[];
      levels: Record<string, string>;
      comments: Record<string, string>;
    }[];
  };
}

const text = (what: string) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? `${what} is required` : `${what} must be text`) })
    .trim()
    .min(1, `${what} must not be empty`);
const percent = (what: string) =>
  z
    .number({ error: `${what} must be a percentage from 0 to 100` })
    .min(0, `${what} must be a percentage from 0 to 100`)
    .max(100, `${what} must be a percentage from 0 to 100`);

const teachBackSchema = z
  .object({
    title: text('title'),
    brief: text('brief'),
    passPercent: percent('passPercent'),
    minimumPoints: z.number({ error: 'minimumPoints must be a number' }).min(0, 'minimumPoints must not be negative'),
    rubric: rubricSchema,
  })
  .strict();

const calibrationSchema = z
  .object({
    title: text('title'),
    passRule: z
      .object({
        withinLevels: z
          .number({ error: 'withinLevels must be a whole number' })
          .int('withinLevels must be a whole number')
          .min(0, 'withinLevels must not be negative'),
        minimumPercent: percent('minimumPercent'),
      })
      .strict(),
    references: z
      .array(
        z
          .object({
            id: stableId,
            course: stableId,
            title: text('title'),
            sections: z.record(z.string(), text('section text'), { error: 'sections must map section ids to text' }),
            levels: z.record(z.string(), stableId, { error: 'levels must map criterion ids to level ids' }),
            comments: z.record(z.string(), text('comment'), { error: 'comments must map criterion ids to text' }),
          })
          .strict(),
        { error: 'references must be a list of {id, course, title, sections, levels, comments}' },
      )
      .min(1, 'references must not be empty'),
  })
  .strict();

type TeachBackYaml = z.infer<typeof teachBackSchema>;
type CalibrationYaml = z.infer<typeof calibrationSchema>;

/**
 * Reads a track's teach-back.yaml and calibration.yaml. The checklist follows the capstone rubric rules (unique
 * ids, points increasing level by level); every calibration reference must match its course's capstone exactly:
 * one text per plan section, one level per rubric criterion, and each level one of that criterion's.
 */
export function parseTrackFiles(
  teachBackFile: { file: string; source: string },
  calibrationFile: { file: string; source: string },
  capstones: ReadonlyMap<string, CapstoneContent>,
  options: { skipUnknownCourses?: boolean } = {},
): ParseResult<TrackDefinition> {
  const problems: ContentProblem[] = [];
  const teachBack = parseYamlWithSchema<TeachBackYaml>(teachBackFile.source, teachBackFile.file, teachBackSchema);
  if (!teachBack.ok) problems.push(...teachBack.problems);
  else problems.push(...rubricProblems(teachBack.value.rubric.criteria, teachBackFile));
  const calibration = parseYamlWithSchema<CalibrationYaml>(
    calibrationFile.source,
    calibrationFile.file,
    calibrationSchema,
  );
  if (!calibration.ok) problems.push(...calibration.problems);
  else problems.push(...referenceProblems(calibration.value, calibrationFile, capstones, options.skipUnknownCourses));
  if (!teachBack.ok || !calibration.ok || problems.length > 0) return { ok: false, problems };
  const tb = teachBack.value;
  return {
    ok: true,
    value: {
      teachBack: {
        title: tb.title,
        brief: tb.brief,
        briefHtml: renderMarkdown(tb.brief),
        passPercent: tb.passPercent,
        minimumPoints: tb.minimumPoints,
        rubric: tb.rubric,
      },
      calibration: {
        title: calibration.value.title,
        passRule: calibration.value.passRule,
        references: calibration.value.references.map((reference) => {
          const order = capstones.get(reference.course)?.sections.map((section) => section.id) ?? [];
          return {
            id: reference.id,
            course: reference.course,
            title: reference.title,
            sections: order.map((id) => ({
              id,
              markdown: reference.sections[id],
              html: renderMarkdown(reference.sections[id]),
            })),
            levels: reference.levels,
            comments: reference.comments,
          };
        }),
      },
    },
  };
}

function rubricProblems(criteria: RubricCriterion[], input: { file: string; source: string }): ContentProblem[] {
  const lineAt = yamlLineFinder(input.source);
  const problems: ContentProblem[] = [];
  const problem = (path: (string | number)[], message: string) =>
    problems.push({ file: input.file, line: lineAt(path), message: `${formatYamlPath(path)}: ${message}` });
  const seen = new Set<string>();
  criteria.forEach((criterion, index) => {
    if (seen.has(criterion.id)) problem(['rubric', 'criteria', index, 'id'], `duplicate criterion id ${criterion.id}`);
    seen.add(criterion.id);
    const levelIds = new Set<string>();
    criterion.levels.forEach((level, levelIndex) => {
      const path = ['rubric', 'criteria', index, 'levels', levelIndex];
      if (levelIds.has(level.id)) problem([...path, 'id'], `duplicate level id ${level.id}`);
      levelIds.add(level.id);
      const previous = criterion.levels[levelIndex - 1];
      if (previous && level.points <= previous.points)
        problem([...path, 'points'], `points must increase from level to level: ${level.id} has ${level.points}`);
    });
  });
  return problems;
}

function referenceProblems(
  calibration: CalibrationYaml,
  input: { file: string; source: string },
  capstones: ReadonlyMap<string, CapstoneContent>,
  skipUnknownCourses = false,
): ContentProblem[] {
  const lineAt = yamlLineFinder(input.source);
  const problems: ContentProblem[] = [];
  const problem = (path: (string | number)[], message: string) =>
    problems.push({ file: input.file, line: lineAt(path), message: `${formatYamlPath(path)}: ${message}` });
  const ids = new Set<string>();
  calibration.references.forEach((reference, index) => {
    const at = ['references', index];
    if (ids.has(reference.id)) problem([...at, 'id'], `duplicate reference id ${reference.id}`);
    ids.add(reference.id);
    const capstone = capstones.get(reference.course);
    if (!capstone) {
      if (!skipUnknownCourses) problem([...at, 'course'], `course ${reference.course} has no capstone among the imported courses`);
      return;
    }
    const sectionIds = capstone.sections.map((section) => section.id);
    for (const id of sectionIds)
      if (!(id in reference.sections)) problem([...at, 'sections'], `section ${id} of ${reference.course} is missing`);
    for (const id of Object.keys(reference.sections))
      if (!sectionIds.includes(id)) problem([...at, 'sections', id], `${reference.course} has no section ${id}`);
    for (const criterion of capstone.rubric.criteria) {
      const level = reference.levels[criterion.id];
      if (level === undefined) problem([...at, 'levels'], `criterion ${criterion.id} has no reference level`);
      else if (!criterion.levels.some((entry) => entry.id === level))
        problem([...at, 'levels', criterion.id], `criterion ${criterion.id} has no level ${level}`);
    }
    for (const id of Object.keys(reference.levels))
      if (!capstone.rubric.criteria.some((criterion) => criterion.id === id))
        problem([...at, 'levels', id], `${reference.course}'s rubric has no criterion ${id}`);
    for (const id of Object.keys(reference.comments))
      if (!capstone.rubric.criteria.some((criterion) => criterion.id === id))
        problem([...at, 'comments', id], `${reference.course}'s rubric has no criterion ${id}`);
  });
  return problems;
}
