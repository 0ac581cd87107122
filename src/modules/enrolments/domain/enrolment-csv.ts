import { cleanOrganization, MAX_ORGANIZATION_LENGTH } from './organization.js';
import { readCsvRecords, type CsvRecord } from '../../../common/csv/csv-records.js';

export const MAX_ENROLMENT_ROWS = 5000;
const MAX_EMAIL_LENGTH = 254;
const MAX_EMAIL_LOCAL_PART_LENGTH = 64;
const MAX_FULL_NAME_LENGTH = 200;
const MAX_EXTERNAL_ID_LENGTH = 64;
const MAX_VALUE_SHOWN = 60;

const EMAIL_LOCAL_PART = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const TOP_LEVEL_DOMAIN = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;
const EXTERNAL_ID = /^[A-Za-z0-9._-]+$/;
// Language, optional script, optional region: enough for the tags people type (en, fr, pt-BR, zh-Hant-TW, es-419).
const LANGUAGE_TAG = /^[A-Za-z]{2,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|\d{3}))?$/;

export const ENROLMENT_ROLES = ['participant', 'trainer'] as const;
export type EnrolmentRole = (typeof ENROLMENT_ROLES)[number];

const COLUMNS = ['email', 'full_name', 'role', 'external_id', 'language', 'organization'] as const;
type Column = (typeof COLUMNS)[number];
const REQUIRED_COLUMNS: readonly Column[] = ['email', 'full_name'];

export interface EnrolmentRow {
  /** Physical line of the file where the record starts. */
  line: number;
  /** Trimmed and lowercased. */
  email: string;
  /** Trimmed, inner whitespace collapsed to single spaces. */
  fullName: string;
  role: EnrolmentRole;
  externalId: string | null;
  /** Canonical BCP 47 tag, e.g. pt-BR. */
  language: string | null;
  /** Where a participant comes from, cleaned (organization.ts); null when not given. Never set for a trainer. */
  organization: string | null;
}

export interface EnrolmentProblem {
  line: number;
  column?: string;
  message: string;
}

/**
 * `rows` holds only the valid rows, but an upload is all or nothing: the caller enrols no one unless `problems`
 * is empty, so a coordinator fixes the file and uploads it again instead of working out who got in.
 */
export interface EnrolmentCsvResult {
  rows: EnrolmentRow[];
  problems: EnrolmentProblem[];
}

/** Reads a bulk-enrolment CSV (UTF-8, comma or semicolon separated, header row first) and reports every bad row. */
export function parseEnrolmentCsv(input: Buffer | string): EnrolmentCsvResult {
  const text = decode(input);
  if (text === null) return failure(1, 'the file is not UTF-8: save it as CSV UTF-8');

  const delimiter = detectDelimiter(text);
  const records = readCsvRecords(text, delimiter);
  // Not a for-of with break: that would close the generator before the data rows are read.
  let header = records.next().value;
  while (header && isBlank(header)) header = records.next().value;
  if (!header) return failure(1, `the file is empty: its first line must name the columns, e.g. email,full_name`);
  if (header.error) return failure(header.line, header.error);
  const columns = readHeader(header);
  if (!Array.isArray(columns)) return { rows: [], problems: columns.problems };

  const dataRecords: CsvRecord[] = [];
  for (let next = records.next(); !next.done; next = records.next()) {
    const record = next.value;
    if (isBlank(record)) continue;
    if (dataRecords.length === MAX_ENROLMENT_ROWS) {
      // Stop reading: the file will be refused whatever the remaining rows hold.
      return failure(record.line, `too many rows: at most ${MAX_ENROLMENT_ROWS} per file`);
    }
    dataRecords.push(record);
  }
  if (dataRecords.length === 0) return failure(header.line + 1, 'the file has no rows under the header');

  const rows: EnrolmentRow[] = [];
  const problems: EnrolmentProblem[] = [];
  const emailLines = new Map<string, number>();
  const externalIdLines = new Map<string, number>();
  for (const record of dataRecords) {
    const rowProblems = validateRecord(record, columns, delimiter);
    const row = rowProblems.row;
    if (row?.email !== undefined) {
      const first = emailLines.get(row.email);
      if (first === undefined) emailLines.set(row.email, record.line);
      else rowProblems.problems.push(problem(record.line, 'email', `${show(row.email)} is already on line ${first}`));
    }
    if (row?.externalId) {
      const first = externalIdLines.get(row.externalId);
      if (first === undefined) externalIdLines.set(row.externalId, record.line);
      else {
        rowProblems.problems.push(
          problem(record.line, 'external_id', `${show(row.externalId)} is already on line ${first}`),
        );
      }
    }
    if (rowProblems.problems.length > 0) problems.push(...rowProblems.problems);
    else if (isComplete(row)) rows.push(row);
  }
  return { rows, problems };
}

