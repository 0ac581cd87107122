// Seeds 100,000 submitted attempts of a 10-question quiz, then times the item analysis report (ItemAnalysisRepository)
// for the attempt filters. Usage (scripts/bench-item-analysis.sh prepares the database and the build):
//   node scripts/bench-item-analysis.mjs <database url> <superuser url of the same database> [runs]
// BENCH_DIST points at another compiled tree than dist/ (e.g. one built with tsc --outDir).
import 'reflect-metadata';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { DataSource } from 'typeorm';

const [databaseUrl, adminUrl, runs = '7'] = process.argv.slice(2);
if (!databaseUrl || !adminUrl) throw new Error('usage: bench-item-analysis.mjs <database url> <superuser url> [runs]');
const dist = pathToFileURL(path.resolve(process.env.BENCH_DIST ?? 'dist') + '/').href;
const { dataSourceOptions } = await import(new URL('src/database/data-source-options.js', dist).href);
const { ItemAnalysisRepository } = await import(new URL('src/modules/quizzes/item-analysis.repository.js', dist).href);

const GOAL_MS = 2000;
const INSTITUTE = '00000000-0000-4000-8000-000000000001';
const COHORT = '00000000-0000-4000-8000-000000000031';
const MODULE_KEY = 'bench-m01';

