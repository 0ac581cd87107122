import { z } from 'zod';
import type { ContentProblem, CourseContent } from '../../content/domain/content.types.js';
import { STABLE_ID_PATTERN, stableId } from '../../content/domain/content.schema.js';
import { parseYamlWithSchema, yamlLineFinder, type ParseResult } from '../../content/domain/parse-yaml.js';
import { localUnitId } from './localize-course.js';
import { listCourseUnits, UNIT_ID_SEPARATOR } from './translation-units.js';
import type { CopyUnitKind, CopyUnitState } from './localize-course.js';

/** content/copies/<institute>/<copy>/copy.yaml: what the mirrored course files do not say. */
export interface CopyYaml {
  course: string;
  language: string;
  title: string;
  branding?: { logoText?: string; accentColor?: string; footer?: string };
  /** Unit ids, or section ids (both fields of the section), whose text is an adaptation rather than a translation. */
  adapted?: string[];
  /** Unit ids (sections, objectives), or section ids, that the copy leaves out. */
  hidden?: string[];
}

const copyYamlSchema = z
  .object({
    course: stableId,
    language: z
      .string({ error: 'language must be a BCP 47 tag such as fr or fr-SN' })
      .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'language must be a BCP 47 tag such as fr or fr-SN'),
    title: z.string({ error: 'title must be text' }).trim().min(1, 'title must not be empty').max(200),
    branding: z
      .object({
        logoText: z.string().max(80).optional(),
        accentColor: z
          .string()
          .regex(/^#[0-9a-fA-F]{6}$/, 'accentColor must be a colour like #1a5276')
          .optional(),
        footer: z.string().max(500).optional(),
      })
      .strict()
      .optional(),
    adapted: z.array(z.string({ error: 'must be a unit or section id' })).optional(),
    hidden: z.array(z.string({ error: 'must be a unit or section id' })).optional(),
  })
  .strict();

export function parseCopyYaml(source: string, file: string): ParseResult<CopyYaml> {
  return parseYamlWithSchema(source, file, copyYamlSchema);
}

/** Which files of the master the copy folder provides (same names): only their units are taken from the copy. */
export interface ProvidedFiles {
  course: boolean;
  capstone: boolean;
  /** Module ids whose .md file the copy has. */
  modules: ReadonlySet<string>;
  /** Module ids whose .quiz.yaml file the copy has. */
  quizzes: ReadonlySet<string>;
}

/** A row the import wants to be a unit's current state. */
export interface DesiredUnit {
  unitId: string;
  kind: CopyUnitKind;
  text: string | null;
  sourceHash: string | null;
  afterUnit: string | null;
}

function provides(unitId: string, files: ProvidedFiles, moduleIds: ReadonlySet<string>): boolean {
  const [first, second] = unitId.split(UNIT_ID_SEPARATOR);
  if (first === 'capstone') return files.capstone;
  if (!moduleIds.has(first)) return files.course;
  return second === 'quiz' ? files.quizzes.has(first) : files.modules.has(first);
}

/**
 * The unit rows a copy folder stands for, against the master's newest version: each master unit whose file the
 * copy provides is translated (or adapted when copy.yaml says so) with the master text's hash; `hidden:` units are
 * hidden; sections of the copy's module files that the master lacks are local additions placed after the section
 * before them. Problems name copy.yaml and the line of the offending id.
 */
