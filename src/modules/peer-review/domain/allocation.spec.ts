import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { allocateReviews, type AllocationInput, type AllocationResult } from './allocation.js';

type Pair = { submissionId: string; reviewerId: string };

interface Person {
  id: string;
  organization: string | null;
  active: boolean;
  submitted: boolean;
}

function cohort(people: Person[], overrides: Partial<AllocationInput> = {}): AllocationInput {
  return {
    seed: 'cohort-1:round-1',
    reviewsPerSubmission: 2,
    submissions: people
      .filter((person) => person.submitted)
      .map((person) => ({ submissionId: `s-${person.id}`, authorId: person.id, organization: person.organization })),
    reviewers: people.map((person) => ({
      reviewerId: person.id,
      organization: person.organization,
      active: person.active,
    })),
    existing: [],
    separateOrganizations: false,
    ...overrides,
  };
}

function person(id: string, overrides: Partial<Person> = {}): Person {
  return { id, organization: null, active: true, submitted: true, ...overrides };
}

function reviewersOf(pairs: Pair[], submissionId: string): string[] {
  return pairs
    .filter((pair) => pair.submissionId === submissionId)
    .map((pair) => pair.reviewerId)
    .sort();
}

function loadsOf(input: AllocationInput, result: AllocationResult): Map<string, number> {
  const loads = new Map(input.reviewers.filter((r) => r.active).map((r) => [r.reviewerId, 0]));
  for (const pair of [...input.existing, ...result.assignments]) {
    if (loads.has(pair.reviewerId)) loads.set(pair.reviewerId, loads.get(pair.reviewerId)! + 1);
  }
  return loads;
}

function spread(loads: Map<string, number>): number {
  const values = [...loads.values()];
  return values.length === 0 ? 0 : Math.max(...values) - Math.min(...values);
}

/** Whether `reviewerId` could take `submissionId` on top of the final allocation (`all`), by the function's rules. */
function canTake(input: AllocationInput, all: Pair[], submissionId: string, reviewerId: string): boolean {
  const submission = input.submissions.find((s) => s.submissionId === submissionId)!;
  const reviewer = input.reviewers.find((r) => r.reviewerId === reviewerId)!;
  if (!reviewer.active || reviewer.reviewerId === submission.authorId) return false;
  if (all.some((pair) => pair.submissionId === submissionId && pair.reviewerId === reviewerId)) return false;
  if ((input.barred ?? []).some((pair) => pair.submissionId === submissionId && pair.reviewerId === reviewerId))
    return false;
  return !(
    input.separateOrganizations &&
    submission.organization !== null &&
    reviewer.organization === submission.organization
  );
}

/** Every guarantee stated at the top of allocation.ts, checked from the outside. */
function expectValid(input: AllocationInput, result: AllocationResult): void {
  const k = input.reviewsPerSubmission;
  const all = [...input.existing, ...result.assignments];
  const submissionIds = new Set(input.submissions.map((s) => s.submissionId));
  const expectedShortfall: AllocationResult['shortfall'] = [];

  for (const submission of input.submissions) {
    const existing = new Set(reviewersOf(input.existing, submission.submissionId));
    const added = reviewersOf(result.assignments, submission.submissionId);
    const eligible = input.reviewers.filter((r) =>
      canTake(input, input.existing, submission.submissionId, r.reviewerId),
    );
    // No duplicates, no self-review, new work only for active and eligible reviewers.
    expect(new Set(added).size).toBe(added.length);
    for (const reviewerId of added) {
      expect(existing.has(reviewerId)).toBe(false);
      expect(canTake(input, input.existing, submission.submissionId, reviewerId)).toBe(true);
    }
    // Coverage: exactly k when possible, otherwise everyone eligible; never more than k counting existing.
    const wanted = Math.max(0, k - existing.size);
    expect(added.length).toBe(Math.min(wanted, new Set(eligible.map((r) => r.reviewerId)).size));
    const missing = k - existing.size - added.length;
    if (missing > 0) expectedShortfall.push({ submissionId: submission.submissionId, missing });
  }
  expect(result.assignments.every((pair) => submissionIds.has(pair.submissionId))).toBe(true);
  expect(result.shortfall).toEqual(expectedShortfall);

  // Balance, general form: no new allocation could move to an eligible reviewer two or more reviews lower.
  const loads = loadsOf(input, result);
  for (const pair of result.assignments) {
    for (const [reviewerId, load] of loads) {
      if (load <= loads.get(pair.reviewerId)! - 2) {
        expect({ pair, to: reviewerId, movable: canTake(input, all, pair.submissionId, reviewerId) }).toEqual({
          pair,
          to: reviewerId,
          movable: false,
        });
      }
    }
  }
  // Balance, strict form.
  if (input.existing.length === 0 && !input.separateOrganizations && (input.barred ?? []).length === 0)
    expect(spread(loads)).toBeLessThanOrEqual(1);
}

