import type { RubricCriterion } from '../../capstones/domain/capstone.types.js';
import { calibrationCloseness } from '../../peer-review/domain/calibration.js';

/** One reference capstone as the trainee saw it: the master trainers' level per criterion of the course rubric. */
export interface ReferenceCapstone {
  id: string;
  /** criterion id → level id set by the master trainers. */
  levels: Record<string, string>;
}

export interface CalibrationPassRule {
  /** A difference of at most this many levels (by position in the criterion's list) counts as agreement. */
  withinLevels: number;
  /** Share of all graded criteria, in percent, that must agree. */
  minimumPercent: number;
}

export interface CalibrationAgreement {
  agreed: number;
  total: number;
  /** agreed ÷ total, 0..1. */
  ratio: number;
  passed: boolean;
  /** Per reference and criterion: the level difference, for the feedback table. */
  differences: { referenceId: string; criterionId: string; difference: number; agrees: boolean }[];
}

/**
 * Exact threshold test without floating point: agreed/total ≥ minimumPercent/100 ⇔ 100·agreed ≥ minimumPercent·total.
 * So 799 of 1000 (79.9%) fails and 800 of 1000 (80%) passes at 80.
 */
export function meetsAgreement(agreed: number, total: number, minimumPercent: number): boolean {
  if (total <= 0) return false;
  return Math.round(100 * agreed * 1000) >= Math.round(minimumPercent * total * 1000);
}

/**
 * Agreement of a trainee's grades with the reference levels over every reference capstone of a course:
 * the share of (reference, criterion) pairs whose levels are at most `withinLevels` apart, levels counted by their
 * order in the rubric (not their points), as peer review's calibration counts them. Every criterion of every
 * reference must be graded.
 */
export function gradingAgreement(
  criteria: readonly RubricCriterion[],
  references: readonly ReferenceCapstone[],
  grades: Readonly<Record<string, Readonly<Record<string, string>>>>,
  rule: CalibrationPassRule,
): CalibrationAgreement {
  if (references.length === 0) throw new Error('a grading calibration needs at least one reference capstone');
  const differences: CalibrationAgreement['differences'] = [];
  for (const reference of references) {
    const given = grades[reference.id] ?? {};
    const closeness = calibrationCloseness(
      criteria,
      criteria.map((criterion) => ({
        criterionId: criterion.id,
        levelId: reference.levels[criterion.id] ?? '',
        explanation: '',
      })),
      criteria.map((criterion) => ({ criterionId: criterion.id, levelId: given[criterion.id] ?? null, comment: '' })),
    );
    for (const row of closeness.criteria)
      differences.push({
        referenceId: reference.id,
        criterionId: row.criterionId,
        difference: row.difference,
        agrees: row.difference <= rule.withinLevels,
      });
  }
  const agreed = differences.filter((row) => row.agrees).length;
  const total = differences.length;
  return {
    agreed,
    total,
    ratio: agreed / total,
    passed: meetsAgreement(agreed, total, rule.minimumPercent),
    differences,
  };
}