// Every person has an ability ~ N(0, 1), a little higher on a second try; every question a difficulty and a
// discrimination. The chance of knowing an answer follows the two-parameter logistic model of item response theory,
// so facility, discrimination and alpha come out as in a real cohort (one weak question, q04, included). 40,000 people
// make two attempts and 20,000 one: 100,000 attempts, 60,000 first ones.
const SEED = [
  `SELECT setseed(0.42)`,
  // Bulk load only: skips the triggers that guard graded attempts (and the foreign keys, all satisfied here).
  `SET session_replication_role = replica`,
  `INSERT INTO institutes (id, slug, name, country, default_language, languages, branding)
   VALUES ('${INSTITUTE}', 'bench-items', 'Bench institute', 'NP', 'en', '{en}', '{}')`,
  `INSERT INTO courses (id, slug) VALUES ('bench-items', 'bench-items')`,
  `INSERT INTO course_versions (id, course_id, number, content_hash, language, title, summary, outline)
   VALUES ('00000000-0000-4000-8000-000000000011', 'bench-items', 1, repeat('0', 64), 'en', 'Bench', 'Bench', '[]')`,
  `INSERT INTO course_modules (id, course_version_id, module_key, number, week_number, title, estimated_minutes,
     objectives, introduction_markdown, introduction_html)
   VALUES ('00000000-0000-4000-8000-000000000021', '00000000-0000-4000-8000-000000000011', '${MODULE_KEY}', 1, 1,
     'Bench', 30, '[]', '', '')`,
  `INSERT INTO cohorts (id, institute_id, course_version_id, title, start_date, time_zone, capacity,
     enrolment_opens_at, enrolment_closes_at, schedule)
   VALUES ('${COHORT}', '${INSTITUTE}', '00000000-0000-4000-8000-000000000011', 'Bench cohort', '2026-01-05', 'UTC',
     100000, '2025-12-01Z', '2026-01-05Z',
     '{"moduleUnlocks":[],"capstoneDueAt":"2026-03-01T00:00:00Z","peerReviewDueAt":"2026-03-08T00:00:00Z","endsAt":"2026-03-15T00:00:00Z"}')`,
  `CREATE TEMP TABLE bench_questions (key text, position int, type text, points numeric, difficulty float8,
     discrimination float8, definition jsonb)`,
  `INSERT INTO bench_questions VALUES
     ('q01', 1, 'single-choice', 1, -1.5, 1.0, NULL), ('q02', 2, 'single-choice', 1, -0.5, 1.2, NULL),
     ('q03', 3, 'single-choice', 2, 0.3, 1.5, NULL), ('q04', 4, 'single-choice', 1, 1.2, 0.1, NULL),
     ('q05', 5, 'multiple-response', 2, 0.0, 1.0, NULL), ('q06', 6, 'multiple-response', 1, 0.8, 0.8, NULL),
     ('q07', 7, 'true-false', 1, -2.0, 0.6, NULL), ('q08', 8, 'numeric', 1, 0.5, 1.3, NULL),
     ('q09', 9, 'short-answer', 1, 0.2, 0.9, NULL), ('q10', 10, 'matching', 3, -0.3, 1.1, NULL)`,
  `UPDATE bench_questions SET definition = jsonb_build_object('id', key, 'type', type, 'text', 'Question ' || key,
     'points', points) || CASE type
     WHEN 'single-choice' THEN jsonb_build_object('options', jsonb_build_array(
       jsonb_build_object('id', key || '-a', 'text', 'Right', 'fraction', 1),
       jsonb_build_object('id', key || '-b', 'text', 'Wrong B', 'fraction', 0),
       jsonb_build_object('id', key || '-c', 'text', 'Wrong C', 'fraction', 0),
       jsonb_build_object('id', key || '-d', 'text', 'Wrong D', 'fraction', 0)))
     WHEN 'multiple-response' THEN jsonb_build_object('options', jsonb_build_array(
       jsonb_build_object('id', key || '-a', 'text', 'Right A', 'fraction', 0.5),
       jsonb_build_object('id', key || '-b', 'text', 'Right B', 'fraction', 0.5),
       jsonb_build_object('id', key || '-c', 'text', 'Wrong C', 'fraction', -0.5),
       jsonb_build_object('id', key || '-d', 'text', 'Wrong D', 'fraction', -0.5)))
     WHEN 'true-false' THEN jsonb_build_object('answer', true)
     WHEN 'numeric' THEN jsonb_build_object('answers', jsonb_build_array(
       jsonb_build_object('id', key || '-a', 'value', 42, 'tolerance', 0.5, 'fraction', 1),
       jsonb_build_object('id', key || '-b', 'value', 40, 'tolerance', 0, 'fraction', 0.5)))
     WHEN 'short-answer' THEN jsonb_build_object('answers', jsonb_build_array(
       jsonb_build_object('id', key || '-a', 'text', 'cluster', 'fraction', 1),
       jsonb_build_object('id', key || '-b', 'text', 'network*', 'fraction', 0.5)))
     ELSE jsonb_build_object('pairs', jsonb_build_array(
       jsonb_build_object('id', 'p1', 'prompt', 'Hub', 'answer', 'Centre'),
       jsonb_build_object('id', 'p2', 'prompt', 'Peer', 'answer', 'Equals'),
       jsonb_build_object('id', 'p3', 'prompt', 'Federation', 'answer', 'One board')))
   END`,
  `INSERT INTO quiz_questions (module_id, question_key, position, type, points, definition, rendered)
   SELECT '00000000-0000-4000-8000-000000000021', key, position, type, points, definition, definition
   FROM bench_questions`,
  `CREATE TEMP TABLE bench_people AS
   SELECT i, gen_random_uuid() AS user_id, sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()) AS ability
   FROM generate_series(1, 60000) i`,
  `INSERT INTO users (id, email, full_name)
   SELECT user_id, 'bench-' || i || '@bench.test', 'Bench ' || i FROM bench_people`,
  `CREATE TEMP TABLE bench_attempts AS
   SELECT gen_random_uuid() AS id, p.user_id, n AS number, p.ability + 0.4 * (n - 1) AS ability,
     timestamptz '2026-01-05 08:00Z' + p.i * interval '1 second' + (n - 1) * interval '2 days' AS started_at
   FROM bench_people p CROSS JOIN LATERAL generate_series(1, CASE WHEN p.i <= 40000 THEN 2 ELSE 1 END) n`,
  // One row per attempt and question: 3% unanswered, otherwise right with the model's probability p.
  `CREATE TEMP TABLE bench_draws AS
   SELECT a.id AS attempt_id, q.key, q.type, q.points, random() < 0.03 AS blank,
     1 / (1 + exp(-1.7 * q.discrimination * (a.ability - q.difficulty))) AS p,
     random() AS u1, random() AS u2, random() AS u3, random() AS u4
   FROM bench_attempts a CROSS JOIN bench_questions q`,
  `CREATE TEMP TABLE bench_responses AS
   SELECT d.attempt_id, d.key, d.points, r.response, round(least(1, greatest(0, r.fraction))::numeric, 7) AS fraction
   FROM bench_draws d CROSS JOIN LATERAL (
     SELECT CASE WHEN d.blank THEN NULL
       WHEN d.type = 'single-choice' THEN jsonb_build_object('type', d.type, 'optionId',
         d.key || CASE WHEN d.u1 < d.p THEN '-a' WHEN d.u2 < 0.5 THEN '-b' WHEN d.u2 < 0.8 THEN '-c' ELSE '-d' END)
       WHEN d.type = 'multiple-response' THEN jsonb_build_object('type', d.type, 'optionIds', to_jsonb(array_remove(
         ARRAY[CASE WHEN d.u1 < d.p THEN d.key || '-a' END, CASE WHEN d.u2 < d.p THEN d.key || '-b' END,
               CASE WHEN d.u3 > d.p + 0.3 THEN d.key || '-c' END, CASE WHEN d.u4 > d.p + 0.5 THEN d.key || '-d' END],
         NULL)))
       WHEN d.type = 'true-false' THEN jsonb_build_object('type', d.type, 'value', d.u1 < d.p)
       WHEN d.type = 'numeric' THEN jsonb_build_object('type', d.type, 'value',
         CASE WHEN d.u1 < d.p THEN CASE WHEN d.u2 < 0.8 THEN 42 ELSE 42.25 END
              WHEN d.u2 < 0.4 THEN 40 WHEN d.u2 < 0.6 THEN 4.2 ELSE floor(100 + d.u3 * 900) END)
       WHEN d.type = 'short-answer' THEN jsonb_build_object('type', d.type, 'text',
         CASE WHEN d.u1 < d.p THEN CASE WHEN d.u2 < 0.7 THEN 'cluster' ELSE ' Cluster ' END
              WHEN d.u2 < 0.5 THEN 'networks' WHEN d.u2 < 0.8 THEN 'zone' ELSE 'hub' END)
       ELSE jsonb_build_object('type', d.type, 'answers', jsonb_build_object(
         'p1', CASE WHEN d.u1 < d.p THEN 'Centre' ELSE 'Equals' END,
         'p2', CASE WHEN d.u2 < d.p THEN 'Equals' ELSE 'One board' END,
         'p3', CASE WHEN d.u3 < d.p THEN 'One board' ELSE 'Centre' END))
     END AS response,
     CASE WHEN d.blank THEN 0
       WHEN d.type IN ('single-choice', 'true-false') THEN (d.u1 < d.p)::int
       WHEN d.type = 'multiple-response' THEN 0.5 * (d.u1 < d.p)::int + 0.5 * (d.u2 < d.p)::int
         - 0.5 * (d.u3 > d.p + 0.3)::int - 0.5 * (d.u4 > d.p + 0.5)::int
       WHEN d.type = 'numeric' THEN CASE WHEN d.u1 < d.p THEN 1 WHEN d.u2 < 0.4 THEN 0.5 ELSE 0 END
       WHEN d.type = 'short-answer' THEN CASE WHEN d.u1 < d.p THEN 1 WHEN d.u2 < 0.5 THEN 0.5 ELSE 0 END
       ELSE ((d.u1 < d.p)::int + (d.u2 < d.p)::int + (d.u3 < d.p)::int) / 3.0
     END AS fraction
   ) r`,
  // As the app grades: points = fraction × the question's points, the score their sum, the percent of the maximum.
  `INSERT INTO quiz_attempts (id, institute_id, cohort_id, user_id, module_key, course_module_id, number, status,
     question_keys, settings, started_at, submitted_at, closed_by, score, max_score, percent)
   SELECT a.id, '${INSTITUTE}', '${COHORT}', a.user_id, '${MODULE_KEY}', '00000000-0000-4000-8000-000000000021',
     a.number, 'submitted', s.keys,
     '{"passMark":70,"attemptsAllowed":3,"grading":"highest","timeLimitMinutes":null,"drawCount":null,"shuffleQuestions":true,"shuffleOptions":true,"showAnswers":"after-attempt"}',
     a.started_at, a.started_at + interval '20 minutes', 'participant', s.score, s.max_score,
     round(100 * s.score / s.max_score, 2)
   FROM bench_attempts a JOIN (
     SELECT attempt_id, array_agg(key ORDER BY key) AS keys, sum(round(fraction * points, 4)) AS score,
       sum(points) AS max_score
     FROM bench_responses GROUP BY attempt_id
   ) s ON s.attempt_id = a.id`,
  `INSERT INTO quiz_responses (attempt_id, question_key, response, fraction, points, max_points)
   SELECT attempt_id, key, response, fraction, round(fraction * points, 4), points FROM bench_responses`,
  `SET session_replication_role = DEFAULT`,
  // As autovacuum would have left them: statistics for the planner, hint bits and the visibility map set.
  `VACUUM ANALYZE quiz_attempts`,
  `VACUUM ANALYZE quiz_responses`,
];

