import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parseAiken } from './aiken-parser.js';
import { parseGift } from './gift-parser.js';
import type { Question } from './question.types.js';
import { parseQuizFile } from './quiz-file.js';
import { assignQuestionIds, slugOf, writeQuizFile, type ImportedQuestion } from './quiz-file-writer.js';

const FILE = 'content/courses/x/modules/01-intro.quiz.yaml';
const STABLE_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

function fromGift(source: string): ImportedQuestion[] {
  const result = parseGift(source, { idPrefix: 'gift' });
  expect(result.problems).toEqual([]);
  return result.questions.map((question, index) => ({
    question,
    name: result.sources[index].idNumber ?? result.sources[index].title,
  }));
}

function written(result: ReturnType<typeof writeQuizFile>): { source: string; questions: Question[] } {
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result;
}

function reread(source: string): { moduleId: string; settings: object; questions: Question[] } {
  const parsed = parseQuizFile(source, FILE);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.value;
}

const EXISTING = `# Question bank of the introduction; reviewed by the course team.
module: net-m01
settings:
  passMark: 80
  drawCount: 2
questions:
  - id: net-m01-q-purpose
    type: single-choice
    text: "What is a cluster for?"
    options:
      - { id: net-m01-q-purpose-a, text: Sharing, fraction: 1, feedback: Yes. }
      - { id: net-m01-q-purpose-b, text: Inspection, fraction: 0 }
  - id: net-m01-q-grants-tomb # imported from GIFT
    type: true-false
    text: Old text.
    answer: true
  - id: net-m01-q-building
    type: true-false
    text: Clusters always need a building.
    answer: false
`;

