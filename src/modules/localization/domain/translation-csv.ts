import { checkMarkdownCodes } from './inline-codes.js';
import type { TranslationUnit } from './translation-units.js';
import type { ImportProblem, ImportResult } from './xliff.js';
import { readCsvRecords } from '../../../common/csv/csv-records.js';

export const TRANSLATION_CSV_HEADER = ['id', 'source_hash', 'source', 'target'] as const;

// As in the gradebook and item-analysis exports: text a spreadsheet would run as a formula gets an apostrophe.
// A text that already starts with an apostrophe gets one too, so reading back removes exactly one: lossless.
const FORMULA_START = /^[=+\-@\t\r\n]/u;
const NEEDS_APOSTROPHE = /^[=+\-@\t\r\n']/u;

/**
 * The spreadsheet twin of the XLIFF export: UTF-8, RFC 4180 (CRLF, fields quoted when needed), header
 * `id,source_hash,source,target`, one row per unit; the target column is empty where there is no translation.
 */
export function toTranslationCsv(units: readonly TranslationUnit[]): string {
  const rows = [
    [...TRANSLATION_CSV_HEADER],
    ...units.map((unit) => [
      unit.id,
      unit.sourceHash,
      spreadsheetSafe(unit.source),
      spreadsheetSafe(unit.target ?? ''),
    ]),
  ];
  return rows.map((row) => row.map(quote).join(',')).join('\r\n') + '\r\n';
}

/**
 * Reads a translation CSV back with the XLIFF import's rules: unknown or repeated ids, a stale source hash, inline
 * codes (code, URLs, HTML, placeholders, emphasis) missing or added are problems naming the unit and line, and any
 * problem means no target at all. An empty target leaves the unit untranslated.
 */
export function fromTranslationCsv(input: Buffer | string, units: readonly TranslationUnit[]): ImportResult {
  const text = decode(input);
  if (text === null) return { ok: false, problems: [{ message: 'the file is not UTF-8 text' }] };
  const records = [...readCsvRecords(text)];
  const problems: ImportProblem[] = [];
  const header = records[0];
  if (!header || header.fields.join(',') !== TRANSLATION_CSV_HEADER.join(',')) {
    return {
      ok: false,
      problems: [{ line: 1, message: `the first row must be the header ${TRANSLATION_CSV_HEADER.join(',')}` }],
    };
  }
  const byId = new Map(units.map((unit) => [unit.id, unit]));
  const seen = new Map<string, number>();
  const targets = new Map<string, string>();
  for (const record of records.slice(1)) {
    const { line, fields } = record;
    if (record.error) {
      problems.push({ line, message: record.error });
      continue;
    }
    if (fields.every((field) => field === '')) continue;
    if (fields.length !== TRANSLATION_CSV_HEADER.length) {
      problems.push({ line, message: `has ${fields.length} fields, expected ${TRANSLATION_CSV_HEADER.length}` });
      continue;
    }
    const [id, hash, , rawTarget] = fields as [string, string, string, string];
    const unit = byId.get(id);
    if (!unit) {
      problems.push({ unitId: id, line, message: `unknown unit id "${id}": not in this course version` });
      continue;
    }
    if (seen.has(id)) {
      problems.push({ unitId: id, line, message: `unit appears twice (first on line ${seen.get(id)})` });
      continue;
    }
    seen.set(id, line);
    const target = fromSpreadsheet(rawTarget);
    // An untranslated row whose source changed upstream is no problem: there is nothing to apply.
    if (target === '') continue;
    if (hash !== unit.sourceHash) {
      problems.push({
        unitId: id,
        line,
        message: 'stale: the source changed since this file was exported (its source hash no longer matches)',
      });
      continue;
    }
    const codeProblems = checkMarkdownCodes(unit.source, target);
    for (const message of codeProblems) problems.push({ unitId: id, line, message });
    if (codeProblems.length === 0) targets.set(id, target);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, targets };
}

function spreadsheetSafe(value: string): string {
  return NEEDS_APOSTROPHE.test(value) ? `'${value}` : value;
}

function fromSpreadsheet(value: string): string {
  return value.startsWith("'") && (FORMULA_START.test(value.slice(1)) || value[1] === "'") ? value.slice(1) : value;
}

function quote(field: string): string {
  return /[",\r\n]/u.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}

function decode(input: Buffer | string): string | null {
  if (typeof input === 'string') return input.replace(/^\uFEFF/u, '');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(input);
  } catch {
    return null;
  }
}
