import type { PlanBudgetLine } from './capstone.types.js';

/**
 * A cost as a participant may write it: whole units with at most two decimals, no sign ("1250.5"). Spaces and
 * commas are read as thousands separators ("1,250.50"); the editor stores the cost normalised ("1250.50").
 */
const COST = /^(\d{1,13})(?:\.(\d{1,2}))?$/;

/** A subtotal of the budget for one category or funding source, in the order first met in the lines. */
export interface BudgetSubtotal {
  label: string;
  cents: number;
  /** The cents as shown: "1,250.50". */
  amount: string;
}

export interface BudgetTotals {
  overallCents: number;
  /** The overall total as shown: "1,250.50". */
  overall: string;
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

/** The cost in integer cents ("1,250.5" → 125050), or null when it is not a non-negative amount with ≤ 2 decimals. */
export function parseCents(cost: string): number | null {
  const match = COST.exec(cost.trim().replace(/[\s,]/g, ''));
  if (!match) return null;
  const [, units, decimals = ''] = match;
  const cents = Number(units) * 100 + Number(decimals.padEnd(2, '0'));
  return Number.isSafeInteger(cents) ? cents : null;
}

/** Cents as an amount with two decimals and thousands separated by commas: 123456789 → "1,234,567.89". */
export function formatCents(cents: number): string {
  const units = Math.trunc(cents / 100).toString();
  const decimals = (cents % 100).toString().padStart(2, '0');
  return `${units.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${decimals}`;
}

/**
 * Totals of a budget, overall and per category and funding source, added in integer cents so that no
 * floating-point error can creep in (0.10 + 0.20 is exactly 0.30). A line with an unreadable cost throws a
 * BudgetCostError naming the line: stored lines were checked when saved, so such a line is a defect to report.
 */
export function budgetTotals(lines: readonly PlanBudgetLine[]): BudgetTotals {
  let overallCents = 0;
  const byCategory = new Map<string, number>();
  const byFundingSource = new Map<string, number>();
  lines.forEach((line, index) => {
    const cents = parseCents(line.cost);
    if (cents === null) throw new BudgetCostError(index, line.cost);
    overallCents += cents;
    add(byCategory, line.category, cents);
    add(byFundingSource, line.fundingSource, cents);
  });
  return {
    overallCents,
    overall: formatCents(overallCents),
    byCategory: subtotals(byCategory),
    byFundingSource: subtotals(byFundingSource),
  };
}

function add(subtotals: Map<string, number>, label: string, cents: number): void {
  const key = label.trim() || UNSPECIFIED;
  subtotals.set(key, (subtotals.get(key) ?? 0) + cents);
}

function subtotals(map: Map<string, number>): BudgetSubtotal[] {
  return [...map].map(([label, cents]) => ({ label, cents, amount: formatCents(cents) }));
}
