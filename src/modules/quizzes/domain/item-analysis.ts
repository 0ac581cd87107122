/**
 * Classical test theory statistics, as in Moodle's quiz statistics report. Item scores are fractions (0..1);
 * `total` must be on the same scale as the items (their sum, or a weighted sum), since the rest-of-test score is
 * `total - item`.
 */

// Kelley's 27%: the extreme groups that best trade group size against contrast.
const EXTREME_GROUP_SHARE = 0.27;

export interface AttemptItemScores {
  attemptId: string;
  total: number;
  /** Fraction earned per question id, 0..1; a question the attempt did not include is absent. */
  items: Record<string, number>;
}

export interface ItemStatistics {
  questionId: string;
  /** Attempts that included the question; every figure below is over these attempts only. */
  attempts: number;
  /** Mean fraction, 0..1: how easy the question was. */
  facilityIndex: number;
  /** Sample standard deviation of the fraction; null with fewer than 2 attempts. */
  standardDeviation: number | null;
  /** Pearson correlation of the item with the rest of the test, -1..1; null when either side does not vary. */
  discriminationIndex: number | null;
  /** Mean item score of the top 27% by total minus that of the bottom 27%, -1..1; null with fewer than 2 attempts. */
  groupDiscrimination: number | null;
}

export interface TestStatistics {
  attempts: number;
  mean: number | null;
  median: number | null;
  /** Sample standard deviation of the totals; null with fewer than 2 attempts. */
  standardDeviation: number | null;
  /** Internal consistency; null with fewer than 2 items, fewer than 2 complete attempts or no variance. */
  cronbachAlpha: number | null;
}

export interface QuizAnalysis {
  test: TestStatistics;
  /** In order of first appearance. */
  items: ItemStatistics[];
}

export function analyzeQuiz(attempts: readonly AttemptItemScores[]): QuizAnalysis {
  return { test: testStatistics(attempts), items: itemStatistics(attempts) };
}

export function itemStatistics(attempts: readonly AttemptItemScores[]): ItemStatistics[] {
  return questionIds(attempts).map((questionId) => {
    const taken = attempts.filter((attempt) => isScore(attempt.items[questionId]));
    const scores = taken.map((attempt) => attempt.items[questionId]);
    const rest = taken.map((attempt) => attempt.total - attempt.items[questionId]);
    return {
      questionId,
      attempts: taken.length,
      facilityIndex: mean(scores) ?? 0,
      standardDeviation: sampleStandardDeviation(scores),
      discriminationIndex: pearsonCorrelation(scores, rest),
      groupDiscrimination: extremeGroupDifference(taken, questionId),
    };
  });
}

export function testStatistics(attempts: readonly AttemptItemScores[]): TestStatistics {
  const totals = attempts.map((attempt) => attempt.total);
  return {
    attempts: attempts.length,
    mean: mean(totals),
    median: median(totals),
    standardDeviation: sampleStandardDeviation(totals),
    cronbachAlpha: cronbachAlpha(attempts),
  };
}

/**
 * α = k/(k−1) · (1 − Σ var(item) / var(Σ items)), over the attempts that include every item. It uses the sum of the
 * items rather than `total`, since only then is α ≤ 1 guaranteed.
 */
export function cronbachAlpha(attempts: readonly AttemptItemScores[]): number | null {
  const ids = questionIds(attempts);
  if (ids.length < 2) return null;
  const complete = attempts.filter((attempt) => ids.every((id) => isScore(attempt.items[id])));
  if (complete.length < 2) return null;
  const totalVariance = sampleVariance(complete.map((attempt) => ids.reduce((sum, id) => sum + attempt.items[id], 0)));
  if (totalVariance === null || totalVariance <= 0) return null;
  const itemVarianceSum = ids.reduce(
    (sum, id) => sum + (sampleVariance(complete.map((attempt) => attempt.items[id])) ?? 0),
    0,
  );
  return (ids.length / (ids.length - 1)) * (1 - itemVarianceSum / totalVariance);
}

export function pearsonCorrelation(xs: readonly number[], ys: readonly number[]): number | null {
  const count = Math.min(xs.length, ys.length);
  if (count < 2) return null;
  const meanX = xs.slice(0, count).reduce((sum, x) => sum + x, 0) / count;
  const meanY = ys.slice(0, count).reduce((sum, y) => sum + y, 0) / count;
  let covariance = 0;
  let varianceX = 0;
  let varianceY = 0;
  for (let index = 0; index < count; index++) {
    const dx = xs[index] - meanX;
    const dy = ys[index] - meanY;
    covariance += dx * dy;
    varianceX += dx * dx;
    varianceY += dy * dy;
  }
  // Scores that barely differ leave rounding noise rather than variance; treat that as no variance.
  if (varianceX <= 1e-12 || varianceY <= 1e-12) return null;
  // Rounding can push a perfect correlation a hair past ±1.
  return Math.max(-1, Math.min(1, covariance / Math.sqrt(varianceX * varianceY)));
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

function sampleVariance(values: readonly number[]): number | null {
  const average = mean(values);
  if (average === null || values.length < 2) return null;
  return values.reduce((sum, value) => sum + (value - average) ** 2, 0) / (values.length - 1);
}

function extremeGroupDifference(taken: readonly AttemptItemScores[], questionId: string): number | null {
  if (taken.length < 2) return null;
  // Ties on total are broken by attempt id so the groups, and so the figure, do not depend on input order.
  const ranked = [...taken].sort(
    (a, b) => b.total - a.total || (a.attemptId < b.attemptId ? -1 : a.attemptId > b.attemptId ? 1 : 0),
  );
  const groupSize = Math.max(1, Math.round(EXTREME_GROUP_SHARE * ranked.length));
  const groupMean = (group: AttemptItemScores[]): number =>
    group.reduce((sum, attempt) => sum + attempt.items[questionId], 0) / group.length;
  return groupMean(ranked.slice(0, groupSize)) - groupMean(ranked.slice(ranked.length - groupSize));
}

function questionIds(attempts: readonly AttemptItemScores[]): string[] {
  const ids = new Set<string>();
  for (const attempt of attempts) {
    for (const [id, score] of Object.entries(attempt.items)) {
      if (isScore(score)) ids.add(id);
    }
  }
  return [...ids];
}

function isScore(value: number | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
