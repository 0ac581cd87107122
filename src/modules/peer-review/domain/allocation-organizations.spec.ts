import { describe, expect, it } from '@jest/globals';
import { allocateReviews, type AllocationInput } from './allocation.js';

/** 10,000 participants who all submitted, in the order given, each from `organizationOf(i)`. */
function cohort(organizationOf: (index: number) => string | null): AllocationInput {
  const people = Array.from({ length: 10_000 }, (_, index) => ({
    id: `p${String(index).padStart(5, '0')}`,
    organization: organizationOf(index),
  }));
  return {
    seed: 'large-cohort',
    reviewsPerSubmission: 3,
    submissions: people.map((p) => ({ submissionId: `s-${p.id}`, authorId: p.id, organization: p.organization })),
    reviewers: people.map((p) => ({ reviewerId: p.id, organization: p.organization, active: true })),
    existing: [],
    separateOrganizations: true,
  };
}

function expectApartAndCovered(input: AllocationInput, assignments: { submissionId: string; reviewerId: string }[]) {
  const organizationOf = new Map(input.reviewers.map((r) => [r.reviewerId, r.organization]));
  const authorOrganization = new Map(input.submissions.map((s) => [s.submissionId, s.organization]));
  const count = new Map<string, number>();
  for (const { submissionId, reviewerId } of assignments) {
    expect(organizationOf.get(reviewerId) === authorOrganization.get(submissionId)).toBe(false);
    count.set(submissionId, (count.get(submissionId) ?? 0) + 1);
  }
  expect(count.size).toBe(input.submissions.length);
  expect([...count.values()].every((n) => n === 3)).toBe(true);
}

// With one heap of reviewers the first case took minutes (each pick popped the author's whole organization); with a
// heap per organization it takes about 0.1 s in Node, 1–2 s under Jest. The bound leaves room for a slow shared
// machine, not for O(n²).
describe('allocateReviews with large organizations', () => {
  it('should stay fast and keep organizations apart when one organization of 70% submits first, together', () => {
    const input = cohort((index) => (index < 7_000 ? 'large' : `small-${index % 4}`));
    const started = performance.now();
    const result = allocateReviews(input);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(result.shortfall).toEqual([]);
    expectApartAndCovered(input, result.assignments);
  });

  it('should keep organizations apart when five organizations submit one after the other, with people of none', () => {
    const input = cohort((index) => (index % 100 === 0 ? null : `org-${Math.floor(index / 2_000)}`));
    const result = allocateReviews(input);
    expect(result.shortfall).toEqual([]);
    expectApartAndCovered(input, result.assignments);
  });

  it('should report the plans of one organization short when only two people of no organization can review them', () => {
    // A null organization matches nothing: the two review every plan, and anyone reviews theirs.
    const input = cohort((index) => (index < 2 ? null : 'one'));
    const result = allocateReviews(input);
    expect(result.shortfall).toHaveLength(9_998);
    expect(result.shortfall.every((entry) => entry.missing === 1 && entry.submissionId > 's-p00001')).toBe(true);
    const reviewersOfFirst = result.assignments.filter((pair) => pair.submissionId === 's-p00000');
    expect(reviewersOfFirst).toHaveLength(3);
  });
});
