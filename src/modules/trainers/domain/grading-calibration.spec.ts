import { describe, expect, it } from '@jest/globals';
import type { RubricCriterion } from '../../capstones/domain/capstone.types.js';
import { gradingAgreement, meetsAgreement } from './grading-calibration.js';

const levels = [
  { id: 'beginning', label: 'Beginning', points: 1, descriptor: 'd' },
  { id: 'developing', label: 'Developing', points: 2, descriptor: 'd' },
  // Points jump: one level apart by order, but 8 points apart.
  { id: 'proficient', label: 'Proficient', points: 10, descriptor: 'd' },
  { id: 'exemplary', label: 'Exemplary', points: 11, descriptor: 'd' },
];
const criteria: RubricCriterion[] = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, title: id, weight: 1, levels }));
const rule = { withinLevels: 1, minimumPercent: 80 };

describe('meetsAgreement', () => {
  it('should fail at 79.9% and pass at exactly 80%', () => {
    expect(meetsAgreement(799, 1000, 80)).toBe(false);
    expect(meetsAgreement(800, 1000, 80)).toBe(true);
    expect(meetsAgreement(4, 5, 80)).toBe(true);
    expect(meetsAgreement(11, 14, 80)).toBe(false); // 78.6%
    expect(meetsAgreement(12, 15, 80)).toBe(true); // 80% with a ratio 0.8 that is inexact in binary
  });
  it('should fail with nothing graded', () => {
    expect(meetsAgreement(0, 0, 80)).toBe(false);
  });
});

describe('gradingAgreement', () => {
  const reference = {
    id: 'r1',
    levels: { a: 'developing', b: 'developing', c: 'proficient', d: 'beginning', e: 'exemplary' },
  };

  it('should count levels one apart by order as agreeing even when their points are far apart', () => {
    const result = gradingAgreement(
      criteria,
      [reference],
      { r1: { a: 'proficient', b: 'beginning', c: 'proficient', d: 'developing', e: 'proficient' } },
      rule,
    );
    expect(result).toMatchObject({ agreed: 5, total: 5, passed: true });
  });

  it('should pass at 4 of 5 criteria within one level and fail at 3 of 5', () => {
    // 4 of 5 = 80%: passes.
    const four = gradingAgreement(
      criteria,
      [reference],
      { r1: { a: 'exemplary', b: 'developing', c: 'proficient', d: 'beginning', e: 'exemplary' } },
      rule,
    );
    expect(four).toMatchObject({ agreed: 4, total: 5, passed: true });
    // 3 of 5 = 60%: fails.
    const three = gradingAgreement(
      criteria,
      [reference],
      { r1: { a: 'exemplary', b: 'developing', c: 'beginning', d: 'beginning', e: 'exemplary' } },
      rule,
    );
    expect(three).toMatchObject({ agreed: 3, total: 5, passed: false });
    expect(three.differences.filter((row) => !row.agrees).map((row) => [row.criterionId, row.difference])).toEqual([
      ['a', 2],
      ['c', 2],
    ]);
  });

  it('should pool criteria over every reference capstone (11 of 15 fails, 12 of 15 passes)', () => {
    const exact = { a: 'developing', b: 'developing', c: 'proficient', d: 'beginning', e: 'exemplary' };
    const refs = [reference, { ...reference, id: 'r2' }, { ...reference, id: 'r3' }];
    const offByTwo = (count: number) =>
      Object.fromEntries(
        Object.entries(exact).map(([id, level], index) => [
          id,
          index < count ? (level === 'beginning' || level === 'developing' ? 'exemplary' : 'beginning') : level,
        ]),
      );
    const passing = gradingAgreement(criteria, refs, { r1: offByTwo(3), r2: exact, r3: exact }, rule);
    expect(passing).toMatchObject({ agreed: 12, total: 15, passed: true });
    const failing = gradingAgreement(criteria, refs, { r1: offByTwo(3), r2: offByTwo(1), r3: exact }, rule);
    expect(failing).toMatchObject({ agreed: 11, total: 15, passed: false });
  });

  it('should refuse a reference left ungraded', () => {
    expect(() => gradingAgreement(criteria, [reference], {}, rule)).toThrow(/no valid level/);
  });
});
