import type { CriterionGrade, RubricCriterion } from '../../capstones/domain/capstone.types.js';

export type ReviewIntent = 'save' | 'submit';

/** The review form's fields (`level.<criterionId>`, `comment.<criterionId>`) as criterion grades, in rubric order. */
export function reviewCriteriaFromForm(
  criteria: readonly RubricCriterion[],
  form: Record<string, string | undefined>,
): CriterionGrade[] {
  return criteria.map((criterion) => {
    const level = (form[`level.${criterion.id}`] ?? '').trim();
    return {
      criterionId: criterion.id,
      levelId: level === '' ? null : level,
      comment: (form[`comment.${criterion.id}`] ?? '').trim(),
    };
  });
}

/**
 * What is wrong with a review, criterion by criterion. A saved draft may leave criteria open; a submitted review
 * needs a level for every criterion and a comment of at least `minCommentLength` characters on each. A level that
 * is not one of the criterion's is always refused.
 */
export function reviewProblems(
  criteria: readonly RubricCriterion[],
  grades: readonly CriterionGrade[],
  minCommentLength: number,
  intent: ReviewIntent,
): string[] {
  const problems: string[] = [];
  for (const criterion of criteria) {
    const grade = grades.find((entry) => entry.criterionId === criterion.id);
    if (grade?.levelId && !criterion.levels.some((level) => level.id === grade.levelId))
      problems.push(`${criterion.title}: choose one of its levels.`);
    if (intent === 'submit' && !grade?.levelId) problems.push(`${criterion.title}: choose a level.`);
    if (intent === 'submit' && (grade?.comment.length ?? 0) < minCommentLength)
      problems.push(`${criterion.title}: write a comment of at least ${minCommentLength} characters.`);
    if ((grade?.comment.length ?? 0) > 5000) problems.push(`${criterion.title}: the comment is over 5000 characters.`);
  }
  return problems;
}

/** "Plan A", "Plan B", … "Plan Z", "Plan AA": how a reviewer's n-th allocation is named (never by its author). */
export function planLabel(index: number): string {
  let label = '';
  let rest = index;
  do {
    label = String.fromCharCode(65 + (rest % 26)) + label;
    rest = Math.floor(rest / 26) - 1;
  } while (rest >= 0);
  return `Plan ${label}`;
}