export function planCopyUnits(options: {
  master: CourseContent;
  copy: CourseContent;
  files: ProvidedFiles;
  copyYaml: CopyYaml;
  copyYamlSource: string;
  copyYamlFile: string;
}): ParseResult<DesiredUnit[]> {
  const { master, copy, files, copyYaml } = options;
  const problems: ContentProblem[] = [];
  const lineOf = yamlLineFinder(options.copyYamlSource);
  const masterUnits = new Map(listCourseUnits(master).map((unit) => [unit.id, unit]));
  const copyUnits = new Map(listCourseUnits(copy).map((unit) => [unit.id, unit]));
  const moduleIds = new Set(master.modules.map((module) => module.id));
  const sectionModule = new Map(
    master.modules.flatMap((module) => module.sections.map((section) => [section.id, module.id] as const)),
  );
  const sectionUnits = (sectionId: string) => {
    const moduleId = sectionModule.get(sectionId);
    return moduleId ? [`${moduleId}/sections/${sectionId}/title`, `${moduleId}/sections/${sectionId}/markdown`] : null;
  };

  const adapted = new Set<string>();
  (copyYaml.adapted ?? []).forEach((id, index) => {
    const units = masterUnits.has(id) ? [id] : sectionUnits(id);
    if (!units) {
      problems.push({
        file: options.copyYamlFile,
        line: lineOf(['adapted', index]),
        message: `adapted: ${id} is neither a unit nor a section of the master course ${master.id}`,
      });
      return;
    }
    const withText = units.filter((unitId) => copyUnits.has(unitId) && provides(unitId, files, moduleIds));
    if (withText.length === 0)
      problems.push({
        file: options.copyYamlFile,
        line: lineOf(['adapted', index]),
        message: `adapted: ${id} has no text in the copy's files`,
      });
    for (const unitId of withText) adapted.add(unitId);
  });
  const hidden = new Set<string>();
  (copyYaml.hidden ?? []).forEach((id, index) => {
    const parts = id.split(UNIT_ID_SEPARATOR);
    const hideable =
      masterUnits.has(id) &&
      ((parts[1] === 'sections' && parts.length === 4) || (parts[1] === 'objectives' && parts.length === 3));
    const units = hideable ? [id] : sectionUnits(id)?.slice(1);
    if (!units) {
      problems.push({
        file: options.copyYamlFile,
        line: lineOf(['hidden', index]),
        message: `hidden: ${id} is not a section or objective of the master course ${master.id}`,
      });
      return;
    }
    for (const unitId of units) hidden.add(unitId);
  });
  if (problems.length > 0) return { ok: false, problems };

  const desired: DesiredUnit[] = [];
  for (const unit of masterUnits.values()) {
    if (hidden.has(unit.id)) {
      desired.push({ unitId: unit.id, kind: 'hidden', text: null, sourceHash: unit.sourceHash, afterUnit: null });
      continue;
    }
    const copyUnit = copyUnits.get(unit.id);
    if (!copyUnit || !provides(unit.id, files, moduleIds)) continue;
    desired.push({
      unitId: unit.id,
      kind: adapted.has(unit.id) ? 'adapted' : 'translated',
      text: copyUnit.source,
      sourceHash: unit.sourceHash,
      afterUnit: null,
    });
  }
  for (const module of copy.modules) {
    if (!files.modules.has(module.id)) continue;
    let previous = module.id;
    for (const section of module.sections) {
      if (!sectionModule.has(section.id) && STABLE_ID_PATTERN.test(section.id)) {
        desired.push(
          {
            unitId: localUnitId(section.id, 'title'),
            kind: 'added',
            text: section.title,
            sourceHash: null,
            afterUnit: previous,
          },
          {
            unitId: localUnitId(section.id, 'markdown'),
            kind: 'added',
            text: section.markdown,
            sourceHash: null,
            afterUnit: previous,
          },
        );
      }
      previous = section.id;
    }
  }
  return { ok: true, value: desired };
}

/** The desired rows that differ from the current state: importing the same files again writes nothing. */
export function changedUnits(desired: DesiredUnit[], current: ReadonlyMap<string, CopyUnitState>): DesiredUnit[] {
  return desired.filter((unit) => {
    const row = current.get(unit.unitId);
    return (
      !row ||
      row.kind !== unit.kind ||
      row.text !== unit.text ||
      (row.sourceHash ?? null) !== unit.sourceHash ||
      (row.afterUnit ?? null) !== unit.afterUnit
    );
  });
}
