import type { CriterionGrade, RubricCriterion } from './capstone.types.js';

/** Why a set of criterion grades cannot be taken as they are; `field` names the form field at fault. */
export class RubricScoreError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Checks the trainer's judgements against the rubric: every criterion appears once, in the rubric's order, and
 * every level named exists. Criteria left out of the input come back with no level and no comment.
 */
export function normaliseCriterionGrades(
  criteria: readonly RubricCriterion[],
  grades: readonly CriterionGrade[],
): CriterionGrade[] {
  const byId = new Map<string, CriterionGrade>();
  for (const grade of grades) {
    const criterion = criteria.find((entry) => entry.id === grade.criterionId);
    if (!criterion) throw new RubricScoreError('criteria', `The rubric has no criterion "${grade.criterionId}".`);
    if (byId.has(grade.criterionId))
      throw new RubricScoreError(grade.criterionId, `Criterion "${criterion.title}" is graded twice.`);
    if (grade.levelId !== null && !criterion.levels.some((level) => level.id === grade.levelId))
      throw new RubricScoreError(grade.criterionId, `Criterion "${criterion.title}" has no level "${grade.levelId}".`);
    byId.set(grade.criterionId, grade);
  }
  return criteria.map((criterion) => ({
    criterionId: criterion.id,
    levelId: byId.get(criterion.id)?.levelId ?? null,
    comment: byId.get(criterion.id)?.comment.trim() ?? '',
  }));
}

/** The criteria still without a level: a final grade needs none. */
export function missingLevels(criteria: readonly RubricCriterion[], grades: readonly CriterionGrade[]): string[] {
  return criteria
    .filter((criterion) => !grades.some((grade) => grade.criterionId === criterion.id && grade.levelId !== null))
    .map((criterion) => criterion.id);
}

/**
 * The capstone percent: Σ weight × (points of the chosen level / points of the criterion's highest level) over
 * Σ weight, × 100, rounded to 2 decimals. Null while any criterion has no level (a draft). A criterion whose
 * highest level is worth 0 points cannot be scored and counts as 0.
 */
export function rubricPercent(criteria: readonly RubricCriterion[], grades: readonly CriterionGrade[]): number | null {
  const normalised = normaliseCriterionGrades(criteria, grades);
  if (missingLevels(criteria, normalised).length > 0) return null;
  let weighted = 0;
  let totalWeight = 0;
  for (const criterion of criteria) {
    const levelId = normalised.find((grade) => grade.criterionId === criterion.id)!.levelId;
    const level = criterion.levels.find((entry) => entry.id === levelId)!;
    const maxPoints = Math.max(...criterion.levels.map((entry) => entry.points));
    weighted += criterion.weight * (maxPoints > 0 ? level.points / maxPoints : 0);
    totalWeight += criterion.weight;
  }
  if (totalWeight <= 0) return 0;
  return roundPercent((weighted / totalWeight) * 100);
}

/** Two decimals, as numeric(5,2) stores it; the epsilon keeps 12.345 from rounding down through binary error. */
export function roundPercent(value: number): number {
  return Math.round((value + Number.EPSILON) * 100) / 100;
}
