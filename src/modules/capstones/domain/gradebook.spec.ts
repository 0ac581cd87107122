import { describe, expect, it } from '@jest/globals';
import type { GradebookWeights } from './capstone.types.js';
import { gradebookResult, peerReviewPercent, type QuizComponentInput } from './gradebook.js';

/** The weights course.yaml gives when it names none: quizzes 40, capstone 60, pass at 60. */
const WEIGHTS: GradebookWeights = { quizzes: 40, capstone: 60, peerReview: 0, passPercent: 60 };

const quiz = (moduleId: string, percent: number | null, passed = (percent ?? 0) >= 70): QuizComponentInput => ({
  moduleId,
  percent,
  passed,
});
const capstone = (releasedPercent: number | null) => ({ releasedPercent, exists: true, passPercent: 50 });
const ALL = { quizzes: 'all' as const, capstone: true };

describe('gradebookResult', () => {
  it('should weigh the quiz mean 40 and the released capstone 60 (hand-worked)', () => {
    // Quiz mean (80 + 90 + 100) / 3 = 90; final 0.4 × 90 + 0.6 × 75 = 36 + 45 = 81.
    const result = gradebookResult([quiz('m1', 80), quiz('m2', 90), quiz('m3', 100)], capstone(75), WEIGHTS, ALL);
    expect(result).toEqual({ quizMean: 90, quizzesPassed: 3, finalPercent: 81, status: 'passed' });
  });

  it('should count a quiz never attempted as 0 and fail when completion asks for every quiz', () => {
    // Mean (100 + 0) / 2 = 50; final 0.4 × 50 + 0.6 × 90 = 20 + 54 = 74 ≥ 60, but m2 is not passed.
    const result = gradebookResult([quiz('m1', 100), quiz('m2', null)], capstone(90), WEIGHTS, ALL);
    expect(result).toEqual({ quizMean: 50, quizzesPassed: 1, finalPercent: 74, status: 'failed' });
    // With completion asking for one quiz only, the same grades pass.
    expect(
      gradebookResult([quiz('m1', 100), quiz('m2', null)], capstone(90), WEIGHTS, {
        quizzes: 1,
        capstone: true,
      }).status,
    ).toBe('passed');
  });

  it('should have no final grade until the capstone grade is released', () => {
    expect(gradebookResult([quiz('m1', 100)], capstone(null), WEIGHTS, ALL)).toEqual({
      quizMean: 100,
      quizzesPassed: 1,
      finalPercent: null,
      status: 'incomplete',
    });
  });

  it('should fail a capstone under its own pass percent even when the final is high enough', () => {
    // 0.4 × 100 + 0.6 × 45 = 40 + 27 = 67 ≥ 60, capstone 45 < 50.
    const result = gradebookResult([quiz('m1', 100)], capstone(45), WEIGHTS, ALL);
    expect(result).toMatchObject({ finalPercent: 67, status: 'failed' });
  });

  it('should fail a final under the pass percent', () => {
    // 0.4 × 70 + 0.6 × 50 = 28 + 30 = 58 < 60.
    expect(gradebookResult([quiz('m1', 70)], capstone(50), WEIGHTS, ALL)).toMatchObject({
      finalPercent: 58,
      status: 'failed',
    });
  });

  it('should weigh only the components the course has', () => {
    // No quizzes: the capstone is the whole grade.
    expect(gradebookResult([], capstone(64.5), WEIGHTS, ALL)).toEqual({
      quizMean: null,
      quizzesPassed: 0,
      finalPercent: 64.5,
      status: 'passed',
    });
    // No capstone: the quiz mean is.
    expect(
      gradebookResult([quiz('m1', 72.25)], { releasedPercent: null, exists: false, passPercent: 0 }, WEIGHTS, ALL),
    ).toMatchObject({ finalPercent: 72.25, status: 'passed' });
  });

  it('should round the final to two decimals', () => {
    // Weights 1 and 2: (1 × 100 + 2 × 50) / 3 = 66.666… → 66.67.
    const weights = { quizzes: 1, capstone: 2, peerReview: 0, passPercent: 60 };
    expect(gradebookResult([quiz('m1', 100)], capstone(50), weights, ALL).finalPercent).toBe(66.67);
  });
});

describe('gradebookResult with a peer-review weight', () => {
  const PEER_WEIGHTS: GradebookWeights = { quizzes: 30, capstone: 50, peerReview: 20, passPercent: 60 };

  it('should mix the peer score and the reviewer grade by the reviewer share (hand-worked)', () => {
    // 0.75 × 80 + 0.25 × 60 = 60 + 15 = 75.
    expect(peerReviewPercent({ peerScorePercent: 80, reviewerGradePercent: 60, reviewerShare: 0.25 })).toBe(75);
    // With no reviewer share, a reviewer never graded does not hold the score back.
    expect(peerReviewPercent({ peerScorePercent: 80, reviewerGradePercent: null, reviewerShare: 0 })).toBe(80);
    expect(peerReviewPercent({ peerScorePercent: null, reviewerGradePercent: 60, reviewerShare: 0.25 })).toBeNull();
  });

  it('should weigh quizzes 30, capstone 50 and peer review 20 into the final grade (hand-worked)', () => {
    // Quizzes 90, capstone 70, peer review 0.5 × 80 + 0.5 × 100 = 90; final 0.3 × 90 + 0.5 × 70 + 0.2 × 90 = 27 + 35 + 18 = 80.
    const result = gradebookResult([quiz('m1', 90)], capstone(70), PEER_WEIGHTS, ALL, {
      peerScorePercent: 80,
      reviewerGradePercent: 100,
      reviewerShare: 0.5,
    });
    expect(result).toEqual({
      quizMean: 90,
      peerReviewPercent: 90,
      quizzesPassed: 1,
      finalPercent: 80,
      status: 'passed',
    });
  });

  it('should leave the final grade open while the peer score is missing, and ignore peer review at weight 0', () => {
    expect(gradebookResult([quiz('m1', 90)], capstone(70), PEER_WEIGHTS, ALL, null)).toEqual({
      quizMean: 90,
      peerReviewPercent: null,
      quizzesPassed: 1,
      finalPercent: null,
      status: 'incomplete',
    });
    // The seed weights (peerReview 0): the same grades without peer data give the 40/60 grade, 0.4 × 90 + 0.6 × 70 = 78.
    expect(gradebookResult([quiz('m1', 90)], capstone(70), WEIGHTS, ALL, null)).toEqual({
      quizMean: 90,
      quizzesPassed: 1,
      finalPercent: 78,
      status: 'passed',
    });
  });
});
