// Times allocateReviews (src/modules/peer-review/domain/allocation.ts) on 10,000 participants who all submitted and all
// review, in 5 organizations kept apart, k = 3; then 200 late submissions allocated on top of the first result.
// Then the same 10,000 under other spreads of organizations (5 or 50, even or one large, submissions grouped by
// organization as when a whole office submits together): the cases where one heap of reviewers made the pick O(n).
// Checks every constraint on every result and exits 1 on a breach or a miss of the goal.
// Usage (scripts/bench-allocation.sh builds first): node scripts/bench-allocation.mjs [runs]
// BENCH_DIST points at another compiled tree than dist/.
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const runs = Number(process.argv[2] ?? 5);
const dist = pathToFileURL(path.resolve(process.env.BENCH_DIST ?? 'dist') + '/').href;
const { allocateReviews } = await import(new URL('src/modules/peer-review/domain/allocation.js', dist).href);

const GOAL_MS = 1000;
const PARTICIPANTS = 10_000;
const LATE = 200;
const K = 3;
const ORGANIZATIONS = ['org-1', 'org-2', 'org-3', 'org-4', 'org-5'];

const people = Array.from({ length: PARTICIPANTS + LATE }, (_, i) => ({
  id: `participant-${String(i).padStart(5, '0')}`,
  organization: ORGANIZATIONS[(i * 7919) % ORGANIZATIONS.length],
}));
const submissionOf = (p) => ({ submissionId: `submission-${p.id}`, authorId: p.id, organization: p.organization });
const onTime = people.slice(0, PARTICIPANTS);
const input = {
  seed: 'bench-cohort:round-1',
  reviewsPerSubmission: K,
  submissions: onTime.map(submissionOf),
  reviewers: onTime.map((p) => ({ reviewerId: p.id, organization: p.organization, active: true })),
  existing: [],
  separateOrganizations: true,
};

let failures = 0;
function check(label, ok) {
  if (!ok) {
    failures++;
    console.log(`  FAILED: ${label}`);
  }
}

function time(fn) {
  const start = performance.now();
  const result = fn();
  return { result, ms: performance.now() - start };
}

function summary(times) {
  const sorted = [...times].sort((a, b) => a - b);
  const f = (ms) => `${ms.toFixed(1)} ms`;
  return `min ${f(sorted[0])}, median ${f(sorted[Math.floor(sorted.length / 2)])}, max ${f(sorted.at(-1))}`;
}

/** Coverage, self-review, duplicates, organizations and active reviewers; returns the loads of the reviewers. */
function verify(label, input, result, { covered: mustCover = true } = {}) {
  const authors = new Map(input.submissions.map((s) => [s.submissionId, s]));
  const reviewers = new Map(input.reviewers.map((r) => [r.reviewerId, r]));
  const onSubmission = new Map(input.submissions.map((s) => [s.submissionId, new Set()]));
  const loads = new Map(input.reviewers.map((r) => [r.reviewerId, 0]));
  for (const pair of input.existing) {
    onSubmission.get(pair.submissionId).add(pair.reviewerId);
    loads.set(pair.reviewerId, loads.get(pair.reviewerId) + 1);
  }
  let self = 0;
  let duplicates = 0;
  let sameOrganization = 0;
  let inactive = 0;
  for (const pair of result.assignments) {
    const submission = authors.get(pair.submissionId);
    const reviewer = reviewers.get(pair.reviewerId);
    const set = onSubmission.get(pair.submissionId);
    if (pair.reviewerId === submission.authorId) self++;
    if (set.has(pair.reviewerId)) duplicates++;
    if (reviewer.organization === submission.organization) sameOrganization++;
    if (!reviewer.active) inactive++;
    set.add(pair.reviewerId);
    loads.set(pair.reviewerId, loads.get(pair.reviewerId) + 1);
  }
  const covered = [...onSubmission.values()].filter((set) => set.size === K).length;
  if (mustCover) {
    check(`${label}: every submission has exactly ${K} reviewers`, covered === input.submissions.length);
    check(`${label}: shortfall is empty`, result.shortfall.length === 0);
  }
  const short = result.shortfall.reduce((sum, entry) => sum + entry.missing, 0);
  check(`${label}: shortfall adds up`, covered + result.shortfall.length === input.submissions.length);
  check(
    `${label}: shortfall matches the reviews missing`,
    input.existing.length + result.assignments.length + short === input.submissions.length * K,
  );
  check(`${label}: no self-review (${self})`, self === 0);
  check(`${label}: no duplicate reviewer (${duplicates})`, duplicates === 0);
  check(`${label}: no reviewer from the author's organization (${sameOrganization})`, sameOrganization === 0);
  check(`${label}: no work for inactive reviewers (${inactive})`, inactive === 0);
  const values = [...loads.values()];
  const min = Math.min(...values);
  const max = Math.max(...values);
  console.log(
    `  ${label}: ${result.assignments.length} new allocations, ${covered}/${input.submissions.length} submissions with ` +
      `${K} reviewers, reviews per reviewer min ${min} max ${max}`,
  );
  return { min, max };
}

