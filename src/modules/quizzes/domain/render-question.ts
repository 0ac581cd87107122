import { renderInlineMarkdown, renderMarkdown } from '../../content/domain/render-markdown.js';
import type { Question } from './question.types.js';

const inline = (text: string | undefined) => (text === undefined ? undefined : renderInlineMarkdown(text));

/**
 * The question with its Markdown rendered to safe HTML, once, at import. Texts a participant types or picks
 * (short answers, matching answers) stay plain text: they are compared, not displayed as Markdown.
 */
export function renderQuestion(question: Question): Question {
  const common = {
    text: renderMarkdown(question.text),
    generalFeedback: question.generalFeedback === undefined ? undefined : renderMarkdown(question.generalFeedback),
  };
  switch (question.type) {
    case 'single-choice':
    case 'multiple-response':
      return {
        ...question,
        ...common,
        options: question.options.map((option) => ({
          ...option,
          text: renderInlineMarkdown(option.text),
          feedback: inline(option.feedback),
        })),
      };
    case 'true-false':
      return {
        ...question,
        ...common,
        feedbackTrue: inline(question.feedbackTrue),
        feedbackFalse: inline(question.feedbackFalse),
      };
    case 'numeric':
      return {
        ...question,
        ...common,
        answers: question.answers.map((answer) => ({ ...answer, feedback: inline(answer.feedback) })),
      };
    case 'short-answer':
      return {
        ...question,
        ...common,
        answers: question.answers.map((answer) => ({ ...answer, feedback: inline(answer.feedback) })),
      };
    case 'matching':
      return {
        ...question,
        ...common,
        pairs: question.pairs.map((pair) => ({ ...pair, prompt: renderInlineMarkdown(pair.prompt) })),
      };
  }
}
