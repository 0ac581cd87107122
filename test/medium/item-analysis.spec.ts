import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options.js';
import {
  analyzeQuiz,
  type AttemptItemScores,
  type AttemptsToCount,
  type ItemAnalysisReport,
} from '../../src/modules/quizzes/domain/item-analysis.js';
import type { Question, Response } from '../../src/modules/quizzes/domain/question.types.js';
import { normalizeText, scoreQuestion } from '../../src/modules/quizzes/domain/score-question.js';
import { ItemAnalysisRepository } from '../../src/modules/quizzes/item-analysis.repository.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

type Grading = 'highest' | 'average' | 'first' | 'last';

/** One submitted attempt as seeded: what the database holds, before any statistics. */
interface SeededAttempt {
  userId: string;
  number: number;
  grading: Grading;
  responses: { question: Question; response: Response | null }[];
}

interface StoredAttempt {
  id: string;
  user_id: string;
  number: number;
  submitted_at: Date;
  percent: string;
  score: string;
  grading: Grading;
}

const QUESTIONS: Question[] = [
  {
    id: 'ia-choice',
    type: 'single-choice',
    text: 'Which model fits?',
    options: [
      { id: 'ia-choice-a', text: 'Peer network', fraction: 1 },
      { id: 'ia-choice-b', text: 'Federation', fraction: 0 },
      { id: 'ia-choice-c', text: 'Hub and spoke', fraction: 0 },
      { id: 'ia-choice-d', text: '=Formula-looking option', fraction: 0 },
    ],
  },
  {
    id: 'ia-multi',
    type: 'multiple-response',
    text: 'Which two are shared?',
    points: 2,
    options: [
      { id: 'ia-multi-a', text: 'Purpose', fraction: 0.5 },
      { id: 'ia-multi-b', text: 'Activity', fraction: 0.5 },
      { id: 'ia-multi-c', text: 'Name', fraction: -0.5 },
      { id: 'ia-multi-d', text: 'Building', fraction: -0.5 },
    ],
  },
  { id: 'ia-tf', type: 'true-false', text: 'Labels matter most.', answer: false },
  {
    id: 'ia-num',
    type: 'numeric',
    text: 'How many schools?',
    answers: [
      { id: 'ia-num-a', value: 42, tolerance: 0.5, fraction: 1 },
      { id: 'ia-num-b', value: 40, fraction: 0.5 },
    ],
  },
  {
    id: 'ia-short',
    type: 'short-answer',
    text: 'Name the grouping.',
    answers: [
      { id: 'ia-short-a', text: 'cluster', fraction: 1 },
      { id: 'ia-short-b', text: 'network*', fraction: 0.5 },
    ],
  },
  {
    id: 'ia-match',
    type: 'matching',
    text: 'Match the models.',
    points: 3,
    pairs: [
      { id: 'p1', prompt: 'Hub', answer: 'Centre' },
      { id: 'p2', prompt: 'Peer', answer: 'Equals' },
      { id: 'p3', prompt: 'Federation', answer: 'One board' },
    ],
  },
];

/** Deterministic pseudo-random numbers, so a failure can be replayed. */
function randomSource(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/** A response of someone who knows the answer with probability `knows`, else guesses; sometimes none. */
function respond(question: Question, knows: number, random: () => number): Response | null {
  if (random() < 0.04) return null;
  const right = () => random() < knows;
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)];
  switch (question.type) {
    case 'single-choice':
      return { type: 'single-choice', optionId: right() ? question.options[0].id : pick(question.options).id };
    case 'multiple-response':
      return {
        type: 'multiple-response',
        optionIds: question.options
          .filter((option) => (option.fraction > 0 ? right() : random() > knows + 0.3))
          .map((option) => option.id),
      };
    case 'true-false':
      return { type: 'true-false', value: right() ? question.answer : random() < 0.5 };
    case 'numeric':
      return {
        type: 'numeric',
        value: right() ? pick([42, 42, 42.25]) : random() < 0.4 ? 40 : 100 + Math.floor(random() * 30),
      };
    case 'short-answer':
      return {
        type: 'short-answer',
        text: right() ? pick(['cluster', ' Cluster ', 'CLUSTER']) : pick(['networks', 'zone', 'hub', '  ']),
      };
    case 'matching':
      return {
        type: 'matching',
        answers: Object.fromEntries(
          question.pairs.map((pair) => [pair.id, right() ? pair.answer : pick(question.pairs).answer]),
        ),
      };
  }
}