console.log(
  `${PARTICIPANTS} submissions × ${K} reviews, ${ORGANIZATIONS.length} organizations kept apart, ${runs} runs:`,
);
allocateReviews(input); // warm-up
const times = [];
let first;
for (let run = 0; run < runs; run++) {
  const { result, ms } = time(() => allocateReviews(input));
  times.push(ms);
  first = result;
}
console.log(`  time: ${summary(times)} (goal < ${GOAL_MS} ms)`);
const spread = verify('full run', input, first);
check(`loads within ±1 (${spread.min}–${spread.max})`, spread.max - spread.min <= 1);
check(`median under ${GOAL_MS} ms`, [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)] < GOAL_MS);

console.log(`${LATE} late submissions on top of that result (${first.assignments.length} existing allocations):`);
const late = {
  ...input,
  submissions: people.map(submissionOf),
  reviewers: people.map((p) => ({ reviewerId: p.id, organization: p.organization, active: true })),
  existing: first.assignments,
};
const before = JSON.stringify(first.assignments);
allocateReviews(late); // warm-up
const lateTimes = [];
let second;
for (let run = 0; run < runs; run++) {
  const { result, ms } = time(() => allocateReviews(late));
  lateTimes.push(ms);
  second = result;
}
console.log(`  time: ${summary(lateTimes)}`);
verify('late run', late, second);
const lateIds = new Set(people.slice(PARTICIPANTS).map((p) => `submission-${p.id}`));
check('existing allocations untouched', JSON.stringify(late.existing) === before);
check(
  'only the late submissions get new reviewers',
  second.assignments.every((a) => lateIds.has(a.submissionId)),
);
check(`every late submission gets ${K}`, second.assignments.length === LATE * K);

const organizationCases = [
  ['5 organizations, even, submitted grouped by organization', (i) => `org-${Math.floor(i / 2000)}`],
  ['50 organizations, even, spread', (i) => `org-${(i * 7919) % 50}`],
  ['50 organizations, even, submitted grouped by organization', (i) => `org-${Math.floor(i / 200)}`],
  ['5 organizations, one of 70%, submitted grouped by organization', (i) => (i < 7000 ? 'large' : `org-${i % 4}`)],
  ['2 organizations, 80/20, spread', (i) => ((i * 7919) % 10 < 8 ? 'large' : 'small')],
  ['50 organizations, one of 51%, spread', (i) => ((i * 7919) % 100 < 51 ? 'large' : `org-${(i * 7919) % 49}`)],
  ['every participant their own organization', (i) => `org-${i}`],
];
for (const [label, organizationOf] of organizationCases) {
  console.log(`${PARTICIPANTS} submissions × ${K} reviews, ${label}, ${runs} runs:`);
  const group = onTime.map((p, i) => ({ ...p, organization: organizationOf(i) }));
  const caseInput = {
    ...input,
    submissions: group.map(submissionOf),
    reviewers: group.map((p) => ({ reviewerId: p.id, organization: p.organization, active: true })),
  };
  allocateReviews(caseInput); // warm-up
  const caseTimes = [];
  let result;
  for (let run = 0; run < runs; run++) {
    const timed = time(() => allocateReviews(caseInput));
    caseTimes.push(timed.ms);
    result = timed.result;
  }
  console.log(`  time: ${summary(caseTimes)}`);
  // Reviewers have no capacity limit: every plan can be covered while k people sit outside each organization.
  const sizes = new Map();
  for (const p of group) sizes.set(p.organization, (sizes.get(p.organization) ?? 0) + 1);
  verify('result', caseInput, result, { covered: PARTICIPANTS - Math.max(...sizes.values()) >= K });
  check(`${label}: median under ${GOAL_MS} ms`, [...caseTimes].sort((a, b) => a - b)[Math.floor(runs / 2)] < GOAL_MS);
}

console.log(failures === 0 ? 'All constraints hold.' : `${failures} check(s) failed.`);
process.exitCode = failures === 0 ? 0 : 1;
