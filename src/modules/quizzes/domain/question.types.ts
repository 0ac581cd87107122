/**
 * The question model shared by content files, GIFT/Aiken imports, scoring and item analysis. Every question
 * and option carries a stable id: attempts, statistics and translations hang on them.
 */
export type Question =
  | SingleChoiceQuestion
  | MultipleResponseQuestion
  | TrueFalseQuestion
  | NumericQuestion
  | ShortAnswerQuestion
  | MatchingQuestion;

export interface QuestionBase {
  id: string;
  /** Markdown. */
  text: string;
  /** Shown after answering, whatever the answer (Moodle's "general feedback"). */
  generalFeedback?: string;
  /** Relative weight in the quiz score; default 1. */
  points?: number;
}

export interface ChoiceOption {
  id: string;
  text: string;
  /** Fraction of the question's points this option earns, from -1 to 1 (single choice: 1 for the right one). */
  fraction: number;
  feedback?: string;
}

export interface SingleChoiceQuestion extends QuestionBase {
  type: 'single-choice';
  options: ChoiceOption[];
}

/** Several options may be right; fractions add up, wrong options may subtract; never below zero overall. */
export interface MultipleResponseQuestion extends QuestionBase {
  type: 'multiple-response';
  options: ChoiceOption[];
}

export interface TrueFalseQuestion extends QuestionBase {
  type: 'true-false';
  answer: boolean;
  feedbackTrue?: string;
  feedbackFalse?: string;
}

/** An accepted value with a tolerance (value ± tolerance) or a range (min..max), each with its fraction. */
export interface NumericAnswer {
  id: string;
  value?: number;
  tolerance?: number;
  min?: number;
  max?: number;
  fraction: number;
  feedback?: string;
}

export interface NumericQuestion extends QuestionBase {
  type: 'numeric';
  answers: NumericAnswer[];
}

/** Accepted answers compared case-insensitively after trimming; `*` in an answer matches any text (as in Moodle). */
export interface ShortAnswer {
  id: string;
  text: string;
  fraction: number;
  feedback?: string;
}

export interface ShortAnswerQuestion extends QuestionBase {
  type: 'short-answer';
  answers: ShortAnswer[];
}

export interface MatchingPair {
  id: string;
  prompt: string;
  answer: string;
}

export interface MatchingQuestion extends QuestionBase {
  type: 'matching';
  pairs: MatchingPair[];
}

/** What a participant gave, per question type. */
export type Response =
  | { type: 'single-choice'; optionId: string | null }
  | { type: 'multiple-response'; optionIds: string[] }
  | { type: 'true-false'; value: boolean | null }
  | { type: 'numeric'; value: number | null }
  | { type: 'short-answer'; text: string }
  | { type: 'matching'; answers: Record<string, string> };
