import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { GIFT_BLANK, parseGift, type GiftResult } from './gift-parser.js';
import type { Question } from './question.types.js';

function gift(source: string | string[]): GiftResult {
  return parseGift(Array.isArray(source) ? source.join('\n') : source, { idPrefix: 'quiz' });
}

function only(source: string | string[]): Question {
  const result = gift(source);
  expect(result.problems).toEqual([]);
  expect(result.questions).toHaveLength(1);
  return result.questions[0];
}

describe('parseGift', () => {
  describe('multiple choice (examples from the Moodle GIFT documentation)', () => {
    it('should read a single-choice question with one right and several wrong options', () => {
      expect(only("Who's buried in Grant's tomb?{~Grant ~Jefferson =no one}")).toEqual({
        id: 'quiz-q1',
        type: 'single-choice',
        text: "Who's buried in Grant's tomb?",
        options: [
          { id: 'quiz-q1-o1', text: 'Grant', fraction: 0 },
          { id: 'quiz-q1-o2', text: 'Jefferson', fraction: 0 },
          { id: 'quiz-q1-o3', text: 'no one', fraction: 1 },
        ],
      });
    });

    it('should read options spread over lines with per-option feedback', () => {
      const question = only([
        "What's the answer to this multiple-choice question? {",
        '~wrong answer#feedback comment on the wrong answer',
        '~another wrong answer#feedback comment on this wrong answer',
        '=right answer#Very good!}',
      ]);
      expect(question).toEqual({
        id: 'quiz-q1',
        type: 'single-choice',
        text: "What's the answer to this multiple-choice question?",
        options: [
          { id: 'quiz-q1-o1', text: 'wrong answer', fraction: 0, feedback: 'feedback comment on the wrong answer' },
          {
            id: 'quiz-q1-o2',
            text: 'another wrong answer',
            fraction: 0,
            feedback: 'feedback comment on this wrong answer',
          },
          { id: 'quiz-q1-o3', text: 'right answer', fraction: 1, feedback: 'Very good!' },
        ],
      });
    });

    it('should read the titled question with feedback on its own lines and a comment before it', () => {
      const question = only([
        '// question: 1 name: Grants tomb',
        "::Grants tomb::Who is buried in Grant's tomb in New York City? {",
        '=Grant',
        '~No one',
        "#Was true for 12 years, but Grant's remains were buried in the tomb in 1897",
        '~Napoleon',
        '#He was buried in France',
        '}',
      ]);
      expect(question).toMatchObject({
        type: 'single-choice',
        text: "Who is buried in Grant's tomb in New York City?",
        options: [
          { text: 'Grant', fraction: 1 },
          {
            text: 'No one',
            fraction: 0,
            feedback: "Was true for 12 years, but Grant's remains were buried in the tomb in 1897",
          },
          { text: 'Napoleon', fraction: 0, feedback: 'He was buried in France' },
        ],
      });
    });

    it('should turn weighted options into a multiple-response question with negative fractions', () => {
      const question = only(
        "What two people are entombed in Grant's tomb? {~%-100%No one ~%50%Grant ~%50%Grant's wife ~%-100%Grant's father}",
      );
      expect(question).toEqual({
        id: 'quiz-q1',
        type: 'multiple-response',
        text: "What two people are entombed in Grant's tomb?",
        options: [
          { id: 'quiz-q1-o1', text: 'No one', fraction: -1 },
          { id: 'quiz-q1-o2', text: 'Grant', fraction: 0.5 },
          { id: 'quiz-q1-o3', text: "Grant's wife", fraction: 0.5 },
          { id: 'quiz-q1-o4', text: "Grant's father", fraction: -1 },
        ],
      });
    });

    it('should treat a partial-credit option beside the right one as multiple response', () => {
      expect(only('Difficult question.{~wrong answer ~%50%half credit answer =full credit answer}')).toMatchObject({
        type: 'multiple-response',
        options: [{ fraction: 0 }, { fraction: 0.5 }, { fraction: 1 }],
      });
    });

    it('should treat several = options as multiple response', () => {
      expect(only('Pick the primes {=2 =3 ~4}')).toMatchObject({
        type: 'multiple-response',
        options: [{ fraction: 1 }, { fraction: 1 }, { fraction: 0 }],
      });
    });

    it('should put a blank where the braces were in a missing-word question', () => {
      expect(only('Moodle costs {~lots of money =nothing ~a small amount} to download.')).toMatchObject({
        type: 'single-choice',
        text: `Moodle costs ${GIFT_BLANK} to download.`,
      });
      expect(only("Grant is {~buried =entombed ~living} in Grant's tomb.")).toMatchObject({
        text: `Grant is ${GIFT_BLANK} in Grant's tomb.`,
      });
    });

    it('should keep punctuation right after the blank', () => {
      expect(only('What is the value of pi (to 3 decimal places)? {#3.141..3.142}.')).toMatchObject({
        type: 'numeric',
        text: `What is the value of pi (to 3 decimal places)? ${GIFT_BLANK}.`,
      });
    });

    it('should read general feedback after ####', () => {
      expect(only('How many legs has a spider? {=eight ~six ####Spiders are arachnids, not insects.}')).toMatchObject({
        type: 'single-choice',
        generalFeedback: 'Spiders are arachnids, not insects.',
        options: [{ text: 'eight' }, { text: 'six' }],
      });
    });
  });

  describe('true/false', () => {
    it('should read {T}, {TRUE}, {F} and {FALSE}', () => {
      const result = gift([
        'Grant is buried in Grant’s tomb.{F}',
        '',
        'The sun rises in the east.{T}',
        '',
        'A {TRUE}',
        '',
        'B {FALSE}',
      ]);
      expect(result.problems).toEqual([]);
      expect(result.questions).toEqual([
        { id: 'quiz-q1', type: 'true-false', text: 'Grant is buried in Grant’s tomb.', answer: false },
        { id: 'quiz-q2', type: 'true-false', text: 'The sun rises in the east.', answer: true },
        { id: 'quiz-q3', type: 'true-false', text: 'A', answer: true },
        { id: 'quiz-q4', type: 'true-false', text: 'B', answer: false },
      ]);
    });

    it('should show the first feedback to a wrong answer and the second to a right one, as Moodle does', () => {
      expect(only("Grant is buried in Grant's tomb.{FALSE#No one is buried in Grant's tomb.}")).toEqual({
        id: 'quiz-q1',
        type: 'true-false',
        text: "Grant is buried in Grant's tomb.",
        answer: false,
        feedbackTrue: "No one is buried in Grant's tomb.",
      });
      expect(only('The sun rises in the east.{T#Look again at dawn.#Right, it does.}')).toMatchObject({
        answer: true,
        feedbackFalse: 'Look again at dawn.',
        feedbackTrue: 'Right, it does.',
      });
    });

    it('should read the lower-case keywords Moodle accepts', () => {
      expect(only('1+1=2 {t}')).toMatchObject({ type: 'true-false', answer: true });
    });
  });

  describe('short answer', () => {
    it('should read several accepted answers', () => {
      expect(only("Who's buried in Grant's tomb?{=no one =nobody}")).toEqual({
        id: 'quiz-q1',
        type: 'short-answer',
        text: "Who's buried in Grant's tomb?",
        answers: [
          { id: 'quiz-q1-a1', text: 'no one', fraction: 1 },
          { id: 'quiz-q1-a2', text: 'nobody', fraction: 1 },
        ],
      });
    });

    it('should read a missing-word short answer', () => {
      expect(only('Two plus two equals {=four =4}.')).toMatchObject({
        type: 'short-answer',
        text: `Two plus two equals ${GIFT_BLANK}.`,
        answers: [{ text: 'four' }, { text: '4' }],
      });
      expect(only('::Q3:: Two plus {=two =2} equals four.')).toMatchObject({
        text: `Two plus ${GIFT_BLANK} equals four.`,
      });
    });

    it('should read weights and feedback', () => {
      expect(only(["Who's buried in Grant's tomb?{", '=no one#excellent answer!', '=%50%nobody#ok}'])).toMatchObject({
        answers: [
          { text: 'no one', fraction: 1, feedback: 'excellent answer!' },
          { text: 'nobody', fraction: 0.5, feedback: 'ok' },
        ],
      });
    });
  });

  describe('matching', () => {
    it('should read the pairs of the documentation example', () => {
      const question = only([
        'Match the following countries with their corresponding capitals. {',
        '   =Canada -> Ottawa',
        '   =Italy  -> Rome',
        '   =Japan  -> Tokyo',
        '   =India  -> New Delhi',
        '   }',
      ]);
      expect(question).toEqual({
        id: 'quiz-q1',
        type: 'matching',
        text: 'Match the following countries with their corresponding capitals.',
        pairs: [
          { id: 'quiz-q1-p1', prompt: 'Canada', answer: 'Ottawa' },
          { id: 'quiz-q1-p2', prompt: 'Italy', answer: 'Rome' },
          { id: 'quiz-q1-p3', prompt: 'Japan', answer: 'Tokyo' },
          { id: 'quiz-q1-p4', prompt: 'India', answer: 'New Delhi' },
        ],
      });
    });

    it('should refuse fewer than three pairs, naming the line', () => {
      const result = gift([
        '// matching',
        '::Q4:: Which animal eats which food? { =cat -> cat food =dog -> dog food }',
      ]);
      expect(result.questions).toEqual([]);
      expect(result.problems).toEqual([
        { line: 2, message: 'a matching question needs at least 3 pairs, this one has 2' },
      ]);
    });

    it('should refuse a pair without a prompt or without an answer', () => {
      expect(gift('Q {=a -> 1 =b -> 2 = -> 3}').problems[0].message).toMatch(/without a prompt/);
      expect(gift('Q {\n=a -> 1\n=b -> 2\n=c ->\n}').problems).toEqual([
        { line: 4, message: 'the prompt "c" has no answer after "->"' },
      ]);
    });
  });

  describe('numeric', () => {
    it('should read a value with a tolerance', () => {
      expect(only('When was Ulysses S. Grant born?{#1822:5}')).toEqual({
        id: 'quiz-q1',
        type: 'numeric',
        text: 'When was Ulysses S. Grant born?',
        answers: [{ id: 'quiz-q1-a1', value: 1822, tolerance: 5, fraction: 1 }],
      });
    });

    it('should read a range and an exact value', () => {
      expect(only('::Q6:: What is a number from 1 to 5? {#1..5}')).toMatchObject({
        answers: [{ min: 1, max: 5, fraction: 1 }],
      });
      expect(only('::Q5:: What is pi? {#3.14:0.01#Close enough}')).toMatchObject({
        answers: [{ value: 3.14, tolerance: 0.01, fraction: 1, feedback: 'Close enough' }],
      });
      expect(only('Negative? {#-2.5}')).toMatchObject({ answers: [{ value: -2.5, tolerance: 0 }] });
    });

    it('should read several weighted answers with feedback over several lines', () => {
      const question = only([
        '::Q7:: When was Ulysses S. Grant born? {#',
        '         =1822:0      # Correct! Full credit.',
        '         =%50%1822:2  # He was born in 1822. Half credit for being close.',
        '}',
      ]);
      expect(question).toEqual({
        id: 'quiz-q1',
        type: 'numeric',
        text: 'When was Ulysses S. Grant born?',
        answers: [
          { id: 'quiz-q1-a1', value: 1822, tolerance: 0, fraction: 1, feedback: 'Correct! Full credit.' },
          {
            id: 'quiz-q1-a2',
            value: 1822,
            tolerance: 2,
            fraction: 0.5,
            feedback: 'He was born in 1822. Half credit for being close.',
          },
        ],
      });
      expect(only('When was Ulysses S. Grant born? {# =2000:0 =%50%1999:1}')).toMatchObject({
        answers: [
          { value: 2000, tolerance: 0, fraction: 1 },
          { value: 1999, tolerance: 1, fraction: 0.5 },
        ],
      });
    });

    it('should refuse values that are not numbers, reversed ranges and negative tolerances', () => {
      expect(gift('Q {#abc}').problems).toEqual([{ line: 1, message: 'the value "abc" is not a number' }]);
      expect(gift('Q {#5..1}').problems[0].message).toMatch(/reversed/);
      expect(gift('Q {#5:-1}').problems[0].message).toMatch(/negative/);
      expect(gift('Q {#\n=1:0\n=x:1\n}').problems).toEqual([{ line: 3, message: 'the value "x" is not a number' }]);
      expect(gift('Q {# =%50%1:0}').problems[0].message).toMatch(/no correct answer/);
    });
  });

  describe('syntax', () => {
    it('should unescape \\~ \\= \\# \\{ \\} \\: and \\n, which never act as syntax', () => {
      const question = only([
        'Which answer equals 5? {',
        '   ~ \\= 2 + 2',
        '   ~ \\= 3 + 3',
        '   = \\= 2 + 3 \\# \\{set\\} a\\:b\\nnext',
        '}',
      ]);
      expect(question).toMatchObject({
        type: 'single-choice',
        options: [{ text: '= 2 + 2' }, { text: '= 3 + 3' }, { text: '= 2 + 3 # {set} a:b\nnext' }],
      });
      expect(only('::Title \\:: colon:: Use \\{braces\\} and \\~ {T}')).toMatchObject({
        text: 'Use {braces} and ~',
      });
    });

    it('should keep the text after a format prefix', () => {
      expect(only('::Q:: [html]<p>Is <b>this</b> bold?</p>{T}')).toMatchObject({ text: '<p>Is <b>this</b> bold?</p>' });
      expect(only('[markdown]Is **this** bold?{T}')).toMatchObject({ text: 'Is **this** bold?' });
      expect(only('[plain] Plain {F}')).toMatchObject({ text: 'Plain' });
      expect(only('[moodle]Moodle {F}')).toMatchObject({ text: 'Moodle' });
    });

    it('should keep the lines of a multi-line question text', () => {
      expect(only(['First line', 'second line', '{T}'])).toMatchObject({ text: 'First line\nsecond line' });
    });

    it('should record categories and the questions that follow each one', () => {
      const result = gift([
        '$CATEGORY: tom/dick/harry',
        '',
        'Q1 {T}',
        '',
        'Q2 {F}',
        '$CATEGORY: $course$/top/Default',
        'Q3 {T}',
        '',
        '$CATEGORY: tom/dick/harry',
        'Q4 {T}',
      ]);
      expect(result.problems).toEqual([]);
      expect(result.categories).toEqual([
        { path: 'tom/dick/harry', line: 1, questionIds: ['quiz-q1', 'quiz-q2', 'quiz-q4'] },
        { path: '$course$/top/Default', line: 6, questionIds: ['quiz-q3'] },
      ]);
    });

    it('should read Windows line endings, a byte-order mark and comments anywhere', () => {
      const result = gift('\uFEFF// heading\r\nQ1 {\r\n// inside\r\n=a ~b}\r\n\r\n  // indented comment\r\nQ2 {T}\r\n');
      expect(result.problems).toEqual([]);
      expect(result.questions.map((question) => question.type)).toEqual(['single-choice', 'true-false']);
    });

    it('should number questions in file order, counting refused ones so later ids do not move', () => {
      const result = gift(['Q1 {T}', '', 'Broken {', '', 'Q3 {F}']);
      expect(result.questions.map((question) => question.id)).toEqual(['quiz-q1', 'quiz-q3']);
    });
  });

  describe('problems', () => {
    it('should refuse essays and description items by line, never dropping them silently', () => {
      const result = gift([
        '// essay',
        '::Q8:: How are you? {}',
        '',
        'You can use your pencil and paper for these next math questions.',
        '',
        'Still here {T}',
      ]);
      expect(result.questions.map((question) => question.text)).toEqual(['Still here']);
      expect(result.problems).toEqual([
        { line: 2, message: 'essay questions ({} with no answers) are not supported' },
        { line: 4, message: 'description items (text without an answer block in braces) are not supported' },
      ]);
    });

    it('should report the line of an unclosed brace and go on with the next question', () => {
      const result = gift(['Q1 {T}', '', 'Question two', 'over lines {', '=a', '~b', '', 'Q3 {F}']);
      expect(result.problems).toEqual([
        { line: 4, message: 'the answer block is not closed: "{" has no matching "}"' },
      ]);
      expect(result.questions.map((question) => question.id)).toEqual(['quiz-q1', 'quiz-q3']);
    });

    it('should report each kind of broken question', () => {
      const cases: [string, number, RegExp][] = [
        ['\n\nQ {=a ~}', 3, /an answer is empty after "~"/],
        ['Q {~a ~b}', 1, /no correct answer/],
        ['Q {=a}\n{~b}', 2, /only one answer block/],
        ['Q {=a {~b}', 1, /cannot contain "{"/],
        ['Q } {=a}', 1, /"}" comes before any "{"/],
        ['Q {=a} }', 1, /closes no answer block/],
        ['Q {maybe}', 1, /unknown question type/],
        ['Q {x =a ~b}', 1, /must start with = \(right\) or ~ \(wrong\)/],
        ['::Untitled Q {T}', 1, /title is not closed/],
        ['::T:: {T}', 1, /has no text/],
        ['Q {=a ~%150%b}', 1, /outside -100% to 100%/],
        ['Q {=a ~%x%b}', 1, /a weight is written %50%/],
        ['Q {~%50%a ~%25%b ~c}', 1, /add up to 75%/],
        ['Q {T#a#b#c}', 1, /at most two feedbacks/],
        ['Q {=%50%a}', 1, /no correct answer/],
        ['$CATEGORY:', 1, /needs a category path/],
      ];
      for (const [source, line, message] of cases) {
        const { problems } = gift(source);
        expect({ source, problems }).toEqual({ source, problems: [{ line, message: expect.stringMatching(message) }] });
      }
    });

    it('should refuse a multiple-choice question with a single option', () => {
      expect(gift('Q {~%100%only}').problems[0].message).toMatch(/at least two options/);
    });
  });

  describe('properties', () => {
    it('should never throw, and every problem should name a line of the file', () => {
      fc.assert(
        fc.property(
          fc.string({
            unit: fc.constantFrom(
              'a',
              ' ',
              '\n',
              '{',
              '}',
              '=',
              '~',
              '#',
              '%',
              ':',
              '-',
              '>',
              '\\',
              'T',
              '1',
              '.',
              '/',
            ),
          }),
          (source) => {
            const result = gift(source);
            const lineCount = source.split('\n').length;
            for (const problem of result.problems) {
              expect(problem.line).toBeGreaterThanOrEqual(1);
              expect(problem.line).toBeLessThanOrEqual(lineCount);
            }
          },
        ),
      );
    });

    it('should read back any escaped answer text unchanged', () => {
      const escape = (text: string): string => text.replace(/[~=#{}:]/g, (character) => `\\${character}`);
      fc.assert(
        fc.property(
          fc
            .string({ unit: fc.constantFrom('a', 'b', ' ', '~', '=', '#', '{', '}', ':') })
            .filter((text) => text.trim() !== ''),
          (text) => {
            const question = only(`Say it {=${escape(text)}}`);
            expect(question).toMatchObject({ type: 'short-answer', answers: [{ text: text.trim(), fraction: 1 }] });
          },
        ),
      );
    });
  });
});
