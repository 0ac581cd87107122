import pg from 'pg';
import type {
  CapstoneDefinition,
  PlanContent,
  PlanSectionContent,
} from '../../src/modules/capstones/domain/capstone.types.js';

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
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const {
      rows: [cohort],
    } = await client.query<{
      id: string;
      instituteId: string;
      courseVersionId: string;
      capstone: CapstoneDefinition | null;
    }>(
      `SELECT c.id, c.institute_id AS "instituteId", c.course_version_id AS "courseVersionId", cv.capstone
       FROM cohorts c JOIN institutes i ON i.id = c.institute_id JOIN course_versions cv ON cv.id = c.course_version_id
       WHERE i.slug = $1 ORDER BY c.created_at LIMIT 1`,
      [options.instituteSlug],
    );
    const definition = cohort.capstone;
    if (!definition) throw new Error(`the course of ${options.instituteSlug}'s cohort has no capstone`);
    const {
      rows: [submission],
    } = await client.query<{ id: string }>(
      `WITH person AS (SELECT id FROM users WHERE email = $3),
            next AS (SELECT COALESCE(max(version), 0) + 1 AS n FROM capstone_submissions
                     WHERE cohort_id = $2 AND user_id = (SELECT id FROM person))
       INSERT INTO capstone_submissions
         (institute_id, cohort_id, user_id, version, draft_revision, course_version_id, content, due_at, late)
       SELECT $1, $2, person.id, next.n, next.n, $4, $5, now() - interval '1 day', $6 FROM person, next
       RETURNING id`,
      [
        cohort.instituteId,
        cohort.id,
        options.email,
        cohort.courseVersionId,
        JSON.stringify(planContentFixture(definition)),
        options.late ?? false,
      ],
    );
    return { id: submission.id, instituteId: cohort.instituteId, cohortId: cohort.id, definition };
  } finally {
    await client.end();
  }
}
