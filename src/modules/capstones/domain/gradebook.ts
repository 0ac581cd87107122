import type { GradebookWeights } from './capstone.types.js';
import { roundPercent } from './rubric-score.js';

/** What course.yaml `completion:` asks for, as far as grades go. */
export interface GradeCompletionRules {
  /** 'all': every quiz must be passed; a number: at least that many. */
  quizzes: 'all' | number;
  /** Whether a released capstone grade at or above the capstone's pass percent is required. */
  capstone: boolean;
}

export interface QuizComponentInput {
  moduleId: string;
  /** The grade that counts (attempts or override); null when never graded. */
  percent: number | null;
  passed: boolean;
}

export interface CapstoneComponentInput {
  /** Percent of the latest released grade; null when none is released. */
  releasedPercent: number | null;
  /** The course has a capstone at all. */
  exists: boolean;
  passPercent: number;
}

export type GradebookStatus = 'incomplete' | 'passed' | 'failed';

export interface GradebookResult {
  /** Mean of every quiz's counted percent, a quiz never graded counting 0; null when the course has no quiz. */
  quizMean: number | null;
  quizzesPassed: number;
  /** Null until every weighted component is there (the capstone grade released). */
  finalPercent: number | null;
  status: GradebookStatus;
}

/**
 * The final grade: the weighted mean of the components the course has (quizzes, capstone; peer review joins when
 * it exists, its weight is 0 until then). Only a released capstone grade counts. Passing needs the final percent
 * at or above `passPercent`, the capstone at or above its own pass percent, and the quizzes `completion:` asks
 * for passed (course.yaml says `quizzes: all` for both seed courses).
 */
export function gradebookResult(
  quizzes: readonly QuizComponentInput[],
  capstone: CapstoneComponentInput,
  weights: GradebookWeights,
  completion: GradeCompletionRules,
): GradebookResult {
  const quizMean =
    quizzes.length === 0
      ? null
      : roundPercent(quizzes.reduce((sum, quiz) => sum + (quiz.percent ?? 0), 0) / quizzes.length);
  const quizzesPassed = quizzes.filter((quiz) => quiz.passed).length;
  const parts: { weight: number; percent: number | null }[] = [];
  if (quizMean !== null && weights.quizzes > 0) parts.push({ weight: weights.quizzes, percent: quizMean });
  if (capstone.exists && weights.capstone > 0)
    parts.push({ weight: weights.capstone, percent: capstone.releasedPercent });
  const capstoneMissing = capstone.exists && completion.capstone && capstone.releasedPercent === null;
  if (capstoneMissing || parts.some((part) => part.percent === null))
    return { quizMean, quizzesPassed, finalPercent: null, status: 'incomplete' };
  const totalWeight = parts.reduce((sum, part) => sum + part.weight, 0);
  const finalPercent =
    totalWeight === 0
      ? 0
      : roundPercent(parts.reduce((sum, part) => sum + part.weight * part.percent!, 0) / totalWeight);
  const quizzesRequired = completion.quizzes === 'all' ? quizzes.length : Math.min(completion.quizzes, quizzes.length);
  const capstonePassed =
    !capstone.exists || !completion.capstone || (capstone.releasedPercent ?? 0) >= capstone.passPercent;
  const passed = finalPercent >= weights.passPercent && capstonePassed && quizzesPassed >= quizzesRequired;
  return { quizMean, quizzesPassed, finalPercent, status: passed ? 'passed' : 'failed' };
}
