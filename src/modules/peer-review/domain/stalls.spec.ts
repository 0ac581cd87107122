import { describe, expect, it } from '@jest/globals';
import {
  barredPairs,
  nextStallCheckAt,
  peerScoreStatus,
  reviewersWithoutNewWork,
  stalledAllocations,
  type AllocationState,
} from './stalls.js';

const at = (iso: string) => new Date(iso);
const OPENS = at('2026-03-01T00:00:00Z');

function allocation(overrides: Partial<AllocationState> & Pick<AllocationState, 'id'>): AllocationState {
  return {
    submissionId: 's1',
    reviewerId: 'r1',
    status: 'assigned',
    assignedAt: at('2026-03-01T00:00:00Z'),
    endReason: null,
    ...overrides,
  };
}

describe('stalledAllocations', () => {
  const active = new Set(['r1', 'r2', 'r3']);

  it('replaces an allocation nobody started once stallHours have passed, and not a minute before', () => {
    const rows = [allocation({ id: 'a1' })];
    expect(
      stalledAllocations(rows, {
        stallHours: 48,
        windowOpensAt: OPENS,
        now: at('2026-03-02T23:59:00Z'),
        activeReviewers: active,
      }),
    ).toEqual([]);
    expect(
      stalledAllocations(rows, {
        stallHours: 48,
        windowOpensAt: OPENS,
        now: at('2026-03-03T00:00:00Z'),
        activeReviewers: active,
      }),
    ).toEqual([{ allocationId: 'a1', submissionId: 's1', reviewerId: 'r1', reason: 'not-started' }]);
  });

  it('counts the stall time from the window’s opening for reviews given out before it', () => {
    const rows = [allocation({ id: 'a1', assignedAt: at('2026-02-20T00:00:00Z') })];
    const options = { stallHours: 48, windowOpensAt: OPENS, activeReviewers: active };
    expect(stalledAllocations(rows, { ...options, now: at('2026-03-02T00:00:00Z') })).toEqual([]);
    expect(stalledAllocations(rows, { ...options, now: at('2026-03-03T00:00:00Z') })).toHaveLength(1);
  });

  it('leaves started and submitted reviews of active reviewers alone, however old', () => {
    const rows = [allocation({ id: 'a1', status: 'started' }), allocation({ id: 'a2', status: 'submitted' })];
    expect(
      stalledAllocations(rows, {
        stallHours: 1,
        windowOpensAt: OPENS,
        now: at('2026-04-01T00:00:00Z'),
        activeReviewers: active,
      }),
    ).toEqual([]);
  });

  it('takes back everything but submitted reviews from a reviewer who left the cohort, at once', () => {
    const rows = [
      allocation({ id: 'a1', reviewerId: 'gone', status: 'assigned' }),
      allocation({ id: 'a2', reviewerId: 'gone', status: 'started', submissionId: 's2' }),
      allocation({ id: 'a3', reviewerId: 'gone', status: 'submitted', submissionId: 's3' }),
    ];
    const stalled = stalledAllocations(rows, {
      stallHours: 48,
      windowOpensAt: OPENS,
      now: at('2026-03-01T01:00:00Z'),
      activeReviewers: active,
    });
    expect(stalled.map((row) => [row.allocationId, row.reason])).toEqual([
      ['a1', 'dropped-out'],
      ['a2', 'dropped-out'],
    ]);
  });

  it('never touches rows already replaced or cancelled', () => {
    const rows = [
      allocation({ id: 'a1', status: 'replaced', endReason: 'not-started' }),
      allocation({ id: 'a2', status: 'cancelled', endReason: 'trainer', reviewerId: 'gone' }),
    ];
    expect(
      stalledAllocations(rows, {
        stallHours: 1,
        windowOpensAt: OPENS,
        now: at('2026-05-01T00:00:00Z'),
        activeReviewers: active,
      }),
    ).toEqual([]);
  });
});

describe('reviewersWithoutNewWork', () => {
  it('holds back a reviewer who let work stall until they start a review', () => {
    const stalled = allocation({ id: 'a1', status: 'replaced', endReason: 'not-started' });
    expect([...reviewersWithoutNewWork([stalled])]).toEqual(['r1']);
    expect([...reviewersWithoutNewWork([stalled, allocation({ id: 'a2', status: 'started' })])]).toEqual([]);
  });

  it('does not hold back a reviewer whose allocation a trainer cancelled', () => {
    expect([...reviewersWithoutNewWork([allocation({ id: 'a1', status: 'cancelled', endReason: 'trainer' })])]).toEqual(
      [],
    );
  });
});

describe('barredPairs', () => {
  it('bars the pairs of replaced and cancelled allocations only', () => {
    expect(
      barredPairs([
        allocation({ id: 'a1', status: 'replaced', submissionId: 's1', reviewerId: 'r1' }),
        allocation({ id: 'a2', status: 'cancelled', submissionId: 's2', reviewerId: 'r2' }),
        allocation({ id: 'a3', status: 'assigned', submissionId: 's3', reviewerId: 'r3' }),
      ]),
    ).toEqual([
      { submissionId: 's1', reviewerId: 'r1' },
      { submissionId: 's2', reviewerId: 'r2' },
    ]);
  });
});

