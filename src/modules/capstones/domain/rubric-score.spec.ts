import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { CriterionGrade, RubricCriterion } from './capstone.types.js';
import { missingLevels, normaliseCriterionGrades, rubricPercent, RubricScoreError } from './rubric-score.js';

const levels = (points: number[]) =>
  points.map((value, index) => ({ id: `l${index}`, label: `L${index}`, points: value, descriptor: `d${index}` }));

// Weights 3 and 1; the first out of 4 points, the second out of 3.
const RUBRIC: RubricCriterion[] = [
  { id: 'evidence', title: 'Evidence of need', weight: 3, levels: levels([0, 2, 4]) },
  { id: 'budget', title: 'Budget', weight: 1, levels: levels([1, 2, 3]) },
];
const grade = (criterionId: string, levelId: string | null, comment = ''): CriterionGrade => ({
  criterionId,
  levelId,
  comment,
});

describe('rubricPercent', () => {
  it('should weigh each criterion by its share of its own maximum (hand-worked)', () => {
    // (3 × 2/4 + 1 × 3/3) / 4 × 100 = (1.5 + 1) / 4 × 100 = 62.5
    expect(rubricPercent(RUBRIC, [grade('evidence', 'l1'), grade('budget', 'l2')])).toBe(62.5);
    // (3 × 4/4 + 1 × 1/3) / 4 × 100 = 83.333… → 83.33
    expect(rubricPercent(RUBRIC, [grade('evidence', 'l2'), grade('budget', 'l0')])).toBe(83.33);
    // (3 × 0 + 1 × 2/3) / 4 × 100 = 16.666… → 16.67
    expect(rubricPercent(RUBRIC, [grade('evidence', 'l0'), grade('budget', 'l1')])).toBe(16.67);
    expect(rubricPercent(RUBRIC, [grade('evidence', 'l2'), grade('budget', 'l2')])).toBe(100);
  });

  it('should give no percent while a criterion has no level', () => {
    expect(rubricPercent(RUBRIC, [grade('evidence', 'l2')])).toBeNull();
    expect(rubricPercent(RUBRIC, [grade('evidence', 'l2'), grade('budget', null)])).toBeNull();
    expect(missingLevels(RUBRIC, [grade('evidence', 'l2'), grade('budget', null)])).toEqual(['budget']);
  });

  it('should refuse an unknown criterion, an unknown level and a criterion graded twice', () => {
    expect(() => rubricPercent(RUBRIC, [grade('nope', 'l1')])).toThrow(/no criterion "nope"/);
    expect(() => rubricPercent(RUBRIC, [grade('budget', 'l9')])).toThrow(/Budget" has no level "l9"/);
    expect(() => normaliseCriterionGrades(RUBRIC, [grade('budget', 'l1'), grade('budget', 'l2')])).toThrow(
      RubricScoreError,
    );
  });

  it('should return every criterion in rubric order with trimmed comments', () => {
    expect(normaliseCriterionGrades(RUBRIC, [grade('budget', 'l1', '  fine  ')])).toEqual([
      grade('evidence', null, ''),
      grade('budget', 'l1', 'fine'),
    ]);
  });

  const rubricArbitrary = fc
    .array(
      fc.record({
        weight: fc.integer({ min: 1, max: 20 }),
        points: fc.uniqueArray(fc.integer({ min: 0, max: 10 }), { minLength: 2, maxLength: 5 }),
      }),
      { minLength: 1, maxLength: 6 },
    )
    .map((specs) =>
      specs.map((spec, index): RubricCriterion => ({
        id: `c${index}`,
        title: `C${index}`,
        weight: spec.weight,
        levels: levels([...spec.points].sort((a, b) => a - b)),
      })),
    );

  it('should stay within 0–100 for any complete grading (property)', () => {
    fc.assert(
      fc.property(rubricArbitrary, fc.infiniteStream(fc.nat()), (rubric, picks) => {
        const grades = rubric.map((criterion) =>
          grade(criterion.id, criterion.levels[picks.next().value % criterion.levels.length].id),
        );
        const percent = rubricPercent(rubric, grades)!;
        expect(percent).toBeGreaterThanOrEqual(0);
        expect(percent).toBeLessThanOrEqual(100);
      }),
    );
  });

  it('should never fall when one criterion moves up a level (property)', () => {
    fc.assert(
      fc.property(rubricArbitrary, fc.infiniteStream(fc.nat()), fc.nat(), (rubric, picks, which) => {
        const chosen = rubric.map((criterion) => picks.next().value % criterion.levels.length);
        const raised = rubric[which % rubric.length];
        const raisedIndex = which % rubric.length;
        fc.pre(chosen[raisedIndex] < raised.levels.length - 1);
        const before = rubricPercent(
          rubric,
          rubric.map((criterion, index) => grade(criterion.id, criterion.levels[chosen[index]].id)),
        )!;
        const after = rubricPercent(
          rubric,
          rubric.map((criterion, index) =>
            grade(criterion.id, criterion.levels[chosen[index] + (index === raisedIndex ? 1 : 0)].id),
          ),
        )!;
        expect(after).toBeGreaterThanOrEqual(before);
      }),
    );
  });
});
