import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { budgetTotals, formatCents, parseCents } from './plan-totals.js';

const line = (cost: string, category = 'Training', fundingSource = 'Government') => ({
  item: 'item',
  category,
  cost,
  fundingSource,
});

describe('parseCents', () => {
  it.each([
    ['0', 0],
    ['12', 1200],
    ['12.5', 1250],
    ['12.05', 1205],
    ['1,250.50', 125050],
    [' 7.10 ', 710],
  ])('should read %s as %d cents', (text, cents) => {
    expect(parseCents(text)).toBe(cents);
  });

  it.each(['', '-5', '1.005', 'abc', '1e3', '12.', '0x10'])('should refuse %s', (text) => {
    expect(parseCents(text)).toBeNull();
  });
});

describe('budgetTotals', () => {
  it('should add exactly in cents (0.10 + 0.20 = 0.30)', () => {
    expect(budgetTotals([line('0.10'), line('0.20')]).overall).toBe('0.30');
  });

  it('should total per category and per funding source in the order first met', () => {
    const totals = budgetTotals([
      line('1000.50', 'Training', 'Government'),
      line('250', 'Materials', 'UNICEF'),
      line('99.50', 'Training', 'UNICEF'),
    ]);
    expect(totals.overall).toBe('1,350.00');
    expect(totals.byCategory).toEqual([
      { label: 'Training', cents: 110000, amount: '1,100.00' },
      { label: 'Materials', cents: 25000, amount: '250.00' },
    ]);
    expect(totals.byFundingSource).toEqual([
      { label: 'Government', cents: 100050, amount: '1,000.50' },
      { label: 'UNICEF', cents: 34950, amount: '349.50' },
    ]);
  });

  it('should give zero for no lines', () => {
    expect(budgetTotals([])).toEqual({ overallCents: 0, overall: '0.00', byCategory: [], byFundingSource: [] });
  });

  it('should make the category totals and the funding totals each add up to the overall total', () => {
    const cents = fc.integer({ min: 0, max: 10_000_000_00 });
    const lines = fc.array(
      fc.record({ cents, category: fc.constantFrom('A', 'B', 'C'), fundingSource: fc.constantFrom('X', 'Y') }),
      { maxLength: 40 },
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
        expect(totals.overallCents).toBe(expected);
        expect(totals.byCategory.reduce((sum, entry) => sum + entry.cents, 0)).toBe(expected);
        expect(totals.byFundingSource.reduce((sum, entry) => sum + entry.cents, 0)).toBe(expected);
        expect(parseCents(totals.overall)).toBe(expected);
      }),
    );
  });
});

describe('formatCents', () => {
  it('should write two decimals and group thousands', () => {
    expect(formatCents(5)).toBe('0.05');
    expect(formatCents(123456789)).toBe('1,234,567.89');
  });
});
