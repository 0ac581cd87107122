// npm run bench:quiz (via scripts/bench-quiz.sh): N participants of one cohort start, answer and submit a module's
// quiz at the same time against the running app, then the database is checked for every answer and every grade.
// Usage: node scripts/bench-quiz.mjs <baseUrl> <databaseUrl>
// The default scenario is a live session: the trainer says "start now", everyone presses Start within 10 s, and
// everyone is then in the quiz at once, answering a question every 0-4 s (far faster than anyone reads one).
// Env: BENCH_PARTICIPANTS (500), BENCH_MODULE (res-m01), BENCH_DRAW (10), BENCH_THINK_MS (4000: a random pause of
// 0..N ms before each answer; 0: none, a saturation test), BENCH_RAMP_MS (10000: each participant starts at a
// random moment within the first N ms; 0: all in the same instant), BENCH_WARMUP (20 participants, not timed).
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import zlib from 'node:zlib';
import pg from 'pg';
import { deriveSchedule } from '../dist/src/modules/cohorts/domain/cohort-schedule.js';
import { toStoredSchedule } from '../dist/src/modules/cohorts/domain/stored-schedule.js';

const [baseUrl = 'http://127.0.0.1:3999', databaseUrl] = process.argv.slice(2);
if (!databaseUrl) throw new Error('usage: node scripts/bench-quiz.mjs <baseUrl> <databaseUrl>');
const PARTICIPANTS = Number(process.env.BENCH_PARTICIPANTS ?? 500);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 20);
const MODULE_KEY = process.env.BENCH_MODULE ?? 'res-m01';
const DRAW = Number(process.env.BENCH_DRAW ?? 10);
const THINK_MS = Number(process.env.BENCH_THINK_MS ?? 4_000);
const RAMP_MS = Number(process.env.BENCH_RAMP_MS ?? 10_000);
const COURSE = 'epm-resources';
const INSTITUTE = 'bench-quiz';
const TIME_ZONE = 'Asia/Kathmandu';
const SESSION_DAYS = 14; // SESSION_DAYS in src/modules/accounts/accounts.service.ts

const db = new pg.Client({ connectionString: databaseUrl });
await db.connect();

// ---- Set-up, through SQL, before any timing -------------------------------------------------------------------

