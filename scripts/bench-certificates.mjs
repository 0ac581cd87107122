// npm run bench:certificates (via scripts/bench-certificates.sh): see there. Usage:
//   node scripts/bench-certificates.mjs <workerPid> [--memory]
// The participants are written with SQL (eligible: modules completed, quizzes passed, capstone released at 85 %,
// three peer reviews submitted), then one `certificates.issue` job each is queued at once, as a release-all of a
// big cohort would. Timing runs from the queueing (eligible) to the PDF recorded (downloadable).
import { readdirSync, readFileSync } from 'node:fs';
import { Queue } from 'bullmq';
import pg from 'pg';
import { PdfRenderer } from '../dist/src/infra/pdf/pdf-renderer.js';
import { redisConnectionOptions } from '../dist/src/infra/queue/redis-connection.js';
import { certificatePage } from '../dist/src/modules/certificates/domain/certificate-document.js';
import { CertificatePdfTemplate } from '../dist/src/modules/certificates/pdf/certificate-pdf.template.js';

const [workerPid, ...flags] = process.argv.slice(2);
const MEMORY_RUN = flags.includes('--memory');
const COUNT = Number(process.env.BENCH_CERTIFICATES ?? (MEMORY_RUN ? 1000 : 300));
const NAIVE = Number(process.env.BENCH_NAIVE ?? 20);
// Each participant reviews the next three: fewer than four would review themselves.
if (!(COUNT >= 4)) throw new Error(`BENCH_CERTIFICATES must be 4 or more (got ${process.env.BENCH_CERTIFICATES})`);

const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
await db.connect();
const one = async (text, values = []) => (await db.query(text, values)).rows[0];

// ---- Set-up: COUNT eligible participants of the Kathmandu demo cohort --------------------------------------------
const cohort = await one(
  `SELECT c.id, c.institute_id FROM cohorts c JOIN institutes i ON i.id = c.institute_id WHERE i.slug = 'np-cept'`,
);
const trainer = await one(`SELECT id FROM users WHERE email = 'trainer@np.demo.cascade.test'`);
await db.query('BEGIN');
const users = (
  await db.query(
    `INSERT INTO users (email, full_name)
     SELECT 'bench-' || n || '@bench.test', 'Bench Participant ' || n FROM generate_series(1, $1) n RETURNING id`,
    [COUNT],
  )
).rows.map((row) => row.id);
await db.query(
  `INSERT INTO enrolments (institute_id, cohort_id, user_id, status) SELECT $1, $2, u, 'enrolled' FROM unnest($3::uuid[]) u`,
  [cohort.institute_id, cohort.id, users],
);
await db.query(
  `INSERT INTO module_progress (enrolment_id, module_key, institute_id, completed_at)
   SELECT e.id, m.module_key, e.institute_id, now() FROM enrolments e JOIN cohorts c ON c.id = e.cohort_id
   JOIN course_modules m ON m.course_version_id = c.course_version_id WHERE e.user_id = ANY($1::uuid[])`,
  [users],
);
await db.query(
  `INSERT INTO quiz_grade_overrides (institute_id, cohort_id, module_key, user_id, percent, reason, created_by)
   SELECT c.institute_id, c.id, m.module_key, u, 100, 'bench', $3 FROM cohorts c
   JOIN course_modules m ON m.course_version_id = c.course_version_id, unnest($2::uuid[]) u WHERE c.id = $1`,
  [cohort.id, users, trainer.id],
);
const submissions = (
  await db.query(
    `INSERT INTO capstone_submissions (institute_id, cohort_id, user_id, version, draft_revision, course_version_id,
       content, submitted_at, due_at, late)
     SELECT c.institute_id, c.id, u, 1, 1, c.course_version_id, '{"sections":{}}', now(), now() + interval '1 day', false
     FROM cohorts c, unnest($2::uuid[]) WITH ORDINALITY AS t(u, n) WHERE c.id = $1 ORDER BY n RETURNING id, user_id`,
    [cohort.id, users],
  )
).rows;
await db.query(
  `INSERT INTO capstone_grades (submission_id, institute_id, cohort_id, user_id, status, criteria, percent, graded_by,
     released_at, released_by)
   SELECT s.id, s.institute_id, s.cohort_id, s.user_id, 'final', '[]', 85, $2, now(), $2
   FROM capstone_submissions s WHERE s.id = ANY($1::uuid[])`,
  [submissions.map((row) => row.id), trainer.id],
);
// Participant i reviews the plans of participants i+1, i+2 and i+3.
const allocations = [];
for (let index = 0; index < submissions.length; index++)
  for (let step = 1; step <= 3; step++) {
    const target = submissions[(index + step) % submissions.length];
    allocations.push([target.id, target.user_id, submissions[index].user_id]);
  }
