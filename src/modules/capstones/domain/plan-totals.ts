import type { PlanBudgetLine } from './capstone.types.js';

const COST = /^(\d{1,13})(?:\.(\d{1,2}))?$/;

/** A cost as whole cents ("1250.5" → 125050); null when it is not a non-negative amount with at most 2 decimals. */
export function parseCents(cost: string): number | null {
  const match = COST.exec(cost.trim().replace(/[\s,]/g, ''));
  if (!match) return null;
  const cents = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(cents) ? cents : null;
}

/** Whole cents as a decimal string with two places and thousands separators: 125050 → "1,250.50". */
export function formatCents(cents: number): string {
  const whole = Math.trunc(cents / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${whole}.${String(cents % 100).padStart(2, '0')}`;
}

export interface TotalLine {
  label: string;
  cents: number;
  amount: string;
}

export interface BudgetTotals {
  overallCents: number;
  overall: string;
  byCategory: TotalLine[];
  byFundingSource: TotalLine[];
}

/**
 * Totals of a budget, computed in integer cents so that 0.10 + 0.20 is exactly 0.30. Lines are validated before
 * they are stored; a line whose cost cannot be read here counts as zero rather than hiding the other totals.
 */
export function budgetTotals(lines: PlanBudgetLine[]): BudgetTotals {
  let overall = 0;
  const byCategory = new Map<string, number>();
  const byFunding = new Map<string, number>();
  for (const line of lines) {
    const cents = parseCents(line.cost) ?? 0;
    overall += cents;
    add(byCategory, line.category.trim() || '(no category)', cents);
    add(byFunding, line.fundingSource.trim() || '(no funding source)', cents);
  }
  return {
    overallCents: overall,
    overall: formatCents(overall),
    byCategory: toLines(byCategory),
    byFundingSource: toLines(byFunding),
  };
}

function add(totals: Map<string, number>, label: string, cents: number): void {
  totals.set(label, (totals.get(label) ?? 0) + cents);
}

/** In the order first met, as the participant wrote the lines. */
function toLines(totals: Map<string, number>): TotalLine[] {
  return [...totals].map(([label, cents]) => ({ label, cents, amount: formatCents(cents) }));
}
