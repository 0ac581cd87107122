import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { itemAnalysisCsv } from './item-analysis-csv.js';
import type { ItemAnalysisReport, QuestionAnalysis } from './item-analysis.js';

function question(overrides: Partial<QuestionAnalysis> = {}): QuestionAnalysis {
  return {
    questionId: 'net-q1',
    attempts: 40,
    facilityIndex: 0.625,
    standardDeviation: 0.4903,
    discriminationIndex: 0.41234,
    discriminativeEfficiency: 0.5,
    position: 1,
    type: 'single-choice',
    text: 'Which model?',
    points: 1,
    responses: [
      { kind: 'option', partId: null, partLabel: null, value: 'a', label: 'Peer', credit: 1, count: 25 },
      { kind: 'option', partId: null, partLabel: null, value: 'b', label: 'Hub', credit: 0, count: 13 },
      { kind: 'no-answer', partId: null, partLabel: null, value: null, label: null, credit: 0, count: 2 },
    ],
    ...overrides,
  };
}

function report(questions: QuestionAnalysis[], overrides: Partial<ItemAnalysisReport> = {}): ItemAnalysisReport {
  return {
    attemptsToCount: 'first',
    test: { attempts: 40, mean: 62.5, median: 60, standardDeviation: 18.25, cronbachAlpha: 0.8123 },
    questions,
    ...overrides,
  };
}

/** A small RFC 4180 reader: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(csv: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < csv.length; index++) {
    const char = csv[index];
    if (quoted) {
      if (char === '"' && csv[index + 1] === '"') {
        field += '"';
        index++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\r' && csv[index + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      index++;
    } else field += char;
  }
  return rows;
}

describe('itemAnalysisCsv', () => {
  it('should write a header, the quiz row and one row per question, as percentages with two decimals', () => {
    const rows = parseCsv(itemAnalysisCsv(report([question()])));
    expect(rows).toHaveLength(3);
    expect(rows[0]).toEqual([
      'Row',
      'Q#',
      'Question key',
      'Type',
      'Question',
      'Attempts',
      'Facility index (%)',
      'Standard deviation (%)',
      'Discrimination index (%)',
      'Discriminative efficiency (%)',
      'Mean grade (%)',
      'Median grade (%)',
      "Cronbach's alpha (%)",
      'Responses',
    ]);
    expect(rows[1]).toEqual([
      'Quiz',
      '',
      '',
      '',
      'Whole quiz (first attempts)',
      '40',
      '',
      '18.25',
      '',
      '',
      '62.50',
      '60.00',
      '81.23',
      '',
    ]);
    expect(rows[2]).toEqual([
      'Question',
      '1',
      'net-q1',
      'single-choice',
      'Which model?',
      '40',
      '62.50',
      '49.03',
      '41.23',
      '50.00',
      '',
      '',
      '',
      'Peer [100%]: 25; Hub [0%]: 13; (no answer): 2',
    ]);
  });

  it('should end every record with CRLF and quote fields holding commas, quotes or line breaks', () => {
    const csv = itemAnalysisCsv(report([question({ text: 'Say "yes",\nor no' })]));
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.split('\r\n')).toHaveLength(4);
    expect(csv).toContain(',"Say ""yes"",\nor no",');
    expect(parseCsv(csv)[2][4]).toBe('Say "yes",\nor no');
  });

  it('should leave a statistic that does not exist empty', () => {
    const [, quiz, item] = parseCsv(
      itemAnalysisCsv(
        report([question({ standardDeviation: null, discriminationIndex: null, discriminativeEfficiency: null })], {
          test: { attempts: 0, mean: null, median: null, standardDeviation: null, cronbachAlpha: null },
        }),
      ),
    );
    expect(quiz.slice(5, 13)).toEqual(['0', '', '', '', '', '', '', '']);
    expect(item.slice(7, 10)).toEqual(['', '', '']);
  });

  it('should keep negative figures as numbers', () => {
    const [, , item] = parseCsv(
      itemAnalysisCsv(report([question({ discriminationIndex: -0.25, discriminativeEfficiency: -0.000001 })])),
    );
    expect(item[8]).toBe('-25.00');
    // Rounds to zero: not a negative figure.
    expect(item[9]).toBe('0.00');
  });

  it('should prefix text a spreadsheet would run as a formula with an apostrophe', () => {
    const [, , item] = parseCsv(
      itemAnalysisCsv(
        report([
          question({
            questionId: '@import',
            text: '=HYPERLINK("http://evil.example","click")',
            responses: [
              { kind: 'value', partId: null, partLabel: null, value: '+1', label: '+1', credit: 0, count: 1 },
              { kind: 'value', partId: null, partLabel: null, value: '-2', label: '-2', credit: 0, count: 1 },
            ],
          }),
        ]),
      ),
    );
    expect(item[2]).toBe("'@import");
    expect(item[4]).toBe('\'=HYPERLINK("http://evil.example","click")');
    expect(item[13]).toBe("'+1 [0%]: 1; -2 [0%]: 1");
  });

  it('should never write a cell a spreadsheet would run, whatever the authors or participants wrote', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (questionId, text, label) => {
        const csv = itemAnalysisCsv(
          report([
            question({
              questionId,
              text,
              responses: [
                { kind: 'value', partId: null, partLabel: null, value: label, label, credit: null, count: 1 },
              ],
            }),
          ]),
        );
        const rows = parseCsv(csv);
        expect(rows).toHaveLength(3);
        for (const row of rows) {
          expect(row).toHaveLength(14);
          for (const cell of row) {
            if (/^-?\d+(\.\d+)?$/u.test(cell)) continue;
            expect(cell).not.toMatch(/^[=+\-@\t\r\n]/u);
          }
        }
        // Everything else as written, apostrophe included.
        const escaped = (value: string) => (/^[=+\-@\t\r\n]/u.test(value) ? `'${value}` : value);
        expect(rows[2][2]).toBe(escaped(questionId));
        expect(rows[2][4]).toBe(escaped(text));
      }),
    );
  });

  it('should name matching prompts and the other values', () => {
    const [, , item] = parseCsv(
      itemAnalysisCsv(
        report([
          question({
            responses: [
              { kind: 'option', partId: 'p1', partLabel: 'Hub', value: 'Centre', label: 'Centre', credit: 1, count: 3 },
              { kind: 'other', partId: null, partLabel: null, value: null, label: null, credit: null, count: 4 },
            ],
          }),
        ]),
      ),
    );
    expect(item[13]).toBe('Hub → Centre [100%]: 3; (other values): 4');
  });
});
