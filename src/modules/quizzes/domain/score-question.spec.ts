import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type {
  MatchingQuestion,
  MultipleResponseQuestion,
  NumericQuestion,
  Question,
  Response,
  ShortAnswerQuestion,
  SingleChoiceQuestion,
  TrueFalseQuestion,
} from './question.types.js';
import { normalizeText, scoreAttempt, scoreQuestion } from './score-question.js';

const singleChoice: SingleChoiceQuestion = {
  id: 'q-capital',
  type: 'single-choice',
  text: 'Capital of Senegal?',
  generalFeedback: 'Dakar has been the capital since 1960.',
  options: [
    { id: 'dakar', text: 'Dakar', fraction: 1, feedback: 'Right.' },
    { id: 'thies', text: 'Thiès', fraction: 0.5, feedback: 'Close: second largest.' },
    { id: 'paris', text: 'Paris', fraction: -1, feedback: 'No.' },
    { id: 'bonus', text: 'Bonus', fraction: 1.5 },
  ],
};

const multipleResponse: MultipleResponseQuestion = {
  id: 'q-primes',
  type: 'multiple-response',
  text: 'Which are prime?',
  options: [
    { id: 'two', text: '2', fraction: 0.5, feedback: '2 is prime.' },
    { id: 'three', text: '3', fraction: 0.5 },
    { id: 'four', text: '4', fraction: -0.5, feedback: '4 = 2 × 2.' },
    { id: 'six', text: '6', fraction: -0.5 },
  ],
};

const trueFalse: TrueFalseQuestion = {
  id: 'q-earth',
  type: 'true-false',
  text: 'The Earth is flat.',
  answer: false,
  feedbackTrue: 'It is round.',
  feedbackFalse: 'Indeed.',
};

const numeric: NumericQuestion = {
  id: 'q-sum',
  type: 'numeric',
  text: '0.1 + 0.2?',
  answers: [
    { id: 'exact', value: 0.3, fraction: 1, feedback: 'Exact.' },
    { id: 'near', value: 0.3, tolerance: 0.05, fraction: 0.5, feedback: 'Near.' },
    { id: 'range', min: 1, max: 2, fraction: 0.25 },
    { id: 'at-least', min: 100, fraction: 0.1 },
  ],
};

const shortAnswer: ShortAnswerQuestion = {
  id: 'q-city',
  type: 'short-answer',
  text: 'Name the city.',
  answers: [
    { id: 'full', text: 'Saint-Louis du Sénégal', fraction: 1, feedback: 'Full name.' },
    { id: 'prefix', text: 'Saint-Louis*', fraction: 0.8, feedback: 'Good.' },
    { id: 'regex-chars', text: 'a.b (c)?', fraction: 0.6 },
    { id: 'catch-all', text: '*', fraction: 0, feedback: 'Think of the old colonial capital.' },
  ],
};

const matching: MatchingQuestion = {
  id: 'q-match',
  type: 'matching',
  text: 'Match countries and capitals.',
  pairs: [
    { id: 'sn', prompt: 'Senegal', answer: 'Dakar' },
    { id: 'ml', prompt: 'Mali', answer: 'Bamako' },
    { id: 'gn', prompt: 'Guinea', answer: 'Conakry' },
    { id: 'bf', prompt: 'Burkina Faso', answer: 'Ouagadougou' },
  ],
};

const allQuestions: Question[] = [singleChoice, multipleResponse, trueFalse, numeric, shortAnswer, matching];

const responseOfEachType: Response[] = [
  { type: 'single-choice', optionId: 'dakar' },
  { type: 'multiple-response', optionIds: ['two', 'three'] },
  { type: 'true-false', value: false },
  { type: 'numeric', value: 0.3 },
  { type: 'short-answer', text: 'Saint-Louis du Sénégal' },
  { type: 'matching', answers: { sn: 'Dakar', ml: 'Bamako', gn: 'Conakry', bf: 'Ouagadougou' } },
];

function short(text: string): Response {
  return { type: 'short-answer', text };
}

describe('scoreQuestion: single choice', () => {
  it('should give the chosen option fraction with its feedback and the general feedback', () => {
    expect(scoreQuestion(singleChoice, { type: 'single-choice', optionId: 'thies' })).toEqual({
      fraction: 0.5,
      feedback: ['Close: second largest.', 'Dakar has been the capital since 1960.'],
    });
  });

  it('should clamp negative and above-one fractions to [0, 1]', () => {
    expect(scoreQuestion(singleChoice, { type: 'single-choice', optionId: 'paris' }).fraction).toBe(0);
    expect(scoreQuestion(singleChoice, { type: 'single-choice', optionId: 'bonus' }).fraction).toBe(1);
  });

  it('should give 0 and only the general feedback when nothing or an unknown option is chosen', () => {
    for (const optionId of [null, 'lagos']) {
      expect(scoreQuestion(singleChoice, { type: 'single-choice', optionId })).toEqual({
        fraction: 0,
        feedback: ['Dakar has been the capital since 1960.'],
      });
    }
  });
});