const round = (value: number, decimals: number) => Math.round(value * 10 ** decimals) / 10 ** decimals;

describe('item analysis in PostgreSQL', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let repository: ItemAnalysisRepository;
  const ids = {
    institute: '',
    otherInstitute: '',
    cohort: '',
    otherCohort: '',
    handCohort: '',
    module: '',
  };

  const one = async (sql: string, parameters: unknown[] = []) =>
    (await dataSource.query<[{ id: string }]>(sql, parameters))[0].id;

  async function createPeople(count: number, prefix: string): Promise<string[]> {
    const rows = await dataSource.query<{ id: string }[]>(
      `INSERT INTO users (email, full_name)
       SELECT $1 || n || '@example.org', 'Person ' || n FROM generate_series(1, $2::int) n RETURNING id`,
      [prefix, count],
    );
    return rows.map((row) => row.id);
  }

  /**
   * Seeds attempts as the app records them: started (in progress), answered, then submitted and graded, one number
   * at a time since a person has one attempt open at most. The score is the sum of the stored points.
   */
  async function seedAttempts(instituteId: string, cohortId: string, attempts: SeededAttempt[]): Promise<void> {
    const numbers = [...new Set(attempts.map((attempt) => attempt.number))].sort((a, b) => a - b);
    for (const number of numbers) {
      const batch = attempts.filter((attempt) => attempt.number === number);
      const started = await dataSource.query<{ id: string; user_id: string }[]>(
        `INSERT INTO quiz_attempts (institute_id, cohort_id, user_id, module_key, course_module_id, number, status,
           question_keys, settings, started_at)
         SELECT $1, $2, seeded.user_id, 'ia-m01', $3, $4::int, 'in-progress', seeded.question_keys,
           jsonb_build_object('grading', seeded.grading, 'passMark', 70),
           timestamptz '2026-02-02T08:00:00Z' + $4::int * interval '1 day' + seeded.ordinal * interval '1 minute'
         FROM jsonb_to_recordset($5::jsonb) AS seeded(user_id uuid, question_keys text[], grading text, ordinal int)
         RETURNING id, user_id`,
        [
          instituteId,
          cohortId,
          ids.module,
          number,
          JSON.stringify(
            batch.map((attempt, ordinal) => ({
              user_id: attempt.userId,
              question_keys: attempt.responses.map((entry) => entry.question.id),
              grading: attempt.grading,
              ordinal,
            })),
          ),
        ],
      );
      const attemptIds = new Map(started.map((row) => [row.user_id, row.id]));
      const responses = batch.flatMap((attempt) =>
        attempt.responses.map(({ question, response }) => {
          const fraction = round(scoreQuestion(question, response).fraction, 7);
          const maxPoints = question.points ?? 1;
          return {
            attempt_id: attemptIds.get(attempt.userId),
            question_key: question.id,
            response,
            fraction,
            points: round(fraction * maxPoints, 4),
            max_points: maxPoints,
          };
        }),
      );
      await dataSource.query(
        `INSERT INTO quiz_responses (attempt_id, question_key, response, fraction, points, max_points)
         SELECT attempt_id, question_key, response, fraction, points, max_points
         FROM jsonb_to_recordset($1::jsonb)
           AS r(attempt_id uuid, question_key text, response jsonb, fraction numeric, points numeric, max_points numeric)`,
        [JSON.stringify(responses)],
      );
      await dataSource.query(
        `UPDATE quiz_attempts a SET status = 'submitted', submitted_at = a.started_at + interval '20 minutes',
           closed_by = 'participant', score = totals.score, max_score = totals.max_score,
           percent = round(100 * totals.score / totals.max_score, 2)
         FROM (SELECT attempt_id, sum(points) AS score, sum(max_points) AS max_score FROM quiz_responses
               WHERE attempt_id = ANY($1::uuid[]) GROUP BY attempt_id) totals
         WHERE a.id = totals.attempt_id`,
        [[...attemptIds.values()]],
      );
    }
  }

  /** What the in-memory domain functions compute from the same rows: the oracle for the SQL. */
  async function expectedReport(instituteId: string, cohortId: string, attemptsToCount: AttemptsToCount) {
    const attempts = await dataSource.query<StoredAttempt[]>(
      `SELECT id, user_id, number, submitted_at, percent, score, settings->>'grading' AS grading FROM quiz_attempts
       WHERE institute_id = $1 AND cohort_id = $2 AND module_key = 'ia-m01' AND status = 'submitted'`,
      [instituteId, cohortId],
    );
    const responses = await dataSource.query<
      { attempt_id: string; question_key: string; fraction: string; points: string }[]
    >(`SELECT attempt_id, question_key, fraction, points FROM quiz_responses WHERE attempt_id = ANY($1::uuid[])`, [
      attempts.map((attempt) => attempt.id),
    ]);
    const counted = selectAttempts(attempts, attemptsToCount);
    const scores = new Map<string, AttemptItemScores>(
      counted.map((attempt) => [
        attempt.id,
        { attemptId: attempt.id, grade: Number(attempt.percent), score: Number(attempt.score), items: {} },
      ]),
    );
    for (const row of responses) {
      const scored = scores.get(row.attempt_id);
      if (scored) scored.items[row.question_key] = { fraction: Number(row.fraction), mark: Number(row.points) };
    }
    return analyzeQuiz([...scores.values()]);
  }

  function expectReportToMatch(report: ItemAnalysisReport, expected: ReturnType<typeof analyzeQuiz>): void {
    const close = (actual: number | null, wanted: number | null) => {
      if (wanted === null) expect(actual).toBeNull();
      else expect(Math.abs(actual! - wanted)).toBeLessThan(1e-9);
    };
    expect(report.test.attempts).toBe(expected.test.attempts);
    close(report.test.mean, expected.test.mean);
    close(report.test.median, expected.test.median);
    close(report.test.standardDeviation, expected.test.standardDeviation);
    close(report.test.cronbachAlpha, expected.test.cronbachAlpha);
    expect(report.questions.map((question) => question.questionId).sort()).toEqual(
      expected.items.map((item) => item.questionId).sort(),
    );
    for (const item of expected.items) {
      const question = report.questions.find((candidate) => candidate.questionId === item.questionId)!;
      expect(question.attempts).toBe(item.attempts);
      close(question.facilityIndex, item.facilityIndex);
      close(question.standardDeviation, item.standardDeviation);
      close(question.discriminationIndex, item.discriminationIndex);
      close(question.discriminativeEfficiency, item.discriminativeEfficiency);
    }
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = new DataSource(dataSourceOptions(database.url, 4));
    await dataSource.initialize();
    repository = new ItemAnalysisRepository(dataSource);

    const institute = (slug: string) =>
      one(
        `INSERT INTO institutes (slug, name, country, default_language, languages, branding)
         VALUES ($1, $1, 'NP', 'en', '{en}', '{}') RETURNING id`,
        [slug],
      );
    ids.institute = await institute('ia-home');
    ids.otherInstitute = await institute('ia-other');
    await dataSource.query(`INSERT INTO courses (id, slug) VALUES ('ia-course', 'ia-course')`);
    const version = await one(
      `INSERT INTO course_versions (course_id, number, content_hash, language, title, summary, outline)
       VALUES ('ia-course', 1, repeat('a', 64), 'en', 'Item analysis', '', '[]') RETURNING id`,
    );
    ids.module = await one(
      `INSERT INTO course_modules (course_version_id, module_key, number, week_number, title, estimated_minutes,
         objectives, introduction_markdown, introduction_html)
       VALUES ($1, 'ia-m01', 1, 1, 'Networks', 30, '[]', '', '') RETURNING id`,
      [version],
    );
    await dataSource.query(
      `INSERT INTO quiz_questions (module_id, question_key, position, type, points, definition, rendered)
       SELECT $1, q->>'id', ordinality, q->>'type', coalesce((q->>'points')::numeric, 1), q, q
       FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS questions(q, ordinality)`,
      [ids.module, JSON.stringify(QUESTIONS)],
    );
    const cohort = (instituteId: string, title: string) =>
      one(
        `INSERT INTO cohorts (institute_id, course_version_id, title, start_date, time_zone, capacity,
           enrolment_opens_at, enrolment_closes_at, schedule)
         VALUES ($1, $2, $3, '2026-02-02', 'UTC', 500, '2026-01-01Z', '2026-02-01Z',
           '{"moduleUnlocks":[],"capstoneDueAt":"2026-04-01T00:00:00Z","peerReviewDueAt":"2026-04-08T00:00:00Z","endsAt":"2026-04-15T00:00:00Z"}')
         RETURNING id`,
        [instituteId, version, title],
      );
    ids.cohort = await cohort(ids.institute, 'Random cohort');
    ids.handCohort = await cohort(ids.institute, 'Hand-worked cohort');
    ids.otherCohort = await cohort(ids.otherInstitute, 'Other institute');

    // 150 people, 1 to 3 attempts each, each attempt graded by one of the four methods; ability improves with tries.
    // One attempt in seven drew 5 of the 6 questions, so alpha runs over the complete attempts only.
    const random = randomSource(20260202);
    const people = await createPeople(150, 'ia-random-');
    const gradings: Grading[] = ['highest', 'average', 'first', 'last'];
    const seeded: SeededAttempt[] = people.flatMap((userId, index) => {
      const ability = random();
      const attempts = 1 + Math.floor(random() * 3);
      return Array.from({ length: attempts }, (_, try_) => {
        const drawn = random() < 1 / 7 ? QUESTIONS.filter((_question, at) => at !== index % 6) : QUESTIONS;
        return {
          userId,
          number: try_ + 1,
          grading: gradings[index % 4],
          responses: drawn.map((question) => ({
            question,
            response: respond(question, Math.min(0.95, 0.15 + 0.7 * ability + 0.1 * try_), random),
          })),
        };
      });
    });
    await seedAttempts(ids.institute, ids.cohort, seeded);

    // The same module key in another institute's cohort: everyone perfect, which would show in any figure.
    const outsiders = await createPeople(20, 'ia-outsider-');
    await seedAttempts(
      ids.otherInstitute,
      ids.otherCohort,
      outsiders.map((userId) => ({
        userId,
        number: 1,
        grading: 'highest' as const,
        responses: QUESTIONS.map((question) => ({ question, response: respond(question, 1, () => 0.5) })),
      })),
    );
  }, 120_000);

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it.each<AttemptsToCount>(['all', 'first', 'last', 'highest', 'graded'])(
    'should compute the %s-attempts figures in SQL exactly as the domain functions do in memory',
    async (attemptsToCount) => {
      const report = await repository.report(ids.institute, ids.cohort, 'ia-m01', attemptsToCount);
      const expected = await expectedReport(ids.institute, ids.cohort, attemptsToCount);
      expect(report.attemptsToCount).toBe(attemptsToCount);
      expect(report.test.attempts).toBeGreaterThan(100);
      expect(report.test.cronbachAlpha).not.toBeNull();
      expectReportToMatch(report, expected);
    },
  );

  it('should count one attempt per person for first, last and highest, and fewer than all for graded', async () => {
    const [{ people, attempts }] = await dataSource.query<[{ people: number; attempts: number }]>(
      `SELECT count(DISTINCT user_id)::int AS people, count(*)::int AS attempts FROM quiz_attempts WHERE cohort_id = $1`,
      [ids.cohort],
    );
    expect(attempts).toBeGreaterThan(people);
    for (const filter of ['first', 'last', 'highest'] as const) {
      expect((await repository.report(ids.institute, ids.cohort, 'ia-m01', filter)).test.attempts).toBe(people);
    }
    const graded = (await repository.report(ids.institute, ids.cohort, 'ia-m01', 'graded')).test.attempts;
    expect(graded).toBeGreaterThan(people);
    expect(graded).toBeLessThan(attempts);
  });

  it('should list the questions in the quiz order with their wording', async () => {
    const report = await repository.report(ids.institute, ids.cohort, 'ia-m01', 'all');
    expect(
      report.questions.map(({ questionId, position, type, points }) => [questionId, position, type, points]),
    ).toEqual(QUESTIONS.map((question, index) => [question.id, index + 1, question.type, question.points ?? 1]));
    expect(report.questions[0].text).toBe('Which model fits?');
  });

  it('should count every option and value given, as the responses stored say', async () => {
    const report = await repository.report(ids.institute, ids.cohort, 'ia-m01', 'all');
    const stored = await dataSource.query<{ question_key: string; response: Response | null; fraction: string }[]>(
      `SELECT r.question_key, r.response, r.fraction FROM quiz_responses r JOIN quiz_attempts a ON a.id = r.attempt_id
       WHERE a.cohort_id = $1`,
      [ids.cohort],
    );
    const responsesOf = (questionId: string) =>
      stored.filter((row) => row.question_key === questionId).map((row) => row.response);
    const frequencies = (questionId: string) =>
      report.questions.find((question) => question.questionId === questionId)!.responses;
    const countOf = (questionId: string, value: string | null, partId: string | null = null) =>
      frequencies(questionId).find((entry) => entry.value === value && entry.partId === partId)?.count;

    // Single choice: every option, chosen or not, in the question's order, with its credit; then no answer.
    const choice = frequencies('ia-choice');
    expect(choice.map((entry) => [entry.kind, entry.value, entry.credit])).toEqual([
      ['option', 'ia-choice-a', 1],
      ['option', 'ia-choice-b', 0],
      ['option', 'ia-choice-c', 0],
      ['option', 'ia-choice-d', 0],
      ['no-answer', null, 0],
    ]);
    expect(choice[3].label).toBe('=Formula-looking option');
    for (const option of ['ia-choice-a', 'ia-choice-b', 'ia-choice-c', 'ia-choice-d']) {
      expect(countOf('ia-choice', option)).toBe(
        responsesOf('ia-choice').filter(
          (response) => response?.type === 'single-choice' && response.optionId === option,
        ).length,
      );
    }
    expect(countOf('ia-choice', null)).toBe(responsesOf('ia-choice').filter((response) => response === null).length);

    // Multiple response: each option counted in every response that picked it; an empty pick is no answer.
    const multi = responsesOf('ia-multi');
    for (const option of ['ia-multi-a', 'ia-multi-b', 'ia-multi-c', 'ia-multi-d']) {
      expect(countOf('ia-multi', option)).toBe(
        multi.filter((response) => response?.type === 'multiple-response' && response.optionIds.includes(option))
          .length,
      );
    }
    expect(countOf('ia-multi', null)).toBe(
      multi.filter(
        (response) => response === null || (response.type === 'multiple-response' && !response.optionIds.length),
      ).length,
    );

    // True/false as the two values offered.
    expect(countOf('ia-tf', 'false')).toBe(
      responsesOf('ia-tf').filter((response) => response?.type === 'true-false' && response.value === false).length,
    );

    // Numeric: the ten most frequent values, each credited with what it scored, and the rest together.
    const numeric = frequencies('ia-num');
    const given = new Map<string, number>();
    for (const response of responsesOf('ia-num')) {
      if (response?.type === 'numeric' && response.value !== null) {
        given.set(String(response.value), (given.get(String(response.value)) ?? 0) + 1);
      }
    }
    const values = numeric.filter((entry) => entry.kind === 'value');
    expect(values).toHaveLength(10);
    expect(values.find((entry) => entry.value === '42')).toMatchObject({ credit: 1, count: given.get('42') });
    expect(values.find((entry) => entry.value === '40')).toMatchObject({ credit: 0.5, count: given.get('40') });
    const listed = values.reduce((sum, entry) => sum + entry.count, 0);
    expect(numeric.find((entry) => entry.kind === 'other')?.count).toBe(
      [...given.values()].reduce((sum, count) => sum + count, 0) - listed,
    );
    expect(Math.min(...values.map((entry) => entry.count))).toBeGreaterThanOrEqual(
      Math.max(
        ...[...given.entries()]
          .filter(([value]) => !values.some((entry) => entry.value === value))
          .map(([, count]) => count),
      ),
    );

    // Short answers grouped as scoring compares them; a blank answer is no answer.
    const cluster = responsesOf('ia-short').filter(
      (response) => response?.type === 'short-answer' && normalizeText(response.text) === 'cluster',
    ).length;
    expect(countOf('ia-short', 'cluster')).toBe(cluster);
    expect(frequencies('ia-short').find((entry) => entry.value === 'cluster')?.credit).toBe(1);
    expect(countOf('ia-short', null)).toBe(
      responsesOf('ia-short').filter(
        (response) => response === null || (response.type === 'short-answer' && normalizeText(response.text) === ''),
      ).length,
    );

    // Matching: per prompt, every answer offered.
    for (const pair of ['p1', 'p2', 'p3']) {
      for (const answer of ['Centre', 'Equals', 'One board']) {
        expect(countOf('ia-match', answer, pair)).toBe(
          responsesOf('ia-match').filter(
            (response) => response?.type === 'matching' && response.answers[pair] === answer,
          ).length,
        );
      }
    }
  });

  it('should never count another institute’s attempts, nor show a cohort through another institute', async () => {
    const report = await repository.report(ids.institute, ids.cohort, 'ia-m01', 'all');
    const [{ count }] = await dataSource.query<[{ count: number }]>(
      `SELECT count(*)::int AS count FROM quiz_attempts WHERE institute_id = $1 AND cohort_id = $2`,
      [ids.institute, ids.cohort],
    );
    expect(report.test.attempts).toBe(count);

    const through = await repository.report(ids.otherInstitute, ids.cohort, 'ia-m01', 'all');
    expect(through.test).toEqual({
      attempts: 0,
      mean: null,
      median: null,
      standardDeviation: null,
      cronbachAlpha: null,
    });
    expect(through.questions).toEqual([]);

    const theirs = await repository.report(ids.otherInstitute, ids.otherCohort, 'ia-m01', 'all');
    expect(theirs.test.attempts).toBe(20);
    expect(theirs.test.mean).toBe(100);
  });

  it('should match the hand-worked figures of a small weighted quiz', async () => {
    /*
     * Three questions: multiple response worth 2 points, true/false and single choice worth 1; percent = score/4.
     *
     *          multi (2 pt)   tf  choice | score  percent
     *   a      1   → 2         1    0     |  3      75
     *   b      0.5 → 1         0    1     |  2      50
     *   c      0   → 0         1    0     |  1      25
     *   d      1   → 2         0    1     |  3      75
     *
     * Worked in the domain spec (the "weighted" set): multi facility 0.625, sd √(0.6875/3), rest constant so no
     * discrimination or efficiency; tf r = −1.5/√4.75, efficiency −1; choice r = −0.5/√2.75, efficiency −1/3;
     * α = −12/11. Grades: mean 56.25, median 62.5, deviations 18.75, −6.25, −31.25, 18.75: sd √(1718.75/3).
     */
    const [choice, multi, tf] = QUESTIONS;
    const people = await createPeople(4, 'ia-hand-');
    const pick = (ids: string[]): Response => ({ type: 'multiple-response', optionIds: ids });
    const rows: [Response, boolean, string][] = [
      [pick(['ia-multi-a', 'ia-multi-b']), false, 'ia-choice-b'],
      [pick(['ia-multi-a']), true, 'ia-choice-a'],
      [pick(['ia-multi-c']), false, 'ia-choice-c'],
      [pick(['ia-multi-b', 'ia-multi-a']), true, 'ia-choice-a'],
    ];
    await seedAttempts(
      ids.institute,
      ids.handCohort,
      rows.map(([multiResponse, truth, optionId], index) => ({
        userId: people[index],
        number: 1,
        grading: 'highest',
        responses: [
          { question: multi, response: multiResponse },
          { question: tf, response: { type: 'true-false', value: truth } },
          { question: choice, response: { type: 'single-choice', optionId } },
        ],
      })),
    );

    const report = await repository.report(ids.institute, ids.handCohort, 'ia-m01', 'all');
    expect(report.test.attempts).toBe(4);
    expect(report.test.mean).toBeCloseTo(56.25, 10);
    expect(report.test.median).toBeCloseTo(62.5, 10);
    expect(report.test.standardDeviation).toBeCloseTo(Math.sqrt(1718.75 / 3), 10);
    expect(report.test.cronbachAlpha).toBeCloseTo(-12 / 11, 10);
    const [choiceStats, multiStats, tfStats] = report.questions;
    expect(report.questions.map((question) => question.questionId)).toEqual(['ia-choice', 'ia-multi', 'ia-tf']);
    expect(multiStats).toMatchObject({ attempts: 4, discriminationIndex: null, discriminativeEfficiency: null });
    expect(multiStats.facilityIndex).toBeCloseTo(0.625, 10);
    expect(multiStats.standardDeviation).toBeCloseTo(Math.sqrt(0.6875 / 3), 10);
    expect(tfStats.discriminationIndex).toBeCloseTo(-1.5 / Math.sqrt(4.75), 10);
    expect(tfStats.discriminativeEfficiency).toBeCloseTo(-1, 10);
    expect(choiceStats.discriminationIndex).toBeCloseTo(-0.5 / Math.sqrt(2.75), 10);
    expect(choiceStats.discriminativeEfficiency).toBeCloseTo(-1 / 3, 10);
    expect(multiStats.responses.map((entry) => [entry.value, entry.count])).toEqual([
      ['ia-multi-a', 3],
      ['ia-multi-b', 2],
      ['ia-multi-c', 1],
      ['ia-multi-d', 0],
    ]);
    expect(tfStats.responses.map((entry) => [entry.label, entry.credit, entry.count])).toEqual([
      ['True', 0, 2],
      ['False', 1, 2],
    ]);
    // Every attempt was graded by "highest" and is each person's only one.
    expect(await repository.report(ids.institute, ids.handCohort, 'ia-m01', 'graded')).toEqual(
      await repository.report(ids.institute, ids.handCohort, 'ia-m01', 'highest').then((highest) => ({
        ...highest,
        attemptsToCount: 'graded',
      })),
    );
  });

  it('should report an empty quiz without failing', async () => {
    const report = await repository.report(ids.institute, ids.cohort, 'no-such-module', 'graded');
    expect(report).toEqual({
      attemptsToCount: 'graded',
      test: { attempts: 0, mean: null, median: null, standardDeviation: null, cronbachAlpha: null },
      questions: [],
    });
  });
});