/** Today's date in a time zone minus some days, as the demo seed computes its cohorts' start dates. */
function localDateDaysAgo(timeZone, days, now) {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
  const date = new Date(`${parts}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - days);
  return date.toISOString().slice(0, 10);
}

const tokenHash = (token) => createHash('sha256').update(token).digest('hex');

async function setUp(count) {
  const now = new Date();
  await db.query('BEGIN');
  const [institute] = (
    await db.query(
      `INSERT INTO institutes (slug, name, country, default_language, languages, is_hub, branding)
       VALUES ($1, 'Bench Quiz Institute', 'NP', 'en', '{en}', false, $2) RETURNING id`,
      [
        INSTITUTE,
        JSON.stringify({
          primaryColour: '#0b5cad',
          secondaryColour: '#f3f6fa',
          logoUrl: null,
          signatories: [{ name: 'Bench Director', title: 'Director' }],
        }),
      ],
    )
  ).rows;
  const [version] = (
    await db.query(`SELECT id FROM course_versions WHERE course_id = $1 ORDER BY number DESC LIMIT 1`, [COURSE])
  ).rows;
  if (!version) throw new Error(`course ${COURSE} is not imported`);
  const modules = (
    await db.query(
      `SELECT module_key, number, week_number FROM course_modules WHERE course_version_id = $1 ORDER BY number`,
      [version.id],
    )
  ).rows;
  // Started two days ago, as the demo cohorts: the first modules are open.
  const startDate = localDateDaysAgo(TIME_ZONE, 2, now);
  const schedule = deriveSchedule({
    startDate,
    timeZone: TIME_ZONE,
    modules: modules.map((module) => ({
      id: module.module_key,
      number: module.number,
      weekNumber: module.week_number,
    })),
  });
  const opensAt = schedule.moduleUnlocks.find((unlock) => unlock.moduleId === MODULE_KEY)?.opensAt;
  if (!opensAt) throw new Error(`module ${MODULE_KEY} is not in ${COURSE}`);
  if (opensAt > now) throw new Error(`module ${MODULE_KEY} opens only at ${opensAt.toISOString()}: pick an open one`);
  const [cohort] = (
    await db.query(
      `INSERT INTO cohorts (institute_id, course_version_id, title, start_date, time_zone, capacity,
         enrolment_opens_at, enrolment_closes_at, schedule)
       VALUES ($1, $2, 'Bench quiz cohort', $3, $4, $5, $6, $7, $8) RETURNING id`,
      [
        institute.id,
        version.id,
        startDate,
        TIME_ZONE,
        count,
        new Date(now.getTime() - 30 * 86_400_000),
        new Date(now.getTime() + 5 * 86_400_000),
        JSON.stringify(toStoredSchedule(schedule)),
      ],
    )
  ).rows;
  const [{ questions }] = (
    await db.query(
      `SELECT count(*)::int AS questions FROM quiz_questions q JOIN course_modules m ON m.id = q.module_id
       WHERE m.course_version_id = $1 AND m.module_key = $2`,
      [version.id, MODULE_KEY],
    )
  ).rows;
  // Unlimited attempts; a draw of DRAW questions when the bank has that many, else every question of the bank.
  const settings = questions >= DRAW ? { drawCount: DRAW, attemptsAllowed: null } : { attemptsAllowed: null };
  await db.query(
    `INSERT INTO cohort_quiz_settings (cohort_id, module_key, institute_id, settings) VALUES ($1, $2, $3, $4)`,
    [cohort.id, MODULE_KEY, institute.id, JSON.stringify(settings)],
  );

  const people = Array.from({ length: count }, (_, index) => ({
    email: `bench-quiz-${String(index).padStart(4, '0')}@bench.cascade.test`,
    fullName: `Bench Participant ${index}`,
    token: randomBytes(32).toString('base64url'),
  }));
  const users = (
    await db.query(
      `INSERT INTO users (email, full_name, password_hash)
       SELECT email, full_name, NULL FROM unnest($1::text[], $2::text[]) AS p(email, full_name)
       RETURNING id, email`,
      [people.map((person) => person.email), people.map((person) => person.fullName)],
    )
  ).rows;
  const idOf = new Map(users.map((user) => [user.email, user.id]));
  for (const person of people) person.userId = idOf.get(person.email);
  const userIds = people.map((person) => person.userId);
  await db.query(`INSERT INTO memberships (institute_id, user_id, role) SELECT $1, unnest($2::uuid[]), 'participant'`, [
    institute.id,
    userIds,
  ]);
  await db.query(
    `INSERT INTO enrolments (institute_id, cohort_id, user_id, status) SELECT $1, $2, unnest($3::uuid[]), 'enrolled'`,
    [institute.id, cohort.id, userIds],
  );
  // A signed-in browser each: the cookie carries the token, the table only its SHA-256 (AccountsService.openSession).
  await db.query(
    `INSERT INTO sessions (token_hash, user_id, expires_at) SELECT unnest($1::text[]), unnest($2::uuid[]), $3`,
    [people.map((person) => tokenHash(person.token)), userIds, new Date(now.getTime() + SESSION_DAYS * 86_400_000)],
  );
  await db.query('COMMIT');
  await db.query('ANALYZE');
  return { cohortId: cohort.id, bankSize: questions, settings, people };
}

// ---- HTTP client: one keep-alive socket per participant, every request timed ------------------------------------

const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: PARTICIPANTS + WARMUP });
const target = new URL(baseUrl);
const samples = { session: [], start: [], answer: [], submit: [] };
const errors = [];
let recording = false;

function decode(buffer, encoding) {
  if (encoding === 'br') return zlib.brotliDecompressSync(buffer);
  if (encoding === 'gzip') return zlib.gunzipSync(buffer);
  if (encoding === 'deflate') return zlib.inflateSync(buffer);
  return buffer;
}

/** One request as a browser's fetch would send it; resolves with status, parsed JSON body and set-cookie. */
function send(kind, method, path, cookies, headers = {}, body) {
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise((resolve) => {
    const started = performance.now();
    const finish = (result) => {
      const ms = performance.now() - started;
      const ok = result.status >= 200 && result.status < 300;
      if (recording) samples[kind].push(ms);
      if (!ok) errors.push({ kind, status: result.status ?? 'network', detail: result.detail, warmup: !recording });
      resolve({ ...result, ok, ms });
    };
    const request = http.request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        method,
        path,
        headers: {
          accept: 'application/json',
          'accept-encoding': 'gzip, deflate, br',
          cookie: Object.entries(cookies)
            .map(([name, value]) => `${name}=${value}`)
            .join('; '),
          ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}),
          ...headers,
        },
      },
      (response) => {
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('error', (error) => finish({ status: null, detail: String(error) }));
        response.on('end', () => {
          let json = null;
          let text = '';
          try {
            text = decode(Buffer.concat(chunks), response.headers['content-encoding']).toString('utf8');
            json = text ? JSON.parse(text) : null;
          } catch {
            // Left null: a non-JSON body is reported by the caller.
          }
          finish({
            status: response.statusCode,
            json,
            setCookie: response.headers['set-cookie'] ?? [],
            detail: response.statusCode >= 300 ? text.slice(0, 200) : undefined,
          });
        });
      },
    );
    request.on('error', (error) => finish({ status: null, detail: String(error) }));
    request.end(payload);
  });
}

/** A random answer among what the question view offers; numeric and short answers take any value. */
function randomResponse(question) {
  const pick = (items) => items[Math.floor(Math.random() * items.length)];
  switch (question.type) {
    case 'single-choice':
      return { type: 'single-choice', optionId: pick(question.options).id };
    case 'multiple-response': {
      const chosen = question.options.filter(() => Math.random() < 0.5).map((option) => option.id);
      return { type: 'multiple-response', optionIds: chosen.length > 0 ? chosen : [pick(question.options).id] };
    }
    case 'true-false':
      return { type: 'true-false', value: Math.random() < 0.5 };
    case 'numeric':
      return { type: 'numeric', value: Math.round(Math.random() * 100_000) / 100 };
    case 'short-answer':
      return { type: 'short-answer', text: `bench answer ${Math.floor(Math.random() * 1e6)}` };
    case 'matching':
      return {
        type: 'matching',
        answers: Object.fromEntries(question.matching.prompts.map((prompt) => [prompt.id, pick(prompt.choices).text])),
      };
    default:
      throw new Error(`unknown question type ${question.type}`);
  }
}

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** One participant: session (CSRF), start, every answer, submit. Returns what the server acknowledged. */
async function participate(person, cohortId, rampMs = 0) {
  if (rampMs > 0) await pause(Math.random() * rampMs);
  const quiz = `/api/institutes/${INSTITUTE}/cohorts/${cohortId}/modules/${MODULE_KEY}/quiz`;
  const cookies = { cascade_session: person.token };
  const outcome = { person, attemptId: null, acknowledged: [], percent: null, questions: 0 };
  const session = await send('session', 'GET', '/api/session', cookies);
  if (!session.ok) return outcome;
  for (const header of session.setCookie) {
    const [pair] = header.split(';');
    const at = pair.indexOf('=');
    cookies[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  const csrf = { 'x-csrf-token': session.json.csrfToken };
  const started = await send('start', 'POST', `${quiz}/attempts`, cookies, csrf, {});
  if (!started.ok) return outcome;
  outcome.attemptId = started.json.attempt.id;
  outcome.questions = started.json.questions.length;
  for (const question of started.json.questions) {
    if (THINK_MS > 0) await pause(Math.random() * THINK_MS);
    const response = randomResponse(question);
    const path = `${quiz}/attempts/${outcome.attemptId}/responses/${question.key}`;
    const saved = await send('answer', 'PUT', path, cookies, csrf, { response });
    if (saved.ok && saved.json?.saved === true) outcome.acknowledged.push({ questionKey: question.key, response });
  }
  const submitted = await send('submit', 'POST', `${quiz}/attempts/${outcome.attemptId}/submit`, cookies, csrf, {});
  if (submitted.ok) outcome.percent = submitted.json.attempt.percent;
  return outcome;
}

// ---- Statistics --------------------------------------------------------------------------------------------------

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function line(name, values, errorCount) {
  const sorted = [...values].sort((a, b) => a - b);
  const f = (value) => (Number.isNaN(value) ? '-' : value.toFixed(1)).padStart(8);
  return `${name.padEnd(9)} ${String(values.length).padStart(6)} ${String(errorCount).padStart(6)} ${f(percentile(sorted, 50))} ${f(percentile(sorted, 95))} ${f(percentile(sorted, 99))} ${f(sorted.at(-1) ?? NaN)}`;
}

// ---- Run ---------------------------------------------------------------------------------------------------------

const setup = await setUp(PARTICIPANTS + WARMUP);
const warmupPeople = setup.people.slice(PARTICIPANTS);
const people = setup.people.slice(0, PARTICIPANTS);
const perAttempt = setup.settings.drawCount ?? setup.bankSize;
console.log(
  `module ${MODULE_KEY} of ${COURSE}: bank of ${setup.bankSize} questions, ${perAttempt} per attempt` +
    (setup.bankSize < DRAW ? ` (the bank has fewer than ${DRAW}: every question is asked)` : ` (drawCount ${DRAW})`),
);
console.log(
  `${PARTICIPANTS} participants ${RAMP_MS > 0 ? `starting at random within ${RAMP_MS} ms` : 'starting at once'} (BENCH_RAMP_MS), ` +
    `${THINK_MS > 0 ? `random think time 0-${THINK_MS} ms before each answer` : 'no think time'} (BENCH_THINK_MS), ` +
    `${WARMUP} warm-up participants first (not timed)`,
);

// Warm-up: JIT, caches and connection pools, a few participants at a time; their data is checked too.
const warmupOutcomes = [];
for (let index = 0; index < warmupPeople.length; index += 5) {
  warmupOutcomes.push(
    ...(await Promise.all(warmupPeople.slice(index, index + 5).map((person) => participate(person, setup.cohortId)))),
  );
}
const warmupErrors = errors.length;

recording = true;
const cpuBefore = process.cpuUsage();
const wallStart = performance.now();
const outcomes = await Promise.all(people.map((person) => participate(person, setup.cohortId, RAMP_MS)));
const wallMs = performance.now() - wallStart;
const cpu = process.cpuUsage(cpuBefore);
recording = false;
agent.destroy();

const timedErrors = errors.filter((error) => !error.warmup);
const all = Object.values(samples).flat();
console.log('');
console.log(`kind      requests errors  p50 ms   p95 ms   p99 ms   max ms`);
for (const [kind, values] of Object.entries(samples)) {
  console.log(line(kind, values, timedErrors.filter((error) => error.kind === kind).length));
}
console.log(line('overall', all, timedErrors.length));
console.log(
  `${all.length} requests in ${(wallMs / 1000).toFixed(2)} s: ${(all.length / (wallMs / 1000)).toFixed(0)} req/s, ` +
    `${outcomes.filter((outcome) => outcome.percent !== null).length} quizzes submitted ` +
    `(bench client used ${((cpu.user + cpu.system) / 1000 / wallMs).toFixed(2)} of the cores' time)`,
);
console.log(`errors: ${timedErrors.length} (warm-up: ${warmupErrors})`);
const byStatus = new Map();
for (const error of errors) {
  const key = `${error.kind} ${error.status}: ${error.detail ?? ''}`.slice(0, 220);
  byStatus.set(key, (byStatus.get(key) ?? 0) + 1);
}
for (const [key, count] of [...byStatus].slice(0, 10)) console.log(`  ${count} x ${key}`);

// ---- Verification in the database --------------------------------------------------------------------------------

const everyone = [...warmupOutcomes, ...outcomes];
const expected = everyone.flatMap((outcome) =>
  outcome.acknowledged.map((entry) => ({
    attempt_id: outcome.attemptId,
    question_key: entry.questionKey,
    response: entry.response,
  })),
);
const [answers] = (
  await db.query(
    `SELECT count(*)::int AS acknowledged,
            count(*) FILTER (WHERE r.attempt_id IS NULL OR r.response IS DISTINCT FROM e.response)::int AS lost,
            count(*) FILTER (WHERE r.attempt_id IS NOT NULL AND r.fraction IS NULL)::int AS ungraded
     FROM jsonb_to_recordset($1::jsonb) AS e(attempt_id uuid, question_key text, response jsonb)
     LEFT JOIN quiz_responses r ON r.attempt_id = e.attempt_id AND r.question_key = e.question_key`,
    [JSON.stringify(expected)],
  )
).rows;
const [attempts] = (
  await db.query(
    `SELECT count(*)::int AS total,
            count(*) FILTER (WHERE status = 'submitted' AND percent IS NOT NULL)::int AS graded,
            count(DISTINCT user_id)::int AS people,
            (SELECT count(*)::int FROM quiz_responses r JOIN quiz_attempts a ON a.id = r.attempt_id
              WHERE a.cohort_id = $1 AND r.fraction IS NULL) AS rows_without_fraction,
            (SELECT count(*)::int FROM quiz_attempts a, unnest(a.question_keys) AS k(key)
              WHERE a.cohort_id = $1 AND NOT EXISTS (
                SELECT 1 FROM quiz_responses r WHERE r.attempt_id = a.id AND r.question_key = k.key)) AS drawn_without_row
     FROM quiz_attempts WHERE cohort_id = $1 AND module_key = $2`,
    [setup.cohortId, MODULE_KEY],
  )
).rows;
const percents = new Map(
  (await db.query(`SELECT id, percent FROM quiz_attempts WHERE cohort_id = $1`, [setup.cohortId])).rows.map((row) => [
    row.id,
    row.percent === null ? null : Number(row.percent),
  ]),
);
const gradeMismatches = everyone.filter(
  (outcome) => outcome.percent !== null && percents.get(outcome.attemptId) !== outcome.percent,
).length;
const participants = everyone.length;
const notStarted = everyone.filter((outcome) => !outcome.attemptId).length;
const missingGrades = participants - attempts.graded + answers.ungraded + attempts.drawn_without_row;
const expectedAnswers = everyone.reduce((sum, outcome) => sum + outcome.questions, 0);
await db.end();

console.log('');
console.log(`database check (${participants} participants: ${PARTICIPANTS} timed + ${warmupPeople.length} warm-up):`);
console.log(
  `  attempts: ${attempts.total} in the cohort, ${attempts.graded} submitted with a percent, ${attempts.people} people; ${notStarted} participants got no attempt`,
);
console.log(
  `  answers: ${answers.acknowledged} acknowledged by the API of ${expectedAnswers} questions shown; stored with the same response: ${answers.acknowledged - answers.lost}`,
);
console.log(
  `  grade rows without a fraction: ${attempts.rows_without_fraction}; drawn questions without a row: ${attempts.drawn_without_row}; percent returned by submit != stored: ${gradeMismatches}`,
);
console.log(`lost answers: ${answers.lost}`);
console.log(`missing grades: ${missingGrades}`);
const overallP95 = percentile(
  [...all].sort((a, b) => a - b),
  95,
);
console.log(`goal p95 < 250 ms: ${overallP95 < 250 ? 'met' : 'MISSED'} (${overallP95.toFixed(1)} ms)`);

const failed =
  errors.length > 0 ||
  answers.lost > 0 ||
  missingGrades > 0 ||
  gradeMismatches > 0 ||
  answers.acknowledged !== expectedAnswers;
process.exit(failed ? 1 : 0);
