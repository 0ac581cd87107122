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

/**
 * The API's review body (`{ criteria: [{ criterionId, levelId, comment }] }`) as the form's fields, so that both go
 * through the same checks. Throws a message naming what is wrong with the shape; the rubric's rules come after.
 */
export function reviewFormFromJson(criteria: readonly RubricCriterion[], body: unknown): Record<string, string> {
  const list = (body as { criteria?: unknown } | null)?.criteria;
  if (!Array.isArray(list)) throw new TypeError('criteria must be a list of { criterionId, levelId, comment }.');
  const known = new Set(criteria.map((criterion) => criterion.id));
  const form: Record<string, string> = {};
  list.forEach((entry: unknown, index) => {
    const { criterionId, levelId, comment } = (entry ?? {}) as Record<string, unknown>;
    if (typeof criterionId !== 'string' || !known.has(criterionId))
      throw new TypeError(`criteria[${index}].criterionId must be one of: ${[...known].join(', ')}.`);
    if (`level.${criterionId}` in form) throw new TypeError(`criteria[${index}]: ${criterionId} is given twice.`);
    if (levelId !== null && levelId !== undefined && typeof levelId !== 'string')
      throw new TypeError(`criteria[${index}].levelId must be a level id or null.`);
    if (comment !== undefined && typeof comment !== 'string')
      throw new TypeError(`criteria[${index}].comment must be text.`);
    form[`level.${criterionId}`] = levelId ?? '';
    form[`comment.${criterionId}`] = comment ?? '';
  });
  return form;
}