describe('scoreQuestion: multiple response', () => {
  it('should give full marks for exactly the right options, with each chosen option feedback', () => {
    expect(scoreQuestion(multipleResponse, { type: 'multiple-response', optionIds: ['two', 'three'] })).toEqual({
      fraction: 1,
      feedback: ['2 is prime.'],
    });
  });

  it('should subtract wrong options', () => {
    const result = scoreQuestion(multipleResponse, { type: 'multiple-response', optionIds: ['two', 'three', 'four'] });
    expect(result.fraction).toBeCloseTo(0.5, 12);
    expect(result.feedback).toEqual(['2 is prime.', '4 = 2 × 2.']);
  });

  it('should never go below zero', () => {
    expect(scoreQuestion(multipleResponse, { type: 'multiple-response', optionIds: ['four', 'six'] }).fraction).toBe(0);
  });

  it('should count a repeated option once', () => {
    expect(
      scoreQuestion(multipleResponse, { type: 'multiple-response', optionIds: ['two', 'two', 'two'] }).fraction,
    ).toBe(0.5);
  });

  it('should give 0 for no options chosen', () => {
    expect(scoreQuestion(multipleResponse, { type: 'multiple-response', optionIds: [] }).fraction).toBe(0);
  });

  it('should not give full marks for choosing every option when wrong options carry negative fractions', () => {
    const rightFractions = fc
      .array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 5 })
      .map((weights) => weights.map((weight) => weight / weights.reduce((sum, next) => sum + next, 0)));
    const wrongFractions = fc.array(fc.double({ min: -1, max: -0.01, noNaN: true }), { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(rightFractions, wrongFractions, (right, wrong) => {
        const options = [...right, ...wrong].map((fraction, index) => ({ id: `o${index}`, text: '', fraction }));
        const question: MultipleResponseQuestion = { id: 'q', type: 'multiple-response', text: '', options };
        const everything = scoreQuestion(question, {
          type: 'multiple-response',
          optionIds: options.map((option) => option.id),
        });
        expect(everything.fraction).toBeLessThan(1);
        expect(everything.fraction).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});

describe('scoreQuestion: true/false', () => {
  it('should give 1 for the right value with the feedback for that response', () => {
    expect(scoreQuestion(trueFalse, { type: 'true-false', value: false })).toEqual({
      fraction: 1,
      feedback: ['Indeed.'],
    });
  });

  it('should give 0 for the wrong value with the feedback for that response', () => {
    expect(scoreQuestion(trueFalse, { type: 'true-false', value: true })).toEqual({
      fraction: 0,
      feedback: ['It is round.'],
    });
  });

  it('should give 0 without feedback when unanswered', () => {
    expect(scoreQuestion(trueFalse, { type: 'true-false', value: null })).toEqual({ fraction: 0, feedback: [] });
  });
});

describe('scoreQuestion: numeric', () => {
  it('should match 0.1 + 0.2 to an accepted 0.3 despite floating point', () => {
    expect(scoreQuestion(numeric, { type: 'numeric', value: 0.1 + 0.2 })).toEqual({
      fraction: 1,
      feedback: ['Exact.'],
    });
  });

  it('should include both ends of the tolerance and pick the best matching answer', () => {
    expect(scoreQuestion(numeric, { type: 'numeric', value: 0.35 })).toEqual({ fraction: 0.5, feedback: ['Near.'] });
    expect(scoreQuestion(numeric, { type: 'numeric', value: 0.25 }).fraction).toBe(0.5);
    expect(scoreQuestion(numeric, { type: 'numeric', value: 0.36 }).fraction).toBe(0);
  });

  it('should include both ends of a range and allow an open-ended range', () => {
    expect(scoreQuestion(numeric, { type: 'numeric', value: 1 }).fraction).toBe(0.25);
    expect(scoreQuestion(numeric, { type: 'numeric', value: 2 }).fraction).toBe(0.25);
    expect(scoreQuestion(numeric, { type: 'numeric', value: 2.01 }).fraction).toBe(0);
    expect(scoreQuestion(numeric, { type: 'numeric', value: 1e9 }).fraction).toBe(0.1);
  });

  it('should give 0 for no value or a non-finite one', () => {
    for (const value of [null, Number.NaN, Infinity]) {
      expect(scoreQuestion(numeric, { type: 'numeric', value }).fraction).toBe(0);
    }
  });

  it('should never match an answer with neither a value nor bounds', () => {
    const question: NumericQuestion = { ...numeric, answers: [{ id: 'empty', fraction: 1 }] };
    expect(scoreQuestion(question, { type: 'numeric', value: 0 }).fraction).toBe(0);
  });

  it('should accept any value within the tolerance', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.double({ min: 0, max: 1e3, noNaN: true }),
        fc.double({ min: -1, max: 1, noNaN: true }),
        (value, tolerance, position) => {
          const question: NumericQuestion = {
            id: 'q',
            type: 'numeric',
            text: '',
            answers: [{ id: 'a', value, tolerance, fraction: 1 }],
          };
          expect(scoreQuestion(question, { type: 'numeric', value: value + position * tolerance }).fraction).toBe(1);
        },
      ),
    );
  });
});

describe('scoreQuestion: short answer', () => {
  it('should ignore case, surrounding and repeated whitespace', () => {
    expect(scoreQuestion(shortAnswer, short('  saint-louis   DU sénégal ')).fraction).toBe(1);
  });

  it('should compare Unicode-normalized text', () => {
    // "e" followed by a combining acute accent is NFKC-equal to "é"; a full-width "Ｓ" is NFKC-equal to "S".
    expect(scoreQuestion(shortAnswer, short('Ｓaint-Louis du Se\u0301ne\u0301gal')).fraction).toBe(1);
  });

  it('should treat * as a wildcard and let the best fraction win', () => {
    expect(scoreQuestion(shortAnswer, short('Saint-Louis, Senegal'))).toEqual({ fraction: 0.8, feedback: ['Good.'] });
    expect(scoreQuestion(shortAnswer, short('Dakar'))).toEqual({
      fraction: 0,
      feedback: ['Think of the old colonial capital.'],
    });
  });

  it('should treat every other regular-expression character literally', () => {
    expect(scoreQuestion(shortAnswer, short('a.b (c)?')).fraction).toBe(0.6);
    expect(scoreQuestion(shortAnswer, short('axb (c)')).fraction).toBe(0);
    expect(scoreQuestion(shortAnswer, short('a.b c')).fraction).toBe(0);
  });

  it('should give nothing for a blank response, even against a catch-all', () => {
    expect(scoreQuestion(shortAnswer, short('   '))).toEqual({ fraction: 0, feedback: [] });
  });

  it('should accept any text equal to an accepted answer up to case and spacing', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 20 }), (text) => {
        fc.pre(!text.includes('*') && normalizeText(text) !== '');
        const question: ShortAnswerQuestion = {
          id: 'q',
          type: 'short-answer',
          text: '',
          answers: [{ id: 'a', text, fraction: 1 }],
        };
        expect(scoreQuestion(question, short(`  ${text.toUpperCase()} `)).fraction).toBe(
          normalizeText(text.toUpperCase()) === normalizeText(text) ? 1 : 0,
        );
        expect(scoreQuestion(question, short(text)).fraction).toBe(1);
      }),
    );
  });
});