async function seed() {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const started = performance.now();
    for (const statement of SEED) await admin.query(statement);
    const [counts] = (
      await admin.query(
        `SELECT count(*)::int AS attempts, count(DISTINCT user_id)::int AS people,
           (SELECT count(*)::int FROM quiz_responses) AS responses FROM quiz_attempts`,
      )
    ).rows;
    console.log(
      `seeded ${counts.attempts.toLocaleString('en')} submitted attempts by ${counts.people.toLocaleString('en')} people, ` +
        `${counts.responses.toLocaleString('en')} responses, in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  } finally {
    await admin.end();
  }
}

async function time(repository, filter) {
  await repository.report(INSTITUTE, COHORT, MODULE_KEY, filter); // warm-up: caches, plans, connection
  const durations = [];
  let report;
  for (let run = 0; run < Number(runs); run++) {
    const started = performance.now();
    report = await repository.report(INSTITUTE, COHORT, MODULE_KEY, filter);
    durations.push(performance.now() - started);
  }
  durations.sort((a, b) => a - b);
  const median = durations[Math.floor(durations.length / 2)];
  const alpha = report.test.cronbachAlpha;
  console.log(
    `${`'${filter}'`.padEnd(9)} ${String(report.test.attempts).padStart(7)} attempts counted, ${report.questions.length} questions` +
      `  min ${durations[0].toFixed(0)} ms  median ${median.toFixed(0)} ms  max ${durations.at(-1).toFixed(0)} ms` +
      ` (${runs} runs)  alpha ${alpha === null ? '-' : alpha.toFixed(3)}` +
      `  goal < ${GOAL_MS} ms: ${durations.at(-1) < GOAL_MS ? 'met' : 'MISSED'}`,
  );
}

await seed();
const dataSource = new DataSource(dataSourceOptions(databaseUrl, 2));
await dataSource.initialize();
try {
  const repository = new ItemAnalysisRepository(dataSource);
  for (const filter of ['all', 'first', 'graded']) await time(repository, filter);
} finally {
  await dataSource.destroy();
}
