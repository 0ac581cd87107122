// Peer review allocation: a pure, seeded function (no Nest, no I/O).
//
// What it guarantees (allocation.spec.ts checks each point on random inputs):
// - Coverage: a submission ends with min(k, what its existing reviewers plus its eligible reviewers allow) reviewers;
//   exactly k whenever enough eligible reviewers exist. A submission that already has k or more gets nothing new.
//   Eligible = active, not the author, not already on it, not barred from it and, with separateOrganizations, not from the author's
//   organization (a null organization matches nothing). The organization rule is never relaxed: a submission that
//   cannot be covered without breaking it is reported in `shortfall`, for the trainer to decide.
// - No self-review, no reviewer twice on a submission, new work only for active reviewers, `existing` untouched.
// - Balance, general form: no new allocation can be moved to a less loaded reviewer to any gain. For every new
//   allocation (s, u) and every active reviewer v who could take s instead, load(u) <= load(v) + 1, loads counting
//   existing and new work. New work therefore goes to the least loaded first when the existing allocations are
//   unbalanced, and nobody is handed work while an eligible reviewer sits two or more reviews lower.
// - Balance, strict form: with no existing allocations and no organization rule, the loads of all active reviewers
//   differ by at most 1. It follows from the general form: if load(u) >= load(v) + 2, u holds more submissions than v
//   has reviews plus one, and v is barred from at most load(v) of them (those v reviews) plus one (v's own), so one of
//   them could move to v.
// - Order: `submissions` are served in the order given (the caller puts the longest waiting first). Reviewers have no
//   capacity limit, so whether a submission can be covered never depends on the others; the order decides who gets
//   first pick of the least loaded reviewers, and the order of `shortfall`.
// - Determinism: ties between equally loaded reviewers are broken by a hash of seed and reviewer id, so the same seed
//   and input give the same result, and another seed spreads the work differently.
//
// Cost: a greedy pass over the submissions with min-heaps of reviewer loads, O(n·k·log r) plus the reviewers skipped
// at each pick (the author, those already on the submission, barred ones), then repair passes that move a new
// allocation to a reviewer two or more reviews lower until none can move; a pass over a balanced result costs O(n·k).
// Each move lowers the sum of squared loads, so the repair ends. With separateOrganizations there is one heap per
// organization under a heap of their tops, and the author's organization is taken out of it while their submission
// is served: its reviewers are never popped and skipped one by one, which made the pick O(n) (the whole run O(n²),
// minutes at 10,000) when a large organization's reviewers sat at the top of a single heap. The merged order of the
// heaps is the single heap's (load, then seeded rank), so the result is the same as with one heap.

export interface AllocationInput {
  /** Same seed and input → same result (e.g. the cohort id + round). */
  seed: string;
  /** k: reviews each submission needs. */
  reviewsPerSubmission: number;
  /** Submissions to be reviewed (one per author: their latest submitted version). */
  submissions: { submissionId: string; authorId: string; organization: string | null }[];
  /** People who may review (normally participants who submitted); inactive ones (dropped out) get nothing new. */
  reviewers: { reviewerId: string; organization: string | null; active: boolean }[];
  /** Allocations that stay exactly as they are (assigned, started or submitted); never moved or removed. */
  existing: { submissionId: string; reviewerId: string }[];
  /** When true, never give a reviewer a submission from their own organization (if possible; else report). */
  separateOrganizations: boolean;
  /** Pairs never to make (a plan taken back from a reviewer is not handed back to them); they count for nothing. */
  barred?: { submissionId: string; reviewerId: string }[];
}

export interface AllocationResult {
  /** New allocations only. */
  assignments: { submissionId: string; reviewerId: string }[];
  /** Submissions still short of k after this run, and by how many. */
  shortfall: { submissionId: string; missing: number }[];
}