describe('writeQuizFile', () => {
  it('should write a new quiz file with stable ids that reads back as the same questions', () => {
    const result = written(
      writeQuizFile({
        moduleId: 'net-m01',
        file: FILE,
        questions: fromGift(
          [
            "::Grant's tomb::Who's buried in Grant's tomb?{~Grant #Not quite. =no one ####Nobody: it is a tomb above ground.}",
            '',
            'When was Ulysses S. Grant born?{#1822:5}',
          ].join('\n'),
        ),
      }),
    );
    expect(result.source).toBe(
      [
        'module: net-m01',
        'questions:',
        '  - id: net-m01-q-grant-s-tomb',
        '    type: single-choice',
        "    text: Who's buried in Grant's tomb?",
        '    options:',
        '      - id: net-m01-q-grant-s-tomb-a',
        '        text: Grant',
        '        fraction: 0',
        '        feedback: Not quite.',
        '      - id: net-m01-q-grant-s-tomb-b',
        '        text: no one',
        '        fraction: 1',
        '    generalFeedback: "Nobody: it is a tomb above ground."',
        `  - id: ${result.questions[1].id}`,
        '    type: numeric',
        '    text: When was Ulysses S. Grant born?',
        '    answers:',
        `      - id: ${result.questions[1].id}-a`,
        '        value: 1822',
        '        tolerance: 5',
        '        fraction: 1',
        '',
      ].join('\n'),
    );
    expect(result.questions[1].id).toMatch(/^net-m01-q-[0-9a-f]{8}$/);
    expect(reread(result.source)).toEqual({ moduleId: 'net-m01', settings: {}, questions: result.questions });
  });

  it('should give the same ids when the same file is imported again, and another id when a nameless text changes', () => {
    const source = 'Q1 {T}\n\nQ2 {F}\n\n::Named::Q3 {=a ~b}';
    const first = written(writeQuizFile({ moduleId: 'm1', file: FILE, questions: fromGift(source) }));
    const again = written(writeQuizFile({ moduleId: 'm1', file: FILE, questions: fromGift(source) }));
    expect(again.source).toBe(first.source);
    const edited = written(
      writeQuizFile({ moduleId: 'm1', file: FILE, questions: fromGift(source.replace('Q2', 'Q2, edited')) }),
    );
    expect(edited.questions.map((question) => question.id)).toEqual([
      first.questions[0].id,
      expect.not.stringMatching(first.questions[1].id),
      'm1-q-named',
    ]);
  });

  it('should append new questions, replace same-id ones in place and keep the file’s settings, comments and layout', () => {
    const result = writeQuizFile({
      moduleId: 'net-m01',
      file: FILE,
      existing: EXISTING,
      questions: fromGift("::Grants tomb::Grant is buried in Grant's tomb.{F}\n\n::New one::Is this new?{T}"),
    });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.changes).toEqual({
      added: ['net-m01-q-new-one'],
      replaced: ['net-m01-q-grants-tomb'],
      removed: [],
      kept: ['net-m01-q-purpose', 'net-m01-q-building'],
    });
    const lines = result.source.split('\n');
    // Everything before the replaced question is the file as it was, byte for byte.
    expect(lines.slice(0, 12)).toEqual(EXISTING.split('\n').slice(0, 12));
    expect(result.source).toContain('      - { id: net-m01-q-purpose-b, text: Inspection, fraction: 0 }\n');
    const quiz = reread(result.source);
    expect(quiz.settings).toEqual({ passMark: 80, drawCount: 2 });
    expect(quiz.questions.map((question) => [question.id, question.text])).toEqual([
      ['net-m01-q-purpose', 'What is a cluster for?'],
      ['net-m01-q-grants-tomb', "Grant is buried in Grant's tomb."],
      ['net-m01-q-building', 'Clusters always need a building.'],
      ['net-m01-q-new-one', 'Is this new?'],
    ]);
  });

  it('should make the bank exactly the imported questions in replace mode, keeping module, settings and comments', () => {
    const result = writeQuizFile({
      moduleId: 'net-m01',
      file: FILE,
      existing: EXISTING,
      mode: 'replace',
      questions: fromGift('::Grants tomb::New text {T}\n\n::Other::Other {F}'),
    });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.changes).toEqual({
      added: ['net-m01-q-other'],
      replaced: ['net-m01-q-grants-tomb'],
      removed: ['net-m01-q-purpose', 'net-m01-q-building'],
      kept: [],
    });
    expect(result.source.startsWith(EXISTING.split('questions:')[0])).toBe(true);
    expect(reread(result.source)).toEqual({
      moduleId: 'net-m01',
      settings: { passMark: 80, drawCount: 2 },
      questions: result.questions,
    });
  });

  it('should replace a file that no longer parses as a quiz but is still YAML, and refuse one that is not YAML', () => {
    const broken = 'module: net-m01\nquestions:\n  - id: Not A Stable Id\n    type: essay\n';
    expect(
      writeQuizFile({
        moduleId: 'net-m01',
        file: FILE,
        existing: broken,
        mode: 'replace',
        questions: fromGift('Q {T}'),
      }).ok,
    ).toBe(true);
    const result = writeQuizFile({ moduleId: 'net-m01', file: FILE, existing: broken, questions: fromGift('Q {T}') });
    expect(result).toEqual({
      ok: false,
      problems: [{ file: FILE, line: 4, message: expect.stringMatching(/^questions\[0\]/) }],
    });
    expect(
      writeQuizFile({ moduleId: 'net-m01', file: FILE, existing: 'module: [', mode: 'replace', questions: [] }),
    ).toMatchObject({
      ok: false,
      problems: [{ file: FILE, line: 1, message: expect.stringMatching(/^invalid YAML/) }],
    });
  });

  it('should refuse to write into the quiz file of another module', () => {
    for (const mode of ['append', 'replace'] as const) {
      expect(
        writeQuizFile({ moduleId: 'net-m02', file: FILE, existing: EXISTING, mode, questions: fromGift('Q {T}') }),
      ).toEqual({
        ok: false,
        problems: [{ file: FILE, line: 2, message: 'this quiz file belongs to module net-m01, not net-m02' }],
      });
    }
  });

  it('should refuse an empty bank, as the quiz file schema does', () => {
    expect(writeQuizFile({ moduleId: 'net-m01', file: FILE, questions: [] })).toMatchObject({
      ok: false,
      problems: [{ file: FILE, message: expect.stringMatching(/questions/) }],
    });
  });

  it('should carry a real seed quiz file through an append without changing a byte of it', () => {
    const path = 'content/courses/school-resource-allocation/modules/01-school-finance.quiz.yaml';
    const seed = readFileSync(path, 'utf8');
    const result = written(
      writeQuizFile({
        moduleId: 'res-m01',
        file: path,
        existing: seed,
        questions: fromGift('::Extra::An extra one? {T}'),
      }),
    );
    expect(result.source.startsWith(seed)).toBe(true);
    expect(result.source.slice(seed.length)).toBe(
      '  - id: res-m01-q-extra\n    type: true-false\n    text: An extra one?\n    answer: true\n',
    );
  });

  it('should round-trip every documented GIFT question type and an Aiken file through parseQuizFile', () => {
    const imported = [
      ...fromGift(
        [
          '::Q2:: What is between orange and green? { =yellow # right; good! ~red # wrong ~blue # wrong }',
          '',
          '::Q3:: Two plus {=two =2} equals four.',
          '',
          '::Q4:: Capitals {=Canada -> Ottawa =Italy -> Rome =Japan -> Tokyo}',
          '',
          '::Q6:: What is a number from 1 to 5? {#1..5}',
          '',
          '::Q7:: When was Grant born? {# =1822:0 # Correct! =%50%1822:2 # Close.}',
          '',
          '::colours:: Pick {~%33.33333%a ~%33.33333%b ~%33.33333%c ~%-100%d ####Thirds: \'a\', "b" & c.}',
          '',
          '::Multi line::[html]<p>First</p><p>Second: <b>bold</b></p>{T#No.#Yes: - really}',
        ].join('\n'),
      ),
      ...parseAiken('Which LMS?\nA) Moodle\nB) ATutor\nANSWER: A', { idPrefix: 'aiken' }).questions.map((question) => ({
        question,
      })),
    ];
    const result = written(writeQuizFile({ moduleId: 'm1', file: FILE, questions: imported }));
    expect(reread(result.source).questions).toEqual(result.questions);
    expect(result.questions.map((question) => question.type)).toEqual([
      'single-choice',
      'short-answer',
      'matching',
      'numeric',
      'numeric',
      'multiple-response',
      'true-false',
      'single-choice',
    ]);
  });

  it('should read back any valid question unchanged, whatever characters its texts hold', () => {
    const text = fc
      .string({
        unit: fc.constantFrom(
          'a',
          'Z',
          '1',
          ' ',
          ':',
          '#',
          '-',
          "'",
          '"',
          '\n',
          '{',
          '}',
          '[',
          '*',
          '&',
          '!',
          '|',
          '>',
          '%',
          '@',
          '`',
          'é',
          '→',
          '\t',
        ),
        minLength: 1,
        maxLength: 20,
      })
      .map((value) => value.trim())
      .filter((value) => value !== '');
    const feedback = fc.option(text, { nil: undefined });
    const fraction = fc.constantFrom(0, 0.5, -0.25, -1, 1 / 3);
    const question: fc.Arbitrary<Question> = fc.oneof(
      fc
        .record({
          type: fc.constant('single-choice' as const),
          wrong: fc.array(fc.record({ text, fraction, feedback }), { minLength: 1, maxLength: 4 }),
          right: text,
          text,
          generalFeedback: feedback,
        })
        .map(
          ({ type, wrong, right, text: body, generalFeedback }) =>
            defined({
              id: 'x',
              type,
              text: body,
              generalFeedback,
              options: [
                { id: 'x', text: right, fraction: 1 },
                ...wrong.map((option) => defined({ id: 'x', ...option })),
              ],
            }) satisfies Question,
        ),
      fc
        .record({ text, answer: fc.boolean(), feedbackTrue: feedback, feedbackFalse: feedback })
        .map((value) => defined({ id: 'x', type: 'true-false' as const, ...value }) satisfies Question),
      fc
        .record({
          text,
          value: fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }),
          tolerance: fc.double({ min: 0, max: 10, noNaN: true }),
          feedback,
        })
        .map(
          ({ text: body, value, tolerance, feedback: comment }) =>
            ({
              id: 'x',
              type: 'numeric',
              text: body,
              answers: [defined({ id: 'x', value, tolerance, fraction: 1, feedback: comment })],
            }) satisfies Question,
        ),
      fc.record({ text, answers: fc.array(fc.record({ text, feedback }), { minLength: 1, maxLength: 3 }) }).map(
        ({ text: body, answers }) =>
          ({
            id: 'x',
            type: 'short-answer',
            text: body,
            answers: answers.map((answer) => defined({ id: 'x', fraction: 1, ...answer })),
          }) satisfies Question,
      ),
      fc
        .record({ text, pairs: fc.array(fc.record({ prompt: text, answer: text }), { minLength: 3, maxLength: 5 }) })
        .map(
          ({ text: body, pairs }) =>
            ({
              id: 'x',
              type: 'matching',
              text: body,
              pairs: pairs.map((pair) => ({ id: 'x', ...pair })),
            }) satisfies Question,
        ),
    );
    fc.assert(
      fc.property(fc.array(question, { minLength: 1, maxLength: 5 }), (questions) => {
        const result = written(
          writeQuizFile({ moduleId: 'm1', file: FILE, questions: questions.map((entry) => ({ question: entry })) }),
        );
        expect(reread(result.source).questions).toEqual(result.questions);
      }),
      { numRuns: 200 },
    );
  });
});

