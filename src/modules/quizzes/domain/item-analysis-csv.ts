import type { AttemptsToCount, ItemAnalysisReport, QuestionAnalysis, ResponseFrequency } from './item-analysis.js';

const HEADER = [
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
];

const ATTEMPTS_COUNTED: Record<AttemptsToCount, string> = {
  all: 'all attempts',
  first: 'first attempts',
  last: 'last attempts',
  highest: 'highest-graded attempts',
  graded: 'attempts that count for the grade',
};

// Spreadsheets run a cell that starts with one of these as a formula (OWASP "CSV injection").
const FORMULA_START = /^[=+\-@\t\r\n]/u;

/**
 * The item analysis as CSV (RFC 4180: CRLF line ends, a field quoted when it holds a comma, quote or line break, the
 * same number of fields on every row): a header row, the quiz row, then one row per question in the quiz's order. Figures are percentages with two decimals, as Moodle shows them; a statistic that
 * does not exist (too few attempts, no variance) is an empty cell. Text cells that a spreadsheet would run as a
 * formula are prefixed with an apostrophe; figures are written by us and stay numbers.
 */
export function itemAnalysisCsv(report: ItemAnalysisReport): string {
  const { test } = report;
  const quizRow = [
    text('Quiz'),
    '',
    '',
    '',
    text(`Whole quiz (${ATTEMPTS_COUNTED[report.attemptsToCount]})`),
    count(test.attempts),
    '',
    figure(test.standardDeviation, 1),
    '',
    '',
    figure(test.mean, 1),
    figure(test.median, 1),
    figure(test.cronbachAlpha, 100),
    '',
  ];
  const rows = [HEADER.map(text), quizRow, ...report.questions.map(questionRow)];
  return rows.map((row) => row.map(quote).join(',')).join('\r\n') + '\r\n';
}

function questionRow(question: QuestionAnalysis): string[] {
  return [
    text('Question'),
    question.position === null ? '' : count(question.position),
    text(question.questionId),
    text(question.type ?? ''),
    text(question.text ?? ''),
    count(question.attempts),
    figure(question.facilityIndex, 100),
    figure(question.standardDeviation, 100),
    figure(question.discriminationIndex, 100),
    figure(question.discriminativeEfficiency, 100),
    '',
    '',
    '',
    text(question.responses.map(describe).join('; ')),
  ];
}

function describe(response: ResponseFrequency): string {
  const label =
    response.kind === 'no-answer' ? '(no answer)' : response.kind === 'other' ? '(other values)' : response.label;
  const part = response.partLabel === null ? '' : `${response.partLabel} → `;
  const credit =
    response.credit === null || response.kind === 'no-answer' ? '' : ` [${Number(percent(response.credit))}%]`;
  return `${part}${label ?? ''}${credit}: ${response.count}`;
}

function figure(value: number | null, scale: number): string {
  return value === null || !Number.isFinite(value) ? '' : percent(value, scale);
}

function percent(value: number, scale = 100): string {
  const fixed = (value * scale).toFixed(2);
  // -0.00 reads as a negative figure that is not there.
  return fixed === '-0.00' ? '0.00' : fixed;
}

function count(value: number): string {
  return String(value);
}

/** Text from authors or participants: never let a spreadsheet run it. */
function text(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

function quote(field: string): string {
  return /[",\r\n]/u.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}

// The gradebook export writes its cells the same way.
export { text as spreadsheetSafeText, quote as csvField };