export function allocateReviews(input: AllocationInput): AllocationResult {
  const k = input.reviewsPerSubmission;
  if (!Number.isInteger(k) || k < 0) throw new RangeError(`reviewsPerSubmission must be a whole number ≥ 0, got ${k}`);

  // Active reviewers, once each, ranked by the seeded hash: the rank is the tie-break between equal loads.
  const seen = new Set<string>();
  const active: { reviewerId: string; organization: string | null; hash: number }[] = [];
  for (const reviewer of input.reviewers) {
    if (seen.has(reviewer.reviewerId)) continue;
    seen.add(reviewer.reviewerId);
    if (reviewer.active) {
      active.push({ ...reviewer, hash: hashOf(`${input.seed}\u0000${reviewer.reviewerId}`) });
    }
  }
  active.sort((a, b) => a.hash - b.hash || (a.reviewerId < b.reviewerId ? -1 : a.reviewerId > b.reviewerId ? 1 : 0));
  const count = active.length;
  const indexOf = new Map<string, number>();
  active.forEach((reviewer, index) => indexOf.set(reviewer.reviewerId, index));

  // Loads count every existing allocation of a reviewer, on any submission: it is the work they really have.
  const load = new Int32Array(count);
  const onSubmission = new Map<string, Set<string>>();
  for (const { submissionId, reviewerId } of input.existing) {
    let reviewers = onSubmission.get(submissionId);
    if (!reviewers) onSubmission.set(submissionId, (reviewers = new Set()));
    if (reviewers.has(reviewerId)) continue;
    reviewers.add(reviewerId);
    const index = indexOf.get(reviewerId);
    if (index !== undefined) load[index]++;
  }

  const barredFrom = new Map<string, Set<string>>();
  for (const { submissionId, reviewerId } of input.barred ?? []) {
    let reviewers = barredFrom.get(submissionId);
    if (!reviewers) barredFrom.set(submissionId, (reviewers = new Set()));
    reviewers.add(reviewerId);
  }

  // Reviewers grouped by organization when organizations are kept apart (one group otherwise). Null organizations
  // share a group that no submission excludes, since a null organization matches nothing.
  const groupOf = new Int32Array(count);
  const groupByOrganization = new Map<string, number>();
  let groups = 1; // group 0: no organization, or no separation
  if (input.separateOrganizations) {
    for (let index = 0; index < count; index++) {
      const organization = active[index].organization;
      if (organization === null) continue;
      let group = groupByOrganization.get(organization);
      if (group === undefined) groupByOrganization.set(organization, (group = groups++));
      groupOf[index] = group;
    }
  }
  const heap = new ReviewerQueue(load, groupOf, groups);
  for (let index = 0; index < count; index++) heap.push(index);
  /** The group a submission's reviewers may not come from, or -1. */
  const excludedGroupOf = (position: number): number => {
    const organization = input.submissions[position].organization;
    if (!input.separateOrganizations || organization === null) return -1;
    return groupByOrganization.get(organization) ?? -1;
  };

  // New allocations as parallel arrays: submission position and reviewer index, so the repair can move them.
  const newSubmission: number[] = [];
  const newReviewer: number[] = [];
  const submissions = input.submissions;
  const members: Set<string>[] = [];
  const barredOf: (Set<string> | undefined)[] = [];
  const shortfall: AllocationResult['shortfall'] = [];
  const popped: number[] = [];

  const eligible = (position: number, index: number): boolean => {
    const submission = submissions[position];
    const reviewer = active[index];
    if (reviewer.reviewerId === submission.authorId || members[position].has(reviewer.reviewerId)) return false;
    if (barredOf[position]?.has(reviewer.reviewerId)) return false;
    return !(
      input.separateOrganizations &&
      submission.organization !== null &&
      reviewer.organization === submission.organization
    );
  };

  for (let position = 0; position < submissions.length; position++) {
    const { submissionId } = submissions[position];
    let reviewers = onSubmission.get(submissionId);
    if (!reviewers) onSubmission.set(submissionId, (reviewers = new Set()));
    members[position] = reviewers;
    barredOf[position] = barredFrom.get(submissionId);
    let missing = k - reviewers.size;
    // Least loaded first; the ones passed over go back into the heap once the submission is served.
    const excluded = missing > 0 ? excludedGroupOf(position) : -1;
    heap.exclude(excluded);
    while (missing > 0 && heap.size > 0) {
      const index = heap.pop();
      popped.push(index);
      if (!eligible(position, index)) continue;
      reviewers.add(active[index].reviewerId);
      load[index]++;
      newSubmission.push(position);
      newReviewer.push(index);
      missing--;
    }
    for (const index of popped) heap.push(index);
    popped.length = 0;
    heap.include(excluded);
    if (missing > 0) shortfall.push({ submissionId, missing });
  }

  // Repair: the greedy can leave a reviewer two above another one who could take their work (typically the last
  // author served, who cannot review their own submission). Move such allocations until none is left.
  for (let moved = true; moved;) {
    moved = false;
    for (let allocation = 0; allocation < newSubmission.length; allocation++) {
      const from = newReviewer[allocation];
      if (heap.size === 0 || load[heap.peek()] > load[from] - 2) continue;
      const position = newSubmission[allocation];
      const excluded = excludedGroupOf(position);
      heap.exclude(excluded);
      let to = -1;
      while (heap.size > 0 && load[heap.peek()] <= load[from] - 2) {
        const index = heap.pop();
        popped.push(index);
        if (eligible(position, index)) {
          to = index;
          break;
        }
      }
      if (to >= 0) {
        members[position].delete(active[from].reviewerId);
        members[position].add(active[to].reviewerId);
        // `from` is still in the heap (only reviewers two lower were popped); `to` goes back in below.
        load[from]--;
        heap.update(from);
        load[to]++;
        newReviewer[allocation] = to;
        moved = true;
      }
      for (const index of popped) heap.push(index);
      popped.length = 0;
      heap.include(excluded);
    }
  }

  return {
    assignments: newSubmission.map((position, allocation) => ({
      submissionId: submissions[position].submissionId,
      reviewerId: active[newReviewer[allocation]].reviewerId,
    })),
    shortfall,
  };
}

