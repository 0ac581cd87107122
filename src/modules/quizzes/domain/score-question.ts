import type {
  MatchingQuestion,
  MultipleResponseQuestion,
  NumericAnswer,
  NumericQuestion,
  Question,
  Response,
  ShortAnswerQuestion,
  SingleChoiceQuestion,
  TrueFalseQuestion,
} from './question.types.js';

// Relative tolerance on numeric bounds, so that a computed 0.1 + 0.2 still matches an accepted 0.3.
const NUMERIC_RELATIVE_EPSILON = 1e-9;

export interface QuestionScore {
  /** Share of the question's points earned, from 0 to 1. */
  fraction: number;
  feedback: string[];
}

export interface QuestionResult {
  questionId: string;
  fraction: number;
  points: number;
}

export interface AttemptScore {
  score: number;
  maxScore: number;
  /** 0..100, rounded to 2 decimals. */
  percent: number;
  perQuestion: QuestionResult[];
}

/**
 * Scores one response. A missing response or one of another question type scores 0 rather than throwing: a
 * stored attempt must stay gradable after its quiz was edited.
 */
export function scoreQuestion(question: Question, response: Response | null): QuestionScore {
  const scored = scoreByType(question, response);
  const feedback = question.generalFeedback ? [...scored.feedback, question.generalFeedback] : scored.feedback;
  return { fraction: clampFraction(scored.fraction), feedback };
}

/** Scores a whole attempt; a question without a response (or missing from `responses`) earns nothing. */
export function scoreAttempt(questions: Question[], responses: Record<string, Response | null>): AttemptScore {
  let score = 0;
  let maxScore = 0;
  const perQuestion = questions.map((question): QuestionResult => {
    const weight = question.points ?? 1;
    const { fraction } = scoreQuestion(question, responses[question.id] ?? null);
    const points = fraction * weight;
    score += points;
    maxScore += weight;
    return { questionId: question.id, fraction, points };
  });
  const percent = maxScore > 0 ? roundTo2((score / maxScore) * 100) : 0;
  return { score, maxScore, percent, perQuestion };
}

function scoreByType(question: Question, response: Response | null): QuestionScore {
  switch (question.type) {
    case 'single-choice':
      return response?.type === 'single-choice' ? scoreSingleChoice(question, response.optionId) : nothing();
    case 'multiple-response':
      return response?.type === 'multiple-response' ? scoreMultipleResponse(question, response.optionIds) : nothing();
    case 'true-false':
      return response?.type === 'true-false' ? scoreTrueFalse(question, response.value) : nothing();
    case 'numeric':
      return response?.type === 'numeric' ? scoreNumeric(question, response.value) : nothing();
    case 'short-answer':
      return response?.type === 'short-answer' ? scoreShortAnswer(question, response.text) : nothing();
    case 'matching':
      return response?.type === 'matching' ? scoreMatching(question, response.answers) : nothing();
  }
}

// A fresh object each time: callers own the feedback array they get back.
function nothing(): QuestionScore {
  return { fraction: 0, feedback: [] };
}

function scoreSingleChoice(question: SingleChoiceQuestion, optionId: string | null): QuestionScore {
  const chosen = optionId === null ? undefined : question.options.find((option) => option.id === optionId);
  return chosen ? { fraction: chosen.fraction, feedback: feedbackOf([chosen]) } : nothing();
}

function scoreMultipleResponse(question: MultipleResponseQuestion, optionIds: string[]): QuestionScore {
  // A repeated id must not count twice, or a participant could stack one right option into full marks.
  const chosenIds = new Set(optionIds);
  const chosen = question.options.filter((option) => chosenIds.has(option.id));
  const fraction = chosen.reduce((sum, option) => sum + option.fraction, 0);
  return { fraction, feedback: feedbackOf(chosen) };
}

function scoreTrueFalse(question: TrueFalseQuestion, value: boolean | null): QuestionScore {
  if (value === null) return nothing();
  // As in Moodle, the feedback belongs to the response given, not to whether it was right.
  const feedback = value ? question.feedbackTrue : question.feedbackFalse;
  return { fraction: value === question.answer ? 1 : 0, feedback: feedback ? [feedback] : [] };
}

function scoreNumeric(question: NumericQuestion, value: number | null): QuestionScore {
  if (value === null || !Number.isFinite(value)) return nothing();
  const best = bestOf(question.answers.filter((answer) => numericMatches(answer, value)));
  return best ? { fraction: best.fraction, feedback: feedbackOf([best]) } : nothing();
}

function numericMatches(answer: NumericAnswer, value: number): boolean {
  if (answer.value !== undefined) {
    const tolerance = Math.abs(answer.tolerance ?? 0);
    return withinBounds(value, answer.value - tolerance, answer.value + tolerance);
  }
  if (answer.min === undefined && answer.max === undefined) return false;
  return withinBounds(value, answer.min ?? -Infinity, answer.max ?? Infinity);
}

function withinBounds(value: number, low: number, high: number): boolean {
  const slack = (bound: number): number =>
    Number.isFinite(bound) ? NUMERIC_RELATIVE_EPSILON * Math.max(1, Math.abs(bound)) : 0;
  return value >= low - slack(low) && value <= high + slack(high);
}

function scoreShortAnswer(question: ShortAnswerQuestion, text: string): QuestionScore {
  const given = normalizeText(text);
  // A blank response is no answer, even against a catch-all `*`.
  if (given === '') return nothing();
  const best = bestOf(question.answers.filter((answer) => wildcardPattern(answer.text).test(given)));
  return best ? { fraction: best.fraction, feedback: feedbackOf([best]) } : nothing();
}

/** Exported for the importers' previews: the form in which short answers are compared. */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').trim().replace(/\s+/gu, ' ').toLowerCase();
}

function wildcardPattern(accepted: string): RegExp {
  const escaped = normalizeText(accepted)
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\/]/gu, '\\$&'));
  return new RegExp(`^${escaped.join('[\\s\\S]*')}$`, 'u');
}

function scoreMatching(question: MatchingQuestion, answers: Record<string, string>): QuestionScore {
  if (question.pairs.length === 0) return nothing();
  // Compared by answer text, so two prompts sharing one answer are both right whichever copy was picked.
  const correct = question.pairs.filter((pair) => {
    const given = Object.hasOwn(answers, pair.id) ? answers[pair.id] : undefined;
    return typeof given === 'string' && given.trim() === pair.answer.trim();
  }).length;
  return { fraction: correct / question.pairs.length, feedback: [] };
}

function bestOf<T extends { fraction: number }>(candidates: T[]): T | undefined {
  return candidates.reduce<T | undefined>(
    (best, next) => (!best || next.fraction > best.fraction ? next : best),
    undefined,
  );
}

function feedbackOf(chosen: { feedback?: string }[]): string[] {
  return chosen.flatMap((item) => (item.feedback ? [item.feedback] : []));
}

function clampFraction(fraction: number): number {
  if (Number.isNaN(fraction)) return 0;
  return Math.min(1, Math.max(0, fraction));
}

/** Grades are kept to 2 decimals, rounding halves up despite binary floating point. */
export function roundTo2(value: number): number {
  return Math.round((value + Number.EPSILON) * 100) / 100;
}
