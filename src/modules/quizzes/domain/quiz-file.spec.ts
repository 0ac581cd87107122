import { describe, expect, it } from '@jest/globals';
import { parseQuizFile } from './quiz-file.js';

const GOOD = `module: net-m01
questions:
  - id: net-m01-q-purpose
    type: single-choice
    text: What is a cluster for?
    options:
      - { id: net-m01-q-purpose-a, text: Sharing, fraction: 1, feedback: Yes. }
      - { id: net-m01-q-purpose-b, text: Inspection, fraction: 0 }
  - id: net-m01-q-true
    type: true-false
    text: Clusters always need a building.
    answer: false
  - id: net-m01-q-match
    type: matching
    text: Match the terms.
    pairs:
      - { id: net-m01-q-match-a, prompt: SWOT, answer: Analysis }
      - { id: net-m01-q-match-b, prompt: KPI, answer: Indicator }
      - { id: net-m01-q-match-c, prompt: CRC, answer: Centre }
`;

describe('parseQuizFile', () => {
  it('should read a question bank into the question model', () => {
    const result = parseQuizFile(GOOD, 'q.yaml');
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.value.moduleId).toBe('net-m01');
    expect(result.value.questions.map((question) => question.type)).toEqual([
      'single-choice',
      'true-false',
      'matching',
    ]);
  });

  it('should name the line of a single-choice question without exactly one right option', () => {
    const result = parseQuizFile(GOOD.replace('fraction: 0 }', 'fraction: 1 }'), 'q.yaml');
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.problems[0]).toMatchObject({
        file: 'q.yaml',
        line: 7,
        message: 'questions[0].options: a single-choice question needs exactly one option with fraction 1',
      });
  });

  it('should refuse an unknown type, a matching question with two pairs and a duplicate id, each with its line', () => {
    const unknown = parseQuizFile(GOOD.replace('type: true-false', 'type: essay'), 'q.yaml');
    expect(!unknown.ok && unknown.problems[0].message).toMatch(/type must be one of/);
    const short = parseQuizFile(GOOD.replace(/ {6}- \{ id: net-m01-q-match-c[^\n]*\n/, ''), 'q.yaml');
    expect(!short.ok && short.problems[0].message).toMatch(/at least 3 pairs/);
    const duplicate = parseQuizFile(GOOD.replace('id: net-m01-q-true', 'id: net-m01-q-purpose'), 'q.yaml');
    expect(!duplicate.ok && duplicate.problems[0]).toEqual({
      file: 'q.yaml',
      line: 9,
      message: 'duplicate id net-m01-q-purpose (first on line 3)',
    });
  });

  it('should name the line of a duplicate id in a bank of thousands of questions without searching the file once per id', () => {
    const questions = Array.from(
      { length: 3000 },
      (_, index) => `  - id: bank-q${index}\n    type: true-false\n    text: Statement ${index}.\n    answer: true\n`,
    );
    const source = `module: bank\nquestions:\n${questions.join('')}  - id: bank-q1\n    type: true-false\n    text: Again.\n    answer: false\n`;
    const started = performance.now();
    const result = parseQuizFile(source, 'q.yaml');
    const elapsed = performance.now() - started;
    expect(!result.ok && result.problems).toEqual([
      { file: 'q.yaml', line: 3 + 3000 * 4, message: 'duplicate id bank-q1 (first on line 7)' },
    ]);
    // Searching the whole file once per id took minutes for a bank this size, with the API waiting on it.
    expect(elapsed).toBeLessThan(5000);
  });
});