describe('scoreQuestion: matching', () => {
  it('should give the share of correct pairs', () => {
    expect(
      scoreQuestion(matching, {
        type: 'matching',
        answers: { sn: 'Dakar', ml: 'Conakry', gn: 'Bamako', bf: 'Ouagadougou' },
      }).fraction,
    ).toBe(0.5);
  });

  it('should count a missing pair as wrong and ignore unknown prompts', () => {
    expect(scoreQuestion(matching, { type: 'matching', answers: { sn: 'Dakar', zz: 'Bamako' } }).fraction).toBe(0.25);
  });

  it('should give full marks for all pairs right', () => {
    expect(scoreQuestion(matching, responseOfEachType[5]).fraction).toBe(1);
  });

  it('should give 0 for a question without pairs', () => {
    expect(scoreQuestion({ ...matching, pairs: [] }, { type: 'matching', answers: {} }).fraction).toBe(0);
  });
});

describe('scoreQuestion: any question', () => {
  it('should give 0 without throwing for a response of another type', () => {
    for (const question of allQuestions) {
      for (const response of responseOfEachType.filter((candidate) => candidate.type !== question.type)) {
        expect(scoreQuestion(question, response).fraction).toBe(0);
      }
    }
  });

  it('should give 0 for a missing response', () => {
    for (const question of allQuestions) expect(scoreQuestion(question, null).fraction).toBe(0);
  });

  it('should give full marks for the right response of each type', () => {
    allQuestions.forEach((question, index) => {
      expect(scoreQuestion(question, responseOfEachType[index]).fraction).toBe(1);
    });
  });

  it('should always return a fraction within [0, 1]', () => {
    const response = fc.oneof(
      fc.record({ type: fc.constant('single-choice' as const), optionId: fc.option(fc.string()) }),
      fc.record({ type: fc.constant('multiple-response' as const), optionIds: fc.array(fc.string()) }),
      fc.record({ type: fc.constant('true-false' as const), value: fc.option(fc.boolean()) }),
      fc.record({ type: fc.constant('numeric' as const), value: fc.option(fc.double()) }),
      fc.record({ type: fc.constant('short-answer' as const), text: fc.string() }),
      fc.record({ type: fc.constant('matching' as const), answers: fc.dictionary(fc.string(), fc.string()) }),
    );
    const fraction = fc.double({ min: -2, max: 2, noNaN: true });
    const option = fc.record({ id: fc.constantFrom('a', 'b', 'c'), text: fc.string(), fraction });
    const question = fc.oneof(
      fc.record({ type: fc.constant('single-choice' as const), options: fc.array(option) }),
      fc.record({ type: fc.constant('multiple-response' as const), options: fc.array(option) }),
    );
    fc.assert(
      fc.property(question, response, (partial, given) => {
        const scored = scoreQuestion({ id: 'q', text: '', ...partial }, given);
        expect(scored.fraction).toBeGreaterThanOrEqual(0);
        expect(scored.fraction).toBeLessThanOrEqual(1);
      }),
    );
    for (const fixed of allQuestions) {
      fc.assert(
        fc.property(response, (given) => {
          const scored = scoreQuestion(fixed, given);
          expect(scored.fraction).toBeGreaterThanOrEqual(0);
          expect(scored.fraction).toBeLessThanOrEqual(1);
        }),
      );
    }
  });
});

