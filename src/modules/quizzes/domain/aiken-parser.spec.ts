import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parseAiken, type AikenResult } from './aiken-parser.js';

function aiken(lines: string[]): AikenResult {
  return parseAiken(lines.join('\n'), { idPrefix: 'quiz' });
}

describe('parseAiken', () => {
  it('should read the example of the Moodle documentation, with both option styles', () => {
    const result = aiken([
      'What is the correct answer to this question?',
      'A. Is it this one?',
      'B. Maybe this answer?',
      'C. Possibly this one?',
      'D. Must be this one!',
      'ANSWER: D',
      '',
      'Which LMS has the most quiz import formats?',
      'A) Moodle',
      'B) ATutor',
      'C) Claroline',
      'ANSWER: A',
    ]);
    expect(result.problems).toEqual([]);
    expect(result.sources).toEqual([
      { questionId: 'quiz-q1', line: 1 },
      { questionId: 'quiz-q2', line: 8 },
    ]);
    expect(result.questions).toEqual([
      {
        id: 'quiz-q1',
        type: 'single-choice',
        text: 'What is the correct answer to this question?',
        options: [
          { id: 'quiz-q1-o1', text: 'Is it this one?', fraction: 0 },
          { id: 'quiz-q1-o2', text: 'Maybe this answer?', fraction: 0 },
          { id: 'quiz-q1-o3', text: 'Possibly this one?', fraction: 0 },
          { id: 'quiz-q1-o4', text: 'Must be this one!', fraction: 1 },
        ],
      },
      {
        id: 'quiz-q2',
        type: 'single-choice',
        text: 'Which LMS has the most quiz import formats?',
        options: [
          { id: 'quiz-q2-o1', text: 'Moodle', fraction: 1 },
          { id: 'quiz-q2-o2', text: 'ATutor', fraction: 0 },
          { id: 'quiz-q2-o3', text: 'Claroline', fraction: 0 },
        ],
      },
    ]);
  });

  it('should read questions with no blank line between them, several text lines and Windows line endings', () => {
    const result = parseAiken(
      'First line\r\nsecond line\r\nA. yes\r\nB. no\r\nANSWER: A\r\nNext?\r\nA. x\r\nB. y\r\nANSWER: B\r\n',
      { idPrefix: 'quiz' },
    );
    expect(result.problems).toEqual([]);
    expect(result.questions.map((question) => question.text)).toEqual(['First line\nsecond line', 'Next?']);
    expect(result.questions[1].options.map((option) => option.fraction)).toEqual([0, 1]);
  });

  it('should keep a first line that reads like an option as question text', () => {
    const result = aiken(['A. Lincoln was the 16th president?', 'A. True', 'B. False', 'ANSWER: A']);
    expect(result.questions[0]).toMatchObject({ text: 'A. Lincoln was the 16th president?', options: [{}, {}] });
  });

  it('should report a question without an ANSWER line and go on with the next one', () => {
    const result = aiken(['Q1?', 'A. a', 'B. b', '', 'Q2?', 'A. a', 'B. b', 'ANSWER: b']);
    expect(result.problems).toEqual([{ line: 1, message: 'no ANSWER line: end the question with e.g. ANSWER: B' }]);
    expect(result.questions).toMatchObject([
      { id: 'quiz-q2', text: 'Q2?', options: [{ fraction: 0 }, { fraction: 1 }] },
    ]);
  });

  it('should report an ANSWER letter that names no option, on the ANSWER line', () => {
    expect(aiken(['', 'Q?', 'A. a', 'B. b', 'ANSWER: C']).problems).toEqual([
      { line: 5, message: 'ANSWER: C names no option: the options are A, B' },
    ]);
    expect(aiken(['Q?', 'A. a', 'B. b', 'ANSWER: A, B']).problems[0]).toMatchObject({ line: 4 });
    expect(aiken(['Q?', 'A. a', 'B. b', 'ANSWER:']).problems[0].message).toMatch(/one option letter/);
  });

  it('should report fewer than two options', () => {
    expect(aiken(['Q?', 'A. only', 'ANSWER: A']).problems).toEqual([
      { line: 1, message: 'a question needs at least 2 options, this one has 1' },
    ]);
    expect(aiken(['Q?', 'ANSWER: A']).problems[0].message).toMatch(/has 0/);
  });

  it('should report a line amid the options, then read it as the start of a new question as Moodle does', () => {
    expect(aiken(['Q?', 'A. a', 'oops', 'B. b', 'ANSWER: B']).problems).toEqual([
      {
        line: 3,
        message:
          '"oops" is neither an option (A. text) nor the ANSWER: line; if a new question starts here, the one on line 1 has no ANSWER line',
      },
      { line: 3, message: 'a question needs at least 2 options, this one has 1' },
    ]);
    const result = aiken(['Q1?', 'A. a', 'B. b', 'Q2?', 'A. x', 'B. y', 'ANSWER: A']);
    expect(result.problems).toEqual([
      { line: 4, message: expect.stringContaining('the one on line 1 has no ANSWER line') },
    ]);
    expect(result.questions).toMatchObject([
      { id: 'quiz-q2', text: 'Q2?', options: [{ fraction: 1 }, { fraction: 0 }] },
    ]);
  });

  it('should report repeated letters and empty options by their line', () => {
    expect(aiken(['Q?', 'A. a', 'A. b', 'ANSWER: A']).problems).toEqual([
      { line: 3, message: 'the option letter A is used twice' },
    ]);
    expect(aiken(['Q?', 'A. a', 'B.', 'ANSWER: A']).problems).toEqual([{ line: 3, message: 'the option B is empty' }]);
  });

  it('should read the Moodle importer’s error fixture: three good questions and every bad one by its line', () => {
    const result = aiken([
      'A question with too few answers',
      'A) Only answer',
      'ANSWER: A',
      '',
      'A) Question not started',
      '',
      'ANSWER: Question not started',
      '',
      'A good question',
      'A) Correct',
      'B) Incorrect',
      'ANSWER: A',
      '',
      'A question started but not finished',
      'A) Correct-ish',
      'B) Incorrect-ish',
      '',
      'A second good question',
      'A)Incorrect (No space)',
      'B)Correct (No space)',
      'ANSWER: B',
      '',
      'A third good question with HTML chars such as > < &',
      'A) Correct (< > &)',
      'B) Incorrect (< > &)',
      'ANSWER: A',
    ]);
    expect(result.problems).toEqual([
      { line: 1, message: 'a question needs at least 2 options, this one has 1' },
      { line: 5, message: 'a question needs at least 2 options, this one has 0' },
      { line: 14, message: 'no ANSWER line: end the question with e.g. ANSWER: B' },
    ]);
    expect(result.questions).toEqual([
      {
        id: 'quiz-q3',
        type: 'single-choice',
        text: 'A good question',
        options: [
          { id: 'quiz-q3-o1', text: 'Correct', fraction: 1 },
          { id: 'quiz-q3-o2', text: 'Incorrect', fraction: 0 },
        ],
      },
      {
        id: 'quiz-q5',
        type: 'single-choice',
        text: 'A second good question',
        options: [
          { id: 'quiz-q5-o1', text: 'Incorrect (No space)', fraction: 0 },
          { id: 'quiz-q5-o2', text: 'Correct (No space)', fraction: 1 },
        ],
      },
      {
        id: 'quiz-q6',
        type: 'single-choice',
        text: 'A third good question with HTML chars such as > < &',
        options: [
          { id: 'quiz-q6-o1', text: 'Correct (< > &)', fraction: 1 },
          { id: 'quiz-q6-o2', text: 'Incorrect (< > &)', fraction: 0 },
        ],
      },
    ]);
    expect(result.sources).toEqual([
      { questionId: 'quiz-q3', line: 9 },
      { questionId: 'quiz-q5', line: 18 },
      { questionId: 'quiz-q6', line: 23 },
    ]);
  });

  it('should accept blank lines between the text and the options and between options, as Moodle does', () => {
    const result = aiken([
      'What is the capital of France?',
      '',
      'A. Paris',
      '',
      'B. Lyon',
      'C. Marseille',
      'ANSWER: A',
    ]);
    expect(result.problems).toEqual([]);
    expect(result.questions[0]).toMatchObject({
      text: 'What is the capital of France?',
      options: [{ fraction: 1 }, {}, {}],
    });
  });

  it('should report an ANSWER line that follows no question, and a question whose text is never followed by options', () => {
    expect(aiken(['ANSWER: A', '', 'Only text here', '', 'Q?', 'A. a', 'B. b', 'ANSWER: B']).problems).toEqual([
      { line: 1, message: 'an ANSWER line without a question before it' },
      { line: 3, message: 'no ANSWER line: end the question with e.g. ANSWER: B' },
    ]);
  });

  it('should read an option label whose text reads like another label, and 26 options', () => {
    const letters = Array.from({ length: 26 }, (_value, index) => String.fromCharCode(65 + index));
    const result = aiken(['Pick Z', ...letters.map((letter) => `${letter}) option ${letter}`), 'ANSWER: Z']);
    expect(result.problems).toEqual([]);
    expect(result.questions[0].options).toHaveLength(26);
    expect(result.questions[0].options[25]).toEqual({ id: 'quiz-q1-o26', text: 'option Z', fraction: 1 });
    expect(
      aiken(['Q?', 'A. B. Smith', 'B. C. Jones', 'ANSWER: a']).questions[0].options.map((option) => option.text),
    ).toEqual(['B. Smith', 'C. Jones']);
  });

  it('should mark exactly one right option in every question it returns', () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[a-z][a-z ]{0,10}$/), { minLength: 2, maxLength: 6 }),
        fc.nat(),
        (texts, pick) => {
          const letters = texts.map((_text, index) => String.fromCharCode(65 + index));
          const right = letters[pick % letters.length];
          const result = aiken(['Q?', ...texts.map((text, index) => `${letters[index]}. ${text}`), `ANSWER: ${right}`]);
          expect(result.problems).toEqual([]);
          const fractions = result.questions[0].options.map((option) => option.fraction);
          expect(fractions.filter((fraction) => fraction === 1)).toHaveLength(1);
          expect(fractions[pick % letters.length]).toBe(1);
        },
      ),
    );
  });
});
