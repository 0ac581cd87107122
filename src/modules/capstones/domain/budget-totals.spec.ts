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

/** Cents written as a plan stores them: "1234.05". */
const written = (cents: number) => `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;

describe('parseCents', () => {
  it.each([
    ['0', 0],
    ['12', 1200],
    ['12.5', 1250],
    ['12.05', 1205],
    ['1250', 125_000],
    ['1250.5', 125_050],
    ['1250.05', 125_005],
    ['0.01', 1],
    [' 7.10 ', 710],
    ['1,250.50', 125_050],
    ['1 250.50', 125_050],
  ])('should read %j as %d cents', (text, cents) => {
    expect(parseCents(text)).toBe(cents);
  });

  it.each(['', '-5', '+3', '1.005', '1.234', 'abc', '1e3', '12.', '.5', '0x10', '99999999999999'])(
    'should refuse %j',
    (text) => {
      expect(parseCents(text)).toBeNull();
    },
  );
});

describe('budgetTotals', () => {
  it('should add costs in exact cents where floating point would not (0.10 + 0.20)', () => {
    // In floating point 0.1 + 0.2 is 0.30000000000000004; in cents it is 30.
    const totals = budgetTotals([line('0.10'), line('0.20')]);
    expect(totals.overallCents).toBe(30);
    expect(totals.overall).toBe('0.30');
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
    expect(totals.overallCents).toBe(165_050);
    expect(totals.overall).toBe('1,650.50');
    expect(totals.byCategory).toEqual([
      { label: 'Training', cents: 135_049, amount: '1,350.49' },
      { label: 'Travel', cents: 30_001, amount: '300.01' },
    ]);
    expect(totals.byFundingSource).toEqual([
      { label: 'Ministry', cents: 125_051, amount: '1,250.51' },
      { label: 'UNICEF', cents: 39_999, amount: '399.99' },
    ]);
  });

  it('should total costs written with thousands separators', () => {
    const totals = budgetTotals([
      line('1000.50', 'Training', 'Government'),
      line('250', 'Materials', 'UNICEF'),
      line('1,099.50', 'Training', 'UNICEF'),
    ]);
    expect(totals.overall).toBe('2,350.00');
    expect(totals.byCategory).toEqual([
      { label: 'Training', cents: 210_000, amount: '2,100.00' },
      { label: 'Materials', cents: 25_000, amount: '250.00' },
    ]);
  });

  it('should group labels that differ only by surrounding spaces, and put blank ones under Unspecified', () => {
    const totals = budgetTotals([line('1', ' Travel '), line('2', 'Travel'), line('4', '  ', '')]);
    expect(totals.byCategory).toEqual([
      { label: 'Travel', cents: 300, amount: '3.00' },
      { label: UNSPECIFIED, cents: 400, amount: '4.00' },
    ]);
    expect(totals.byFundingSource).toEqual([
      { label: 'Ministry', cents: 300, amount: '3.00' },
      { label: UNSPECIFIED, cents: 400, amount: '4.00' },
    ]);
  });

  it('should give zero totals for an empty budget', () => {
    expect(budgetTotals([])).toEqual({ overallCents: 0, overall: '0.00', byCategory: [], byFundingSource: [] });
  });

  it('should name the line whose cost cannot be read', () => {
    expect(() => budgetTotals([line('10'), line('ten')])).toThrow(BudgetCostError);
    expect(() => budgetTotals([line('10'), line('ten')])).toThrow(/budget line 2: the cost "ten"/);
  });

  it('should make every subtotal list add up to the overall total, which reads back as the same cents', () => {
    const lines = fc.array(
      fc.record({
        cents: fc.integer({ min: 0, max: 10_000_000_00 }),
        category: fc.constantFrom('A', 'B', 'C', ''),
        fundingSource: fc.constantFrom('X', 'Y'),
      }),
      { maxLength: 40 },
    );
    fc.assert(
      fc.property(lines, (rows) => {
        const totals = budgetTotals(rows.map((row) => line(written(row.cents), row.category, row.fundingSource)));
        const expected = rows.reduce((sum, row) => sum + row.cents, 0);
        expect(totals.overallCents).toBe(expected);
        expect(totals.byCategory.reduce((sum, entry) => sum + entry.cents, 0)).toBe(expected);
        expect(totals.byFundingSource.reduce((sum, entry) => sum + entry.cents, 0)).toBe(expected);
        expect(parseCents(totals.overall)).toBe(expected);
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
