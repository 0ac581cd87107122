import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { type AlphaLevel, krippendorffAlpha } from './krippendorff-alpha.js';

// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", §E: 4 coders × 12 units with missing values.
const _ = null;
const CODERS = {
  A: [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
  B: [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
  C: [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
  D: [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
};
// Units are the columns of the paper's reliability data matrix.
const PAPER_UNITS = CODERS.A.map((_value, unit) => [CODERS.A[unit], CODERS.B[unit], CODERS.C[unit], CODERS.D[unit]]);

describe('krippendorffAlpha', () => {
  it('should reproduce the published values of the paper’s worked example', () => {
    expect(krippendorffAlpha(PAPER_UNITS, 'nominal')).toBeCloseTo(0.743, 3);
    expect(krippendorffAlpha(PAPER_UNITS, 'ordinal')).toBeCloseTo(0.815, 3);
    expect(krippendorffAlpha(PAPER_UNITS, 'interval')).toBeCloseTo(0.849, 3);
  });

  it('should drop units with fewer than 2 values (the paper’s unit 12 has one) without changing alpha', () => {
    const withoutLoneValue = PAPER_UNITS.slice(0, 11);
    const levels: AlphaLevel[] = ['nominal', 'ordinal', 'interval'];
    for (const level of levels) {
      expect(krippendorffAlpha(withoutLoneValue, level)).toBe(krippendorffAlpha(PAPER_UNITS, level));
    }
  });

  it('should give the same alpha on a hand-worked two-value example for every metric', () => {
    // Units [1,1], [1,2], [2,2]: o11 = 2, o12 = o21 = 1, o22 = 2; n1 = n2 = 3, n = 6.
    // Nominal: 1 − (6 − 1) × 2 / (3 × 3 × 2) = 1 − 10/18 = 4/9. With two values every δ² is a constant
    // multiple of the nominal one (interval 1, ordinal (3 + 3 − 3)² = 9), so alpha is the same.
    const units = [
      [1, 1],
      [1, 2],
      [2, 2],
    ];
    expect(krippendorffAlpha(units, 'nominal')).toBeCloseTo(4 / 9, 12);
    expect(krippendorffAlpha(units, 'interval')).toBeCloseTo(4 / 9, 12);
    expect(krippendorffAlpha(units, 'ordinal')).toBeCloseTo(4 / 9, 12);
  });

  it('should be 1 under perfect agreement', () => {
    const units = [
      [1, 1, 1],
      [3, 3, null],
      [null, 2, 2],
      [4, 4, 4],
    ];
    expect(krippendorffAlpha(units, 'nominal')).toBe(1);
    expect(krippendorffAlpha(units, 'ordinal')).toBe(1);
    expect(krippendorffAlpha(units, 'interval')).toBe(1);
  });

  it('should be null when no unit is pairable', () => {
    expect(krippendorffAlpha([], 'ordinal')).toBeNull();
    expect(krippendorffAlpha([[1, null, null], [null, 2], [3]], 'ordinal')).toBeNull();
  });

  it('should be null when every value is the same (expected disagreement 0, alpha undefined)', () => {
    expect(
      krippendorffAlpha(
        [
          [2, 2],
          [2, 2, 2],
        ],
        'ordinal',
      ),
    ).toBeNull();
    expect(krippendorffAlpha([[5, 5]], 'interval')).toBeNull();
  });

  it('should be negative when coders disagree more than chance', () => {
    expect(
      krippendorffAlpha(
        [
          [1, 2],
          [2, 1],
          [1, 2],
          [2, 1],
        ],
        'nominal',
      ),
    ).toBeLessThan(0);
  });

  it('should refuse values that are not finite numbers', () => {
    expect(() => krippendorffAlpha([[1, Number.NaN]], 'interval')).toThrow(RangeError);
  });

  it('should never exceed 1 and not depend on the order of units or coders (property)', () => {
    const unitsArbitrary = fc.array(fc.array(fc.option(fc.integer({ min: 0, max: 5 })), { maxLength: 5 }), {
      maxLength: 12,
    });
    fc.assert(
      fc.property(unitsArbitrary, fc.constantFrom<AlphaLevel>('nominal', 'ordinal', 'interval'), (units, level) => {
        const alpha = krippendorffAlpha(units, level);
        if (alpha === null) return;
        expect(alpha).toBeLessThanOrEqual(1);
        const reordered = [...units].reverse().map((unit) => [...unit].reverse());
        expect(krippendorffAlpha(reordered, level)).toBeCloseTo(alpha, 9);
      }),
    );
  });
});