describe('allocateReviews', () => {
  it('should have each of three people review the other two when k is 2', () => {
    const input = cohort([person('a'), person('b'), person('c')]);
    const result = allocateReviews(input);
    expect(reviewersOf(result.assignments, 's-a')).toEqual(['b', 'c']);
    expect(reviewersOf(result.assignments, 's-b')).toEqual(['a', 'c']);
    expect(reviewersOf(result.assignments, 's-c')).toEqual(['a', 'b']);
    expect(result.shortfall).toEqual([]);
    expectValid(input, result);
  });

  it('should report the shortfall when k is not below the number of other people', () => {
    const input = cohort([person('a'), person('b'), person('c')], { reviewsPerSubmission: 3 });
    const result = allocateReviews(input);
    expect(result.assignments).toHaveLength(6);
    expect(result.shortfall).toEqual([
      { submissionId: 's-a', missing: 1 },
      { submissionId: 's-b', missing: 1 },
      { submissionId: 's-c', missing: 1 },
    ]);
    expectValid(input, result);
  });

  it('should allocate nothing to anyone when only one person submitted and reviews', () => {
    const result = allocateReviews(cohort([person('a')]));
    expect(result).toEqual({ assignments: [], shortfall: [{ submissionId: 's-a', missing: 2 }] });
  });

  it('should never pair people of one organization when asked to separate organizations', () => {
    const people = ['a', 'b', 'c', 'd', 'e', 'f'].map((id, i) =>
      person(id, { organization: i < 3 ? 'north' : 'south' }),
    );
    const input = cohort(people, { separateOrganizations: true });
    const result = allocateReviews(input);
    expect(result.shortfall).toEqual([]);
    for (const pair of result.assignments) {
      expect(['a', 'b', 'c'].includes(pair.reviewerId)).toBe(!['s-a', 's-b', 's-c'].includes(pair.submissionId));
    }
    expect([...loadsOf(input, result).values()]).toEqual([2, 2, 2, 2, 2, 2]);
    expectValid(input, result);
  });

  it('should report rather than pair within an organization when no one from another is left', () => {
    const people = [person('a', { organization: 'north' }), person('b', { organization: 'north' })];
    people.push(person('c', { organization: 'south' }));
    const input = cohort(people, { separateOrganizations: true });
    const result = allocateReviews(input);
    expect(reviewersOf(result.assignments, 's-a')).toEqual(['c']);
    expect(reviewersOf(result.assignments, 's-b')).toEqual(['c']);
    expect(reviewersOf(result.assignments, 's-c')).toEqual(['a', 'b']);
    expect(result.shortfall).toEqual([
      { submissionId: 's-a', missing: 1 },
      { submissionId: 's-b', missing: 1 },
    ]);
    expectValid(input, result);
  });

  it('should give an inactive reviewer nothing new', () => {
    const input = cohort([person('a'), person('b', { active: false }), person('c'), person('d')]);
    const result = allocateReviews(input);
    expect(result.assignments.filter((pair) => pair.reviewerId === 'b')).toEqual([]);
    expect(reviewersOf(result.assignments, 's-b')).toHaveLength(2);
    expect(result.shortfall).toEqual([]);
    expectValid(input, result);
  });

  it('should keep existing allocations and only top up what is missing', () => {
    const existing = [
      { submissionId: 's-a', reviewerId: 'b' },
      { submissionId: 's-a', reviewerId: 'c' },
      { submissionId: 's-b', reviewerId: 'c' },
      // A reviewer who has since dropped out keeps what they started.
      { submissionId: 's-c', reviewerId: 'e' },
    ];
    const people = [person('a'), person('b'), person('c'), person('d'), person('e', { active: false })];
    const input = cohort(people, { existing });
    const result = allocateReviews(input);
    expect(reviewersOf(result.assignments, 's-a')).toEqual([]);
    expect(reviewersOf(result.assignments, 's-b')).toHaveLength(1);
    expect(reviewersOf(result.assignments, 's-b')).not.toContain('c');
    expect(reviewersOf(result.assignments, 's-c')).toHaveLength(1);
    expect(result.assignments.some((pair) => pair.reviewerId === 'e')).toBe(false);
    expectValid(input, result);
  });

  it('should refill the submissions of a reviewer who dropped out from the active reviewers', () => {
    const people = ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => person(id));
    const first = allocateReviews(cohort(people));
    const kept = first.assignments.filter((pair) => pair.reviewerId !== 'd');
    people[3].active = false;
    const input = cohort(people, { existing: kept });
    const result = allocateReviews(input);
    expect(result.assignments).toHaveLength(first.assignments.length - kept.length);
    expect(result.assignments.some((pair) => pair.reviewerId === 'd')).toBe(false);
    expect(result.shortfall).toEqual([]);
    expectValid(input, result);
  });

  it('should give the same result for the same seed and a different but valid one for another seed', () => {
    const people = Array.from({ length: 12 }, (_, i) => person(`p${i}`, { organization: `org${i % 3}` }));
    const input = cohort(people, { reviewsPerSubmission: 3, separateOrganizations: true });
    const once = allocateReviews(input);
    expect(allocateReviews(structuredClone(input))).toEqual(once);
    const other = allocateReviews({ ...input, seed: 'cohort-1:round-2' });
    expect(other.assignments).not.toEqual(once.assignments);
    expectValid(input, once);
    expectValid({ ...input, seed: 'cohort-1:round-2' }, other);
  });

  it('should allocate a late submission without touching the others, one more review for some', () => {
    const people = ['a', 'b', 'c', 'd', 'e'].map((id) => person(id));
    const late = person('f');
    const first = allocateReviews(cohort(people, { reviewsPerSubmission: 3 }));
    const input = cohort([...people, late], { reviewsPerSubmission: 3, existing: first.assignments });
    const result = allocateReviews(input);
    expect(result.assignments.every((pair) => pair.submissionId === 's-f')).toBe(true);
    expect(reviewersOf(result.assignments, 's-f')).toHaveLength(3);
    // The only open work is f's own submission: three of the five get a fourth review, and f none.
    expect(result.assignments.some((pair) => pair.reviewerId === 'f')).toBe(false);
    expectValid(input, result);
  });

  it('should serve submissions in the order given, so the longest waiting pick first', () => {
    const people = ['a', 'b', 'c', 'd'].map((id) => person(id));
    const input = cohort(people, { reviewsPerSubmission: 1 });
    const reversed = { ...input, submissions: [...input.submissions].reverse() };
    // The first submission served gets the reviewer ranked first by the seed, whichever submission it is.
    const first = allocateReviews(input).assignments[0];
    const firstReversed = allocateReviews(reversed).assignments[0];
    expect(first.submissionId).toBe('s-a');
    expect(firstReversed.submissionId).toBe('s-d');
  });

  it('should refuse a k that is not a whole number', () => {
    expect(() => allocateReviews(cohort([person('a')], { reviewsPerSubmission: 1.5 }))).toThrow(RangeError);
    expect(() => allocateReviews(cohort([person('a')], { reviewsPerSubmission: -1 }))).toThrow(RangeError);
  });
});

