import type { RubricCriterion } from '../../capstones/domain/capstone.types.js';
import { rubricPercent } from '../../capstones/domain/rubric-score.js';

export interface TeachBackRule {
  passPercent: number;
  /** Every criterion must be scored at a level worth at least this many points. */
  minimumPoints: number;
}

export interface TeachBackScore {
  percent: number;
  passed: boolean;
  /** Criteria scored below minimumPoints (they fail the teach-back whatever the percent). */
  belowMinimum: string[];
}

/**
 * Scores an observation checklist like a capstone (Σ weight × points ÷ top points ÷ Σ weight × 100) and applies
 * teach-back.yaml's pass rule: percent ≥ passPercent AND no criterion below minimumPoints. Every criterion needs a
 * level; an unknown criterion or level is refused.
 */
export function scoreTeachBack(
  criteria: readonly RubricCriterion[],
  levels: Readonly<Record<string, string>>,
  rule: TeachBackRule,
): TeachBackScore {
  const grades = criteria.map((criterion) => ({
    criterionId: criterion.id,
    levelId: levels[criterion.id] ?? null,
    comment: '',
  }));
  for (const id of Object.keys(levels))
    if (!criteria.some((criterion) => criterion.id === id)) throw new Error(`the checklist has no criterion "${id}"`);
  const percent = rubricPercent(criteria, grades);
  if (percent === null)
    throw new Error(
      `every criterion needs a level: ${criteria
        .filter((criterion) => !levels[criterion.id])
        .map((criterion) => criterion.title)
        .join(', ')}`,
    );
  const belowMinimum = criteria
    .filter((criterion) => {
      const level = criterion.levels.find((entry) => entry.id === levels[criterion.id]);
      return (level?.points ?? 0) < rule.minimumPoints;
    })
    .map((criterion) => criterion.id);
  return { percent, passed: percent >= rule.passPercent && belowMinimum.length === 0, belowMinimum };
}
