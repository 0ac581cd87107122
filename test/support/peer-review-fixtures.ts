import type { Sql } from './capstone-fixtures.js';

/**
 * Adds participants to a cohort (a user, a participant membership of the cohort's institute and an enrolment),
 * since the demo cohorts are too small for several reviews per submission. Password: the demo password's hash
 * is copied from an existing demo participant, so they can sign in like the others.
 */
export async function addParticipants(sql: Sql, cohortId: string, prefix: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 1; index <= count; index++) {
    const [user] = await sql<{ id: string }>(
      `INSERT INTO users (email, full_name, password_hash)
       SELECT $1, $2, password_hash FROM users WHERE email = 'participant@np.demo.cascade.test'
       RETURNING id`,
      [`${prefix}-${index}@peer.test`, `Peer ${prefix} ${index}`],
    );
    await sql(
      `INSERT INTO memberships (institute_id, user_id, role) SELECT institute_id, $2, 'participant' FROM cohorts WHERE id = $1`,
      [cohortId, user.id],
    );
    await sql(
      `INSERT INTO enrolments (institute_id, cohort_id, user_id, status) SELECT institute_id, id, $2, 'enrolled' FROM cohorts WHERE id = $1`,
      [cohortId, user.id],
    );
    ids.push(user.id);
  }
  return ids;
}
