import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import {
  cronbachAlphaOf,
  describeResponses,
  type AttemptsToCount,
  type ItemAnalysisReport,
  type QuestionAnalysis,
  type ResponseCount,
} from './domain/item-analysis.js';
import type { GradingMethod } from './domain/attempt-policy.js';
import type { Question } from './domain/question.types.js';

// Numeric and short answers can take as many values as there are attempts: the report lists the most frequent.
const MOST_FREQUENT_OPEN_VALUES = 10;

// Of attempt `a`: it keeps the settings it started with; a grading method other than these is read as the default.
const GRADING_SQL = `CASE WHEN a.settings->>'grading' IN ('average', 'first', 'last') THEN a.settings->>'grading'
  ELSE 'highest' END`;

// The statistics join every counted response with its attempt; with the default 4 MB the hash spills to disk.
const REPORT_WORK_MEM = '64MB';

interface QuestionStatisticsRow {
  question_key: string;
  attempts: number;
  facility: number;
  standard_deviation: number | null;
  discrimination_index: number | null;
  discriminative_efficiency: number | null;
  complete_variance: number | null;
}

interface TestStatisticsRow {
  attempts: number;
  mean: number | null;
  median: number | null;
  standard_deviation: number | null;
  complete_attempts: number;
  complete_variance: number | null;
}

interface ResponseCountRow {
  question_key: string;
  part_id: string | null;
  value: string | null;
  other: boolean;
  count: number;
  mean_fraction: number | null;
}

interface QuestionDefinitionRow {
  question_key: string;
  position: number;
  type: Question['type'];
  points: number;
  definition: Question;
}

/**
 * Item analysis of one quiz in one cohort, computed where the attempts are: every figure comes out of SQL
 * aggregates, and what reaches Node is one row per question (and per response value), never per attempt.
 *
 * A submitted attempt has one scored response per drawn question and its score is the sum of their points, so the
 * rest of the test for a question is `score - points`, and an attempt includes every question of the analysis when
 * it drew as many questions as the analysis has.
 */
