import type {
  CapstoneSection,
  PlanActivity,
  PlanBudgetLine,
  PlanContent,
  PlanSectionContent,
} from './capstone.types.js';
import { parseCents } from './budget-totals.js';

export const MAX_TEXT_LENGTH = 20_000;
export const MAX_CELL_LENGTH = 500;
export const MAX_ROWS = 100;

const ACTIVITY_FIELDS = ['what', 'who', 'start', 'end', 'kpi'] as const;
const BUDGET_FIELDS = ['item', 'category', 'cost', 'fundingSource'] as const;
const FIELD_LABELS: Record<string, string> = {
  what: 'what',
  who: 'who',
  start: 'start date',
  end: 'end date',
  kpi: 'KPI',
  item: 'item',
  category: 'category',
  cost: 'cost',
  fundingSource: 'funding source',
};
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const CURRENCY = /^[A-Z]{3}$/;

/** A section as read from a form or JSON: the content to store, or every problem found (nothing is stored). */
export type SectionReadResult = { ok: true; content: PlanSectionContent } | { ok: false; problems: string[] };

type Fields = Record<string, unknown>;

/**
 * Reads one section's form: `text` for a text section; `what-<n>`, `who-<n>`, `start-<n>`, `end-<n>`, `kpi-<n>`
 * for activities; `currency` and `item-<n>`, `category-<n>`, `cost-<n>`, `fundingSource-<n>` for the budget.
 * Row numbers in messages are the rows as shown on the form (1 = first).
 */
export function readSectionForm(section: CapstoneSection, fields: Fields): SectionReadResult {
  switch (section.kind) {
    case 'text':
      return readText(fields.text);
    case 'activities':
      return readActivities(rowsOf(fields, ACTIVITY_FIELDS));
    case 'budget':
      return readBudget(fields.currency, rowsOf(fields, BUDGET_FIELDS));
  }
}

/** The same rules for the JSON API: `{ text }`, `{ rows: [...] }` or `{ currency, lines: [...] }`. */
export function readSectionJson(section: CapstoneSection, body: unknown): SectionReadResult {
  const value = (typeof body === 'object' && body !== null ? body : {}) as Fields;
  switch (section.kind) {
    case 'text':
      return readText(value.text);
    case 'activities':
      return Array.isArray(value.rows)
        ? readActivities(value.rows.map((row) => cells(row, ACTIVITY_FIELDS)))
        : { ok: false, problems: ['rows must be a list of activities'] };
    case 'budget':
      return Array.isArray(value.lines)
        ? readBudget(
            value.currency,
            value.lines.map((line) => cells(line, BUDGET_FIELDS)),
          )
        : { ok: false, problems: ['lines must be a list of budget lines'] };
  }
}

/** Empty: no text, no activity, no budget line. A required section must not be empty at submission. */
export function isSectionEmpty(content: PlanSectionContent | undefined): boolean {
  if (!content) return true;
  switch (content.kind) {
    case 'text':
      return content.text.trim() === '';
    case 'activities':
      return content.rows.length === 0;
    case 'budget':
      return content.lines.length === 0;
  }
}

/** Titles of the required sections still empty, in the order of the brief. */
export function emptyRequiredSections(sections: CapstoneSection[], plan: PlanContent): string[] {
  return sections
    .filter((section) => section.required && isSectionEmpty(plan.sections[section.id]))
    .map((section) => section.title);
}

export function emptySectionContent(section: CapstoneSection): PlanSectionContent {
  switch (section.kind) {
    case 'text':
      return { kind: 'text', text: '' };
    case 'activities':
      return { kind: 'activities', rows: [] };
    case 'budget':
      return { kind: 'budget', currency: '', lines: [] };
  }
}

function readText(value: unknown): SectionReadResult {
  if (value !== undefined && typeof value !== 'string') return { ok: false, problems: ['text must be text'] };
  const text = (value ?? '').replace(/\r\n?/g, '\n');
  if (text.length > MAX_TEXT_LENGTH) {
    return {
      ok: false,
      problems: [`The text is ${text.length} characters long; the limit is ${MAX_TEXT_LENGTH}.`],
    };
  }
  return { ok: true, content: { kind: 'text', text } };
}

type Row<K extends string> = Record<K, string>;

