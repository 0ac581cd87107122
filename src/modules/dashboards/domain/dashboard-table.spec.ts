import { describe, expect, it } from '@jest/globals';
import { tableCsv } from './dashboard-table.js';

describe('tableCsv', () => {
  it('should write a header of stable names, counts as is, rates as percents with one decimal, gaps empty', () => {
    const csv = tableCsv({
      id: 't',
      columns: ['cohort', 'participants', 'completion_percent'],
      rows: [
        ['Dakar, 2026', 3, { ratio: 2 / 3 }],
        ['Kathmandu "A"', 0, { ratio: null }],
        [null, 1, { ratio: 1 }],
      ],
    });
    expect(csv).toBe(
      'cohort,participants,completion_percent\r\n"Dakar, 2026",3,66.7\r\n"Kathmandu ""A""",0,\r\n,1,100.0\r\n',
    );
  });

  it('should keep a spreadsheet from running text as a formula', () => {
    const csv = tableCsv({
      id: 't',
      columns: ['name'],
      rows: [['=HYPERLINK("x")'], ['+1'], ['-2'], ['@SUM(A1)'], ['ok']],
    });
    expect(csv.split('\r\n').slice(1, 6)).toEqual([`"'=HYPERLINK(""x"")"`, "'+1", "'-2", "'@SUM(A1)", 'ok']);
  });
});
