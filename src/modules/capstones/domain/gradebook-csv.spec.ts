import { describe, expect, it } from '@jest/globals';
import { gradebookCsv, type GradebookCsvRow } from './gradebook-csv.js';

const row = (overrides: Partial<GradebookCsvRow> = {}): GradebookCsvRow => ({
  userId: '0b5e0a8e-1111-4c1c-9e56-3b8a4c7f0001',
  email: 'sunita@example.org',
  fullName: 'Sunita Rai',
  quizPercents: { 'res-m01': 80, 'res-m02': null },
  quizMean: 40,
  capstonePercent: 75.5,
  capstoneVersion: 2,
  capstoneState: 'released',
  finalPercent: 61.3,
  status: 'passed',
  ...overrides,
});

describe('gradebookCsv', () => {
  it('should write a header of stable ids with one column per quiz module, in course order', () => {
    const [header] = gradebookCsv(['res-m01', 'res-m02'], []).split('\r\n');
    expect(header).toBe(
      'user_id,email,full_name,quiz_res-m01,quiz_res-m02,quiz_mean,capstone_percent,capstone_version,capstone_state,final_percent,passed',
    );
  });

  it('should write figures with two decimals, empty cells for missing grades and CRLF line ends', () => {
    const csv = gradebookCsv(
      ['res-m01', 'res-m02'],
      [
        row(),
        row({
          status: 'incomplete',
          finalPercent: null,
          capstonePercent: null,
          capstoneVersion: null,
          capstoneState: 'unreleased',
        }),
      ],
    );
    expect(csv).toBe(
      'user_id,email,full_name,quiz_res-m01,quiz_res-m02,quiz_mean,capstone_percent,capstone_version,capstone_state,final_percent,passed\r\n' +
        '0b5e0a8e-1111-4c1c-9e56-3b8a4c7f0001,sunita@example.org,Sunita Rai,80.00,,40.00,75.50,2,released,61.30,yes\r\n' +
        '0b5e0a8e-1111-4c1c-9e56-3b8a4c7f0001,sunita@example.org,Sunita Rai,80.00,,40.00,,,unreleased,,\r\n',
    );
  });

  it('should quote commas, quotes and line breaks (RFC 4180)', () => {
    const csv = gradebookCsv([], [row({ fullName: 'Rai, "Sunita"\nKathmandu', status: 'failed' })]);
    expect(csv.split('\r\n')[1]).toBe(
      '0b5e0a8e-1111-4c1c-9e56-3b8a4c7f0001,sunita@example.org,"Rai, ""Sunita""\nKathmandu",40.00,75.50,2,released,61.30,no',
    );
  });

  it('should neutralise text a spreadsheet would run as a formula', () => {
    for (const start of ['=', '+', '-', '@']) {
      const csv = gradebookCsv([], [row({ fullName: `${start}HYPERLINK("http://evil")` })]);
      const line = csv.split('\r\n')[1];
      expect(line).toContain(`"'${start}HYPERLINK(""http://evil"")"`);
    }
  });

  it('should keep non-ASCII names as UTF-8 text', () => {
    const csv = gradebookCsv([], [row({ fullName: 'Gîta Thāpā — गीता' })]);
    expect(csv).toContain(',Gîta Thāpā — गीता,');
  });
});