/** One problem a line, e.g. `line 4, email: "bob@" is not an e-mail address`. */
export function formatEnrolmentProblems(problems: EnrolmentProblem[]): string {
  return problems
    .map(({ line, column, message }) => (column ? `line ${line}, ${column}: ${message}` : `line ${line}: ${message}`))
    .join('\n');
}

function decode(input: Buffer | string): string | null {
  if (typeof input === 'string') return input.replace(/^\uFEFF/, '');
  try {
    // TextDecoder drops a leading BOM itself; `fatal` turns Latin-1 or UTF-16 exports into an error, not mojibake.
    return new TextDecoder('utf-8', { fatal: true }).decode(input);
  } catch {
    return null;
  }
}

/** Spreadsheets in locales that write 1,5 for one and a half (French, Portuguese) export with semicolons. */
function detectDelimiter(text: string): ',' | ';' {
  const headerLine = text.split(/\r\n|\r|\n/).find((line) => line.trim() !== '') ?? '';
  return headerLine.includes(';') && !headerLine.includes(',') ? ';' : ',';
}

function isBlank(record: CsvRecord): boolean {
  return !record.error && record.fields.every((field) => field.trim() === '');
}

/** The column of each field, or null for a column with a blank heading (spreadsheets export trailing empty ones). */
function readHeader(header: CsvRecord): (Column | null)[] | { problems: EnrolmentProblem[] } {
  const names = header.fields.map((field) => field.trim());
  const problems: EnrolmentProblem[] = [];
  const unknown = names.filter((name) => name !== '' && !(COLUMNS as readonly string[]).includes(name.toLowerCase()));
  if (unknown.length > 0) {
    problems.push(
      problem(
        header.line,
        undefined,
        `unknown ${unknown.length === 1 ? 'column' : 'columns'} ${unknown.map(show).join(', ')}: the columns are ${COLUMNS.join(', ')}`,
      ),
    );
  }
  const columns = names.map((name) => {
    const lower = name.toLowerCase();
    return (COLUMNS as readonly string[]).includes(lower) ? (lower as Column) : null;
  });
  const repeated = COLUMNS.filter((column) => columns.filter((candidate) => candidate === column).length > 1);
  for (const column of repeated) problems.push(problem(header.line, undefined, `the column ${column} appears twice`));
  const missing = REQUIRED_COLUMNS.filter((column) => !columns.includes(column));
  if (missing.length > 0) {
    problems.push(
      problem(
        header.line,
        undefined,
        `missing required ${missing.length === 1 ? 'column' : 'columns'} ${missing.join(', ')}: the first line must name the columns, e.g. email,full_name`,
      ),
    );
  }
  return problems.length > 0 ? { problems } : columns;
}

