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

  it('should report stray lines, repeated letters and empty options by their line', () => {
    expect(aiken(['Q?', 'A. a', 'oops', 'B. b', 'ANSWER: A']).problems).toEqual([
      { line: 3, message: '"oops" is neither an option (A. text) nor the ANSWER: line' },
    ]);
    expect(aiken(['Q?', 'A. a', 'A. b', 'ANSWER: A']).problems).toEqual([
      { line: 3, message: 'the option letter A is used twice' },
    ]);
    expect(aiken(['Q?', 'A. a', 'B.', 'ANSWER: A']).problems).toEqual([{ line: 3, message: 'the option B is empty' }]);
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
