import type { CourseContent } from '../../content/domain/content.types.js';
import { localizeCourse, type CopyUnitState } from './localize-course.js';
import { listCourseUnits, UNIT_ID_SEPARATOR, type TranslationUnit } from './translation-units.js';

/** The state of one master unit in a copy, as the editor and the progress table count it. */
export type UnitStatus = 'translated' | 'stale' | 'missing' | 'hidden' | 'adapted';

export interface ProgressCounts {
  translated: number;
  stale: number;
  missing: number;
  hidden: number;
  adapted: number;
  added: number;
  total: number;
}

export interface GroupProgress extends ProgressCounts {
  /** A module id, or `course` (outline, weeks) or `capstone`. */
  group: string;
}

/** Stale: the newest row was made from another master text than the base version's (its source hash differs). */
export function unitStatus(unit: Pick<TranslationUnit, 'sourceHash'>, row: CopyUnitState | undefined): UnitStatus {
  if (!row) return 'missing';
  if (row.kind === 'hidden') return 'hidden';
  if (row.kind === 'added' || row.text === null || row.text === '') return 'missing';
  if (row.sourceHash !== unit.sourceHash) return 'stale';
  return row.kind === 'adapted' ? 'adapted' : 'translated';
}

/** The group of a unit id: its module, or `capstone`, or `course` for the outline. */
export function groupOf(unitId: string, moduleIds: ReadonlySet<string>): string {
  const first = unitId.split(UNIT_ID_SEPARATOR)[0];
  if (moduleIds.has(first)) return first;
  return first === 'capstone' ? 'capstone' : 'course';
}

/** Counts per group, in reading order: course, each module, capstone; local sections count as added. */
export function copyProgress(course: CourseContent, units: ReadonlyMap<string, CopyUnitState>): GroupProgress[] {
  const moduleIds = new Set(course.modules.map((module) => module.id));
  const groups = new Map<string, GroupProgress>();
  const group = (name: string) => {
    let entry = groups.get(name);
    if (!entry) {
      entry = { group: name, translated: 0, stale: 0, missing: 0, hidden: 0, adapted: 0, added: 0, total: 0 };
      groups.set(name, entry);
    }
    return entry;
  };
  group('course');
  for (const module of course.modules) group(module.id);
  if (course.capstone) group('capstone');
  for (const unit of listCourseUnits(course)) {
    const entry = group(groupOf(unit.id, moduleIds));
    entry[unitStatus(unit, units.get(unit.id))] += 1;
    entry.total += 1;
  }
  for (const module of localizeCourse(course, units, course.language).modules)
    group(module.id).added += module.sections.filter((section) => section.local).length;
  return [...groups.values()];
}