@Injectable()
export class ItemAnalysisRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async report(
    instituteId: string,
    cohortId: string,
    moduleKey: string,
    attemptsToCount: AttemptsToCount,
  ): Promise<ItemAnalysisReport> {
    const parameters = [instituteId, cohortId, moduleKey];
    // One snapshot for all the queries, so a submission landing half-way cannot make the figures disagree.
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      await manager.query(`SET TRANSACTION READ ONLY`);
      await manager.query(`SET LOCAL work_mem = '${REPORT_WORK_MEM}'`);
      const gradingMethods = attemptsToCount === 'graded' ? await this.gradingMethods(manager, parameters) : [];
      const counted = countedAttemptsSql(attemptsToCount, gradingMethods);
      const statistics = await manager.query<QuestionStatisticsRow[]>(questionStatisticsSql(counted), parameters);
      const [test] = await manager.query<TestStatisticsRow[]>(testStatisticsSql(counted), [
        ...parameters,
        statistics.length,
      ]);
      const responseCounts = await this.responseCounts(manager, counted, parameters);
      const definitions = await this.questionDefinitions(manager, parameters);

      const questions = statistics.map((row): QuestionAnalysis => {
        const question = definitions.get(row.question_key);
        return {
          questionId: row.question_key,
          attempts: row.attempts,
          facilityIndex: row.facility,
          standardDeviation: row.standard_deviation,
          discriminationIndex: row.discrimination_index,
          discriminativeEfficiency: row.discriminative_efficiency,
          position: question?.position ?? null,
          type: question?.type ?? null,
          text: question?.definition.text ?? null,
          points: question?.points ?? null,
          responses: describeResponses(question?.definition ?? null, responseCounts.get(row.question_key) ?? []),
        };
      });
      questions.sort(
        (a, b) =>
          (a.position ?? Infinity) - (b.position ?? Infinity) ||
          (a.questionId < b.questionId ? -1 : a.questionId > b.questionId ? 1 : 0),
      );
      return {
        attemptsToCount,
        test: {
          attempts: test.attempts,
          mean: test.mean,
          median: test.median,
          standardDeviation: test.standard_deviation,
          cronbachAlpha: cronbachAlphaOf({
            items: statistics.length,
            completeAttempts: test.complete_attempts,
            itemVarianceSum: statistics.reduce((sum, row) => sum + (row.complete_variance ?? 0), 0),
            totalVariance: test.complete_variance,
          }),
        },
        questions,
      };
    });
  }

  private async gradingMethods(manager: EntityManager, parameters: unknown[]): Promise<GradingMethod[]> {
    const rows = await manager.query<{ grading: GradingMethod }[]>(
      `SELECT DISTINCT ${GRADING_SQL} AS grading FROM quiz_attempts a WHERE ${submittedSql('a')}`,
      parameters,
    );
    return rows.map((row) => row.grading);
  }

  private async responseCounts(
    manager: EntityManager,
    counted: string,
    parameters: unknown[],
  ): Promise<Map<string, ResponseCount[]>> {
    const rows = await manager.query<ResponseCountRow[]>(responseCountsSql(counted), parameters);
    const byQuestion = new Map<string, ResponseCount[]>();
    for (const row of rows) {
      const counts = byQuestion.get(row.question_key) ?? [];
      counts.push({
        partId: row.part_id,
        value: row.value,
        other: row.other,
        count: row.count,
        meanFraction: row.mean_fraction,
      });
      byQuestion.set(row.question_key, counts);
    }
    return byQuestion;
  }

  /** The questions as worded by the newest course version the quiz's submitted attempts were drawn from. */
  private async questionDefinitions(
    manager: EntityManager,
    parameters: unknown[],
  ): Promise<Map<string, QuestionDefinitionRow>> {
    const rows = await manager.query<QuestionDefinitionRow[]>(
      `SELECT DISTINCT ON (q.question_key) q.question_key, q.position, q.type, q.points::float8 AS points, q.definition
       FROM quiz_questions q
       JOIN course_modules m ON m.id = q.module_id
       JOIN course_versions v ON v.id = m.course_version_id
       WHERE q.module_id IN (SELECT DISTINCT a.course_module_id FROM quiz_attempts a WHERE ${submittedSql('a')})
       ORDER BY q.question_key, v.number DESC`,
      parameters,
    );
    return new Map(rows.map((row) => [row.question_key, row]));
  }
}

/** Attempts count as submitted once graded; $1 institute, $2 cohort, $3 module key. */
function submittedSql(alias: string): string {
  return `${alias}.institute_id = $1 AND ${alias}.cohort_id = $2 AND ${alias}.module_key = $3
    AND ${alias}.status = 'submitted' AND ${alias}.score IS NOT NULL`;
}

/**
 * The submitted attempts that count. First, last and highest are "no other attempt of the person comes before it":
 * the planner estimates that well and runs it as a parallel anti-join, where a window function's rank = 1 is
 * estimated at a handful of rows and planned accordingly. Ties go to the earlier attempt, as `finalGrade` keeps the
 * first of equal attempts. `gradingMethods`: those the attempts were graded with, for 'graded'.
 */
function countedAttemptsSql(attemptsToCount: AttemptsToCount, gradingMethods: readonly GradingMethod[]): string {
  const attempts = `SELECT a.id, a.percent, a.score, a.question_keys FROM quiz_attempts a
    WHERE ${submittedSql('a')}`;
  const noOther = (before: string) =>
    `NOT EXISTS (SELECT 1 FROM quiz_attempts o WHERE ${submittedSql('o')} AND o.user_id = a.user_id AND (${before}))`;
  const earlier = `(o.submitted_at, o.number) < (a.submitted_at, a.number)`;
  const rule: Record<GradingMethod, string> = {
    average: 'true',
    first: noOther(earlier),
    last: noOther(`(o.submitted_at, o.number) > (a.submitted_at, a.number)`),
    highest: noOther(`o.percent > a.percent OR (o.percent = a.percent AND ${earlier})`),
  };
  switch (attemptsToCount) {
    case 'all':
      return attempts;
    case 'first':
    case 'last':
    case 'highest':
      return `${attempts} AND ${rule[attemptsToCount]}`;
    case 'graded':
      // Each attempt by its own grading method ('average' grades with every attempt). Usually all attempts share
      // one; otherwise one branch per method, since a rule picked per row (CASE) runs a subquery per attempt.
      if (gradingMethods.length <= 1) return `${attempts} AND ${rule[gradingMethods[0] ?? 'average']}`;
      return gradingMethods
        .map((method) => `${attempts} AND ${GRADING_SQL} = '${method}' AND ${rule[method]}`)
        .join('\n    UNION ALL\n    ');
  }
}