describe('allocateReviews properties', () => {
  const organization = fc.constantFrom<string | null>('north', 'south', 'east', null);
  const people = fc
    .array(
      fc.record({
        organization,
        active: fc.nat(9).map((n) => n > 0),
        submitted: fc.nat(9).map((n) => n > 0),
      }),
      { minLength: 2, maxLength: 60 },
    )
    .map((list) => list.map((p, i): Person => ({ id: `p${i}`, ...p })));
  const scenario = fc.record({
    people,
    k: fc.integer({ min: 1, max: 4 }),
    separateOrganizations: fc.boolean(),
    seed: fc.string({ maxLength: 8 }),
    // Per candidate pair, whether it is an existing allocation (read in order, until a submission has k).
    existingMask: fc.array(fc.nat(7), { maxLength: 400 }),
    lateCount: fc.nat(10),
  });

  function withExisting(input: AllocationInput, mask: number[]): AllocationInput {
    const existing: Pair[] = [];
    let next = 0;
    for (const submission of input.submissions) {
      let count = 0;
      for (const reviewer of input.reviewers) {
        if (count >= input.reviewsPerSubmission || next >= mask.length) break;
        if (
          !canTake(
            { ...input, reviewers: [{ ...reviewer, active: true }] },
            existing,
            submission.submissionId,
            reviewer.reviewerId,
          )
        )
          continue;
        if (mask[next++] === 0) {
          existing.push({ submissionId: submission.submissionId, reviewerId: reviewer.reviewerId });
          count++;
        }
      }
    }
    return { ...input, existing };
  }

  it('should cover, balance and respect the rules with no existing allocation', () => {
    fc.assert(
      fc.property(scenario, ({ people, k, separateOrganizations, seed }) => {
        const input = cohort(people, { reviewsPerSubmission: k, separateOrganizations, seed });
        expectValid(input, allocateReviews(input));
      }),
      { numRuns: 300 },
    );
  });

  it('should keep loads within one of each other with no existing allocation and no organization rule', () => {
    fc.assert(
      fc.property(scenario, ({ people, k, seed }) => {
        const input = cohort(people, { reviewsPerSubmission: k, seed });
        expect(spread(loadsOf(input, allocateReviews(input)))).toBeLessThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });

  it('should cover, balance and respect the rules on top of existing allocations', () => {
    fc.assert(
      fc.property(scenario, ({ people, k, separateOrganizations, seed, existingMask }) => {
        const input = withExisting(
          cohort(people, { reviewsPerSubmission: k, separateOrganizations, seed }),
          existingMask,
        );
        expectValid(input, allocateReviews(input));
      }),
      { numRuns: 300 },
    );
  });

  it('should never make a barred pair (a plan taken back from a reviewer), and still cover and balance', () => {
    fc.assert(
      fc.property(scenario, fc.array(fc.nat(3), { maxLength: 400 }), (sample, barredMask) => {
        const { people, k, separateOrganizations, seed, existingMask } = sample;
        const base = withExisting(
          cohort(people, { reviewsPerSubmission: k, separateOrganizations, seed }),
          existingMask,
        );
        const barred: Pair[] = [];
        let next = 0;
        for (const submission of base.submissions)
          for (const reviewer of base.reviewers)
            if (next < barredMask.length && barredMask[next++] === 0 && reviewer.reviewerId !== submission.authorId)
              barred.push({ submissionId: submission.submissionId, reviewerId: reviewer.reviewerId });
        const input = { ...base, barred };
        const result = allocateReviews(input);
        for (const pair of result.assignments)
          expect(barred.some((b) => b.submissionId === pair.submissionId && b.reviewerId === pair.reviewerId)).toBe(
            false,
          );
        expectValid(input, result);
      }),
      { numRuns: 300 },
    );
  });

  it('should give the same result for the same seed and input', () => {
    fc.assert(
      fc.property(scenario, ({ people, k, separateOrganizations, seed, existingMask }) => {
        const input = withExisting(
          cohort(people, { reviewsPerSubmission: k, separateOrganizations, seed }),
          existingMask,
        );
        expect(allocateReviews(structuredClone(input))).toEqual(allocateReviews(input));
      }),
      { numRuns: 100 },
    );
  });

  it('should allocate late submissions k reviewers and leave earlier allocations as they were', () => {
    fc.assert(
      fc.property(scenario, ({ people, k, separateOrganizations, seed, existingMask, lateCount }) => {
        const all = cohort(people, { reviewsPerSubmission: k, separateOrganizations, seed });
        const cut = Math.max(0, all.submissions.length - lateCount);
        const early = withExisting({ ...all, submissions: all.submissions.slice(0, cut) }, existingMask);
        const first = allocateReviews(early);
        const before = [...early.existing, ...first.assignments];
        const input = { ...all, existing: before };
        const second = allocateReviews(input);
        expectValid(input, second);
        // Earlier submissions only get more if they were short; the late ones are covered like any other.
        const short = new Set(first.shortfall.map((s) => s.submissionId));
        const late = new Set(all.submissions.slice(cut).map((s) => s.submissionId));
        for (const pair of second.assignments)
          expect(late.has(pair.submissionId) || short.has(pair.submissionId)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('should give k reviewers to every late submission when the cohort is large enough', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 6, max: 60 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 5 }),
        (size, k, lateCount) => {
          const people = Array.from({ length: size }, (_, i) => person(`p${i}`));
          const all = cohort(people, { reviewsPerSubmission: k });
          const first = allocateReviews({ ...all, submissions: all.submissions.slice(0, size - lateCount) });
          const input = { ...all, existing: first.assignments };
          const second = allocateReviews(input);
          expect(second.shortfall).toEqual([]);
          for (const submission of all.submissions.slice(size - lateCount)) {
            expect(reviewersOf(second.assignments, submission.submissionId)).toHaveLength(k);
          }
          expectValid(input, second);
          // Late work lands on the least loaded: the loads stay within two of each other.
          expect(spread(loadsOf(input, second))).toBeLessThanOrEqual(2);
        },
      ),
      { numRuns: 200 },
    );
  });
});
