import { finalGrade, type GradedAttempt } from './attempt-policy.js';
import type { QuizSettings } from './quiz-settings.js';

export interface QuizStanding {
  /** The grade that counts, 0..100; null before any graded attempt and without an override. */
  grade: number | null;
  /** The grade the attempts alone give, before any override. */
  attemptsGrade: number | null;
  passed: boolean;
  overridden: boolean;
}

/** Where a participant stands on one quiz: the grading method over graded attempts, unless a trainer overrode it. */
export function quizStanding(
  gradedAttempts: readonly GradedAttempt[],
  settings: Pick<QuizSettings, 'grading' | 'passMark'>,
  overridePercent: number | null,
): QuizStanding {
  const attemptsGrade = finalGrade(gradedAttempts, settings.grading);
  const grade = overridePercent ?? attemptsGrade;
  return {
    grade,
    attemptsGrade,
    passed: grade !== null && grade >= settings.passMark,
    overridden: overridePercent !== null,
  };
}

/** Whether right answers and feedback may be shown for a graded attempt now. */
export function mayRevealAnswers(
  settings: Pick<QuizSettings, 'showAnswers'>,
  attemptSubmitted: boolean,
  quizClosesAt: Date | null,
  now: Date,
): boolean {
  if (!attemptSubmitted) return false;
  switch (settings.showAnswers) {
    case 'never':
      return false;
    case 'after-attempt':
      return true;
    case 'after-close':
      return quizClosesAt !== null && now.getTime() >= quizClosesAt.getTime();
  }
}
