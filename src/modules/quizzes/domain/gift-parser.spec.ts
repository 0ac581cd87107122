import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { GIFT_BLANK, htmlToMarkdown, parseGift, type GiftResult } from './gift-parser.js';
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
  describe('the quick examples of the Moodle "GIFT format" page, as one file', () => {
    const file = [
      '// true/false',
      '::Q1:: 1+1=2 {T}',
      '',
      '// multiple choice with specified feedback for right and wrong answers',
      "::Q2:: What's between orange and green in the spectrum?",
      "{ =yellow # right; good! ~red # wrong, it's yellow ~blue # wrong, it's yellow }",
      '',
      '// fill-in-the-blank',
      '::Q3:: Two plus {=two =2} equals four.',
      '',
      '// matching',
      '::Q4:: Which animal eats which food? { =cat -> cat food =dog -> dog food }',
      '',
      '// math range question',
      '::Q5:: What is a number from 1 to 5? {#3:2}',
      '',
      '// math range specified with interval end points',
      '::Q6:: What is a number from 1 to 5? {#1..5}',
      '// translated on import to the same as Q5, but unavailable from Moodle question interface',
      '',
      '// multiple numeric answers with partial credit and feedback',
      '::Q7:: When was Ulysses S. Grant born? {#',
      '         =1822:0      # Correct! Full credit.',
      '         =%50%1822:2  # He was born in 1822. Half credit for being close.',
      '}',
      '',
      '// essay',
      '::Q8:: How are you? {}',
    ];

    it('should read every question our model can hold, with the ids, fractions and feedback of each', () => {
      const result = gift(file);
      expect(result.questions).toEqual([
        { id: 'quiz-q1', type: 'true-false', text: '1+1=2', answer: true },
        {
          id: 'quiz-q2',
          type: 'single-choice',
          text: "What's between orange and green in the spectrum?",
          options: [
            { id: 'quiz-q2-o1', text: 'yellow', fraction: 1, feedback: 'right; good!' },
            { id: 'quiz-q2-o2', text: 'red', fraction: 0, feedback: "wrong, it's yellow" },
            { id: 'quiz-q2-o3', text: 'blue', fraction: 0, feedback: "wrong, it's yellow" },
          ],
        },
        {
          id: 'quiz-q3',
          type: 'short-answer',
          text: `Two plus ${GIFT_BLANK} equals four.`,
          answers: [
            { id: 'quiz-q3-a1', text: 'two', fraction: 1 },
            { id: 'quiz-q3-a2', text: '2', fraction: 1 },
          ],
        },
        {
          id: 'quiz-q5',
          type: 'numeric',
          text: 'What is a number from 1 to 5?',
          answers: [{ id: 'quiz-q5-a1', value: 3, tolerance: 2, fraction: 1 }],
        },
        {
          id: 'quiz-q6',
          type: 'numeric',
          text: 'What is a number from 1 to 5?',
          answers: [{ id: 'quiz-q6-a1', min: 1, max: 5, fraction: 1 }],
        },
        {
          id: 'quiz-q7',
          type: 'numeric',
          text: 'When was Ulysses S. Grant born?',
          answers: [
            { id: 'quiz-q7-a1', value: 1822, tolerance: 0, fraction: 1, feedback: 'Correct! Full credit.' },
            {
              id: 'quiz-q7-a2',
              value: 1822,
              tolerance: 2,
              fraction: 0.5,
              feedback: 'He was born in 1822. Half credit for being close.',
            },
          ],
        },
      ]);
    });

    it('should report the two questions it cannot hold by their line, and keep their titles out of the ids', () => {
      const result = gift(file);
      expect(result.problems).toEqual([
        { line: 12, message: 'a matching question needs at least 3 pairs, this one has 2' },
        { line: 28, message: 'essay questions ({} with no answers) are not supported: they need a grader' },
      ]);
      expect(result.sources.map((source) => [source.questionId, source.line, source.title])).toEqual([
        ['quiz-q1', 2, 'Q1'],
        ['quiz-q2', 5, 'Q2'],
        ['quiz-q3', 9, 'Q3'],
        ['quiz-q5', 15, 'Q5'],
        ['quiz-q6', 18, 'Q6'],
        ['quiz-q7', 22, 'Q7'],
      ]);
    });
  });

  describe('multiple choice', () => {
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

    it('should read options on their own lines, indented, with the closing brace after the last one', () => {
      expect(
        only([
          'Japanese characters originally came from what country? {',
          '    ~India',
          '    =China',
          '    ~Korea',
          '    ~Egypt}',
        ]),
      ).toMatchObject({
        type: 'single-choice',
        text: 'Japanese characters originally came from what country?',
        options: [
          { text: 'India', fraction: 0 },
          { text: 'China', fraction: 1 },
          { text: 'Korea', fraction: 0 },
          { text: 'Egypt', fraction: 0 },
        ],
      });
    });

    it('should read per-option feedback after #, also when the feedback sits on the next line', () => {
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
      expect(question).toEqual({
        id: 'quiz-q1',
        type: 'single-choice',
        text: "Who is buried in Grant's tomb in New York City?",
        options: [
          { id: 'quiz-q1-o1', text: 'Grant', fraction: 1 },
          {
            id: 'quiz-q1-o2',
            text: 'No one',
            fraction: 0,
            feedback: "Was true for 12 years, but Grant's remains were buried in the tomb in 1897",
          },
          { id: 'quiz-q1-o3', text: 'Napoleon', fraction: 0, feedback: 'He was buried in France' },
        ],
      });
    });

    it('should give partial credit inside a single-choice question, as Moodle does when a = answer is present', () => {
      expect(only('Difficult question.{~wrong answer ~%50%half credit answer =full credit answer}')).toEqual({
        id: 'quiz-q1',
        type: 'single-choice',
        text: 'Difficult question.',
        options: [
          { id: 'quiz-q1-o1', text: 'wrong answer', fraction: 0 },
          { id: 'quiz-q1-o2', text: 'half credit answer', fraction: 0.5 },
          { id: 'quiz-q1-o3', text: 'full credit answer', fraction: 1 },
        ],
      });
    });

    it('should read the weighted missing-word example with feedback and the punctuation after the blank', () => {
      const question = only([
        "::Jesus' hometown::Jesus Christ was from {",
        '    ~Jerusalem#This was an important city, but the wrong answer.',
        '    ~%25%Bethlehem#He was born here, but not raised here.',
        '    ~%50%Galilee#You need to be more specific.',
        "    =Nazareth#Yes! That's right!}.",
      ]);
      expect(question).toEqual({
        id: 'quiz-q1',
        type: 'single-choice',
        text: `Jesus Christ was from ${GIFT_BLANK}.`,
        options: [
          {
            id: 'quiz-q1-o1',
            text: 'Jerusalem',
            fraction: 0,
            feedback: 'This was an important city, but the wrong answer.',
          },
          { id: 'quiz-q1-o2', text: 'Bethlehem', fraction: 0.25, feedback: 'He was born here, but not raised here.' },
          { id: 'quiz-q1-o3', text: 'Galilee', fraction: 0.5, feedback: 'You need to be more specific.' },
          { id: 'quiz-q1-o4', text: 'Nazareth', fraction: 1, feedback: "Yes! That's right!" },
        ],
      });
    });

    it('should read ~-only weighted options as multiple response, with or without negative weights', () => {
      expect(
        only([
          "What two people are entombed in Grant's tomb? {",
          '    ~No one',
          '    ~%50%Grant',
          "    ~%50%Grant's wife",
          "    ~Grant's father }",
        ]),
      ).toMatchObject({
        type: 'multiple-response',
        options: [{ fraction: 0 }, { fraction: 0.5 }, { fraction: 0.5 }, { fraction: 0 }],
      });
      expect(
        only(
          "What two people are entombed in Grant's tomb? {~%-100%No one ~%50%Grant ~%50%Grant's wife ~%-100%Grant's father}",
        ),
      ).toEqual({
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

    it('should keep a lone ~%100% option with negative neighbours a multiple-response question (Moodle test "tricky")', () => {
      expect(
        only([
          "::colours:: What's between orange and green in the spectrum?",
          '{',
          '    ~%100%yellow # right; good!',
          '    ~%-50%red # wrong',
          '    ~%-50%blue # wrong',
          '}',
        ]),
      ).toEqual({
        id: 'quiz-q1',
        type: 'multiple-response',
        text: "What's between orange and green in the spectrum?",
        options: [
          { id: 'quiz-q1-o1', text: 'yellow', fraction: 1, feedback: 'right; good!' },
          { id: 'quiz-q1-o2', text: 'red', fraction: -0.5, feedback: 'wrong' },
          { id: 'quiz-q1-o3', text: 'blue', fraction: -0.5, feedback: 'wrong' },
        ],
      });
    });

    it('should read thirds written as 33.33333% (as Moodle exports them) as exact thirds that add up to 100%', () => {
      const question = only('Pick the primes {~%33.33333%2 ~%33.33333%3 ~%33.33333%5 ~%-33.33333%4 ~%-100%9}');
      expect(question).toMatchObject({
        type: 'multiple-response',
        options: [
          { text: '2', fraction: 1 / 3 },
          { text: '3', fraction: 1 / 3 },
          { text: '5', fraction: 1 / 3 },
          { text: '4', fraction: -1 / 3 },
          { text: '9', fraction: -1 },
        ],
      });
      expect(only('Q {~%50.00000%a ~%50.00000%b ~c}')).toMatchObject({
        options: [{ fraction: 0.5 }, { fraction: 0.5 }, { fraction: 0 }],
      });
    });

    it('should strip a [format] prefix from options and feedback, as in Moodle’s importer tests', () => {
      expect(
        only([
          "::Q2:: What's between orange and green in the spectrum?",
          '{',
          '    =yellow # right; good!',
          "    ~red # [html]wrong, it's <b>yellow</b>",
          "    ~[plain]blue # wrong, it's yellow",
          '}',
        ]),
      ).toMatchObject({
        options: [
          { text: 'yellow', feedback: 'right; good!' },
          { text: 'red', feedback: "wrong, it's **yellow**" },
          { text: 'blue', feedback: "wrong, it's yellow" },
        ],
      });
      expect(only('Q {= [plain] right ~ [plain] wrong}')).toMatchObject({
        options: [{ text: 'right' }, { text: 'wrong' }],
      });
    });

    it('should put a blank where the braces were in a missing-word question, the answers over several lines', () => {
      expect(
        only([
          'The American holiday of Thanksgiving is celebrated on the {',
          '    ~second',
          '    ~third',
          '    =fourth',
          '} Thursday of November.',
        ]),
      ).toMatchObject({
        type: 'single-choice',
        text: `The American holiday of Thanksgiving is celebrated on the ${GIFT_BLANK} Thursday of November.`,
        options: [{ text: 'second' }, { text: 'third' }, { text: 'fourth', fraction: 1 }],
      });
      expect(only('Moodle costs {~lots of money =nothing ~a small amount} to download.')).toMatchObject({
        text: `Moodle costs ${GIFT_BLANK} to download.`,
      });
      expect(
        only([
          "::Grant's Tomb::Grant is {",
          '      ~buried#No one is buried there.',
          '      =entombed#Right answer!',
          '      ~living#We hope not!',
          "} in Grant's tomb.",
        ]),
      ).toMatchObject({
        text: `Grant is ${GIFT_BLANK} in Grant's tomb.`,
        options: [
          { text: 'buried', feedback: 'No one is buried there.' },
          { text: 'entombed', fraction: 1, feedback: 'Right answer!' },
          { text: 'living', feedback: 'We hope not!' },
        ],
      });
    });

    it('should read general feedback after ####, the last #### of the block', () => {
      expect(only('How many legs has a spider? {=eight ~six ####Spiders are arachnids, not insects.}')).toMatchObject({
        type: 'single-choice',
        generalFeedback: 'Spiders are arachnids, not insects.',
        options: [{ text: 'eight' }, { text: 'six' }],
      });
      expect(
        only(['Q {', '=a # see #### below? no', '~b', '####[markdown]The *real* general feedback.', '}']),
      ).toMatchObject({
        options: [{ text: 'a', feedback: 'see #### below? no' }, { text: 'b' }],
        generalFeedback: 'The *real* general feedback.',
      });
    });

    it('should refuse several fully right options in one single-choice question, which our model cannot hold', () => {
      expect(gift('Pick the primes {=2 =3 ~4}').problems).toEqual([
        { line: 1, message: expect.stringMatching(/^2 options are fully right .* ~%50%a ~%50%b/) },
      ]);
      expect(gift('Q {=a ~%100%b ~c}').problems[0].message).toMatch(/2 options are fully right/);
    });

    it('should refuse =%50%, which Moodle would keep as answer text, and point to ~%50%', () => {
      expect(gift(['Q {', '=a', '=%50%b', '~c}']).problems).toEqual([
        { line: 3, message: expect.stringContaining('give partial credit with ~%50%answer') },
      ]);
    });

    it('should refuse multiple-response weights that do not add up to 100%', () => {
      expect(gift('Q {~%50%a ~%25%b ~c}').problems).toEqual([
        { line: 1, message: expect.stringMatching(/^the right options add up to 75%/) },
      ]);
      expect(gift('Q {~%50%a ~%50%b ~%50%c}').problems[0].message).toMatch(/add up to 150%/);
      expect(gift('Q {~%33%a ~%33%b ~%33%c}').problems[0].message).toMatch(/add up to 99%/);
    });
  });

  describe('true/false', () => {
    it('should read {T}, {TRUE}, {F} and {FALSE}', () => {
      const result = gift([
        'Grant is buried in Grant’s tomb.{F}',
        '',
        'The sun rises in the east.{T}',
        '',
        '// name 0-11',
        '::2-08 TSL::TSL is blablabla.{TRUE}',
        '',
        'B {FALSE}',
      ]);
      expect(result.problems).toEqual([]);
      expect(result.questions).toEqual([
        { id: 'quiz-q1', type: 'true-false', text: 'Grant is buried in Grant’s tomb.', answer: false },
        { id: 'quiz-q2', type: 'true-false', text: 'The sun rises in the east.', answer: true },
        { id: 'quiz-q3', type: 'true-false', text: 'TSL is blablabla.', answer: true },
        { id: 'quiz-q4', type: 'true-false', text: 'B', answer: false },
      ]);
      expect(result.sources[2]).toEqual({ questionId: 'quiz-q3', line: 6, title: '2-08 TSL' });
    });

    it('should show the first feedback to a wrong answer and the second to a right one, as Moodle does', () => {
      expect(only("Grant is buried in Grant's tomb.{FALSE#No one is buried in Grant's tomb.}")).toEqual({
        id: 'quiz-q1',
        type: 'true-false',
        text: "Grant is buried in Grant's tomb.",
        answer: false,
        feedbackTrue: "No one is buried in Grant's tomb.",
      });
      expect(
        only([
          '// true/false, with general feedback',
          '::Q1:: 42 is the Absolute Answer to everything.{',
          'FALSE#42 is the Ultimate Answer.#You gave the right answer.',
          "####This is, of course, a Hitchiker's Guide to the Galaxy reference.}",
        ]),
      ).toEqual({
        id: 'quiz-q1',
        type: 'true-false',
        text: '42 is the Absolute Answer to everything.',
        answer: false,
        feedbackTrue: '42 is the Ultimate Answer.',
        feedbackFalse: 'You gave the right answer.',
        generalFeedback: "This is, of course, a Hitchiker's Guide to the Galaxy reference.",
      });
    });

    it('should keep a further # in the second feedback, as Moodle splits at the first two only', () => {
      expect(only('The sun rises in the east.{TRUE #Look again at dawn. #Right, see slide #3.}')).toMatchObject({
        answer: true,
        feedbackFalse: 'Look again at dawn.',
        feedbackTrue: 'Right, see slide #3.',
      });
      expect(only('Only the right one {T##Right.}')).toEqual({
        id: 'quiz-q1',
        type: 'true-false',
        text: 'Only the right one',
        answer: true,
        feedbackTrue: 'Right.',
      });
    });

    it('should read lower-case keywords as true/false, not as a short answer accepting the word', () => {
      expect(only('1+1=2 {t}')).toMatchObject({ type: 'true-false', answer: true });
      expect(only('1+1=3 {false}')).toMatchObject({ type: 'true-false', answer: false });
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

    it('should read a missing-word short answer, and a title over two lines of text', () => {
      expect(only('Two plus two equals {=four =4}.')).toMatchObject({
        type: 'short-answer',
        text: `Two plus two equals ${GIFT_BLANK}.`,
        answers: [{ text: 'four' }, { text: '4' }],
      });
      expect(only(['::Kanji Origins::Japanese characters originally', 'came from what country? {=China}'])).toEqual({
        id: 'quiz-q1',
        type: 'short-answer',
        text: 'Japanese characters originally\ncame from what country?',
        answers: [{ id: 'quiz-q1-a1', text: 'China', fraction: 1 }],
      });
    });

    it('should read weights, feedback and a 0% catch-all * answer (Moodle test "Shortanswer")', () => {
      expect(
        only([
          '// question: 666  name: Shortanswer',
          '::Shortanswer::Which is the best animal?{',
          '    =Frog#Good!',
          '    =%50%Cat#What is it with Moodlers and cats?',
          '    =%0%*#Completely wrong',
          '    ####[html]Here is some <em>general</em> feedback!',
          '}',
        ]),
      ).toEqual({
        id: 'quiz-q1',
        type: 'short-answer',
        text: 'Which is the best animal?',
        answers: [
          { id: 'quiz-q1-a1', text: 'Frog', fraction: 1, feedback: 'Good!' },
          { id: 'quiz-q1-a2', text: 'Cat', fraction: 0.5, feedback: 'What is it with Moodlers and cats?' },
          { id: 'quiz-q1-a3', text: '*', fraction: 0, feedback: 'Completely wrong' },
        ],
        generalFeedback: 'Here is some *general* feedback!',
      });
    });

    it('should read the misspelling example with partial credit and the punctuation after the blank', () => {
      expect(
        only([
          "::Jesus' hometown (Short answer ex.):: Jesus Christ was from {",
          "     =Nazareth#Yes! That's right!",
          '     =%75%Nazereth#Right, but misspelled.',
          '     =%25%Bethlehem#He was born here, but not raised here.',
          '}.',
        ]),
      ).toMatchObject({
        type: 'short-answer',
        text: `Jesus Christ was from ${GIFT_BLANK}.`,
        answers: [
          { text: 'Nazareth', fraction: 1 },
          { text: 'Nazereth', fraction: 0.75, feedback: 'Right, but misspelled.' },
          { text: 'Bethlehem', fraction: 0.25 },
        ],
      });
    });

    it('should read a block without markers as one accepted answer, as Moodle does ({3})', () => {
      expect(only('1 + 2 \\= {3}')).toEqual({
        id: 'quiz-q1',
        type: 'short-answer',
        text: '1 + 2 =',
        answers: [{ id: 'quiz-q1-a1', text: '3', fraction: 1 }],
      });
      expect(only('Q {maybe}')).toMatchObject({ type: 'short-answer', answers: [{ text: 'maybe', fraction: 1 }] });
    });

    it('should read an empty feedback after # as no feedback (Moodle export "=%100%Moodler#")', () => {
      expect(only(['::Moodle user::[html]Anyone who uses Moodle is a ...{', '\t=%100%Moodler#', '}'])).toEqual({
        id: 'quiz-q1',
        type: 'short-answer',
        text: 'Anyone who uses Moodle is a ...',
        answers: [{ id: 'quiz-q1-a1', text: 'Moodler', fraction: 1 }],
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

    it('should read pairs without spaces around -> and text split over two lines', () => {
      expect(
        only([
          'Match the following countries with their corresponding',
          'capitals.{=Canada->Ottawa =Italy->Rome =Japan->Tokyo}',
        ]),
      ).toMatchObject({
        text: 'Match the following countries with their corresponding\ncapitals.',
        pairs: [
          { prompt: 'Canada', answer: 'Ottawa' },
          { prompt: 'Italy', answer: 'Rome' },
          { prompt: 'Japan', answer: 'Tokyo' },
        ],
      });
    });

    it('should read [format] prefixes on prompts and report the extra answer without a prompt (Moodle test)', () => {
      const source = [
        '// question: 2  name: Moodle activities',
        '::Moodle activities::[html]Match the <b>activity</b> to the description.{',
        '    =[html]An activity supporting asynchronous discussions. -> Forum',
        '    =[moodle]A teacher asks a question and specifies a choice of multiple responses. -> Choice',
        '    =[plain]A bank of record entries which participants can add to. -> Database',
        '    =[markdown]A collection of web pages that anyone can add to or edit. -> Wiki',
        '    = -> Chat',
        '}',
      ];
      expect(gift(source)).toMatchObject({
        questions: [],
        problems: [{ line: 7, message: expect.stringMatching(/^extra answers without a prompt \(= -> Chat\)/) }],
      });
      expect(only(source.filter((line) => !line.includes('Chat')))).toEqual({
        id: 'quiz-q1',
        type: 'matching',
        text: 'Match the **activity** to the description.',
        pairs: [
          { id: 'quiz-q1-p1', prompt: 'An activity supporting asynchronous discussions.', answer: 'Forum' },
          {
            id: 'quiz-q1-p2',
            prompt: 'A teacher asks a question and specifies a choice of multiple responses.',
            answer: 'Choice',
          },
          { id: 'quiz-q1-p3', prompt: 'A bank of record entries which participants can add to.', answer: 'Database' },
          { id: 'quiz-q1-p4', prompt: 'A collection of web pages that anyone can add to or edit.', answer: 'Wiki' },
        ],
      });
    });

    it('should refuse a pair without an answer, naming its line', () => {
      expect(gift('Q {\n=a -> 1\n=b -> 2\n=c ->\n}').problems).toEqual([
        { line: 4, message: 'the prompt "c" has no answer after "->"' },
      ]);
      expect(gift('Q {=a -> 1 =%50%b -> 2 =c -> 3}').problems[0].message).toMatch(/without text before it or weights/);
    });
  });

  describe('numeric', () => {
    it('should read a value with a tolerance, and an exact value', () => {
      expect(only('When was Ulysses S. Grant born?{#1822:5}')).toEqual({
        id: 'quiz-q1',
        type: 'numeric',
        text: 'When was Ulysses S. Grant born?',
        answers: [{ id: 'quiz-q1-a1', value: 1822, tolerance: 5, fraction: 1 }],
      });
      expect(only('When was Ulysses S. Grant born? {#1822}')).toMatchObject({
        answers: [{ value: 1822, tolerance: 0, fraction: 1 }],
      });
      expect(only('Negative? {#-2.5}')).toMatchObject({ answers: [{ value: -2.5, tolerance: 0 }] });
      expect(only("What's 2 plus 2? {#4}")).toMatchObject({ answers: [{ value: 4 }] });
    });

    it('should read ranges and tolerances with the punctuation after the blank, as in the examples', () => {
      expect(only('What is the value of pi (to 3 decimal places)? {#3.141..3.142}.')).toEqual({
        id: 'quiz-q1',
        type: 'numeric',
        text: `What is the value of pi (to 3 decimal places)? ${GIFT_BLANK}.`,
        answers: [{ id: 'quiz-q1-a1', min: 3.141, max: 3.142, fraction: 1 }],
      });
      expect(only('What is the value of pi (to 3 decimal places)? {#3.1415:0.0005}.')).toMatchObject({
        answers: [{ value: 3.1415, tolerance: 0.0005 }],
      });
      expect(only('Below zero {#-10..-2.5}')).toMatchObject({ answers: [{ min: -10, max: -2.5 }] });
      expect(only('::Q5:: What is pi? {#3.14:0.01#Close enough}')).toMatchObject({
        answers: [{ value: 3.14, tolerance: 0.01, fraction: 1, feedback: 'Close enough' }],
      });
    });

    it('should read several weighted answers, with feedback running on to the next line', () => {
      const question = only([
        '//this comment will be ignored by the filter',
        '::Numerical example::',
        'When was Ulysses S. Grant born? {#',
        '     =1822:0      #Correct! 100% credit',
        '     =%50%1822:2  #He was born in 1822.',
        '                  You get 50% credit for being close.',
        '}',
      ]);
      expect(question).toEqual({
        id: 'quiz-q1',
        type: 'numeric',
        text: 'When was Ulysses S. Grant born?',
        answers: [
          { id: 'quiz-q1-a1', value: 1822, tolerance: 0, fraction: 1, feedback: 'Correct! 100% credit' },
          {
            id: 'quiz-q1-a2',
            value: 1822,
            tolerance: 2,
            fraction: 0.5,
            feedback: 'He was born in 1822.\nYou get 50% credit for being close.',
          },
        ],
      });
      expect(only('When was Ulysses S. Grant born? {# =2000:0 =%50%1999:1 =%0%1900:0#Way off}')).toMatchObject({
        answers: [
          { value: 2000, tolerance: 0, fraction: 1 },
          { value: 1999, tolerance: 1, fraction: 0.5 },
          { value: 1900, fraction: 0, feedback: 'Way off' },
        ],
      });
    });

    it('should report the catch-all wrong-answer feedback of Moodle exports (~#...), which has no place here', () => {
      expect(
        gift(['// math range question', '::Q5:: What is a number from 1 to 5? {#3:2~#Completely wrong}']).problems,
      ).toEqual([
        { line: 2, message: expect.stringMatching(/^feedback for any other answer \(~#feedback\) is not supported/) },
      ]);
      expect(gift(['Q {#', '\t=%100%3:2#', '\t~#Completely wrong', '}']).problems).toEqual([
        { line: 3, message: expect.stringContaining('####feedback') },
      ]);
    });

    it('should refuse values that are not numbers, reversed ranges and negative tolerances', () => {
      expect(gift('Q {#abc}').problems).toEqual([{ line: 1, message: 'the value "abc" is not a number' }]);
      expect(gift('Q {#3,14}').problems).toEqual([{ line: 1, message: 'the value "3,14" is not a number' }]);
      expect(gift('Q {#5..1}').problems[0].message).toMatch(/reversed/);
      expect(gift('Q {#5:-1}').problems[0].message).toMatch(/negative/);
      expect(gift('Q {#1..x}').problems[0].message).toBe('the maximum "x" is not a number');
      expect(gift('Q {#\n=1:0\n=x:1\n}').problems).toEqual([{ line: 3, message: 'the value "x" is not a number' }]);
      expect(gift('Q {# =%50%1:0}').problems[0].message).toMatch(/no correct answer/);
      expect(gift('Q {#}').problems[0].message).toMatch(/numeric answer is empty/);
    });
  });

  describe('syntax', () => {
    it('should unescape \\~ \\= \\# \\{ \\} \\: and \\n, which never act as syntax', () => {
      const question = only([
        'Which answer equals 5? {',
        '     ~ \\= 2 + 2',
        '     = \\= 2 + 3 \\# \\{set\\} a\\:b\\nnext',
        '     ~ \\= 2 + 4  }',
      ]);
      expect(question).toMatchObject({
        type: 'single-choice',
        options: [{ text: '= 2 + 2' }, { text: '= 2 + 3 # {set} a:b\nnext' }, { text: '= 2 + 4' }],
      });
      expect(only('::Title \\:: colon:: Use \\{braces\\} and \\~ {T}')).toMatchObject({
        text: 'Use {braces} and ~',
      });
      expect(only('The largest desert on Earth is\\: {=Antarctica ~Sahara Desert}')).toMatchObject({
        text: 'The largest desert on Earth is:',
      });
    });

    it('should read \\\\ as one backslash that escapes nothing after it (Moodle MDL-34171)', () => {
      expect(only('::double backslash:: A \\\\ B \\\\\\\\ C{T}')).toMatchObject({ text: 'A \\ B \\\\ C' });
      expect(only('Ends with a backslash \\\\{=\\\\}')).toMatchObject({
        text: 'Ends with a backslash \\',
        answers: [{ text: '\\' }],
      });
      expect(only('LaTeX \\frac\\{1\\}\\{2\\} keeps its backslash? {T}')).toMatchObject({
        text: 'LaTeX \\frac{1}{2} keeps its backslash?',
      });
    });

    it('should read the control-characters example: escaped options and feedback running over lines', () => {
      const question = only([
        '::GIFT Control Characters::',
        'Which of the following is NOT a control character for the GIFT import format? {',
        '   ~ \\~     # \\~ is a control character.',
        '   ~ \\=     # \\= is a control character.',
        '   ~ \\#     # \\# is a control character.',
        '   ~ \\{     # \\{ is a control character.',
        '   ~ \\}     # \\} is a control character.',
        '   = \\\\     # Correct! \\\\ (backslash) is not a control character. BUT,',
        '              it is used to escape the control characters.',
        '}',
      ]);
      expect(question).toMatchObject({
        type: 'single-choice',
        text: 'Which of the following is NOT a control character for the GIFT import format?',
        options: [
          { text: '~', fraction: 0, feedback: '~ is a control character.' },
          { text: '=', fraction: 0, feedback: '= is a control character.' },
          { text: '#', fraction: 0, feedback: '# is a control character.' },
          { text: '{', fraction: 0, feedback: '{ is a control character.' },
          { text: '}', fraction: 0, feedback: '} is a control character.' },
          {
            text: '\\',
            fraction: 1,
            feedback:
              'Correct! \\ (backslash) is not a control character. BUT,\nit is used to escape the control characters.',
          },
        ],
      });
    });

    it('should keep [markdown] text as written and drop the [plain] and [moodle] prefixes', () => {
      expect(
        only([
          "[markdown]Who's buried in **Grant's tomb**?{",
          '=no one#excellent answer!',
          '=nobody#excellent answer!}',
        ]),
      ).toMatchObject({
        text: "Who's buried in **Grant's tomb**?",
        answers: [{ feedback: 'excellent answer!' }, { feedback: 'excellent answer!' }],
      });
      expect(only('[plain] Plain {F}')).toMatchObject({ text: 'Plain' });
      expect(only('::Q:: [moodle]Moodle {F}')).toMatchObject({ text: 'Moodle' });
      expect(only('[1] is not a format {T}')).toMatchObject({ text: '[1] is not a format' });
    });

    it('should turn [html] text, answers and feedback of a Moodle export into Markdown', () => {
      const result = gift([
        '// question: 0  name: switch category to $course$/Default for New Features',
        '$CATEGORY: $course$/Default for New Features',
        '',
        '// question: 43  name: Greeting',
        '::Greeting::[html]<a href\\="http\\://demo.moodle.net/file.php/5/media/bonjour.mp3">Listen to this greeting\\:</a><br /><br />What language is being spoken?{',
        '\t~English#Sorry, listen again.',
        '\t=<p>French</p>#Yes, <b>well done</b>!',
        '\t~German#Sorry, listen again.',
        '}',
        '',
        '// question: 45  name: Moodle acronym',
        '::Moodle acronym::[html]Moodle is an acronym for <span style\\="font-style\\: italic;">Modular Object-Oriented Dynamic Learning Environment</span>.{TRUE}',
      ]);
      expect(result.problems).toEqual([]);
      expect(result.questions).toEqual([
        {
          id: 'quiz-q1',
          type: 'single-choice',
          text: '[Listen to this greeting:](http://demo.moodle.net/file.php/5/media/bonjour.mp3)\n\nWhat language is being spoken?',
          options: [
            { id: 'quiz-q1-o1', text: 'English', fraction: 0, feedback: 'Sorry, listen again.' },
            { id: 'quiz-q1-o2', text: 'French', fraction: 1, feedback: 'Yes, **well done**!' },
            { id: 'quiz-q1-o3', text: 'German', fraction: 0, feedback: 'Sorry, listen again.' },
          ],
        },
        {
          id: 'quiz-q2',
          type: 'true-false',
          text: 'Moodle is an acronym for Modular Object-Oriented Dynamic Learning Environment.',
          answer: true,
        },
      ]);
      expect(result.categories).toEqual([
        { path: '$course$/Default for New Features', line: 2, questionIds: ['quiz-q1', 'quiz-q2'] },
      ]);
    });

    it('should report HTML that cannot become Markdown (images, superscripts) on the line it is on', () => {
      expect(
        gift([
          '::A02::[html]<p>What is 3<sup>2</sup> + 4<sup>2</sup>?</p>',
          '{',
          '~24',
          '=<p>25</p>',
          '~<img src\\="@@PLUGINFILE@@/images/25.png" />',
          '}',
        ]).problems,
      ).toEqual([{ line: 1, message: expect.stringMatching(/^the HTML has <sup>, which cannot be carried/) }]);
      expect(gift(['[html]Q {', '=yes', '~<img src\\="x.png">', '}']).problems).toEqual([
        { line: 3, message: expect.stringContaining('<img>') },
      ]);
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

    it('should take Moodle’s id number from an [id:...] comment inside the item, tags ignored', () => {
      const result = gift([
        '// This question is to test importing tags: [tag:tag] [tag:other-tag].',
        '// And an idnumber: [id:myid].',
        '::Question name:: How are you? {T}',
        '',
        '// [id:ignored] (a blank line follows)',
        '',
        '::Next:: Still here? {',
        '// [id:inside\\]]',
        '=yes ~no}',
      ]);
      expect(result.sources).toEqual([
        { questionId: 'quiz-q1', line: 3, title: 'Question name', idNumber: 'myid' },
        { questionId: 'quiz-q2', line: 7, title: 'Next', idNumber: 'inside]' },
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
        'How are you? {',
        "####We hope you're feeling well.",
        '}',
        '',
        'Still here {T}',
      ]);
      expect(result.questions.map((question) => question.text)).toEqual(['Still here']);
      expect(result.problems).toEqual([
        { line: 2, message: 'essay questions ({} with no answers) are not supported: they need a grader' },
        {
          line: 4,
          message:
            'description items (text without an answer block in braces) are not supported: only questions are imported',
        },
        { line: 6, message: 'essay questions ({} with no answers) are not supported: they need a grader' },
      ]);
    });

    it('should report the line of an unclosed brace and go on with the next question', () => {
      const result = gift(['Q1 {T}', '', 'Question two', 'over lines {', '=a', '~b', '', 'Q3 {F}']);
      expect(result.problems).toEqual([
        { line: 4, message: 'the answer block is not closed: "{" has no matching "}"' },
      ]);
      expect(result.questions.map((question) => question.id)).toEqual(['quiz-q1', 'quiz-q3']);
    });

    it('should report each kind of broken question on its line', () => {
      const cases: [string, number, RegExp][] = [
        ['\n\nQ {=a ~}', 3, /an answer is empty after "~"/],
        ['Q {~a ~b}', 1, /no correct answer/],
        ['Q {=a}\n{~b}', 2, /only one answer block/],
        ['Q {=a {~b}', 1, /cannot contain "{"/],
        ['Q } {=a}', 1, /"}" comes before any "{"/],
        ['Q {=a} }', 1, /closes no answer block/],
        ['Q {x =a ~b}', 1, /must start with = \(right\) or ~ \(wrong\): "x" has neither/],
        ['::Untitled Q {T}', 1, /title is not closed/],
        ['::T:: {T}', 1, /has no text/],
        ['Q {=a ~%150%b}', 1, /outside -100% to 100%/],
        ['Q {=a ~%x%b}', 1, /a weight is written %50%/],
        ['Q {=%50%a}', 1, /no correct answer/],
        ['$CATEGORY:', 1, /needs a category path/],
        ['Q {\n=a\n~b\n=c -> d\n}', 2, /2 options are fully right/],
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
              '[',
              ']',
              '<',
              'p',
            ),
          }),
          (source) => {
            const result = gift(source);
            const lineCount = source.split('\n').length;
            for (const problem of result.problems) {
              expect(problem.line).toBeGreaterThanOrEqual(1);
              expect(problem.line).toBeLessThanOrEqual(lineCount);
            }
            expect(result.sources.map((entry) => entry.questionId)).toEqual(result.questions.map((entry) => entry.id));
          },
        ),
      );
    });

    it('should read back any escaped answer text unchanged', () => {
      const escape = (text: string): string => text.replace(/[\\~=#{}:]/g, (character) => `\\${character}`);
      fc.assert(
        fc.property(
          fc
            .string({ unit: fc.constantFrom('a', 'b', ' ', '~', '=', '#', '{', '}', ':', '\\') })
            .filter((text) => text.trim() !== ''),
          (text) => {
            const question = only(`Say it {=${escape(text)}}`);
            expect(question).toMatchObject({ type: 'short-answer', answers: [{ text: text.trim(), fraction: 1 }] });
          },
        ),
      );
    });

    it('should accept a multiple-response question whenever its positive weights are n equal shares written to 5 decimals', () => {
      fc.assert(
        fc.property(fc.integer({ min: 2, max: 12 }), (shares) => {
          const weight = (100 / shares).toFixed(5);
          const options = Array.from({ length: shares }, (_value, index) => `~%${weight}%right ${index}`).join(' ');
          const question = only(`Pick all {${options} ~%-100%wrong}`);
          expect(question.type).toBe('multiple-response');
        }),
      );
    });
  });
});

describe('htmlToMarkdown', () => {
  it('should turn paragraphs, breaks, emphasis, links, lists, code and headings into Markdown', () => {
    expect(htmlToMarkdown('<p>What is <b> bold</b> and <i>it </i>next?</p>')).toEqual({
      markdown: 'What is **bold** and *it* next?',
      unsupported: [],
    });
    expect(
      htmlToMarkdown('<ul>\n  <li>one</li>\n  <li><em>two</em></li>\n</ul><ol><li>first</li></ol>after').markdown,
    ).toBe('- one\n- *two*\n\n1. first\n\nafter');
    expect(
      htmlToMarkdown('<p>¿Qué imprime?</p><pre><code>for i in range(2):\n    print(i)</code></pre>').markdown,
    ).toBe('¿Qué imprime?\n\n```\nfor i in range(2):\n    print(i)\n```');
    expect(htmlToMarkdown('<h3>Scenario</h3>Use <code>git log</code>.<hr>End').markdown).toBe(
      '**Scenario**\n\nUse `git log`.\n\n---\n\nEnd',
    );
    expect(htmlToMarkdown('<a href=\'https://x.org/?a=1&amp;b=2\'>x</a> and <a name="top">anchor</a>').markdown).toBe(
      '[x](https://x.org/?a=1&b=2) and anchor',
    );
  });

  it('should drop styling wrappers and decode entities, keeping unknown named ones for the Markdown renderer', () => {
    expect(
      htmlToMarkdown(
        '<p><strong id="docs-internal" style="font-weight: normal;"><span style="color: #434343;">des câbles</span></strong></p>',
      ).markdown,
    ).toBe('**des câbles**');
    expect(htmlToMarkdown('&#233;t&eacute; &#x263A; &#99999999; &lt;tag&gt; a&nbsp;b').markdown).toBe(
      'ét&eacute; ☺ &#99999999; <tag> a b',
    );
  });

  it('should list what cannot be carried over', () => {
    expect(htmlToMarkdown('3<sup>2</sup> <img src="x"> <table><tr><td>1</td></tr></table>').unsupported).toEqual([
      'sup',
      'img',
      'table',
      'tr',
      'td',
    ]);
  });
});
