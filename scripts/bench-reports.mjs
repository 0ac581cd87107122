// npm run bench:reports (via scripts/bench-reports.sh): see there. Usage:
//   node scripts/bench-reports.mjs seed               writes the data set into DATABASE_URL
//   node scripts/bench-reports.mjs time <url> <runs>   times the three dashboards over HTTP
// Proportions (per participant n, deterministic): 5 % withdrawn; 60 % completed every module, the others stopped at
// a module between 0 and 19; one quiz attempt per completed module with a quiz, a second on the first quiz for one in
// four; an action plan from those who completed 15 modules or more, 90 % of them graded and released (40–100 %);
// three peer reviews per plan (the next three authors of the cohort), 80 % submitted; a certificate for completers
// whose released grade is 60 % or more.
import pg from 'pg';

const [mode, baseUrl, runsText] = process.argv.slice(2);
const INSTITUTES = 50;
const COHORTS = 2000;
const PARTICIPANTS = 60000;
const PER_COHORT = PARTICIPANTS / COHORTS;

async function seed() {
  const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  const started = Date.now();
  const step = async (label, text, values = []) => {
    const at = Date.now();
    const result = await db.query(text, values);
    console.log(`  ${label}: ${result.rowCount ?? ''} rows in ${((Date.now() - at) / 1000).toFixed(1)} s`);
  };
  console.log('Seeding cascade_bench_reports');
  await db.query('BEGIN');
  await step(
    'institutes',
    `INSERT INTO institutes (slug, name, country, default_language, languages, branding)
     SELECT 'bench-' || n, 'Bench Institute ' || n,
            (ARRAY['SN','NP','KE','GH','BD','PE','MA','VN','CM','TZ'])[1 + n % 10], 'en', '{en,fr}',
            (SELECT branding FROM institutes WHERE slug = 'sn-ifpe')
     FROM generate_series(1, $1) n`,
    [INSTITUTES],
  );
  await db.query(`CREATE TEMP TABLE bi AS
    SELECT id, substring(slug from 7)::int AS rn FROM institutes WHERE slug LIKE 'bench-%'`);
  await step(
    'trainers',
    `WITH u AS (
       INSERT INTO users (email, full_name)
       SELECT 'bench-trainer-' || i || '-' || j || '@bench.test', 'Bench Trainer ' || i || '-' || j
       FROM generate_series(1, $1) i, generate_series(1, 4) j RETURNING id, email)
     INSERT INTO memberships (institute_id, user_id, role)
     SELECT bi.id, u.id, 'trainer' FROM u JOIN bi ON bi.rn = split_part(split_part(u.email, '-', 3), '-', 1)::int`,
    [INSTITUTES],
  );
  await db.query(`CREATE TEMP TABLE cv AS
    SELECT DISTINCT ON (course_id) id, row_number() OVER (ORDER BY course_id)::int AS rn
    FROM course_versions ORDER BY course_id, number DESC`);
  await step(
    'cohorts',
    `INSERT INTO cohorts (institute_id, course_version_id, title, start_date, time_zone, capacity, enrolment_opens_at,
       enrolment_closes_at, schedule)
     SELECT bi.id, cv.id, 'Bench cohort ' || n, d, 'UTC', 40, d - 30, d + 7,
            jsonb_build_object(
              'moduleUnlocks', (SELECT jsonb_agg(jsonb_build_object('moduleId', m.module_key,
                                 'opensAt', to_char(d + (m.number - 1) + time '08:00', 'YYYY-MM-DD"T"HH24:MI:SS.000"Z"'))
                                 ORDER BY m.number)
                                FROM course_modules m WHERE m.course_version_id = cv.id),
              'capstoneDueAt', to_char(d + 25 + time '23:59:59', 'YYYY-MM-DD"T"HH24:MI:SS.000"Z"'),
              'peerReviewDueAt', to_char(d + 28 + time '23:59:59', 'YYYY-MM-DD"T"HH24:MI:SS.000"Z"'),
              'endsAt', to_char(d + 28 + time '23:59:59', 'YYYY-MM-DD"T"HH24:MI:SS.000"Z"'))
     FROM generate_series(1, $1) n
     JOIN bi ON bi.rn = 1 + (n - 1) % $2
     JOIN cv ON cv.rn = 1 + n % (SELECT count(*) FROM cv)
     CROSS JOIN LATERAL (SELECT (current_date - (n * 7919) % 730)::date AS d) day`,
    [COHORTS, INSTITUTES],
  );
  await db.query(`CREATE TEMP TABLE bc AS
    SELECT id, institute_id, course_version_id, substring(title from 14)::int AS rn FROM cohorts WHERE title LIKE 'Bench cohort %'`);
  await step(
    'cohort trainers',
    `INSERT INTO cohort_trainers (cohort_id, user_id, institute_id)
     SELECT bc.id, t.user_id, bc.institute_id FROM bc
     CROSS JOIN LATERAL (SELECT m.user_id FROM memberships m WHERE m.institute_id = bc.institute_id
                         ORDER BY m.user_id OFFSET bc.rn % 3 LIMIT 2) t`,
  );
  await step(
    'participants',
    `INSERT INTO users (email, full_name) SELECT 'bench-p-' || n || '@bench.test', 'Bench Participant ' || n
     FROM generate_series(1, $1) n`,
    [PARTICIPANTS],
  );
  await db.query(`CREATE TEMP TABLE bp AS
    SELECT id, substring(email from 9 for position('@' in email) - 9)::int AS n FROM users WHERE email LIKE 'bench-p-%'`);
  await step(
    'enrolments',
    `INSERT INTO enrolments (institute_id, cohort_id, user_id, status, withdrawn_at)
     SELECT bc.institute_id, bc.id, bp.id, CASE WHEN bp.n % 20 = 0 THEN 'withdrawn' ELSE 'enrolled' END,
            CASE WHEN bp.n % 20 = 0 THEN now() END
     FROM bp JOIN bc ON bc.rn = 1 + (bp.n - 1) / $1`,
    [PER_COHORT],
  );
  await step(
    'participant memberships',
    `INSERT INTO memberships (institute_id, user_id, role) SELECT institute_id, user_id, 'participant' FROM enrolments
     WHERE user_id IN (SELECT id FROM bp)`,
  );
  // How far each participant got: modules completed (all 20 for 60 %).
  await db.query(`CREATE TEMP TABLE be AS
    SELECT e.id, e.institute_id, e.cohort_id, e.user_id, e.status, bc.course_version_id, bp.n,
           CASE WHEN bp.n % 10 < 6 THEN 20 ELSE (bp.n * 7) % 20 END AS done
    FROM enrolments e JOIN bp ON bp.id = e.user_id JOIN bc ON bc.id = e.cohort_id`);
  await step(
    'module progress',
    `INSERT INTO module_progress (enrolment_id, module_key, institute_id, first_opened_at, completed_at)
     SELECT be.id, m.module_key, be.institute_id, now() - interval '30 days',
            CASE WHEN m.number <= be.done THEN now() - interval '20 days' END
     FROM be JOIN course_modules m ON m.course_version_id = be.course_version_id AND m.number <= be.done + 1`,
  );
  await step(
    'quiz attempts',
    `INSERT INTO quiz_attempts (institute_id, cohort_id, user_id, module_key, course_module_id, number, status,
       question_keys, settings, started_at, submitted_at, closed_by, percent)
     SELECT be.institute_id, be.cohort_id, be.user_id, m.module_key, m.id, a.number, 'submitted', '{}', '{}',
            now() - interval '25 days', now() - interval '25 days' + a.number * interval '1 hour', 'participant',
            (be.n * 37 + m.number * 11 + a.number * 29) % 101
     FROM be JOIN course_modules m ON m.course_version_id = be.course_version_id AND m.number <= be.done
       AND m.quiz_settings IS NOT NULL
     CROSS JOIN LATERAL generate_series(1, CASE WHEN m.number = 1 AND be.n % 4 = 0 THEN 2 ELSE 1 END) a(number)`,
  );
  await step(
    'action plans',
    `INSERT INTO capstone_submissions (institute_id, cohort_id, user_id, version, draft_revision, course_version_id,
       content, submitted_at, due_at, late)
     SELECT be.institute_id, be.cohort_id, be.user_id, 1, 1, be.course_version_id, '{"sections":{}}',
            now() - interval '10 days', now() - interval '9 days', false
     FROM be WHERE be.done >= 15`,
  );
  const [{ id: grader }] = (await db.query(`SELECT id FROM users WHERE email = 'platform.admin@demo.cascade.test'`)).rows;
  await step(
    'action plan grades',
    `INSERT INTO capstone_grades (submission_id, institute_id, cohort_id, user_id, status, criteria, percent, graded_by,
       released_at, released_by)
     SELECT s.id, s.institute_id, s.cohort_id, s.user_id, 'final', '[]', 40 + (bp.n * 13) % 61, $1, now(), $1
     FROM capstone_submissions s JOIN bp ON bp.id = s.user_id WHERE bp.n % 10 <> 3`,
    [grader],
  );
  // Reviews at one of four levels on every criterion of the course's rubric.
  await db.query(`CREATE TEMP TABLE levels AS
    SELECT cv.id AS course_version_id, l.level,
           (SELECT jsonb_agg(jsonb_build_object('criterionId', c->>'id', 'levelId', c->'levels'->l.level->>'id',
                    'comment', 'A bench review comment, specific enough.'))
            FROM jsonb_array_elements(cv2.capstone->'rubric'->'criteria') c) AS criteria
    FROM cv JOIN course_versions cv2 ON cv2.id = cv.id CROSS JOIN generate_series(0, 3) l(level)`);
  await db.query(`CREATE TEMP TABLE ranked AS
    SELECT s.id, s.institute_id, s.cohort_id, s.user_id, s.course_version_id,
           row_number() OVER (PARTITION BY s.cohort_id ORDER BY s.user_id) AS r,
           count(*) OVER (PARTITION BY s.cohort_id) AS authors
    FROM capstone_submissions s WHERE s.user_id IN (SELECT id FROM bp)`);
  await step(
    'peer review allocations',
    `INSERT INTO peer_review_allocations (institute_id, cohort_id, submission_id, author_id, reviewer_id, status, round,
       assigned_at, due_at)
     SELECT a.institute_id, a.cohort_id, a.id, a.user_id, b.user_id,
            CASE WHEN (a.r + k) % 5 = 0 THEN 'assigned' ELSE 'submitted' END, 1, now() - interval '8 days',
            now() - interval '2 days'
     FROM ranked a CROSS JOIN generate_series(1, 3) k
     JOIN ranked b ON b.cohort_id = a.cohort_id AND b.r = 1 + (a.r - 1 + k) % a.authors
     WHERE a.authors > 3`,
  );
  await step(
    'peer reviews',
    `INSERT INTO peer_reviews (allocation_id, institute_id, criteria, submitted_at)
     SELECT pa.id, pa.institute_id, lv.criteria, now() - interval '3 days'
     FROM peer_review_allocations pa JOIN capstone_submissions s ON s.id = pa.submission_id
     JOIN levels lv ON lv.course_version_id = s.course_version_id
       AND lv.level = (abs(hashtext(pa.reviewer_id::text)) + abs(hashtext(pa.author_id::text)) % 2) % 4
     WHERE pa.status = 'submitted'`,
  );
  await step(
    'certificates',
    `INSERT INTO certificates (institute_id, cohort_id, user_id, version, serial, verification_code, holder_name,
       course_version_id, course_title, language, hours, outcomes, started_on, completed_on, status_list_index, eligible_at)
     SELECT g.institute_id, g.cohort_id, g.user_id, 1, 'BENCH-' || bp.n, 'bench-' || bp.n, 'Bench Participant ' || bp.n,
            s.course_version_id, 'Bench course', 'en', 40, '[]', current_date - 60, current_date - 30,
            row_number() OVER (PARTITION BY g.institute_id ORDER BY bp.n), now()
     FROM capstone_grades g JOIN capstone_submissions s ON s.id = g.submission_id JOIN bp ON bp.id = g.user_id
     JOIN be ON be.user_id = g.user_id AND be.cohort_id = g.cohort_id
     WHERE g.percent >= 60 AND be.done = 20 AND be.status = 'enrolled'`,
  );
  await db.query('COMMIT');
  await step('analyze', 'ANALYZE');
  console.log(`Seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await db.end();
}

async function signIn(url, email, password) {
  const cookies = new Map();
  const keep = (response) => {
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const index = pair.indexOf('=');
      cookies.set(pair.slice(0, index), pair.slice(index + 1));
    }
  };
  const cookieHeader = () => [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  const page = await fetch(`${url}/login`);
  keep(page);
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())[1];
  const response = await fetch(`${url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader() },
    body: new URLSearchParams({ _csrf: token, email, password, next: '/me' }),
  });
  if (response.status !== 303) throw new Error(`log-in answered ${response.status}`);
  keep(response);
  return cookieHeader();
}

