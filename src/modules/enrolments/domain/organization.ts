import type { EnrolmentProblem, EnrolmentRow } from './enrolment-csv.js';

// The organization a participant comes from (school, district office, ministry unit), as the institute records it on
// an enrolment. Pure functions: how it is stored, and when two of them are the same organization.

export const MAX_ORGANIZATION_LENGTH = 200;

/**
 * The value to store: trimmed, inner runs of whitespace as one space, NFC; null when nothing is left. Length is the
 * caller's check (MAX_ORGANIZATION_LENGTH characters), so it can name the line and column.
 */
export function cleanOrganization(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const cleaned = value.normalize('NFC').replace(/\s+/gu, ' ').trim();
  return cleaned === '' ? null : cleaned;
}

/**
 * The key two organizations are compared by: case, surrounding and repeated spaces and compatibility forms
 * (full-width letters, ligatures) ignored, so "Lalitpur  District Education Office" and "lalitpur district education
 * office" are one organization. Null for no organization, which matches nothing.
 */
export function organizationKey(value: string | null | undefined): string | null {
  const cleaned = cleanOrganization(value === null || value === undefined ? value : value.normalize('NFKC'));
  // Upper then lower case folds more than lower case alone (ß and SS, ﬁ and fi).
  return cleaned === null ? null : cleaned.toUpperCase().toLowerCase();
}

/** Whether two recorded organizations are the same one; a null organization is never the same as any. */
export function sameOrganization(a: string | null | undefined, b: string | null | undefined): boolean {
  const key = organizationKey(a);
  return key !== null && key === organizationKey(b);
}

/**
 * Rows that would change the organization recorded on someone's active enrolment in the cohort (`enrolled`: e-mail →
 * that organization). A recorded organization is never overwritten: the admin withdraws the person and enrols them
 * again, which keeps both enrolments. A blank cell, the same organization written differently, or a first organization
 * for an enrolment that had none change nothing recorded, so they pass.
 */
export function organizationConflicts(
  rows: Pick<EnrolmentRow, 'line' | 'email' | 'organization'>[],
  enrolled: ReadonlyMap<string, string | null>,
): EnrolmentProblem[] {
  const problems: EnrolmentProblem[] = [];
  for (const row of rows) {
    const recorded = enrolled.get(row.email);
    if (row.organization === null || recorded === undefined || recorded === null) continue;
    if (organizationKey(recorded) === organizationKey(row.organization)) continue;
    problems.push({
      line: row.line,
      column: 'organization',
      message: `${row.email} is enrolled already with the organization "${recorded}"; to record "${row.organization}" instead, withdraw them and enrol them again`,
    });
  }
  return problems;
}
