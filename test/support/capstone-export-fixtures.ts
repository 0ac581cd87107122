import type {
  CapstoneDefinition,
  PlanContent,
  PlanSectionContent,
} from '../../src/modules/capstones/domain/capstone.types.js';
import { cohortCapstone, cohortIdOf, insertSubmission, userIdOf, type Sql } from './capstone-fixtures.js';
import { querySql } from './test-sql.js';

/** Text in several scripts, so a PDF test shows that Devanagari, Arabic and French accents all print. */
export const MULTILINGUAL_TEXT = {
  devanagari: 'विद्यालय सुधार योजना',
  arabic: 'خطة تحسين المدرسة',
  french: 'Élèves, enseignants et communauté à Thiès',
};

/** The budget of every fixture plan: 1,250.50 + 300.00 + 99.99 = 1,650.49 in total. */
export const FIXTURE_BUDGET_TOTAL = '1,650.49';

/** A plan that fills every section of a definition, in several scripts and with HTML that must stay text. */
export function planContentFixture(definition: CapstoneDefinition): PlanContent {
  const sections: Record<string, PlanSectionContent> = {};
  for (const section of definition.sections) {
    switch (section.kind) {
      case 'text':
        sections[section.id] = {
          kind: 'text',
          text:
            `${MULTILINGUAL_TEXT.devanagari}\n${MULTILINGUAL_TEXT.arabic}\n\n${MULTILINGUAL_TEXT.french}\n\n` +
            '<script>alert(1)</script>',
        };
        break;
      case 'activities':
        sections[section.id] = {
          kind: 'activities',
          rows: [
            {
              what: 'Train head teachers',
              who: 'District office',
              start: '2026-01-05',
              end: '2026-02-20',
              kpi: '90 % trained',
            },
            {
              what: 'Audit school grants',
              who: 'Finance officer',
              start: '2026-03-01',
              end: '2026-04-30',
              kpi: 'All 42 schools',
            },
          ],
        };
        break;
      case 'budget':
        sections[section.id] = {
          kind: 'budget',
          currency: 'NPR',
          lines: [
            { item: 'Workshop hall', category: 'Training', cost: '1250.50', fundingSource: 'Ministry' },
            { item: 'Bus fares', category: 'Travel', cost: '300', fundingSource: 'UNICEF' },
            { item: 'Handbooks', category: 'Training', cost: '99.99', fundingSource: 'UNICEF' },
          ],
        };
        break;
    }
  }
  return { sections };
}

export interface InsertedSubmission {
  id: string;
  instituteId: string;
  cohortId: string;
  definition: CapstoneDefinition;
}

/**
 * A submitted version of a person's plan in the (first) cohort of an institute, written straight to the
 * database against the cohort's course version and its seed capstone (capstone.yaml), every section filled.
 */
export async function insertCapstoneSubmission(
  databaseUrl: string,
  options: { instituteSlug: string; email: string; late?: boolean },
): Promise<InsertedSubmission> {
  const sql: Sql = (text, values) => querySql(databaseUrl, text, values);
  const cohortId = await cohortIdOf(sql, options.instituteSlug);
  const [definition, userId] = await Promise.all([cohortCapstone(sql, cohortId), userIdOf(sql, options.email)]);
  const [{ instituteId, next }] = await sql<{ instituteId: string; next: number }>(
    `SELECT c.institute_id AS "instituteId",
            (SELECT COALESCE(max(version), 0) + 1 FROM capstone_submissions s
             WHERE s.cohort_id = c.id AND s.user_id = $2)::int AS next
     FROM cohorts c WHERE c.id = $1`,
    [cohortId, userId],
  );
  const id = await insertSubmission(sql, {
    cohortId,
    userId,
    content: planContentFixture(definition),
    version: next,
    late: options.late,
  });
  return { id, instituteId, cohortId, definition };
}
