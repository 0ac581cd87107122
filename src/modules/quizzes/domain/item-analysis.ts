import type { Question } from './question.types.js';

/**
 * Classical test theory statistics with the definitions of Moodle's quiz statistics report (docs.moodle.org "Quiz
 * statistics calculations"; question/classes/statistics/questions/calculator.php). Each attempt counts as an
 * independent attempt, as Moodle does when it includes more than first attempts.
 *
 * An item's mark is what it earned in points (fraction × the question's points); the rest of the test is the attempt's
 * score (the sum of its marks) minus the item's mark. Facility and standard deviation are on the fraction, that is the mark as a share of the
 * question's maximum. Figures are shares (0..1, or -1..1); a page or export shows them ×100 as Moodle does.
 */

// Sums of squares this small are rounding noise left by scores that do not differ, not variance.
const NO_VARIANCE = 1e-12;
/** Score variance, relative to the items' summed variance, below which the scores are treated as not varying. */
const NO_SCORE_SPREAD = 1e-6;

/**
 * Which submitted attempts a report counts, as Moodle's "calculate statistics from". 'graded': those that make each
 * person's grade under the attempt's own grading method (for 'average', all of them).
 */
export type AttemptsToCount = 'all' | 'first' | 'last' | 'highest' | 'graded';

export interface ItemScore {
  /** Share of the question's points earned, 0..1. */
  fraction: number;
  /** Points earned: the fraction × the question's points. */
  mark: number;
}

export interface AttemptItemScores {
  attemptId: string;
  /** The attempt's grade on any scale (the report uses percent): what the test mean, median and SD describe. */
  grade: number;
  /**
   * The attempt's score in points, the sum of its marks (stored rounded once rather than summed from rounded marks):
   * the rest of the test for an item is the score minus the item's mark. The sum of `items` when absent.
   */
  score?: number;
  /** Per question id; a question the attempt did not include is absent. */
  items: Record<string, ItemScore>;
}

export interface ItemStatistics {
  questionId: string;
  /** Attempts that included the question; every figure below is over these attempts only. */
  attempts: number;
  /** Mean fraction, 0..1: how easy the question was. */
  facilityIndex: number;
  /** Sample standard deviation of the fraction; null with fewer than 2 attempts. */
  standardDeviation: number | null;
  /** Pearson correlation of the item's mark with the rest of the test, -1..1; null when either side does not vary. */
  discriminationIndex: number | null;
  /**
   * Covariance of the item's mark with the rest of the test over the largest covariance the same marks could reach
   * (both lists sorted the same way). At most 1; below -1 is possible, as in Moodle. Null when the discrimination
   * index is.
   */
  discriminativeEfficiency: number | null;
}

export interface TestStatistics {
  attempts: number;
  mean: number | null;
  median: number | null;
  /** Sample standard deviation of the grades; null with fewer than 2 attempts. */
  standardDeviation: number | null;
  /** Internal consistency; null with fewer than 2 items, fewer than 2 complete attempts or no variance. */
  cronbachAlpha: number | null;
}

export interface QuizAnalysis {
  test: TestStatistics;
  /** In order of first appearance. */
  items: ItemStatistics[];
}

/** What was given to one question (or, for matching, to one of its prompts), counted over the attempts. */
export interface ResponseCount {
  /** Matching: the pair id the answer was given to; null for the other types. */
  partId: string | null;
  /**
   * The option id (single choice, multiple response), 'true' or 'false', the number given (numeric), the normalised
   * text (short answer) or the answer picked (matching); null for no answer and for the `other` bucket.
   */
  value: string | null;
  /** The values beyond the most frequent ones, counted together. */
  other: boolean;
  count: number;
  /** Mean fraction the question earned in these responses; what an open value (numeric, short answer) is worth. */
  meanFraction: number | null;
}

export type ResponseKind = 'option' | 'value' | 'other' | 'no-answer';

export interface ResponseFrequency {
  /**
   * 'option': offered by the question, listed even when nobody chose it; 'value': given freely, or an option the
   * question no longer has; 'other': the remaining given values together.
   */
  kind: ResponseKind;
  partId: string | null;
  /** Matching: the prompt. */
  partLabel: string | null;
  value: string | null;
  /** The option's text (Markdown) or the value given; null for 'other' and 'no-answer'. */
  label: string | null;
  /** Share of the question's points this response earns (an option's own fraction, -1..1); null when unknown. */
  credit: number | null;
  count: number;
}

export interface QuestionAnalysis extends ItemStatistics {
  /** From the question definition; null (and type, text, points too) when the course no longer has the question. */
  position: number | null;
  type: Question['type'] | null;
  /** Markdown, as authored. */
  text: string | null;
  points: number | null;
  responses: ResponseFrequency[];
}

export interface ItemAnalysisReport {
  attemptsToCount: AttemptsToCount;
  /** Over the attempts' percent grades. */
  test: TestStatistics;
  /** In the quiz's order. */
  questions: QuestionAnalysis[];
}