await db.query(
  `WITH a AS (
     INSERT INTO peer_review_allocations (institute_id, cohort_id, submission_id, author_id, reviewer_id, status, round)
     SELECT $1, $2, s, au, r, 'submitted', 1 FROM unnest($3::uuid[], $4::uuid[], $5::uuid[]) AS t(s, au, r)
     RETURNING id)
   INSERT INTO peer_reviews (allocation_id, institute_id, criteria, submitted_at) SELECT id, $1, '[]', now() FROM a`,
  [
    cohort.institute_id,
    cohort.id,
    allocations.map((row) => row[0]),
    allocations.map((row) => row[1]),
    allocations.map((row) => row[2]),
  ],
);
await db.query('COMMIT');

// ---- Memory of the worker and its Chromium (every process under it) ----------------------------------------------
function treeMemoryMb(rootPid) {
  const parents = new Map();
  for (const name of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parents.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const tree = new Set([Number(rootPid)]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, parent] of parents)
      if (tree.has(parent) && !tree.has(pid)) {
        tree.add(pid);
        grew = true;
      }
  }
  let node = 0;
  let total = 0;
  for (const pid of tree) {
    try {
      // PSS: shared pages split between the processes sharing them (RSS would count Chromium's several times).
      const kb = Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
      total += kb;
      if (pid === Number(rootPid)) node = kb;
    } catch {
      // gone meanwhile
    }
  }
  return { node: node / 1024, total: total / 1024 };
}
const samples = [];
const sampler = setInterval(() => samples.push({ at: Date.now(), ...treeMemoryMb(workerPid) }), 500);

