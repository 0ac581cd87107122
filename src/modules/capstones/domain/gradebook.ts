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

/**
 * Peer review's part of the grade: the peer score of the person's plan (median of the reviews, or the trainer's
 * override) and their grade as a reviewer (agreement with the consensus). `reviewerShare` (0..1) is the part of the
 * peerReview weight the reviewer's grade takes; the peer score takes the rest.
 */
export interface PeerReviewComponentInput {
  peerScorePercent: number | null;
  reviewerGradePercent: number | null;
  reviewerShare: number;
}

/** The peer-review percent: the two parts mixed by `reviewerShare`; null while a part that counts is missing. */
export function peerReviewPercent(input: PeerReviewComponentInput): number | null {
  const share = Math.min(1, Math.max(0, input.reviewerShare));
  const parts = [
    { weight: 1 - share, percent: input.peerScorePercent },
    { weight: share, percent: input.reviewerGradePercent },
  ].filter((part) => part.weight > 0);
  if (parts.some((part) => part.percent === null)) return null;
  return roundPercent(parts.reduce((sum, part) => sum + part.weight * part.percent!, 0));
}

export type GradebookStatus = 'incomplete' | 'passed' | 'failed';

export interface GradebookResult {
  /** Mean of every quiz's counted percent, a quiz never graded counting 0; null when the course has no quiz. */
  quizMean: number | null;
  /** The peer-review percent when the weight of peer review is above 0 (see `peerReviewPercent`), else absent. */
  peerReviewPercent?: number | null;
  quizzesPassed: number;
  /** Null until every weighted component is there (the capstone grade released). */
  finalPercent: number | null;
  status: GradebookStatus;
}

/**
 * The final grade: the weighted mean of the components the course has (quizzes, capstone, and peer review when
 * course.yaml gives it a weight; the seed courses give it 0). Only a released capstone grade counts. Passing needs the final percent
 * at or above `passPercent`, the capstone at or above its own pass percent, and the quizzes `completion:` asks
 * for passed (course.yaml says `quizzes: all` for both seed courses).
 */
export function gradebookResult(
  quizzes: readonly QuizComponentInput[],
  capstone: CapstoneComponentInput,
  weights: GradebookWeights,
  completion: GradeCompletionRules,
  peerReview: PeerReviewComponentInput | null = null,
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
  // Peer review counts only with a weight; without its data (no peer review run) it is missing, like the capstone.
  const peer = weights.peerReview > 0 ? { peerReviewPercent: peerReview ? peerReviewPercent(peerReview) : null } : {};
  if (weights.peerReview > 0) parts.push({ weight: weights.peerReview, percent: peer.peerReviewPercent ?? null });
  const capstoneMissing = capstone.exists && completion.capstone && capstone.releasedPercent === null;
  if (capstoneMissing || parts.some((part) => part.percent === null))
    return { quizMean, ...peer, quizzesPassed, finalPercent: null, status: 'incomplete' };
  const totalWeight = parts.reduce((sum, part) => sum + part.weight, 0);
  const finalPercent =
    totalWeight === 0
      ? 0
      : roundPercent(parts.reduce((sum, part) => sum + part.weight * part.percent!, 0) / totalWeight);
  const quizzesRequired = completion.quizzes === 'all' ? quizzes.length : Math.min(completion.quizzes, quizzes.length);
  const capstonePassed =
    !capstone.exists || !completion.capstone || (capstone.releasedPercent ?? 0) >= capstone.passPercent;
  const passed = finalPercent >= weights.passPercent && capstonePassed && quizzesPassed >= quizzesRequired;
  return { quizMean, ...peer, quizzesPassed, finalPercent, status: passed ? 'passed' : 'failed' };
}
