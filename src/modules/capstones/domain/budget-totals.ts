import type { PlanBudgetLine } from './capstone.types.js';

/** A cost as written in a plan: whole units with at most two decimals, no sign, no separators ("1250.5"). */
const COST = /^(\d{1,13})(?:\.(\d{1,2}))?$/;

/** A subtotal of the budget for one category or funding source, in the order first met in the lines. */
export interface BudgetSubtotal {
  label: string;
  cents: number;
}

export interface BudgetTotals {
  totalCents: number;
  byCategory: BudgetSubtotal[];
  byFundingSource: BudgetSubtotal[];
}

/** Lines that name no category or funding source are added up under this label. */
export const UNSPECIFIED = 'Unspecified';

export class BudgetCostError extends Error {
  constructor(
    readonly lineIndex: number,
    readonly cost: string,
  ) {
    super(`budget line ${lineIndex + 1}: the cost ${JSON.stringify(cost)} is not an amount like 1250 or 1250.50`);
  }
}

/** The cost in integer cents, or null when it is not a plain non-negative amount with at most 2 decimals. */
export function parseCents(cost: string): number | null {
  const match = COST.exec(cost.trim());
  if (!match) return null;
  const [, units, decimals = ''] = match;
  return Number(units) * 100 + Number(decimals.padEnd(2, '0'));
}

/**
 * Totals of a budget, overall and per category and funding source, added in integer cents so that no
 * floating-point error can creep in (0.10 + 0.20 is exactly 0.30). A line with an unreadable cost throws.
 */
export function budgetTotals(lines: readonly PlanBudgetLine[]): BudgetTotals {
  let totalCents = 0;
  const byCategory = new Map<string, number>();
  const byFundingSource = new Map<string, number>();
  lines.forEach((line, index) => {
    const cents = parseCents(line.cost);
    if (cents === null) throw new BudgetCostError(index, line.cost);
    totalCents += cents;
    add(byCategory, line.category, cents);
    add(byFundingSource, line.fundingSource, cents);
  });
  return { totalCents, byCategory: subtotals(byCategory), byFundingSource: subtotals(byFundingSource) };
}

/** Cents as an amount with two decimals and thousands separated by commas: 123456789 → "1,234,567.89". */
export function formatCents(cents: number): string {
  const units = Math.trunc(cents / 100).toString();
  const decimals = (cents % 100).toString().padStart(2, '0');
  return `${units.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${decimals}`;
}

function add(subtotals: Map<string, number>, label: string, cents: number): void {
  const key = label.trim() || UNSPECIFIED;
  subtotals.set(key, (subtotals.get(key) ?? 0) + cents);
}

function subtotals(map: Map<string, number>): BudgetSubtotal[] {
  return [...map].map(([label, cents]) => ({ label, cents }));
}
