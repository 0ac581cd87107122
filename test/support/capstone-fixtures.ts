import type { CapstoneDefinition, PlanContent } from '../../src/modules/capstones/domain/capstone.types.js';

/** Runs one SQL statement: a DataSource's `query` in medium tests, `querySql` bound to the app's database in e2e. */
export type Sql = <Row extends object>(text: string, values?: unknown[]) => Promise<Row[]>;

/** The seed capstone (content/courses/<course>/capstone.yaml) of the cohort's course version, as imported. */
export async function cohortCapstone(sql: Sql, cohortId: string): Promise<CapstoneDefinition> {
  const [row] = await sql<{ capstone: CapstoneDefinition | null }>(
    `SELECT v.capstone FROM cohorts c JOIN course_versions v ON v.id = c.course_version_id WHERE c.id = $1`,
    [cohortId],
  );
  if (!row?.capstone) throw new Error(`the course version of cohort ${cohortId} has no capstone`);
  return row.capstone;
}

/** A complete, valid plan for any capstone definition. */
export function validPlan(definition: CapstoneDefinition, marker = 'plan'): PlanContent {
  const sections: PlanContent['sections'] = {};
  for (const section of definition.sections) {
    switch (section.kind) {
      case 'text':
        sections[section.id] = { kind: 'text', text: `${section.title} of the ${marker}.\n\nA second paragraph.` };
        break;
      case 'activities':
        sections[section.id] = {
          kind: 'activities',
          rows: [
            {
              what: 'Cluster meeting',
              who: 'Coordinator',
              start: '2026-01-10',
              end: '2026-01-11',
              kpi: '12 schools attend',
            },
          ],
        };
        break;
      case 'budget':
        sections[section.id] = {
          kind: 'budget',
          currency: 'NPR',
          lines: [
            { item: 'Venue', category: 'Meetings', cost: '1250.50', fundingSource: 'District' },
            { item: 'Travel', category: 'Meetings', cost: '300', fundingSource: 'Schools' },
          ],
        };
        break;
    }
  }
  return { sections };
}

/** A submitted version written straight into capstone_submissions, as the submit feature stores it. */
export async function insertSubmission(
  sql: Sql,
  options: {
    cohortId: string;
    userId: string;
    content: PlanContent;
    version?: number;
    submittedAt?: Date;
    late?: boolean;
  },
): Promise<string> {
  const version = options.version ?? 1;
  const [row] = await sql<{ id: string }>(
    `INSERT INTO capstone_submissions (institute_id, cohort_id, user_id, version, draft_revision, course_version_id,
       content, submitted_at, due_at, late)
     SELECT c.institute_id, c.id, $2, $3, $3, c.course_version_id, $4, $5, $5::timestamptz + interval '1 day', $6
     FROM cohorts c WHERE c.id = $1
     RETURNING id`,
    [
      options.cohortId,
      options.userId,
      version,
      JSON.stringify(options.content),
      options.submittedAt ?? new Date(),
      options.late ?? false,
    ],
  );
  return row.id;
}

export async function userIdOf(sql: Sql, email: string): Promise<string> {
  const [row] = await sql<{ id: string }>(`SELECT id FROM users WHERE email = $1`, [email]);
  return row.id;
}

export async function cohortIdOf(sql: Sql, instituteSlug: string): Promise<string> {
  const [row] = await sql<{ id: string }>(
    `SELECT c.id FROM cohorts c JOIN institutes i ON i.id = c.institute_id WHERE i.slug = $1 ORDER BY c.created_at LIMIT 1`,
    [instituteSlug],
  );
  return row.id;
}
