import { describe, expect, it } from '@jest/globals';
import type { RubricCriterion } from '../../capstones/domain/capstone.types.js';
import { scoreTeachBack } from './teach-back-score.js';

const levels = [1, 2, 3, 4].map((points) => ({ id: `l${points}`, label: `L${points}`, points, descriptor: 'd' }));
const criteria: RubricCriterion[] = [
  { id: 'a', title: 'A', weight: 10, levels },
  { id: 'b', title: 'B', weight: 30, levels },
];
const rule = { passPercent: 70, minimumPoints: 2 };

describe('scoreTeachBack', () => {
  it('should pass at the pass percent with no criterion at the lowest level', () => {
    // (10×3/4 + 30×3/4) / 40 = 75%
    expect(scoreTeachBack(criteria, { a: 'l3', b: 'l3' }, rule)).toEqual({
      percent: 75,
      passed: true,
      belowMinimum: [],
    });
  });
  it('should fail below the pass percent', () => {
    // (10×4/4 + 30×2/4) / 40 = 62.5%
    expect(scoreTeachBack(criteria, { a: 'l4', b: 'l2' }, rule)).toMatchObject({ percent: 62.5, passed: false });
  });
  it('should fail a high percent with one criterion at the lowest level', () => {
    // (10×1/4 + 30×4/4) / 40 = 81.25%
    expect(scoreTeachBack(criteria, { a: 'l1', b: 'l4' }, rule)).toEqual({
      percent: 81.25,
      passed: false,
      belowMinimum: ['a'],
    });
  });
  it('should refuse a checklist with a criterion left unscored or unknown', () => {
    expect(() => scoreTeachBack(criteria, { a: 'l3' }, rule)).toThrow(/every criterion needs a level: B/);
    expect(() => scoreTeachBack(criteria, { a: 'l3', b: 'l3', z: 'l1' }, rule)).toThrow(/no criterion "z"/);
  });
});
