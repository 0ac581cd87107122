import type { FastifyReply } from 'fastify';
import { DashboardTableNotFoundError } from './dashboards.errors.js';
import { tableCsv, type DashboardTable, type TableCell } from './domain/dashboard-table.js';
import type { HorizontalBarChart, ColumnChart } from './domain/svg-charts.js';

/** One cell as the view writes it: text as is, numbers and rates through the locale helpers. */
export interface ViewCell {
  text: string;
  isNumber: boolean;
  number: number;
  isRatio: boolean;
  ratio: number;
  isEmpty: boolean;
}

export interface ViewTable {
  id: string;
  headers: string[];
  rows: ViewCell[][];
  csvHref: string;
}

function viewCell(cell: TableCell): ViewCell {
  const empty = { text: '', isNumber: false, number: 0, isRatio: false, ratio: 0, isEmpty: false };
  if (cell === null) return { ...empty, isEmpty: true };
  if (typeof cell === 'number') return { ...empty, isNumber: true, number: cell };
  if (typeof cell === 'string') return { ...empty, text: cell, isEmpty: cell === '' };
  return cell.ratio === null ? { ...empty, isEmpty: true } : { ...empty, isRatio: true, ratio: cell.ratio };
}

/** Tables by id for the view: headers in the reader's language, the CSV link of each. */
export function viewTables(
  tables: readonly DashboardTable[],
  header: (column: string) => string,
  csvPath: string,
): Record<string, ViewTable> {
  return Object.fromEntries(
    tables.map((table) => [
      table.id,
      {
        id: table.id,
        headers: table.columns.map(header),
        rows: table.rows.map((row) => row.map(viewCell)),
        csvHref: `${csvPath}?table=${encodeURIComponent(table.id)}`,
      },
    ]),
  );
}

/** Sends one table of a dashboard as a CSV file (the first table when none is named). */
export function sendTableCsv(
  reply: FastifyReply,
  tables: readonly DashboardTable[],
  requested: string | undefined,
  filePrefix: string,
): FastifyReply {
  const table = requested === undefined || requested === '' ? tables[0] : tables.find((t) => t.id === requested);
  if (!table)
    throw new DashboardTableNotFoundError(
      requested ?? '',
      tables.map((t) => t.id),
    );
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('cache-control', 'private, no-store')
    .header('content-disposition', `attachment; filename="${filePrefix}-${table.id}.csv"`)
    .send(tableCsv(table));
}

/** Charts with the series' colours (presentation attributes: the page's CSP allows no inline style). */
export const SERIES_FILLS = ['#2b6cb0', '#2f855a', '#c05621'];

export function coloured<T extends HorizontalBarChart>(chart: T) {
  return {
    ...chart,
    rows: chart.rows.map((row) => ({
      ...row,
      bars: row.bars.map((bar) => ({ ...bar, fill: SERIES_FILLS[bar.series % SERIES_FILLS.length] })),
    })),
  };
}

export type { ColumnChart };