/**
 * Per question, from the distinct (mark, rest of test) pairs with their counts: the attempts collapse to a few
 * hundred groups in one parallel aggregate, and every figure after that is exact arithmetic on the groups. Sums of
 * squares are taken around the means (two passes), as the domain functions do, to keep their precision.
 *
 * The discriminative efficiency divides by the covariance of the marks and rests each sorted on its own: both
 * sorted lists are step functions of the rank, so the sum runs over the segments between their steps.
 */
function questionStatisticsSql(counted: string): string {
  return `WITH counted AS (${counted}),
    groups AS MATERIALIZED (
      SELECT r.question_key, cardinality(c.question_keys) AS drawn, r.fraction::float8 AS fraction,
        r.points::float8 AS mark, (c.score - r.points)::float8 AS rest, count(*)::float8 AS n
      FROM counted c JOIN quiz_responses r ON r.attempt_id = c.id
      WHERE r.fraction IS NOT NULL AND r.points IS NOT NULL
      GROUP BY r.question_key, cardinality(c.question_keys), r.fraction, r.points, c.score
    ),
    question_count AS (SELECT count(DISTINCT question_key) AS k FROM groups),
    means AS (
      SELECT question_key, sum(n) AS attempts, sum(n * fraction) / sum(n) AS facility,
        sum(n * mark) / sum(n) AS mark, sum(n * rest) / sum(n) AS rest
      FROM groups GROUP BY question_key
    ),
    spreads AS (
      SELECT g.question_key, sum(g.n * (g.fraction - m.facility) ^ 2) AS ff, sum(g.n * (g.mark - m.mark) ^ 2) AS xx,
        sum(g.n * (g.rest - m.rest) ^ 2) AS yy, sum(g.n * (g.mark - m.mark) * (g.rest - m.rest)) AS xy
      FROM groups g JOIN means m USING (question_key) GROUP BY g.question_key
    ),
    complete AS (
      SELECT * FROM groups WHERE drawn = (SELECT k FROM question_count)
    ),
    complete_means AS (
      SELECT question_key, sum(n) AS attempts, sum(n * mark) / sum(n) AS mark FROM complete GROUP BY question_key
    ),
    complete_variances AS (
      SELECT c.question_key, sum(c.n * (c.mark - m.mark) ^ 2) / nullif(m.attempts - 1, 0) AS variance
      FROM complete c JOIN complete_means m USING (question_key) GROUP BY c.question_key, m.attempts
    ),
    steps AS (
      SELECT question_key, sum(sum(n)) OVER (PARTITION BY question_key ORDER BY mark) AS upper,
        mark, NULL::float8 AS rest
      FROM groups GROUP BY question_key, mark
      UNION ALL
      SELECT question_key, sum(sum(n)) OVER (PARTITION BY question_key ORDER BY rest), NULL, rest
      FROM groups GROUP BY question_key, rest
    ),
    boundaries AS (
      SELECT question_key, upper, max(mark) AS mark, max(rest) AS rest FROM steps GROUP BY question_key, upper
    ),
    filled AS (
      SELECT question_key, upper, mark, rest,
        count(mark) OVER (PARTITION BY question_key ORDER BY upper DESC) AS mark_step,
        count(rest) OVER (PARTITION BY question_key ORDER BY upper DESC) AS rest_step
      FROM boundaries
    ),
    segments AS (
      SELECT question_key, upper - coalesce(lag(upper) OVER (PARTITION BY question_key ORDER BY upper), 0) AS length,
        max(mark) OVER (PARTITION BY question_key, mark_step) AS mark,
        max(rest) OVER (PARTITION BY question_key, rest_step) AS rest
      FROM filled
    ),
    sorted AS (
      SELECT s.question_key, sum(s.length * (s.mark - m.mark) * (s.rest - m.rest)) AS xy
      FROM segments s JOIN means m USING (question_key) GROUP BY s.question_key
    )
    SELECT m.question_key, m.attempts::int AS attempts, m.facility,
      CASE WHEN m.attempts >= 2 THEN sqrt(s.ff / (m.attempts - 1)) END AS standard_deviation,
      CASE WHEN m.attempts >= 2 AND s.xx > 1e-12 AND s.yy > 1e-12
        THEN greatest(-1, least(1, s.xy / sqrt(s.xx * s.yy))) END AS discrimination_index,
      CASE WHEN m.attempts >= 2 AND s.xx > 1e-12 AND s.yy > 1e-12 AND o.xy > 1e-12
        THEN least(1, s.xy / o.xy) END AS discriminative_efficiency,
      v.variance AS complete_variance
    FROM means m JOIN spreads s USING (question_key) JOIN sorted o USING (question_key)
    LEFT JOIN complete_variances v USING (question_key)`;
}