function readActivities(rows: Row<(typeof ACTIVITY_FIELDS)[number]>[]): SectionReadResult {
  const problems: string[] = [];
  const kept: PlanActivity[] = [];
  rows.forEach((row, index) => {
    if (isBlank(row)) return;
    const rowProblems = missingAndTooLong(row, ACTIVITY_FIELDS, index);
    for (const field of ['start', 'end'] as const) {
      if (row[field] !== '' && !isLocalDate(row[field])) {
        rowProblems.push(`Row ${index + 1}: the ${FIELD_LABELS[field]} “${row[field]}” is not a date (YYYY-MM-DD).`);
      }
    }
    if (rowProblems.length === 0 && row.end < row.start) {
      rowProblems.push(`Row ${index + 1}: the end date ${row.end} is before the start date ${row.start}.`);
    }
    problems.push(...rowProblems);
    kept.push({ what: row.what, who: row.who, start: row.start, end: row.end, kpi: row.kpi });
  });
  if (kept.length > MAX_ROWS) problems.push(`At most ${MAX_ROWS} activities; there are ${kept.length}.`);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, content: { kind: 'activities', rows: kept } };
}

function readBudget(currencyValue: unknown, rows: Row<(typeof BUDGET_FIELDS)[number]>[]): SectionReadResult {
  const problems: string[] = [];
  const lines: PlanBudgetLine[] = [];
  const currency = (typeof currencyValue === 'string' ? currencyValue : '').trim().toUpperCase();
  rows.forEach((row, index) => {
    if (isBlank(row)) return;
    const rowProblems = missingAndTooLong(row, BUDGET_FIELDS, index);
    const cents = row.cost === '' ? null : parseCents(row.cost);
    if (row.cost !== '' && cents === null) {
      rowProblems.push(
        `Row ${index + 1}: the cost “${row.cost}” is not an amount (digits, with at most 2 decimals, e.g. 1250.50).`,
      );
    }
    problems.push(...rowProblems);
    // Stored normalised ("1,250.5" → "1250.50") so every reader computes the same totals.
    const cost = cents === null ? row.cost : `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
    lines.push({ item: row.item, category: row.category, cost, fundingSource: row.fundingSource });
  });
  if (lines.length > MAX_ROWS) problems.push(`At most ${MAX_ROWS} budget lines; there are ${lines.length}.`);
  if (currency !== '' && !CURRENCY.test(currency)) {
    problems.unshift(`The currency “${currency}” is not a three-letter code such as USD, XOF or NPR.`);
  } else if (currency === '' && lines.length > 0) {
    problems.unshift('Choose the currency of the budget (a three-letter code such as USD, XOF or NPR).');
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, content: { kind: 'budget', currency, lines } };
}

function missingAndTooLong<K extends string>(row: Row<K>, fields: readonly K[], index: number): string[] {
  const problems: string[] = [];
  for (const field of fields) {
    if (row[field] === '') problems.push(`Row ${index + 1}: the ${FIELD_LABELS[field]} is empty.`);
    else if (row[field].length > MAX_CELL_LENGTH) {
      problems.push(`Row ${index + 1}: the ${FIELD_LABELS[field]} is longer than ${MAX_CELL_LENGTH} characters.`);
    }
  }
  return problems;
}

function isBlank(row: Record<string, string>): boolean {
  return Object.values(row).every((value) => value === '');
}

/** Rows from `<field>-<n>` keys, in the order of n; a number with no fields at all is no row. */
function rowsOf<K extends string>(fields: Fields, names: readonly K[]): Row<K>[] {
  const indexes = new Set<number>();
  for (const key of Object.keys(fields)) {
    const match = /^([A-Za-z]+)-(\d{1,4})$/.exec(key);
    if (match && (names as readonly string[]).includes(match[1])) indexes.add(Number(match[2]));
  }
  return [...indexes]
    .sort((a, b) => a - b)
    .map((index) => cells(Object.fromEntries(names.map((name) => [name, fields[`${name}-${index}`]])), names));
}

function cells<K extends string>(value: unknown, names: readonly K[]): Row<K> {
  const source = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  return Object.fromEntries(
    names.map((name) => [name, typeof source[name] === 'string' ? source[name].trim() : '']),
  ) as Row<K>;
}

function isLocalDate(value: string): boolean {
  const match = LOCAL_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 1 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** What a form holds, unchecked (blank rows dropped): shown again beside its problems so nothing typed is lost. */
export function rawSectionForm(section: CapstoneSection, fields: Fields): PlanSectionContent {
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  switch (section.kind) {
    case 'text':
      return { kind: 'text', text: text(fields.text) };
    case 'activities':
      return { kind: 'activities', rows: rowsOf(fields, ACTIVITY_FIELDS).filter((row) => !isBlank(row)) };
    case 'budget':
      return {
        kind: 'budget',
        currency: text(fields.currency).trim(),
        lines: rowsOf(fields, BUDGET_FIELDS).filter((row) => !isBlank(row)),
      };
  }
}
