import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { seedDemoCapstone } from '../../src/database/seeds/demo-capstone-seed.js';
import { seedDemo } from '../../src/database/seeds/demo-seed.js';
import type { CapstoneDefinition, PlanContent } from '../../src/modules/capstones/domain/capstone.types.js';
import { emptyRequiredSections, readSectionJson } from '../../src/modules/capstones/domain/plan-form.js';
import { createDatabaseWithCourses } from '../support/seeded-database.js';

describe('the demo action plan', () => {
  let closeDatabase: () => Promise<void>;
  let dataSource: DataSource;

  const kathmandu = async () => {
    const [row] = await dataSource.query<
      { cohort_id: string; start_date: string; due_at: string; capstone: CapstoneDefinition }[]
    >(
      `SELECT c.id AS cohort_id, to_char(c.start_date, 'YYYY-MM-DD') AS start_date,
              c.schedule->>'capstoneDueAt' AS due_at, cv.capstone
       FROM cohorts c JOIN course_versions cv ON cv.id = c.course_version_id
       WHERE c.title = 'School resource allocation, Kathmandu cohort'`,
    );
    return row;
  };
  const submissionsOf = (email: string) =>
    dataSource.query<{ id: string; version: number; draft_revision: number; content: PlanContent; late: boolean }[]>(
      `SELECT s.id, s.version, s.draft_revision, s.content, s.late FROM capstone_submissions s
       JOIN users u ON u.id = s.user_id WHERE u.email = $1 ORDER BY s.version`,
      [email],
    );

  beforeAll(async () => {
    ({ dataSource, close: closeDatabase } = await createDatabaseWithCourses());
    await seedDemo(dataSource);
  });

  afterAll(async () => {
    await closeDatabase?.();
  });

  it('should leave alone a plan Bikash has started himself', async () => {
    const cohort = await kathmandu();
    const [{ id: userId, institute_id: instituteId }] = await dataSource.query<{ id: string; institute_id: string }[]>(
      `SELECT u.id, c.institute_id FROM users u, cohorts c WHERE u.email = 'participant@np.demo.cascade.test' AND c.id = $1`,
      [cohort.cohort_id],
    );
    const own = { sections: { 'needs-assessment': { kind: 'text', text: 'Mine.' } } };
    await dataSource.query(
      `INSERT INTO capstone_drafts (institute_id, cohort_id, user_id, content, revision) VALUES ($1, $2, $3, $4, 4)`,
      [instituteId, cohort.cohort_id, userId, JSON.stringify(own)],
    );
    expect(await seedDemoCapstone(dataSource)).toBeNull();
    expect(await submissionsOf('participant@np.demo.cascade.test')).toEqual([]);
    const drafts = await dataSource.query<{ revision: number; content: unknown }[]>(
      `SELECT revision, content FROM capstone_drafts WHERE user_id = $1`,
      [userId],
    );
    expect(drafts).toEqual([{ revision: 4, content: own }]);
    // Drafts are working copies (submissions are the history): clearing it gives the seed a blank plan again.
    await dataSource.query(`DELETE FROM capstone_drafts WHERE user_id = $1`, [userId]);
  });

  it('should give Bikash one on-time version 1 whose every section passes the rules a participant is held to', async () => {
    const id = await seedDemoCapstone(dataSource);
    expect(id).not.toBeNull();
    const [submission, ...others] = await submissionsOf('participant@np.demo.cascade.test');
    expect(others).toEqual([]);
    expect(submission).toMatchObject({ id, version: 1, draft_revision: 1, late: false });

    const cohort = await kathmandu();
    const definition = cohort.capstone;
    expect(emptyRequiredSections(definition.sections, submission.content)).toEqual([]);
    for (const section of definition.sections) {
      const stored = submission.content.sections[section.id];
      expect(stored?.kind).toBe(section.kind);
      // Read back through the API's own rules: what is stored is exactly what a participant could have saved.
      expect(readSectionJson(section, stored)).toEqual({ ok: true, content: stored });
    }
    const timeline = submission.content.sections['implementation-timeline'];
    if (timeline?.kind !== 'activities') throw new Error('the timeline is not an activities table');
    const dueDate = cohort.due_at.slice(0, 10);
    for (const row of timeline.rows) {
      expect(row.start >= cohort.start_date && row.end <= dueDate && row.start <= row.end).toBe(true);
    }

    const [draft] = await dataSource.query<{ revision: number; content: PlanContent }[]>(
      `SELECT d.revision, d.content FROM capstone_drafts d JOIN users u ON u.id = d.user_id
       WHERE u.email = 'participant@np.demo.cascade.test'`,
    );
    expect(draft).toEqual({ revision: 1, content: submission.content });
    const audit = await dataSource.query<{ action: string }[]>(
      `SELECT action FROM audit_log WHERE entity_type = 'capstone_submission' AND entity_id = $1`,
      [id],
    );
    expect(audit).toEqual([{ action: 'capstone.submitted' }]);
  });

  it('should add nothing when run again', async () => {
    expect(await seedDemoCapstone(dataSource)).toBeNull();
    expect(await submissionsOf('participant@np.demo.cascade.test')).toHaveLength(1);
  });
});