describe('assignQuestionIds', () => {
  const question = (text: string, options = 2): Question => ({
    id: 'x',
    type: 'single-choice',
    text,
    options: Array.from({ length: options }, (_value, index) => ({
      id: 'x',
      text: `o${index}`,
      fraction: index === 0 ? 1 : 0,
    })),
  });

  it('should derive ids from names, without accents or punctuation, and number repeats', () => {
    const ids = assignQuestionIds('res-m01', [
      { question: question('a'), name: 'Équité horizontale?' },
      { question: question('b'), name: 'Q1' },
      { question: question('c'), name: 'Q1' },
      { question: question('d'), name: '***' },
      { question: question('d'), name: '***' },
    ]).map((entry) => entry.id);
    expect(ids.slice(0, 3)).toEqual(['res-m01-q-equite-horizontale', 'res-m01-q-q1', 'res-m01-q-q1-2']);
    expect(ids[3]).toMatch(/^res-m01-q-[0-9a-f]{8}$/);
    expect(ids[4]).toBe(`${ids[3]}-2`);
    expect(slugOf('  Grant’s  Tomb (1897) ')).toBe('grant-s-tomb-1897');
  });

  it('should name options a to z, then aa, and keep every id a stable id of at most 80 characters', () => {
    const [entry] = assignQuestionIds('a-module-with-a-rather-long-id-m01', [
      {
        question: question('t', 28),
        name: 'A very long question title that goes on and on about the many things it asks',
      },
    ]);
    if (entry.type !== 'single-choice') throw new Error('single choice expected');
    const ids = [entry.id, ...entry.options.map((option) => option.id)];
    expect(entry.options.map((option) => option.id.slice(entry.id.length + 1))).toEqual([
      ...'abcdefghijklmnopqrstuvwxyz'.split(''),
      'aa',
      'ab',
    ]);
    for (const id of ids) {
      expect(id).toMatch(STABLE_ID);
      expect(id.length).toBeLessThanOrEqual(80);
    }
  });
});

function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}