function validateRecord(
  record: CsvRecord,
  columns: (Column | null)[],
  delimiter: string,
): { row?: Partial<EnrolmentRow>; problems: EnrolmentProblem[] } {
  const { line } = record;
  if (record.error) return { problems: [problem(line, undefined, record.error)] };
  if (record.fields.length !== columns.length) {
    const separator = delimiter === ',' ? 'comma' : 'semicolon';
    return {
      problems: [
        problem(
          line,
          undefined,
          `this row has ${record.fields.length} ${record.fields.length === 1 ? 'field' : 'fields'} but the header has ${columns.length}: put double quotes around a value that contains a ${separator}`,
        ),
      ],
    };
  }

  const problems: EnrolmentProblem[] = [];
  const values = new Map<Column, string>();
  record.fields.forEach((field, index) => {
    const column = columns[index];
    if (column) values.set(column, field.trim());
    else if (field.trim() !== '') {
      problems.push(problem(line, undefined, `column ${index + 1} has no heading: name it or leave it empty`));
    }
  });
  const row: Partial<EnrolmentRow> = { line };

  const typedEmail = values.get('email') ?? '';
  const email = typedEmail.toLowerCase();
  const emailProblem = checkEmail(email, typedEmail);
  if (emailProblem) problems.push(problem(line, 'email', emailProblem));
  else row.email = email;

  const fullName = (values.get('full_name') ?? '').replace(/\s+/g, ' ').normalize('NFC');
  if (fullName === '') problems.push(problem(line, 'full_name', 'a full name is required'));
  else if ([...fullName].length > MAX_FULL_NAME_LENGTH) {
    problems.push(problem(line, 'full_name', `${show(fullName)} is longer than ${MAX_FULL_NAME_LENGTH} characters`));
  } else row.fullName = fullName;

  const role = (values.get('role') ?? '').toLowerCase() || 'participant';
  if (isRole(role)) row.role = role;
  else
    problems.push(problem(line, 'role', `${show(values.get('role') ?? '')} is not a role: use participant or trainer`));

  const externalId = values.get('external_id') ?? '';
  if (externalId === '') row.externalId = null;
  else if (externalId.length > MAX_EXTERNAL_ID_LENGTH || !EXTERNAL_ID.test(externalId)) {
    problems.push(
      problem(
        line,
        'external_id',
        `${show(externalId)} is not an external id: at most ${MAX_EXTERNAL_ID_LENGTH} letters, digits, dots, hyphens and underscores`,
      ),
    );
  } else row.externalId = externalId;

  const language = values.get('language') ?? '';
  if (language === '') row.language = null;
  else {
    const canonical = canonicalLanguage(language);
    if (canonical) row.language = canonical;
    else {
      problems.push(
        problem(line, 'language', `${show(language)} is not a language tag: use one such as en, fr or pt-BR`),
      );
    }
  }

  const typedOrganization = values.get('organization') ?? '';
  const organization = cleanOrganization(typedOrganization);
  if (organization === null) row.organization = null;
  else if ([...organization].length > MAX_ORGANIZATION_LENGTH) {
    problems.push(
      problem(line, 'organization', `${show(organization)} is longer than ${MAX_ORGANIZATION_LENGTH} characters`),
    );
  } else if (row.role === 'trainer') {
    // Trainers run the cohort and are not enrolled in it: an organization on their row would be dropped unseen.
    problems.push(problem(line, 'organization', 'an organization is recorded for participants only: leave it empty'));
  } else row.organization = organization;
  return { row, problems };
}

/** Syntax only, and stricter than RFC 5322: addresses that mail systems and people actually use. */
function checkEmail(email: string, typed: string): string | null {
  if (email === '') return 'an e-mail address is required';
  if (email.length > MAX_EMAIL_LENGTH) return `${show(typed)} is longer than ${MAX_EMAIL_LENGTH} characters`;
  const at = email.lastIndexOf('@');
  const localPart = email.slice(0, Math.max(at, 0));
  const labels = email.slice(at + 1).split('.');
  const valid =
    at > 0 &&
    localPart.length <= MAX_EMAIL_LOCAL_PART_LENGTH &&
    EMAIL_LOCAL_PART.test(localPart) &&
    labels.length >= 2 &&
    labels.every((label) => DOMAIN_LABEL.test(label)) &&
    TOP_LEVEL_DOMAIN.test(labels[labels.length - 1]);
  return valid ? null : `${show(typed)} is not an e-mail address`;
}

function canonicalLanguage(tag: string): string | null {
  if (!LANGUAGE_TAG.test(tag)) return null;
  try {
    return Intl.getCanonicalLocales(tag)[0] ?? null;
  } catch {
    return null;
  }
}

function isRole(value: string): value is EnrolmentRole {
  return (ENROLMENT_ROLES as readonly string[]).includes(value);
}

function isComplete(row: Partial<EnrolmentRow> | undefined): row is EnrolmentRow {
  return (
    row?.line !== undefined &&
    row.email !== undefined &&
    row.fullName !== undefined &&
    row.role !== undefined &&
    row.externalId !== undefined &&
    row.language !== undefined &&
    row.organization !== undefined
  );
}

/** A value as the person typed it, quoted, and cut short so one long cell does not flood the report. */
function show(value: string): string {
  const characters = [...value];
  return JSON.stringify(
    characters.length > MAX_VALUE_SHOWN ? `${characters.slice(0, MAX_VALUE_SHOWN - 1).join('')}…` : value,
  );
}

function problem(line: number, column: string | undefined, message: string): EnrolmentProblem {
  return column === undefined ? { line, message } : { line, column, message };
}

function failure(line: number, message: string): EnrolmentCsvResult {
  return { rows: [], problems: [{ line, message }] };
}