// ---- The run: every issue job queued at once ----------------------------------------------------------------------
const queue = new Queue('certificate-pdfs', {
  connection: redisConnectionOptions(process.env.REDIS_URL),
  prefix: process.env.REDIS_PREFIX,
});
const started = Date.now();
const eligibleAt = new Date(started).toISOString();
await queue.addBulk(
  users.map((userId) => ({
    name: 'certificates.issue',
    data: { instituteId: cohort.institute_id, cohortId: cohort.id, userId, eligibleAt },
    opts: {
      jobId: `certificate-issue:${cohort.id}:${userId}`,
      attempts: 3,
      backoff: { type: 'exponential', delay: 2000 },
    },
  })),
);
let done = 0;
let lastReport = 0;
while (done < COUNT) {
  await new Promise((resolve) => setTimeout(resolve, 250));
  done = Number(
    (
      await one(
        `SELECT count(*)::int AS n FROM certificate_files f JOIN certificates c ON c.id = f.certificate_id
         WHERE c.user_id = ANY($1::uuid[])`,
        [users],
      )
    ).n,
  );
  if (Date.now() - lastReport > 5_000) {
    lastReport = Date.now();
    const memory = samples.at(-1) ?? { node: 0, total: 0 };
    process.stdout.write(
      `  ${done}/${COUNT} after ${((Date.now() - started) / 1000).toFixed(1)} s; worker ${memory.node.toFixed(0)} MB, with Chromium ${memory.total.toFixed(0)} MB (PSS)\n`,
    );
  }
  if (Date.now() - started > 15 * 60_000) throw new Error(`only ${done} of ${COUNT} certificates after 15 minutes`);
}
clearInterval(sampler);
const timings = (
  await db.query(
    `SELECT extract(epoch FROM f.created_at - c.eligible_at) * 1000 AS ms, f.created_at
     FROM certificate_files f JOIN certificates c ON c.id = f.certificate_id WHERE c.user_id = ANY($1::uuid[])`,
    [users],
  )
).rows.map((row) => ({ ms: Number(row.ms), at: row.created_at.getTime() }));
const lastAt = Math.max(...timings.map((row) => row.at));
const seconds = (lastAt - started) / 1000;
const latencies = timings.map((row) => row.ms).sort((a, b) => a - b);
const percentile = (p) => latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)];
const duplicates = await one(
  `SELECT count(*)::int - count(DISTINCT user_id)::int AS n FROM certificates WHERE user_id = ANY($1::uuid[])`,
  [users],
);
const peak = samples.reduce((max, sample) => (sample.total > max.total ? sample : max), samples[0]);
const rate = COUNT / seconds;
console.log(
  `\nQueued (reused tabs, batched renders): ${COUNT} certificates in ${seconds.toFixed(1)} s = ${rate.toFixed(1)} certificates/s`,
);
console.log(
  `  eligible → downloadable: p50 ${(percentile(50) / 1000).toFixed(1)} s, p95 ${(percentile(95) / 1000).toFixed(1)} s, max ${(latencies.at(-1) / 1000).toFixed(1)} s`,
);
console.log(
  `  worker peak memory (PSS): ${peak.node.toFixed(0)} MB Node, ${peak.total.toFixed(0)} MB with Chromium; duplicates: ${duplicates.n}`,
);
if (MEMORY_RUN) {
  const tenth = Math.max(1, Math.floor(samples.length / 10));
  const mean = (list) => list.reduce((sum, sample) => sum + sample.total, 0) / list.length;
  const steps = Array.from({ length: 10 }, (_, index) =>
    mean(samples.slice(index * tenth, (index + 1) * tenth)).toFixed(0),
  );
  console.log(`  memory (worker + Chromium, mean of each tenth of the run, MB): ${steps.join(' → ')}`);
  const [first, last] = [mean(samples.slice(tenth, 3 * tenth)), mean(samples.slice(-2 * tenth))];
  console.log(
    `  second-and-third tenths ${first.toFixed(0)} MB, last two tenths ${last.toFixed(0)} MB: ${last <= first * 1.2 ? 'flat' : 'GROWING'}`,
  );
}
await queue.close();

// ---- Naive: a new browser per certificate, the same page ---------------------------------------------------------
if (NAIVE > 0) {
  const template = new CertificatePdfTemplate();
  const page = (index) =>
    certificatePage({
      language: 'en',
      instituteName: 'Centre for Educational Planning and Training',
      brandColour: '#dc143c',
      accentColour: '#003893',
      signatories: [{ name: 'Sita Sharma', title: 'Executive Director' }],
      holderName: `Bench Participant ${index}`,
      courseTitle: 'School Resource Allocation and Optimization',
      startedOn: '2026-09-07',
      completedOn: '2026-11-20',
      hours: 40,
      outcomes: ['Explain the principles of effective school resource allocation.'],
      serial: `NP-CEPT-2026-${String(index).padStart(6, '0')}`,
      verificationCode: '7KQ2-M9XD-4TZP-W1HC',
      verifyUrl: 'https://cascade.example.org/verify/7KQ2-M9XD-4TZP-W1HC',
    });
  const naiveStart = Date.now();
  for (let index = 0; index < NAIVE; index++) {
    const renderer = new PdfRenderer({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      tabs: 1,
      rendersPerTab: 1,
    });
    const entry = { page: page(index), html: await template.page('np-cept', page(index)) };
    await renderer.render(template.renderDocument([entry]), { format: 'A4', landscape: true });
    await renderer.close();
  }
  const naiveRate = NAIVE / ((Date.now() - naiveStart) / 1000);
  console.log(
    `\nNaive (a new browser per certificate, PDF only, nothing stored): ${NAIVE} in ${((Date.now() - naiveStart) / 1000).toFixed(1)} s = ${naiveRate.toFixed(2)} certificates/s`,
  );
  console.log(`Ratio: ${(rate / naiveRate).toFixed(1)}× (queued end to end vs naive render alone)`);
}
await db.end();