describe('scoreAttempt', () => {
  it('should weight questions by points, defaulting to 1, and round the percent to 2 decimals', () => {
    const questions: Question[] = [{ ...singleChoice, points: 2 }, trueFalse, { ...matching, points: 3 }];
    const result = scoreAttempt(questions, {
      [singleChoice.id]: { type: 'single-choice', optionId: 'thies' },
      [trueFalse.id]: { type: 'true-false', value: false },
      [matching.id]: { type: 'matching', answers: { sn: 'Dakar' } },
    });
    // 2 × 0.5 + 1 × 1 + 3 × 0.25 = 2.75 of 6 = 45.8333…%
    expect(result).toEqual({
      score: 2.75,
      maxScore: 6,
      percent: 45.83,
      perQuestion: [
        { questionId: singleChoice.id, fraction: 0.5, points: 1 },
        { questionId: trueFalse.id, fraction: 1, points: 1 },
        { questionId: matching.id, fraction: 0.25, points: 0.75 },
      ],
    });
  });

  it('should score unanswered and absent questions as 0', () => {
    const result = scoreAttempt([singleChoice, trueFalse], { [singleChoice.id]: null });
    expect(result).toMatchObject({ score: 0, maxScore: 2, percent: 0 });
  });

  it('should give 0 percent for an empty quiz rather than NaN', () => {
    expect(scoreAttempt([], {})).toEqual({ score: 0, maxScore: 0, percent: 0, perQuestion: [] });
  });

  it('should keep the score between 0 and the maximum and the percent between 0 and 100', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.option(fc.boolean()), fc.boolean()), { maxLength: 10 }),
        (rows) => {
          const questions: Question[] = rows.map(([points, , answer], index) => ({
            ...trueFalse,
            id: `q${index}`,
            points,
            answer,
          }));
          const responses = Object.fromEntries(
            rows.map(([, value], index): [string, Response] => [`q${index}`, { type: 'true-false', value }]),
          );
          const result = scoreAttempt(questions, responses);
          expect(result.maxScore).toBe(rows.reduce((sum, [points]) => sum + points, 0));
          expect(result.score).toBeGreaterThanOrEqual(0);
          expect(result.score).toBeLessThanOrEqual(result.maxScore);
          expect(result.percent).toBeGreaterThanOrEqual(0);
          expect(result.percent).toBeLessThanOrEqual(100);
        },
      ),
    );
  });
});
