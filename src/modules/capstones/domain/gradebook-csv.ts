import { csvField, spreadsheetSafeText } from '../../quizzes/domain/item-analysis-csv.js';
import type { GradebookStatus } from './gradebook.js';

export type CapstoneGradeState = 'not-submitted' | 'not-graded' | 'draft' | 'unreleased' | 'released';

export interface GradebookCsvRow {
  userId: string;
  email: string;
  fullName: string;
  /** Counted percent per quiz module id; null when never graded. */
  quizPercents: Record<string, number | null>;
  quizMean: number | null;
  /** The released capstone grade only: what the final grade uses. */
  capstonePercent: number | null;
  capstoneVersion: number | null;
  capstoneState: CapstoneGradeState;
  finalPercent: number | null;
  status: GradebookStatus;
}

/**
 * The gradebook as CSV: RFC 4180 (CRLF, quoted when needed), UTF-8, one header row of stable ids
 * (`quiz_<module id>` per quiz, in course order), one row per participant. Figures have two decimals; an empty
 * cell is a grade that does not exist yet. `passed` is yes, no, or empty while incomplete. Text a spreadsheet
 * would run as a formula is prefixed with an apostrophe, as in the item analysis export.
 */
export function gradebookCsv(quizModuleIds: readonly string[], rows: readonly GradebookCsvRow[]): string {
  const header = [
    'user_id',
    'email',
    'full_name',
    ...quizModuleIds.map((moduleId) => `quiz_${moduleId}`),
    'quiz_mean',
    'capstone_percent',
    'capstone_version',
    'capstone_state',
    'final_percent',
    'passed',
  ];
  const lines = [header.map(spreadsheetSafeText), ...rows.map((row) => csvRow(quizModuleIds, row))];
  return lines.map((line) => line.map(csvField).join(',')).join('\r\n') + '\r\n';
}

function csvRow(quizModuleIds: readonly string[], row: GradebookCsvRow): string[] {
  return [
    spreadsheetSafeText(row.userId),
    spreadsheetSafeText(row.email),
    spreadsheetSafeText(row.fullName),
    ...quizModuleIds.map((moduleId) => figure(row.quizPercents[moduleId] ?? null)),
    figure(row.quizMean),
    figure(row.capstonePercent),
    row.capstoneVersion === null ? '' : String(row.capstoneVersion),
    row.capstoneState,
    figure(row.finalPercent),
    row.status === 'incomplete' ? '' : row.status === 'passed' ? 'yes' : 'no',
  ];
}

function figure(value: number | null): string {
  return value === null ? '' : value.toFixed(2);
}
