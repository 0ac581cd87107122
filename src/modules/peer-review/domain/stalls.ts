// What keeps peer review from stalling, as plain functions: which allocations to replace, who gets no new work,
// when a plan short of reviews is scored on what it has, and when the next check is due.

import type { AllocationStatus } from '../entities/peer-review-allocation.entity.js';

const HOUR_MS = 3_600_000;

export interface AllocationState {
  id: string;
  submissionId: string;
  reviewerId: string;
  status: AllocationStatus;
  assignedAt: Date;
  endReason: 'not-started' | 'dropped-out' | 'trainer' | null;
}

export type StallReason = 'not-started' | 'dropped-out';

export interface StalledAllocation {
  allocationId: string;
  submissionId: string;
  reviewerId: string;
  reason: StallReason;
}

/**
 * Allocations to take back and give to someone else:
 * - a reviewer who is no longer an active participant (withdrew, or their enrolment ended) loses every review they
 *   have not submitted, started or not (`dropped-out`);
 * - a reviewer who has not opened and saved an allocation `stallHours` after it could be started (given, and the
 *   window open) loses it (`not-started`).
 * A submitted review is never taken back: it counts whoever wrote it. A started one is left to its reviewer while
 * they are active, since part of the work is done and the window's close bounds it.
 */
export function stalledAllocations(
  allocations: readonly AllocationState[],
  options: { stallHours: number; now: Date; windowOpensAt: Date; activeReviewers: ReadonlySet<string> },
): StalledAllocation[] {
  const stalled: StalledAllocation[] = [];
  const cutoff = options.now.getTime() - options.stallHours * HOUR_MS;
  const opensAt = options.windowOpensAt.getTime();
  for (const allocation of allocations) {
    if (allocation.status !== 'assigned' && allocation.status !== 'started') continue;
    let reason: StallReason | null = null;
    if (!options.activeReviewers.has(allocation.reviewerId)) reason = 'dropped-out';
    else if (allocation.status === 'assigned' && Math.max(allocation.assignedAt.getTime(), opensAt) <= cutoff)
      reason = 'not-started';
    if (reason)
      stalled.push({
        allocationId: allocation.id,
        submissionId: allocation.submissionId,
        reviewerId: allocation.reviewerId,
        reason,
      });
  }
  return stalled;
}

/**
 * Reviewers who get no new work: those who let an allocation stall and have no review under way or submitted.
 * Starting a review puts them back in the pool. Pass the allocations as they are after this run's replacements.
 */
export function reviewersWithoutNewWork(allocations: readonly AllocationState[]): Set<string> {
  const stalled = new Set<string>();
  const working = new Set<string>();
  for (const allocation of allocations) {
    if (allocation.endReason === 'not-started') stalled.add(allocation.reviewerId);
    if (allocation.status === 'started' || allocation.status === 'submitted') working.add(allocation.reviewerId);
  }
  return new Set([...stalled].filter((reviewerId) => !working.has(reviewerId)));
}

/**
 * Pairs the allocation must never make again: a plan is not handed back to a reviewer it was taken from. A trainer's
 * cancellation bars the pair too; a trainer can still assign that reviewer by hand.
 */
export function barredPairs(allocations: readonly AllocationState[]): { submissionId: string; reviewerId: string }[] {
  return allocations
    .filter((allocation) => allocation.status === 'replaced' || allocation.status === 'cancelled')
    .map(({ submissionId, reviewerId }) => ({ submissionId, reviewerId }));
}

export type PeerScoreState =
  /** k reviews submitted: scored on them. */
  | 'complete'
  /** Short of k, but its time is up (or the window closed): scored on the reviews it has. */
  | 'scored-short'
  /** Short of k and still within its time: no score yet; `scoreFrom` says when it will be scored anyway. */
  | 'waiting'
  /** Its time is up and nobody reviewed it: the trainer scores it. */
  | 'needs-trainer'
  /** A trainer's score stands, whatever the reviews. */
  | 'trainer';

export interface PeerScoreStatus {
  state: PeerScoreState;
  /** When a waiting plan will be scored on what it has (the earlier of its own time and the window's close). */
  scoreFrom: Date | null;
}

/**
 * Whether a plan's peer score can be given, so that nobody waits on reviews that do not come: at k submitted
 * reviews; short of k once `scoreShortAfterHours` have passed since the plan was first given to reviewers, or the
 * review window has closed, on the reviews it has; with none by then, by the trainer. A plan never given to anyone
 * waits for the window's close.
 */
export function peerScoreStatus(input: {
  reviewsPerSubmission: number;
  submittedReviews: number;
  firstAssignedAt: Date | null;
  windowClosesAt: Date;
  scoreShortAfterHours: number;
  hasTrainerScore: boolean;
  now: Date;
}): PeerScoreStatus {
  if (input.hasTrainerScore) return { state: 'trainer', scoreFrom: null };
  if (input.submittedReviews >= input.reviewsPerSubmission) return { state: 'complete', scoreFrom: null };
  const ownTime =
    input.firstAssignedAt === null ? Infinity : input.firstAssignedAt.getTime() + input.scoreShortAfterHours * HOUR_MS;
  const scoreFrom = Math.min(ownTime, input.windowClosesAt.getTime());
  if (input.now.getTime() < scoreFrom) return { state: 'waiting', scoreFrom: new Date(scoreFrom) };
  return { state: input.submittedReviews > 0 ? 'scored-short' : 'needs-trainer', scoreFrom: null };
}

/** A score is given in these states; in the others the plan has no peer score yet. */
export function hasPeerScore(state: PeerScoreState): boolean {
  return state === 'complete' || state === 'scored-short' || state === 'trainer';
}

/**
 * The next instant a stall check has something to do: the window opening, the first unstarted allocation reaching
 * `stallHours`, the
 * first waiting plan reaching its scoring time, or the window's close. Null when nothing is left ahead.
 */
export function nextStallCheckAt(input: {
  allocations: readonly AllocationState[];
  waitingScoreFrom: readonly Date[];
  stallHours: number;
  windowOpensAt: Date;
  windowClosesAt: Date;
  now: Date;
}): Date | null {
  const now = input.now.getTime();
  const opensAt = input.windowOpensAt.getTime();
  let next = Infinity;
  const consider = (at: number) => {
    if (at > now && at < next) next = at;
  };
  for (const allocation of input.allocations)
    if (allocation.status === 'assigned')
      consider(Math.max(allocation.assignedAt.getTime(), opensAt) + input.stallHours * HOUR_MS);
  for (const at of input.waitingScoreFrom) consider(at.getTime());
  consider(opensAt);
  consider(input.windowClosesAt.getTime());
  return next === Infinity ? null : new Date(next);
}
