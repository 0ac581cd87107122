import { csvField, spreadsheetSafeText } from '../../quizzes/domain/item-analysis-csv.js';

/** A cell: text, a whole number, or a rate (ratio 0..1, written as a percentage with one decimal), or nothing. */
export type TableCell = string | number | { ratio: number | null } | null;

/** One dashboard table: what the page shows and what its CSV holds, from the same rows. */
export interface DashboardTable {
  id: string;
  /** Stable column names, for the CSV header. */
  columns: readonly string[];
  rows: readonly (readonly TableCell[])[];
}

/**
 * A table as CSV: RFC 4180 (CRLF, quoted when needed), a header of stable column names, then the rows. Rates are
 * percentages with one decimal (what the page shows), an empty cell is a figure that does not exist. Text a
 * spreadsheet would run as a formula (= + - @ …) is prefixed with an apostrophe, as the gradebook export does.
 */
export function tableCsv(table: DashboardTable): string {
  const lines = [table.columns.map(spreadsheetSafeText), ...table.rows.map((row) => row.map(cellText))];
  return lines.map((line) => line.map(csvField).join(',')).join('\r\n') + '\r\n';
}

export function cellText(cell: TableCell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return String(cell);
  if (typeof cell === 'string') return spreadsheetSafeText(cell);
  return cell.ratio === null ? '' : (Math.round(cell.ratio * 1000) / 10).toFixed(1);
}