/** FNV-1a, 32 bits: spreads the seeded tie-break; not for security. */
function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * Reviewers by (load, index), the index being the seeded rank that breaks ties: one indexed heap per group and a heap
 * of the groups by their top reviewer. `exclude(group)` takes a whole group out of view (the author's organization)
 * in O(log groups) instead of popping its reviewers one by one; `include(group)` brings it back.
 */
class ReviewerQueue {
  private readonly members: IndexedHeap[];
  private readonly tops: IndexedHeap;
  private excluded = -1;
  /** Reviewers in the groups in view. */
  size = 0;

  constructor(
    private readonly load: Int32Array,
    private readonly groupOf: Int32Array,
    groups: number,
  ) {
    const less = (a: number, b: number) => load[a] < load[b] || (load[a] === load[b] && a < b);
    const sizes = new Int32Array(groups);
    for (const group of groupOf) sizes[group]++;
    // Reviewer indexes run over the whole cohort, so a group's heap finds its members' slots in a shared table.
    const slots = new Int32Array(load.length).fill(-1);
    this.members = Array.from(sizes, (size) => new IndexedHeap(size, less, slots));
    this.tops = new IndexedHeap(groups, (a, b) => less(this.members[a].peek(), this.members[b].peek()));
  }

  peek(): number {
    return this.members[this.tops.peek()].peek();
  }

  pop(): number {
    const group = this.tops.peek();
    const index = this.members[group].pop();
    this.size--;
    this.settle(group);
    return index;
  }

  push(index: number): void {
    const group = this.groupOf[index];
    this.members[group].push(index);
    if (group !== this.excluded) this.size++;
    this.settle(group);
  }

  /** After the load of a reviewer in the queue changed. */
  update(index: number): void {
    const group = this.groupOf[index];
    this.members[group].update(index);
    this.settle(group);
  }

  /** Hides one group (-1: none) until `include`; one at a time. */
  exclude(group: number): void {
    if (group < 0) return;
    this.excluded = group;
    this.size -= this.members[group].size;
    this.settle(group);
  }

  include(group: number): void {
    if (group < 0) return;
    this.excluded = -1;
    this.size += this.members[group].size;
    this.settle(group);
  }

  /** Puts a group where its top reviewer belongs among the groups, or out when it is empty or excluded. */
  private settle(group: number): void {
    const visible = group !== this.excluded && this.members[group].size > 0;
    if (!visible) this.tops.remove(group);
    else if (this.tops.has(group)) this.tops.update(group);
    else this.tops.push(group);
  }
}

/** Indexed min-heap of small whole numbers (reviewer or group indexes) under a given order. */
class IndexedHeap {
  private readonly items: Int32Array;
  private readonly slot: Int32Array;
  size = 0;

  /** `slot` may be shared by heaps that hold disjoint sets of indexes. */
  constructor(
    capacity: number,
    private readonly less: (a: number, b: number) => boolean,
    slot = new Int32Array(capacity).fill(-1),
  ) {
    this.items = new Int32Array(capacity);
    this.slot = slot;
  }

  peek(): number {
    return this.items[0];
  }

  has(index: number): boolean {
    return this.slot[index] >= 0;
  }

  push(index: number): void {
    this.place(this.size++, index);
    this.up(this.size - 1);
  }

  pop(): number {
    const top = this.items[0];
    this.remove(top);
    return top;
  }

  remove(index: number): void {
    const at = this.slot[index];
    if (at < 0) return;
    this.slot[index] = -1;
    const last = this.items[--this.size];
    if (at < this.size) {
      this.place(at, last);
      this.up(at);
      this.down(this.slot[last]);
    }
  }

  update(index: number): void {
    this.up(this.slot[index]);
    this.down(this.slot[index]);
  }

  private place(at: number, index: number): void {
    this.items[at] = index;
    this.slot[index] = at;
  }

  private up(at: number): void {
    const index = this.items[at];
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!this.less(index, this.items[parent])) break;
      this.place(at, this.items[parent]);
      at = parent;
    }
    this.place(at, index);
  }

  private down(at: number): void {
    const index = this.items[at];
    for (;;) {
      let child = 2 * at + 1;
      if (child >= this.size) break;
      if (child + 1 < this.size && this.less(this.items[child + 1], this.items[child])) child++;
      if (!this.less(this.items[child], index)) break;
      this.place(at, this.items[child]);
      at = child;
    }
    this.place(at, index);
  }
}