export function analyzeQuiz(attempts: readonly AttemptItemScores[]): QuizAnalysis {
  return { test: testStatistics(attempts), items: itemStatistics(attempts) };
}

export function itemStatistics(attempts: readonly AttemptItemScores[]): ItemStatistics[] {
  const scores = new Map(attempts.map((attempt) => [attempt, scoreOf(attempt)]));
  return questionIds(attempts).map((questionId) => {
    const taken = attempts.filter((attempt) => isItemScore(attempt.items[questionId]));
    const fractions = taken.map((attempt) => attempt.items[questionId].fraction);
    const marks = taken.map((attempt) => attempt.items[questionId].mark);
    const rest = taken.map((attempt) => scores.get(attempt)! - attempt.items[questionId].mark);
    return {
      questionId,
      attempts: taken.length,
      facilityIndex: mean(fractions) ?? 0,
      standardDeviation: sampleStandardDeviation(fractions),
      discriminationIndex: pearsonCorrelation(marks, rest),
      discriminativeEfficiency: discriminativeEfficiency(marks, rest),
    };
  });
}

export function testStatistics(attempts: readonly AttemptItemScores[]): TestStatistics {
  const grades = attempts.map((attempt) => attempt.grade);
  return {
    attempts: attempts.length,
    mean: mean(grades),
    median: median(grades),
    standardDeviation: sampleStandardDeviation(grades),
    cronbachAlpha: cronbachAlpha(attempts),
  };
}

/**
 * α = k/(k−1) · (1 − Σ var(mark) / var(score)), over the attempts that include every item; at most 1 as long as the
 * score is the sum of the marks.
 */
export function cronbachAlpha(attempts: readonly AttemptItemScores[]): number | null {
  const ids = questionIds(attempts);
  if (ids.length < 2) return null;
  const complete = attempts.filter((attempt) => ids.every((id) => isItemScore(attempt.items[id])));
  return cronbachAlphaOf({
    items: ids.length,
    completeAttempts: complete.length,
    itemVarianceSum: ids.reduce(
      (sum, id) => sum + (sampleVariance(complete.map((attempt) => attempt.items[id].mark)) ?? 0),
      0,
    ),
    totalVariance: sampleVariance(complete.map(scoreOf)),
  });
}

export interface CronbachAlphaParts {
  /** k, the number of items. */
  items: number;
  /** Attempts that include every item; the variances below are over these. */
  completeAttempts: number;
  /** Σ of the items' sample variances of mark. */
  itemVarianceSum: number;
  /** Sample variance of the scores (sums of the marks); null with fewer than 2 attempts. */
  totalVariance: number | null;
}

/** α from variances aggregated elsewhere (in the database, for the report): the same rule as `cronbachAlpha`. */
export function cronbachAlphaOf(parts: CronbachAlphaParts): number | null {
  const { items, completeAttempts, itemVarianceSum, totalVariance } = parts;
  if (items < 2 || completeAttempts < 2 || totalVariance === null) return null;
  if (totalVariance * (completeAttempts - 1) <= NO_VARIANCE) return null;
  // Scores equal up to rounding while the items vary: α would be a huge negative number made of rounding noise
  // (−10^10 on a case fast-check found), and a different one for another order of the same attempts.
  if (totalVariance <= NO_SCORE_SPREAD * itemVarianceSum) return null;
  return (items / (items - 1)) * (1 - itemVarianceSum / totalVariance);
}

export function pearsonCorrelation(xs: readonly number[], ys: readonly number[]): number | null {
  const sums = sumsOfProducts(xs, ys);
  if (sums === null) return null;
  // Rounding can push a perfect correlation a hair past ±1.
  return clamp(sums.xy / Math.sqrt(sums.xx * sums.yy), -1, 1);
}

/**
 * Moodle's discriminative efficiency: cov(x, y) / cov(sorted x, sorted y). Pairing the k-th smallest x with the k-th
 * smallest y gives the largest covariance any pairing of these values can reach, so the ratio says how much of the
 * discrimination the item's spread of marks allows it actually achieves. Null when either side does not vary.
 */
export function discriminativeEfficiency(xs: readonly number[], ys: readonly number[]): number | null {
  const count = Math.min(xs.length, ys.length);
  const sums = sumsOfProducts(xs, ys);
  if (sums === null) return null;
  const byValue = (a: number, b: number) => a - b;
  const sorted = sumsOfProducts(xs.slice(0, count).sort(byValue), ys.slice(0, count).sort(byValue));
  if (sorted === null || sorted.xy <= NO_VARIANCE) return null;
  // Equal to 1 when the item orders the attempts as the rest does; rounding can overshoot by a hair.
  return Math.min(1, sums.xy / sorted.xy);
}

export function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function sampleStandardDeviation(values: readonly number[]): number | null {
  const variance = sampleVariance(values);
  return variance === null ? null : Math.sqrt(variance);
}

/**
 * Labels counted responses with the question's options, in the question's order: every option offered (counted or
 * not), then values given that the question does not offer, then the other values, then no answer.
 */