function quantile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

async function time(url, runs) {
  const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  const counts = (
    await db.query(`SELECT (SELECT count(*) FROM institutes)::int AS institutes, (SELECT count(*) FROM cohorts)::int AS cohorts,
      (SELECT count(*) FROM enrolments)::int AS enrolments, (SELECT count(*) FROM module_progress)::int AS progress,
      (SELECT count(*) FROM quiz_attempts)::int AS attempts, (SELECT count(*) FROM capstone_submissions)::int AS plans,
      (SELECT count(*) FROM peer_reviews)::int AS reviews, (SELECT count(*) FROM certificates)::int AS certificates`)
  ).rows[0];
  console.log(
    `Data: ${Object.entries(counts)
      .map(([name, value]) => `${value.toLocaleString('en')} ${name}`)
      .join(', ')}`,
  );
  const [cohort] = (
    await db.query(`SELECT c.id, i.slug FROM cohorts c JOIN institutes i ON i.id = c.institute_id
                    WHERE c.title = 'Bench cohort 1001'`)
  ).rows;
  await db.end();
  const cookie = await signIn(url, 'platform.admin@demo.cascade.test', 'cascade-demo-2026');
  const targets = [
    ['cohort dashboard (30 participants)', `/i/${cohort.slug}/cohorts/${cohort.id}/dashboard`],
    ['institute dashboard (40 cohorts, 1,200 participants)', `/i/${cohort.slug}/admin/dashboard`],
    ['hub dashboard (51 institutes, 60,000 participants)', `/hub/dashboard`],
    ['hub CSV (institutes)', `/hub/dashboard.csv?table=institutes`],
  ];
  for (const [label, path] of targets) {
    const timings = [];
    let bytes = 0;
    for (let index = 0; index < runs + 3; index++) {
      const at = performance.now();
      const response = await fetch(`${url}${path}`, { headers: { cookie, 'accept-encoding': 'identity' } });
      const body = await response.text();
      const elapsed = performance.now() - at;
      if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${body.slice(0, 300)}`);
      bytes = Buffer.byteLength(body);
      if (index >= 3) timings.push(elapsed);
    }
    timings.sort((a, b) => a - b);
    console.log(
      `${label.padEnd(56)} median ${quantile(timings, 0.5).toFixed(0).padStart(4)} ms   p95 ${quantile(timings, 0.95)
        .toFixed(0)
        .padStart(4)} ms   ${(bytes / 1024).toFixed(1)} KiB`,
    );
  }
}

if (mode === 'seed') await seed();
else if (mode === 'time') await time(baseUrl, Number(runsText ?? 20));
else throw new Error('usage: bench-reports.mjs seed | time <url> <runs>');