describe('peerScoreStatus', () => {
  const base = {
    reviewsPerSubmission: 3,
    firstAssignedAt: at('2026-03-01T00:00:00Z'),
    windowClosesAt: at('2026-03-15T00:00:00Z'),
    scoreShortAfterHours: 96,
    hasTrainerScore: false,
  };

  it('is complete at k reviews', () => {
    expect(peerScoreStatus({ ...base, submittedReviews: 3, now: at('2026-03-01T05:00:00Z') })).toEqual({
      state: 'complete',
      scoreFrom: null,
    });
  });

  it('waits while short of k within the plan’s time, saying when it will be scored anyway', () => {
    expect(peerScoreStatus({ ...base, submittedReviews: 2, now: at('2026-03-04T23:00:00Z') })).toEqual({
      state: 'waiting',
      scoreFrom: at('2026-03-05T00:00:00Z'),
    });
  });

  it('scores a plan short of k on what it has once its time is up', () => {
    expect(peerScoreStatus({ ...base, submittedReviews: 1, now: at('2026-03-05T00:00:00Z') }).state).toBe(
      'scored-short',
    );
  });

  it('hands a plan nobody reviewed to the trainer once its time is up', () => {
    expect(peerScoreStatus({ ...base, submittedReviews: 0, now: at('2026-03-06T00:00:00Z') }).state).toBe(
      'needs-trainer',
    );
  });

  it('scores at the window’s close when that comes before the plan’s own time (a late plan)', () => {
    const late = { ...base, firstAssignedAt: at('2026-03-14T00:00:00Z') };
    expect(peerScoreStatus({ ...late, submittedReviews: 1, now: at('2026-03-14T12:00:00Z') })).toEqual({
      state: 'waiting',
      scoreFrom: at('2026-03-15T00:00:00Z'),
    });
    expect(peerScoreStatus({ ...late, submittedReviews: 1, now: at('2026-03-15T00:00:00Z') }).state).toBe(
      'scored-short',
    );
  });

  it('waits for the window’s close when the plan was never given to a reviewer', () => {
    const never = { ...base, firstAssignedAt: null };
    expect(peerScoreStatus({ ...never, submittedReviews: 0, now: at('2026-03-10T00:00:00Z') })).toEqual({
      state: 'waiting',
      scoreFrom: at('2026-03-15T00:00:00Z'),
    });
    expect(peerScoreStatus({ ...never, submittedReviews: 0, now: at('2026-03-16T00:00:00Z') }).state).toBe(
      'needs-trainer',
    );
  });

  it('lets a trainer’s score stand whatever the reviews', () => {
    expect(
      peerScoreStatus({ ...base, hasTrainerScore: true, submittedReviews: 0, now: at('2026-03-01T00:00:00Z') }).state,
    ).toBe('trainer');
  });
});

describe('nextStallCheckAt', () => {
  it('is the earliest of an unstarted allocation’s stall time, a waiting plan’s scoring time and the close', () => {
    const next = nextStallCheckAt({
      allocations: [
        allocation({ id: 'a1', assignedAt: at('2026-03-01T10:00:00Z') }),
        allocation({ id: 'a2', assignedAt: at('2026-03-01T08:00:00Z'), status: 'started' }),
      ],
      waitingScoreFrom: [at('2026-03-04T00:00:00Z')],
      stallHours: 48,
      windowOpensAt: OPENS,
      windowClosesAt: at('2026-03-15T00:00:00Z'),
      now: at('2026-03-01T12:00:00Z'),
    });
    expect(next).toEqual(at('2026-03-03T10:00:00Z'));
  });

  it('is the window’s opening plus stallHours for reviews given out before the window opened', () => {
    const next = nextStallCheckAt({
      allocations: [allocation({ id: 'a1', assignedAt: at('2026-02-20T00:00:00Z') })],
      waitingScoreFrom: [],
      stallHours: 48,
      windowOpensAt: OPENS,
      windowClosesAt: at('2026-03-15T00:00:00Z'),
      now: at('2026-03-01T06:00:00Z'),
    });
    expect(next).toEqual(at('2026-03-03T00:00:00Z'));
  });

  it('skips instants already past, and is null when nothing is ahead', () => {
    expect(
      nextStallCheckAt({
        allocations: [allocation({ id: 'a1', assignedAt: at('2026-03-01T00:00:00Z') })],
        waitingScoreFrom: [],
        stallHours: 1,
        windowOpensAt: OPENS,
        windowClosesAt: at('2026-03-15T00:00:00Z'),
        now: at('2026-03-02T00:00:00Z'),
      }),
    ).toEqual(at('2026-03-15T00:00:00Z'));
    expect(
      nextStallCheckAt({
        allocations: [],
        waitingScoreFrom: [],
        stallHours: 1,
        windowOpensAt: OPENS,
        windowClosesAt: at('2026-03-15T00:00:00Z'),
        now: at('2026-03-16T00:00:00Z'),
      }),
    ).toBeNull();
  });
});