export function describeResponses(question: Question | null, counts: readonly ResponseCount[]): ResponseFrequency[] {
  const given = new Map(counts.filter((row) => !row.other).map((row) => [responseKey(row.partId, row.value), row]));
  const offered: ResponseFrequency[] = offeredResponses(question).map((response) => {
    const key = responseKey(response.partId, response.value);
    const count = given.get(key)?.count ?? 0;
    given.delete(key);
    return { ...response, count };
  });
  const free = [...given.values()]
    .filter((row) => row.value !== null)
    .sort((a, b) => b.count - a.count || compareText(a.partId ?? '', b.partId ?? '') || compareText(a.value!, b.value!))
    .map((row): ResponseFrequency => ({
      kind: 'value',
      partId: row.partId,
      partLabel: partLabel(question, row.partId),
      value: row.value,
      label: row.value,
      credit: freeValueCredit(question, row),
      count: row.count,
    }));
  const remainder = (other: boolean): ResponseFrequency[] =>
    counts
      .filter((row) => row.other === other && (other || row.value === null))
      .map((row) => ({
        kind: other ? 'other' : 'no-answer',
        partId: row.partId,
        partLabel: partLabel(question, row.partId),
        value: null,
        label: null,
        credit: other ? null : 0,
        count: row.count,
      }));
  return [...offered, ...free, ...remainder(true), ...remainder(false)];
}

function offeredResponses(question: Question | null): Omit<ResponseFrequency, 'count'>[] {
  if (!question) return [];
  const option = (value: string, label: string, credit: number, partId: string | null = null, prompt?: string) => ({
    kind: 'option' as const,
    partId,
    partLabel: prompt ?? null,
    value,
    label,
    credit,
  });
  switch (question.type) {
    case 'single-choice':
    case 'multiple-response':
      return question.options.map((choice) => option(choice.id, choice.text, choice.fraction));
    case 'true-false':
      return [option('true', 'True', question.answer ? 1 : 0), option('false', 'False', question.answer ? 0 : 1)];
    case 'matching': {
      // Every prompt offers every answer of the question, as the participant's list does.
      const answers = [...new Set(question.pairs.map((pair) => pair.answer))];
      return question.pairs.flatMap((pair) =>
        answers.map((answer) =>
          option(answer, answer, answer.trim() === pair.answer.trim() ? 1 : 0, pair.id, pair.prompt),
        ),
      );
    }
    case 'numeric':
    case 'short-answer':
      return [];
  }
}

function freeValueCredit(question: Question | null, row: ResponseCount): number | null {
  switch (question?.type) {
    case 'numeric':
    case 'short-answer':
      return row.meanFraction;
    case 'matching': {
      const pair = question.pairs.find((candidate) => candidate.id === row.partId);
      return pair ? (row.value!.trim() === pair.answer.trim() ? 1 : 0) : null;
    }
    case 'single-choice':
    case 'multiple-response':
    case 'true-false':
    case undefined:
      return null;
  }
}

function partLabel(question: Question | null, partId: string | null): string | null {
  if (partId === null || question?.type !== 'matching') return null;
  return question.pairs.find((pair) => pair.id === partId)?.prompt ?? null;
}

function responseKey(partId: string | null, value: string | null): string {
  return JSON.stringify([partId, value]);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sampleVariance(values: readonly number[]): number | null {
  const average = mean(values);
  if (average === null || values.length < 2) return null;
  return values.reduce((sum, value) => sum + (value - average) ** 2, 0) / (values.length - 1);
}

/** Centred sums of squares and products; null with fewer than 2 pairs or when either side does not vary. */
function sumsOfProducts(xs: readonly number[], ys: readonly number[]): { xx: number; yy: number; xy: number } | null {
  const count = Math.min(xs.length, ys.length);
  if (count < 2) return null;
  let meanX = 0;
  let meanY = 0;
  for (let index = 0; index < count; index++) {
    meanX += xs[index];
    meanY += ys[index];
  }
  meanX /= count;
  meanY /= count;
  let xx = 0;
  let yy = 0;
  let xy = 0;
  for (let index = 0; index < count; index++) {
    const dx = xs[index] - meanX;
    const dy = ys[index] - meanY;
    xx += dx * dx;
    yy += dy * dy;
    xy += dx * dy;
  }
  return xx <= NO_VARIANCE || yy <= NO_VARIANCE ? null : { xx, yy, xy };
}

function scoreOf(attempt: AttemptItemScores): number {
  return (
    attempt.score ?? Object.values(attempt.items).reduce((sum, item) => sum + (isItemScore(item) ? item.mark : 0), 0)
  );
}

function questionIds(attempts: readonly AttemptItemScores[]): string[] {
  const ids = new Set<string>();
  for (const attempt of attempts) {
    for (const [id, item] of Object.entries(attempt.items)) {
      if (isItemScore(item)) ids.add(id);
    }
  }
  return [...ids];
}

function isItemScore(item: ItemScore | undefined): item is ItemScore {
  return item !== undefined && Number.isFinite(item.fraction) && Number.isFinite(item.mark);
}

function clamp(value: number, low: number, high: number): number {
  return Math.max(low, Math.min(high, value));
}
