import { Injectable } from '@nestjs/common';
import type { InstituteView } from '../institutes/institutes.service.js';
import type { CopyUnitRecord, CourseCopyRecord } from '../localization/course-copies.repository.js';
import { CourseCopiesService } from '../localization/course-copies.service.js';
import { fromTranslationCsv, toTranslationCsv } from '../localization/domain/translation-csv.js';
import { fromXliff21, toXliff21, type ImportProblem } from '../localization/domain/xliff.js';
import type { CourseContent } from '../content/domain/content.types.js';
import { changedTranslations, exchangeUnits, explainExcluded, fileOfUnit } from './domain/copy-exchange.js';
import type { CopyUnitState } from './domain/rebase-plan.js';
import { TranslationImportRejectedError } from './localization-exchange.errors.js';

export type TranslationFormat = 'xliff' | 'csv';

export interface TranslationFile {
  fileName: string;
  contentType: string;
  body: string;
}

/** Offline translation of a copy: XLIFF 2.1 and CSV out, validated all-or-nothing imports in. */
@Injectable()
export class CopyExchangeService {
  constructor(private readonly copies: CourseCopiesService) {}

  async exportFile(copy: CourseCopyRecord, format: TranslationFormat): Promise<TranslationFile> {
    const course = await this.copies.loadCourseContent(copy.baseVersionId);
    const { units } = exchangeUnits(course, await this.currentStates(copy));
    const base = `${copy.slug}-${copy.language}-v${copy.baseVersionNumber}`;
    if (format === 'csv')
      return { fileName: `${base}.csv`, contentType: 'text/csv; charset=utf-8', body: toTranslationCsv(units) };
    return {
      fileName: `${base}.xlf`,
      contentType: 'application/xliff+xml; charset=utf-8',
      body: this.xliffOf(copy, course, units),
    };
  }

  /** The XLIFF of a copy as it stands (also put in course packages). */
  async xliff(copy: CourseCopyRecord): Promise<string> {
    const course = await this.copies.loadCourseContent(copy.baseVersionId);
    return this.xliffOf(copy, course, exchangeUnits(course, await this.currentStates(copy)).units);
  }

  private xliffOf(copy: CourseCopyRecord, course: CourseContent, units: ReturnType<typeof exchangeUnits>['units']) {
    return toXliff21(units, {
      srcLang: course.language,
      trgLang: copy.language,
      fileId: course.id,
      original: `${course.slug}@v${copy.baseVersionNumber}`,
      fileOf: (unit) => fileOfUnit(unit.id),
    });
  }

  /**
   * Validates the whole file first; any problem and nothing is written (TranslationImportRejectedError lists them,
   * each naming its unit). Otherwise appends a row per new or changed translation in one audited transaction;
   * refuses (409) when a unit changed in Cascade while the file was being checked. Returns how many were updated.
   */
  async importFile(
    copy: CourseCopyRecord,
    bytes: Buffer,
    fileName: string | null,
    actorUserId: string | null,
  ): Promise<{ updated: number; format: TranslationFormat }> {
    const course = await this.copies.loadCourseContent(copy.baseVersionId);
    const records = await this.copies.currentUnits(copy);
    const current = toStates(records);
    const { units, excluded } = exchangeUnits(course, current);
    const format = formatOf(bytes, fileName);
    let result;
    if (format === 'xliff') {
      const text = decodeUtf8(bytes);
      result =
        text === null
          ? { ok: false as const, problems: [{ message: 'the file is not UTF-8 text' }] }
          : fromXliff21(text, { units, srcLang: course.language, trgLang: copy.language });
    } else {
      result = fromTranslationCsv(bytes, units);
    }
    if (!result.ok) throw new TranslationImportRejectedError(readable(explainExcluded(result.problems, excluded)));
    const rows = changedTranslations(result.targets, units, current);
    if (rows.length === 0) return { updated: 0, format };
    const shown = new Map(rows.map((row) => [row.unitId, records.get(row.unitId)?.id ?? null]));
    await this.copies.saveUnits(copy, rows, actorUserId, {
      shown,
      action: format === 'xliff' ? 'course-copy.xliff-imported' : 'course-copy.csv-imported',
    });
    return { updated: rows.length, format };
  }

  private async currentStates(copy: CourseCopyRecord): Promise<Map<string, CopyUnitState>> {
    return toStates(await this.copies.currentUnits(copy));
  }

  getCopy(institute: InstituteView, slug: string): Promise<CourseCopyRecord> {
    return this.copies.getCopy(institute, slug);
  }
}

export function toStates(records: ReadonlyMap<string, CopyUnitRecord>): Map<string, CopyUnitState> {
  return new Map(
    [...records].map(([id, row]) => [
      id,
      { unitId: row.unitId, kind: row.kind, text: row.text, sourceHash: row.sourceHash, afterUnit: row.afterUnit },
    ]),
  );
}

function formatOf(bytes: Buffer, fileName: string | null): TranslationFormat {
  const name = (fileName ?? '').toLowerCase();
  if (name.endsWith('.csv')) return 'csv';
  if (/\.(xlf|xliff|xml)$/u.test(name)) return 'xliff';
  const start = bytes
    .subarray(0, 64)
    .toString('utf8')
    .replace(/^\uFEFF/u, '')
    .trimStart();
  return start.startsWith('<') ? 'xliff' : 'csv';
}

function decodeUtf8(bytes: Buffer): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/u, '');
  } catch {
    return null;
  }
}

/** XLIFF ids stand `.` for `/` (stable ids never hold `.`): problems name the unit as Cascade does. */
function readable(problems: ImportProblem[]): ImportProblem[] {
  return problems.map((problem) =>
    problem.unitId !== undefined && !problem.unitId.includes('/')
      ? { ...problem, unitId: problem.unitId.replaceAll('.', '/') }
      : problem,
  );
}