/** Which attempts each filter counts, decided in memory from the stored attempts. */
function selectAttempts(attempts: StoredAttempt[], attemptsToCount: AttemptsToCount): StoredAttempt[] {
  const byPerson = new Map<string, StoredAttempt[]>();
  for (const attempt of attempts) byPerson.set(attempt.user_id, [...(byPerson.get(attempt.user_id) ?? []), attempt]);
  const chronological = (a: StoredAttempt, b: StoredAttempt) =>
    a.submitted_at.getTime() - b.submitted_at.getTime() || a.number - b.number;
  const chosen = (own: StoredAttempt[], method: Grading): StoredAttempt[] => {
    const sorted = [...own].sort(chronological);
    switch (method) {
      case 'average':
        return sorted;
      case 'first':
        return [sorted[0]];
      case 'last':
        return [sorted[sorted.length - 1]];
      case 'highest':
        return [sorted.reduce((best, next) => (Number(next.percent) > Number(best.percent) ? next : best))];
    }
  };
  return [...byPerson.values()].flatMap((own) => {
    switch (attemptsToCount) {
      case 'all':
        return own;
      case 'first':
      case 'last':
      case 'highest':
        return chosen(own, attemptsToCount);
      case 'graded':
        // Each attempt by its own grading method, among all of the person's attempts.
        return own.filter((attempt) => chosen(own, attempt.grading).includes(attempt));
    }
  });
}
