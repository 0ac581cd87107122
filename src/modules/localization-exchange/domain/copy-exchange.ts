import type { CourseContent } from '../../content/domain/content.types.js';
import { checkMarkdownCodes } from '../../localization/domain/inline-codes.js';
import {
  listCourseUnits,
  UNIT_ID_SEPARATOR,
  type TranslationUnit,
} from '../../localization/domain/translation-units.js';
import { xliffUnitId, type ImportProblem } from '../../localization/domain/xliff.js';
import type { CopyUnitState } from './rebase-plan.js';
import { wordDiff, type DiffPart } from './word-diff.js';

const COURSE_PREFIXES = new Set([
  'course',
  'outcomes',
  'audience',
  'methodologies',
  'benefits',
  'weeks',
  'action-plan',
]);

/** The `<file>` (and progress group) of a unit: `course` for the outline, `capstone`, or the module's id. */
export function fileOfUnit(unitId: string): string {
  const head = unitId.split(UNIT_ID_SEPARATOR)[0];
  return COURSE_PREFIXES.has(head) ? 'course' : head;
}

export interface ExchangeUnits {
  /** What a translator gets: every master unit not adapted or hidden, with its current translation as target. */
  units: TranslationUnit[];
  /** Units left out because the copy adapted or hid them: translating them in a file would overwrite local work. */
  excluded: Map<string, 'adapted' | 'hidden'>;
}

/**
 * The units of a copy for a translation file. A translation is written as the target only while it is current (made
 * from today's source) and keeps the source's inline codes; otherwise the unit goes out untranslated (stale or
 * broken work is never offered as done).
 */
export function exchangeUnits(course: CourseContent, current: ReadonlyMap<string, CopyUnitState>): ExchangeUnits {
  const units: TranslationUnit[] = [];
  const excluded = new Map<string, 'adapted' | 'hidden'>();
  for (const unit of listCourseUnits(course)) {
    const row = current.get(unit.id);
    if (row?.kind === 'adapted' || row?.kind === 'hidden') {
      excluded.set(unit.id, row.kind);
      continue;
    }
    const usable =
      row?.kind === 'translated' &&
      row.text !== null &&
      row.text !== '' &&
      row.sourceHash === unit.sourceHash &&
      checkMarkdownCodes(unit.source, row.text).length === 0;
    units.push({ ...unit, target: usable ? row.text : null });
  }
  return { units, excluded };
}

/** A unit the copy adapted or hid is named as such rather than as unknown. */
export function explainExcluded(problems: ImportProblem[], excluded: ReadonlyMap<string, string>): ImportProblem[] {
  const byXliffId = new Map([...excluded].map(([id, kind]) => [xliffUnitId(id), [id, kind] as const]));
  return problems.map((problem) => {
    const hit =
      problem.unitId === undefined
        ? undefined
        : (byXliffId.get(problem.unitId) ??
          (excluded.has(problem.unitId) ? ([problem.unitId, excluded.get(problem.unitId)!] as const) : undefined));
    if (!hit || !problem.message.startsWith('unknown unit id')) return problem;
    return {
      ...problem,
      unitId: hit[0],
      message: `this unit is ${hit[1]} in this copy: change it in Cascade, not through a translation file`,
    };
  });
}

/** The rows an import appends: only units whose translation is new or different (unchanged text writes nothing). */
export function changedTranslations(
  targets: ReadonlyMap<string, string>,
  units: readonly TranslationUnit[],
  current: ReadonlyMap<string, CopyUnitState>,
): CopyUnitState[] {
  const rows: CopyUnitState[] = [];
  for (const unit of units) {
    const text = targets.get(unit.id);
    if (text === undefined) continue;
    const row = current.get(unit.id);
    if (row?.kind === 'translated' && row.text === text && row.sourceHash === unit.sourceHash) continue;
    rows.push({ unitId: unit.id, kind: 'translated', text, sourceHash: unit.sourceHash, afterUnit: null });
  }
  return rows;
}

export interface MasterDiff {
  changed: { unitId: string; parts: DiffPart[] }[];
  added: { unitId: string; source: string }[];
  removed: { unitId: string; source: string }[];
}

/** What changed in the master between two versions, unit by unit, with a word diff of each changed source. */
export function masterDiff(oldCourse: CourseContent, newCourse: CourseContent): MasterDiff {
  const before = new Map(listCourseUnits(oldCourse).map((unit) => [unit.id, unit]));
  const after = listCourseUnits(newCourse);
  const afterIds = new Set(after.map((unit) => unit.id));
  const diff: MasterDiff = { changed: [], added: [], removed: [] };
  for (const unit of after) {
    const old = before.get(unit.id);
    if (!old) diff.added.push({ unitId: unit.id, source: unit.source });
    else if (old.sourceHash !== unit.sourceHash)
      diff.changed.push({ unitId: unit.id, parts: wordDiff(old.source, unit.source) });
  }
  for (const [id, unit] of before) if (!afterIds.has(id)) diff.removed.push({ unitId: id, source: unit.source });
  return diff;
}
