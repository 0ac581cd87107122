import type { CourseContent } from '../../content/domain/content.types.js';
import {
  listCourseUnits,
  UNIT_ID_SEPARATOR,
  type TranslationUnit,
} from '../../localization/domain/translation-units.js';

export type CopyUnitKind = 'translated' | 'adapted' | 'hidden' | 'added';

/** The current state of one unit of a copy (its newest row). */
export interface CopyUnitState {
  unitId: string;
  kind: CopyUnitKind;
  text: string | null;
  /** sha256 of the master source the row was made from; null for a local addition. */
  sourceHash: string | null;
  /** For a local section (`local/<section id>/title|markdown`): the section id it follows, master or local. */
  afterUnit: string | null;
}

/** Local additions are not master units: their ids start with this. */
export const LOCAL_UNIT_PREFIX = 'local/';

/** What a rebase does and finds, kept as the report of `course_copy_rebases`. */
export interface RebaseReport {
  /** Master units whose source changed between the two versions. */
  masterChanged: string[];
  masterAdded: string[];
  masterRemoved: string[];
  /** Translated or adapted units whose source is the same in the new version: they carry over as they are. */
  carried: string[];
  /** Translated or adapted units whose master source changed: kept, and flagged for review. */
  stale: { unitId: string; kind: 'translated' | 'adapted' }[];
  /** Hidden units whose master source changed: still hidden; the admin may want to look. */
  hiddenChanged: string[];
  /** Copy units of a master unit the new version no longer has: reported; their rows stay in the history. */
  removed: { unitId: string; kind: CopyUnitKind }[];
  /** Local additions whose anchor is gone, moved to the end of their module (`to` null: the module is gone too). */
  reanchored: { unitId: string; from: string; to: string | null }[];
  /** Local additions, all kept. */
  localKept: string[];
}

/** The rows a rebase appends (a re-anchored local addition is a new row with the same text). */
export interface RebasePlan {
  report: RebaseReport;
  newRows: CopyUnitState[];
}

/**
 * How a copy moves from one master version to the next. Nothing is dropped: a unit whose source did not change
 * carries over (its source hash still matches), a changed one is stale (listed), a removed master unit is reported
 * (its rows stay), and a local section whose anchor disappeared is re-anchored at the end of its module.
 */
export function planRebase(
  oldCourse: CourseContent,
  newCourse: CourseContent,
  currentUnits: readonly CopyUnitState[],
): RebasePlan {
  const oldUnits = byId(listCourseUnits(oldCourse));
  const newUnitList = listCourseUnits(newCourse);
  const newUnits = byId(newUnitList);
  const report: RebaseReport = {
    masterChanged: [],
    masterAdded: [],
    masterRemoved: [],
    carried: [],
    stale: [],
    hiddenChanged: [],
    removed: [],
    reanchored: [],
    localKept: [],
  };
  for (const [id, unit] of oldUnits) {
    const next = newUnits.get(id);
    if (!next) report.masterRemoved.push(id);
    else if (next.sourceHash !== unit.sourceHash) report.masterChanged.push(id);
  }
  for (const id of newUnits.keys()) if (!oldUnits.has(id)) report.masterAdded.push(id);

  const newRows: CopyUnitState[] = [];
  const newSections = new Set(newCourse.modules.flatMap((module) => module.sections.map((section) => section.id)));
  const localSections = new Set(
    currentUnits.filter((unit) => isLocal(unit.unitId)).map((unit) => unit.unitId.split(UNIT_ID_SEPARATOR)[1]),
  );
  for (const unit of currentUnits) {
    if (isLocal(unit.unitId)) {
      report.localKept.push(unit.unitId);
      const anchor = unit.afterUnit;
      if (anchor === null || newSections.has(anchor) || localSections.has(anchor)) continue;
      const to = moduleEnd(oldCourse, newCourse, anchor);
      report.reanchored.push({ unitId: unit.unitId, from: anchor, to });
      newRows.push({ ...unit, afterUnit: to });
      continue;
    }
    const master = newUnits.get(unit.unitId);
    if (!master) {
      report.removed.push({ unitId: unit.unitId, kind: unit.kind });
      continue;
    }
    const current = unit.sourceHash === master.sourceHash;
    if (unit.kind === 'hidden') {
      if (!current) report.hiddenChanged.push(unit.unitId);
    } else if (unit.kind === 'translated' || unit.kind === 'adapted') {
      if (current) report.carried.push(unit.unitId);
      else report.stale.push({ unitId: unit.unitId, kind: unit.kind });
    }
  }
  return { report, newRows };
}

export function isLocal(unitId: string): boolean {
  return unitId.startsWith(LOCAL_UNIT_PREFIX);
}

function byId(units: TranslationUnit[]): Map<string, TranslationUnit> {
  return new Map(units.map((unit) => [unit.id, unit]));
}

/**
 * The last section of the anchor's module (as the old version placed it) in the new version, so a local section lands
 * after the module's last master section; null when the module itself is gone or has no section left.
 */
function moduleEnd(oldCourse: CourseContent, newCourse: CourseContent, anchorSection: string): string | null {
  const moduleId = oldCourse.modules.find((module) =>
    module.sections.some((section) => section.id === anchorSection),
  )?.id;
  const module = newCourse.modules.find((candidate) => candidate.id === moduleId);
  return module?.sections.at(-1)?.id ?? null;
}
