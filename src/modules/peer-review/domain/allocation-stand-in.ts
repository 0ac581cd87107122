/**
 * TEMPORARY stand-in for `allocation.ts` (built on branch pr-alloc with the same signature): a greedy allocation
 * good enough to drive the service and its tests until the real one is merged. Delete it then and import
 * `allocateReviews` from './allocation.js'.
 */
export interface AllocationInput {
  seed: string;
  reviewsPerSubmission: number;
  submissions: { submissionId: string; authorId: string; organization: string | null }[];
  reviewers: { reviewerId: string; organization: string | null; active: boolean }[];
  existing: { submissionId: string; reviewerId: string }[];
  separateOrganizations: boolean;
}

export interface AllocationResult {
  assignments: { submissionId: string; reviewerId: string }[];
  shortfall: { submissionId: string; missing: number }[];
}

function hash(text: string): number {
  let value = 2166136261;
  for (let index = 0; index < text.length; index++) value = Math.imul(value ^ text.charCodeAt(index), 16777619);
  return value >>> 0;
}

export function allocateReviews(input: AllocationInput): AllocationResult {
  const load = new Map<string, number>();
  for (const reviewer of input.reviewers) load.set(reviewer.reviewerId, 0);
  const reviewersOf = new Map<string, Set<string>>();
  for (const row of input.existing) {
    load.set(row.reviewerId, (load.get(row.reviewerId) ?? 0) + 1);
    const set = reviewersOf.get(row.submissionId) ?? new Set<string>();
    set.add(row.reviewerId);
    reviewersOf.set(row.submissionId, set);
  }
  const assignments: AllocationResult['assignments'] = [];
  const shortfall: AllocationResult['shortfall'] = [];
  const submissions = [...input.submissions].sort(
    (a, b) => (reviewersOf.get(a.submissionId)?.size ?? 0) - (reviewersOf.get(b.submissionId)?.size ?? 0),
  );
  for (const submission of submissions) {
    const taken = reviewersOf.get(submission.submissionId) ?? new Set<string>();
    let missing = input.reviewsPerSubmission - taken.size;
    const candidates = input.reviewers
      .filter(
        (reviewer) =>
          reviewer.active &&
          reviewer.reviewerId !== submission.authorId &&
          !taken.has(reviewer.reviewerId) &&
          !(
            input.separateOrganizations &&
            reviewer.organization !== null &&
            reviewer.organization === submission.organization
          ),
      )
      .sort(
        (a, b) =>
          load.get(a.reviewerId)! - load.get(b.reviewerId)! ||
          hash(`${input.seed}:${submission.submissionId}:${a.reviewerId}`) -
            hash(`${input.seed}:${submission.submissionId}:${b.reviewerId}`),
      );
    for (const reviewer of candidates) {
      if (missing <= 0) break;
      assignments.push({ submissionId: submission.submissionId, reviewerId: reviewer.reviewerId });
      load.set(reviewer.reviewerId, load.get(reviewer.reviewerId)! + 1);
      missing--;
    }
    if (missing > 0) shortfall.push({ submissionId: submission.submissionId, missing });
  }
  return { assignments, shortfall };
}
