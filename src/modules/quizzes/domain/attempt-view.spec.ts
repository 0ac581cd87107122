import { describe, expect, it } from '@jest/globals';
import { presentQuestion, reviewQuestion } from './attempt-view.js';
import type { Question } from './question.types.js';
import { mayRevealAnswers, quizStanding } from './quiz-standing.js';

const question: Question = {
  id: 'q1',
  type: 'single-choice',
  text: '<p>Which?</p>',
  generalFeedback: '<p>General.</p>',
  options: [
    { id: 'q1-a', text: 'Right one', fraction: 1, feedback: 'Yes: because.' },
    { id: 'q1-b', text: 'Wrong one', fraction: 0, feedback: 'No: because.' },
    { id: 'q1-c', text: 'Other', fraction: 0 },
    { id: 'q1-d', text: 'Fourth', fraction: 0 },
  ],
};
const bankQuestion = { key: 'q1', points: 2, rendered: question };

describe('presentQuestion', () => {
  it('should never carry fractions or feedback to the participant', () => {
    const view = presentQuestion(bankQuestion, 'attempt-1', true, null);
    const json = JSON.stringify(view);
    expect(json).not.toContain('fraction');
    expect(json).not.toContain('because');
    expect(json).not.toContain('General');
    expect(view.options.map((option) => option.id).sort()).toEqual(['q1-a', 'q1-b', 'q1-c', 'q1-d']);
  });

  it('should show the same option order on every reload of one attempt, and keep authoring order unshuffled', () => {
    const first = presentQuestion(bankQuestion, 'attempt-1', true, null).options.map((option) => option.id);
    const again = presentQuestion(bankQuestion, 'attempt-1', true, null).options.map((option) => option.id);
    expect(again).toEqual(first);
    const orders = new Set(
      Array.from({ length: 20 }, (_, index) =>
        presentQuestion(bankQuestion, `attempt-${index}`, true, null)
          .options.map((option) => option.id)
          .join(),
      ),
    );
    expect(orders.size).toBeGreaterThan(1);
    expect(presentQuestion(bankQuestion, 'attempt-1', false, null).options.map((option) => option.id)).toEqual([
      'q1-a',
      'q1-b',
      'q1-c',
      'q1-d',
    ]);
  });

  it('should mark the saved answer as selected', () => {
    const view = presentQuestion(bankQuestion, 'a', false, { type: 'single-choice', optionId: 'q1-b' });
    expect(view.options.filter((option) => option.selected).map((option) => option.id)).toEqual(['q1-b']);
    expect(view.answered).toBe(true);
  });
});

describe('reviewQuestion', () => {
  it('should give marks always, and right answers with feedback only when revealed', () => {
    const response = { type: 'single-choice', optionId: 'q1-b' } as const;
    const hidden = reviewQuestion(bankQuestion, 'a', false, response, false);
    expect(hidden).toMatchObject({ fraction: 0, earned: 0, rightOptionIds: [], feedbackHtml: [], rightAnswer: null });
    const shown = reviewQuestion(bankQuestion, 'a', false, { type: 'single-choice', optionId: 'q1-a' }, true);
    expect(shown).toMatchObject({ fraction: 1, earned: 2, rightOptionIds: ['q1-a'] });
    expect(shown.feedbackHtml).toEqual(['Yes: because.', '<p>General.</p>']);
  });
});

describe('quizStanding', () => {
  const attempts = [
    { percent: 40, submittedAt: new Date('2026-01-01T10:00:00Z') },
    { percent: 80, submittedAt: new Date('2026-01-02T10:00:00Z') },
    { percent: 60, submittedAt: new Date('2026-01-03T10:00:00Z') },
  ];

  it.each([
    ['highest', 80, true],
    ['average', 60, false],
    ['first', 40, false],
    ['last', 60, false],
  ] as const)('should count the %s attempt: %p, passed %p at a 70%% pass mark', (grading, grade, passed) => {
    expect(quizStanding(attempts, { grading, passMark: 70 }, null)).toEqual({
      grade,
      attemptsGrade: grade,
      passed,
      overridden: false,
    });
  });

  it("should let a trainer's override stand over the attempts, either way", () => {
    expect(quizStanding(attempts, { grading: 'highest', passMark: 70 }, 50)).toEqual({
      grade: 50,
      attemptsGrade: 80,
      passed: false,
      overridden: true,
    });
    expect(quizStanding([], { grading: 'highest', passMark: 70 }, 75).passed).toBe(true);
    expect(quizStanding([], { grading: 'highest', passMark: 70 }, null)).toMatchObject({ grade: null, passed: false });
  });
});

describe('mayRevealAnswers', () => {
  const closes = new Date('2026-02-01T00:00:00Z');
  it('should follow the setting: never, after each attempt, after the quiz closes', () => {
    const before = new Date('2026-01-15T00:00:00Z');
    const after = new Date('2026-02-02T00:00:00Z');
    expect(mayRevealAnswers({ showAnswers: 'never' }, true, closes, after)).toBe(false);
    expect(mayRevealAnswers({ showAnswers: 'after-attempt' }, true, closes, before)).toBe(true);
    expect(mayRevealAnswers({ showAnswers: 'after-attempt' }, false, closes, before)).toBe(false);
    expect(mayRevealAnswers({ showAnswers: 'after-close' }, true, closes, before)).toBe(false);
    expect(mayRevealAnswers({ showAnswers: 'after-close' }, true, closes, after)).toBe(true);
  });
});
