import { seededShuffle } from './attempt-policy.js';
import type { Question, Response } from './question.types.js';
import { roundTo2, scoreQuestion } from './score-question.js';

/** What a participant sees of a question while answering: its choices, never their fractions or feedback. */
export interface QuestionView {
  key: string;
  type: Question['type'];
  html: string;
  points: number;
  options: { id: string; html: string; selected: boolean }[];
  trueFalse: { value: boolean | null } | null;
  numeric: { value: string } | null;
  shortAnswer: { text: string } | null;
  matching: { prompts: { id: string; html: string; choices: { text: string; selected: boolean }[] }[] } | null;
  answered: boolean;
}

/** The question after grading. `reveal` decides whether right answers and feedback are shown. */
export interface QuestionReview extends QuestionView {
  fraction: number;
  earned: number;
  revealed: boolean;
  /** Per option (in the order shown): whether it earns credit. Empty unless revealed. */
  rightOptionIds: string[];
  /** The right answer in words, for question types without options. Null unless revealed. */
  rightAnswer: string | null;
  feedbackHtml: string[];
}

export interface PresentableQuestion {
  key: string;
  points: number;
  /** The question with Markdown rendered to HTML. */
  rendered: Question;
}

/** Seeds for option order: one per attempt and question, so a reload or a review shows the same order. */
export function optionSeed(attemptId: string, questionKey: string): string {
  return `${attemptId}:${questionKey}`;
}

export function presentQuestion(
  question: PresentableQuestion,
  attemptId: string,
  shuffleOptions: boolean,
  response: Response | null,
): QuestionView {
  const rendered = question.rendered;
  const seed = optionSeed(attemptId, question.key);
  const order = <T>(items: readonly T[]): T[] => (shuffleOptions ? seededShuffle(items, seed) : [...items]);
  const view: QuestionView = {
    key: question.key,
    type: rendered.type,
    html: rendered.text,
    points: question.points,
    options: [],
    trueFalse: null,
    numeric: null,
    shortAnswer: null,
    matching: null,
    answered: isAnswered(response),
  };
  switch (rendered.type) {
    case 'single-choice':
      view.options = order(rendered.options).map((option) => ({
        id: option.id,
        html: option.text,
        selected: response?.type === 'single-choice' && response.optionId === option.id,
      }));
      break;
    case 'multiple-response':
      view.options = order(rendered.options).map((option) => ({
        id: option.id,
        html: option.text,
        selected: response?.type === 'multiple-response' && response.optionIds.includes(option.id),
      }));
      break;
    case 'true-false':
      view.trueFalse = { value: response?.type === 'true-false' ? response.value : null };
      break;
    case 'numeric':
      view.numeric = { value: response?.type === 'numeric' && response.value !== null ? String(response.value) : '' };
      break;
    case 'short-answer':
      view.shortAnswer = { text: response?.type === 'short-answer' ? response.text : '' };
      break;
    case 'matching': {
      // The choices are the distinct answers, in an order that does not give away which prompt each belongs to.
      const answers = seededShuffle([...new Set(rendered.pairs.map((pair) => pair.answer))].sort(), seed);
      view.matching = {
        prompts: order(rendered.pairs).map((pair) => ({
          id: pair.id,
          html: pair.prompt,
          choices: answers.map((text) => ({
            text,
            selected: response?.type === 'matching' && response.answers[pair.id] === text,
          })),
        })),
      };
      break;
    }
  }
  return view;
}

export function reviewQuestion(
  question: PresentableQuestion,
  attemptId: string,
  shuffleOptions: boolean,
  response: Response | null,
  reveal: boolean,
): QuestionReview {
  const view = presentQuestion(question, attemptId, shuffleOptions, response);
  // Scoring the rendered question gives the same fraction (ids and answers are not rendered) and HTML feedback.
  const scored = scoreQuestion(question.rendered, response);
  return {
    ...view,
    fraction: scored.fraction,
    earned: roundTo2(scored.fraction * question.points),
    revealed: reveal,
    rightOptionIds: reveal ? rightOptionIds(question.rendered) : [],
    rightAnswer: reveal ? rightAnswer(question.rendered) : null,
    feedbackHtml: reveal ? scored.feedback : [],
  };
}

export function isAnswered(response: Response | null): boolean {
  if (!response) return false;
  switch (response.type) {
    case 'single-choice':
      return response.optionId !== null;
    case 'multiple-response':
      return response.optionIds.length > 0;
    case 'true-false':
      return response.value !== null;
    case 'numeric':
      return response.value !== null;
    case 'short-answer':
      return response.text.trim() !== '';
    case 'matching':
      return Object.values(response.answers).some((answer) => answer !== '');
  }
}

function rightOptionIds(question: Question): string[] {
  if (question.type !== 'single-choice' && question.type !== 'multiple-response') return [];
  return question.options.filter((option) => option.fraction > 0).map((option) => option.id);
}

function rightAnswer(question: Question): string | null {
  switch (question.type) {
    case 'single-choice':
    case 'multiple-response':
      return null;
    case 'true-false':
      return question.answer ? 'True' : 'False';
    case 'numeric': {
      const best = question.answers.filter((answer) => answer.fraction === 1);
      return best
        .map((answer) =>
          answer.value !== undefined
            ? answer.tolerance
              ? `${answer.value} ± ${answer.tolerance}`
              : String(answer.value)
            : `${answer.min ?? '…'} to ${answer.max ?? '…'}`,
        )
        .join(' or ');
    }
    case 'short-answer':
      return question.answers
        .filter((answer) => answer.fraction === 1)
        .map((answer) => answer.text)
        .join(' or ');
    case 'matching':
      return question.pairs.map((pair) => `${stripTags(pair.prompt)} → ${pair.answer}`).join('; ');
  }
}

function stripTags(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");
}
