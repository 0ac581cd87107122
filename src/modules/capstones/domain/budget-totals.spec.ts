import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { BudgetCostError, budgetTotals, formatCents, parseCents, UNSPECIFIED } from './budget-totals.js';
import type { PlanBudgetLine } from './capstone.types.js';

const line = (cost: string, category = 'Training', fundingSource = 'Ministry'): PlanBudgetLine => ({
  item: 'item',
  category,
  cost,
  fundingSource,
});

describe('parseCents', () => {
  it('should read whole amounts and one or two decimals as exact cents', () => {
    expect(parseCents('1250')).toBe(125_000);
    expect(parseCents('1250.5')).toBe(125_050);
    expect(parseCents('1250.05')).toBe(125_005);
    expect(parseCents('0.01')).toBe(1);
    expect(parseCents(' 7.10 ')).toBe(710);
  });

  it('should refuse signs, separators, three decimals and words', () => {
    for (const cost of ['-5', '1,250.00', '1.234', '', '.5', '12.', 'abc', '1e3', '+3'])
      expect(parseCents(cost)).toBeNull();
  });
});

describe('budgetTotals', () => {
  it('should add costs in exact cents where floating point would not (0.10 + 0.20)', () => {
    // In floating point 0.1 + 0.2 is 0.30000000000000004; in cents it is 30.
    expect(budgetTotals([line('0.10'), line('0.20')]).totalCents).toBe(30);
  });

  it('should total overall, per category and per funding source, in the order first met', () => {
    // Hand-worked: Training 1250.50 + 99.99 = 1350.49; Travel 300 + 0.01 = 300.01; overall 1650.50.
    // Ministry 1250.50 + 0.01 = 1250.51; UNICEF 300 + 99.99 = 399.99.
    const totals = budgetTotals([
      line('1250.50', 'Training', 'Ministry'),
      line('300', 'Travel', 'UNICEF'),
      line('99.99', 'Training', 'UNICEF'),
      line('0.01', 'Travel', 'Ministry'),
    ]);
    expect(totals.totalCents).toBe(165_050);
    expect(totals.byCategory).toEqual([
      { label: 'Training', cents: 135_049 },
      { label: 'Travel', cents: 30_001 },
    ]);
    expect(totals.byFundingSource).toEqual([
      { label: 'Ministry', cents: 125_051 },
      { label: 'UNICEF', cents: 39_999 },
    ]);
  });

  it('should group labels that differ only by surrounding spaces, and put blank ones under Unspecified', () => {
    const totals = budgetTotals([line('1', ' Travel '), line('2', 'Travel'), line('4', '  ', '')]);
    expect(totals.byCategory).toEqual([
      { label: 'Travel', cents: 300 },
      { label: UNSPECIFIED, cents: 400 },
    ]);
    expect(totals.byFundingSource).toEqual([
      { label: 'Ministry', cents: 300 },
      { label: UNSPECIFIED, cents: 400 },
    ]);
  });

  it('should give zero totals for an empty budget', () => {
    expect(budgetTotals([])).toEqual({ totalCents: 0, byCategory: [], byFundingSource: [] });
  });

  it('should name the line whose cost cannot be read', () => {
    expect(() => budgetTotals([line('10'), line('ten')])).toThrow(BudgetCostError);
    expect(() => budgetTotals([line('10'), line('ten')])).toThrow(/budget line 2: the cost "ten"/);
  });

  it('should make every subtotal list add up to the overall total', () => {
    const lines = fc.array(
      fc.record({
        cents: fc.integer({ min: 0, max: 10_000_000 }),
        category: fc.constantFrom('A', 'B', 'C', ''),
        fundingSource: fc.constantFrom('X', 'Y'),
      }),
    );
    fc.assert(
      fc.property(lines, (rows) => {
        const totals = budgetTotals(
          rows.map((row) =>
            line(
              `${Math.trunc(row.cents / 100)}.${String(row.cents % 100).padStart(2, '0')}`,
              row.category,
              row.fundingSource,
            ),
          ),
        );
        const expected = rows.reduce((sum, row) => sum + row.cents, 0);
        expect(totals.totalCents).toBe(expected);
        expect(totals.byCategory.reduce((sum, entry) => sum + entry.cents, 0)).toBe(expected);
        expect(totals.byFundingSource.reduce((sum, entry) => sum + entry.cents, 0)).toBe(expected);
      }),
    );
  });
});

describe('formatCents', () => {
  it('should show two decimals and group thousands', () => {
    expect(formatCents(0)).toBe('0.00');
    expect(formatCents(5)).toBe('0.05');
    expect(formatCents(165_050)).toBe('1,650.50');
    expect(formatCents(123_456_789)).toBe('1,234,567.89');
  });
});