/** $4: how many questions the analysis has; the attempts that drew that many include all of them. */
function testStatisticsSql(counted: string): string {
  return `WITH counted AS (${counted})
    SELECT count(*)::int AS attempts, avg(percent::float8) AS mean,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY percent::float8) AS median,
      stddev_samp(percent::float8) AS standard_deviation,
      count(*) FILTER (WHERE cardinality(question_keys) = $4)::int AS complete_attempts,
      var_samp(score::float8) FILTER (WHERE cardinality(question_keys) = $4) AS complete_variance
    FROM counted`;
}

/**
 * What was answered, per question (and matching prompt): identical responses are counted first, in one parallel
 * aggregate, and only the few distinct ones are taken apart. Short answers are grouped as scoring compares them
 * (`normalizeText`).
 */
function responseCountsSql(counted: string): string {
  return `WITH counted AS (${counted}),
    distinct_responses AS (
      SELECT r.question_key, r.response, count(*) AS count, sum(r.fraction) AS fraction_sum
      FROM counted c JOIN quiz_responses r ON r.attempt_id = c.id
      WHERE r.fraction IS NOT NULL
      GROUP BY r.question_key, r.response
    ),
    given AS (
      SELECT d.question_key, d.response->>'type' AS type, v.part_id, v.value,
        sum(d.count) AS count, sum(d.fraction_sum) AS fraction_sum
      FROM distinct_responses d
      LEFT JOIN LATERAL (
        SELECT NULL::text AS part_id, CASE d.response->>'type'
            WHEN 'single-choice' THEN d.response->>'optionId'
            WHEN 'true-false' THEN d.response->>'value'
            WHEN 'numeric' THEN d.response->>'value'
            WHEN 'short-answer' THEN nullif(lower(regexp_replace(
              btrim(normalize(d.response->>'text', NFKC), E' \\t\\n\\r\\f\\v'), '\\s+', ' ', 'g')), '')
          END AS value
        WHERE coalesce(d.response->>'type', '') NOT IN ('multiple-response', 'matching')
        UNION ALL
        SELECT NULL, option_id FROM jsonb_array_elements_text(
          CASE WHEN d.response->>'type' = 'multiple-response' AND jsonb_typeof(d.response->'optionIds') = 'array'
            THEN d.response->'optionIds' END) AS option_id
        UNION ALL
        SELECT answer.key, answer.value FROM jsonb_each_text(
          CASE WHEN d.response->>'type' = 'matching' AND jsonb_typeof(d.response->'answers') = 'object'
            THEN d.response->'answers' END) AS answer
      ) v ON true
      GROUP BY 1, 2, 3, 4
    ),
    ranked AS (
      SELECT *, value IS NOT NULL AND type IN ('numeric', 'short-answer') AND row_number() OVER (
          PARTITION BY question_key, part_id ORDER BY value IS NULL, count DESC, value
        ) > ${MOST_FREQUENT_OPEN_VALUES} AS other
      FROM given
    )
    SELECT question_key, part_id, CASE WHEN other THEN NULL ELSE value END AS value, other,
      sum(count)::int AS count, (sum(fraction_sum) / sum(count))::float8 AS mean_fraction
    FROM ranked
    GROUP BY question_key, part_id, CASE WHEN other THEN NULL ELSE value END, other
    ORDER BY question_key, part_id, count DESC`;
}
