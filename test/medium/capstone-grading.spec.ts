import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { seedDemo } from '../../src/database/seeds/demo-seed.js';
import { AuditRepository } from '../../src/modules/audit/audit.repository.js';
import { CapstoneContextService } from '../../src/modules/capstones/capstone-context.service.js';
import { ContentRepository } from '../../src/modules/content/content.repository.js';
import { ContentService } from '../../src/modules/content/content.service.js';
import { CapstoneGradingRepository } from '../../src/modules/capstones/capstone-grading.repository.js';
import { CapstoneGradingService, type GradeInput } from '../../src/modules/capstones/capstone-grading.service.js';
import type { CapstoneDefinition } from '../../src/modules/capstones/domain/capstone.types.js';
import type { RequestViewer } from '../../src/common/auth/viewer.js';
import type { CohortAccess } from '../../src/modules/cohorts/cohort-access.service.js';
import {
  cohortIdOf,
  cohortCapstone,
  insertSubmission,
  userIdOf,
  validPlan,
  type Sql,
} from '../support/capstone-fixtures.js';
import { createDatabaseWithCourses } from '../support/seeded-database.js';

describe('capstone grades in PostgreSQL: locking, append-only history, audit and release', () => {
  let closeDatabase: () => Promise<void>;
  let dataSource: DataSource;
  let sql: Sql;
  let service: CapstoneGradingService;
  let access: CohortAccess;
  let definition: CapstoneDefinition;
  let trainer: RequestViewer;
  let admin: RequestViewer;
  let participants: string[];
  /** Certificate checks the service queued (the queue is faked: no Redis here). */
  const queued: { name: string; payload: unknown }[] = [];

  const viewer = (userId: string) => ({ userId }) as RequestViewer;
  const complete = (comment: string, intent: GradeInput['intent'] = 'finalise', reason = ''): GradeInput => ({
    criteria: definition.rubric.criteria.map((criterion) => ({
      criterionId: criterion.id,
      levelId: criterion.levels[criterion.levels.length - 1].id,
      comment,
    })),
    overallFeedback: `Overall: ${comment}`,
    intent,
    reason,
  });

  beforeAll(async () => {
    ({ dataSource, close: closeDatabase } = await createDatabaseWithCourses());
    await seedDemo(dataSource);
    sql = (text, values) => dataSource.query(text, values);
    const cohortId = await cohortIdOf(sql, 'np-cept');
    const [row] = await sql<{ institute_id: string }>(`SELECT institute_id FROM cohorts WHERE id = $1`, [cohortId]);
    access = { institute: { id: row.institute_id }, cohort: { id: cohortId } } as unknown as CohortAccess;
    definition = await cohortCapstone(sql, cohortId);
    trainer = viewer(await userIdOf(sql, 'trainer@np.demo.cascade.test'));
    admin = viewer(await userIdOf(sql, 'admin@np.demo.cascade.test'));
    participants = [
      await userIdOf(sql, 'participant@np.demo.cascade.test'),
      await userIdOf(sql, 'participant2@np.demo.cascade.test'),
    ];
    // The service is used without pages: cohort access and the roster are not needed for grading itself.
    // The definition is read as the app reads it: through the content service, by the submission's course version.
    const contexts = new CapstoneContextService(null as never, new ContentService(new ContentRepository(dataSource)));
    service = new CapstoneGradingService(
      contexts,
      null as never,
      new CapstoneGradingRepository(dataSource),
      new AuditRepository(),
      {
        enqueue: async (name: string, payload: unknown) => {
          queued.push({ name, payload });
          return {} as never;
        },
      } as never,
    );
  });

  afterAll(async () => {
    await closeDatabase();
  });

  it('should keep both revisions when two trainers save the same grade at once, and end consistent', async () => {
    const submissionId = await insertSubmission(sql, {
      cohortId: access.cohort.id,
      userId: participants[0],
      content: validPlan(definition),
    });
    const draft = (comment: string) => ({ ...complete(comment), intent: 'draft' as const });
    await Promise.all([
      service.saveGrade(access, trainer, submissionId, draft('from the trainer')),
      service.saveGrade(access, admin, submissionId, draft('from the admin')),
    ]);
    const revisions = await sql<{ actor_id: string; action: string; overall_feedback: string }>(
      `SELECT actor_id, action, overall_feedback FROM capstone_grade_revisions WHERE submission_id = $1 ORDER BY at, id`,
      [submissionId],
    );
    expect(revisions).toHaveLength(2);
    expect(revisions.map((revision) => revision.actor_id).sort()).toEqual([trainer.userId, admin.userId].sort());
    expect(revisions.every((revision) => revision.action === 'draft-saved')).toBe(true);
    // The grade is the last revision written, whole: never a mix of the two saves.
    const [grade] = await sql<{ overall_feedback: string; criteria: { comment: string }[] }>(
      `SELECT overall_feedback, criteria FROM capstone_grades WHERE submission_id = $1`,
      [submissionId],
    );
    const last = revisions[revisions.length - 1].overall_feedback;
    expect(grade.overall_feedback).toBe(last);
    expect(grade.criteria.every((criterion) => `Overall: ${criterion.comment}` === last)).toBe(true);
    const audit = await sql<{ actor_user_id: string }>(
      `SELECT actor_user_id FROM audit_log WHERE entity_id = $1 AND action = 'capstone-grade.draft-saved'`,
      [submissionId],
    );
    expect(audit).toHaveLength(2);
  });

  it('should apply a finalise and a draft saved at once one after the other, never a draft over a final grade', async () => {
    for (let version = 2; version <= 9; version += 1) {
      const submissionId = await insertSubmission(sql, {
        cohortId: access.cohort.id,
        userId: participants[0],
        content: validPlan(definition),
        version,
      });
      const outcomes = await Promise.allSettled([
        service.saveGrade(access, trainer, submissionId, complete('final')),
        service.saveGrade(access, admin, submissionId, { ...complete('draft'), intent: 'draft' }),
      ]);
      expect(outcomes[0].status).toBe('fulfilled');
      const revisions = await sql<{ action: string; status: string }>(
        `SELECT action, status FROM capstone_grade_revisions WHERE submission_id = $1 ORDER BY at, id`,
        [submissionId],
      );
      // Either the draft came first and was finalised over, or it came second and was refused as a draft.
      expect(revisions.map((revision) => revision.action)).toEqual(
        outcomes[1].status === 'fulfilled' ? ['draft-saved', 'finalised'] : ['finalised'],
      );
      const [grade] = await sql<{ status: string }>(`SELECT status FROM capstone_grades WHERE submission_id = $1`, [
        submissionId,
      ]);
      expect(grade.status).toBe('final');
    }
  });

  it('should refuse to update or delete a revision, and to delete a grade', async () => {
    const [revision] = await sql<{ id: string; submission_id: string }>(
      `SELECT id, submission_id FROM capstone_grade_revisions LIMIT 1`,
    );
    await expect(sql(`UPDATE capstone_grade_revisions SET reason = 'x' WHERE id = $1`, [revision.id])).rejects.toThrow(
      /refused/,
    );
    await expect(sql(`DELETE FROM capstone_grade_revisions WHERE id = $1`, [revision.id])).rejects.toThrow(/refused/);
    await expect(sql(`DELETE FROM capstone_grades WHERE submission_id = $1`, [revision.submission_id])).rejects.toThrow(
      /refused/,
    );
  });

  it('should audit moderation with the moderator and the reason, and refuse it without a reason', async () => {
    const submissionId = await insertSubmission(sql, {
      cohortId: access.cohort.id,
      userId: participants[1],
      content: validPlan(definition),
    });
    await service.saveGrade(access, trainer, submissionId, complete('first look'));
    await expect(service.saveGrade(access, admin, submissionId, complete('second look'))).rejects.toThrow(
      /reason for moderating/,
    );
    await service.saveGrade(access, admin, submissionId, complete('second look', 'finalise', 'Budget was misread'));
    const [grade] = await sql<{ graded_by: string; moderated_by: string; status: string }>(
      `SELECT graded_by, moderated_by, status FROM capstone_grades WHERE submission_id = $1`,
      [submissionId],
    );
    expect(grade).toEqual({ graded_by: trainer.userId, moderated_by: admin.userId, status: 'final' });
    const audit = await sql<{ actor_user_id: string; reason: string; after: { status: string } }>(
      `SELECT actor_user_id, reason, "after" FROM audit_log WHERE entity_id = $1 AND action = 'capstone-grade.moderated'`,
      [submissionId],
    );
    expect(audit).toEqual([
      {
        actor_user_id: admin.userId,
        reason: 'Budget was misread',
        after: expect.objectContaining({ status: 'final' }),
      },
    ]);
    const actions = await sql<{ action: string; reason: string | null }>(
      `SELECT action, reason FROM capstone_grade_revisions WHERE submission_id = $1 ORDER BY at, id`,
      [submissionId],
    );
    expect(actions).toEqual([
      { action: 'finalised', reason: null },
      { action: 'moderated', reason: 'Budget was misread' },
    ]);
  });

  it('should release only final grades with release-all, auditing who released them', async () => {
    const before = await sql<{ submission_id: string; status: string }>(
      `SELECT submission_id, status FROM capstone_grades WHERE cohort_id = $1 AND released_at IS NULL`,
      [access.cohort.id],
    );
    const finals = before.filter((grade) => grade.status === 'final').map((grade) => grade.submission_id);
    const drafts = before.filter((grade) => grade.status === 'draft').map((grade) => grade.submission_id);
    expect(finals.length).toBeGreaterThan(0);
    expect(drafts.length).toBeGreaterThan(0);
    queued.length = 0;
    expect(await service.releaseAll(access, trainer)).toBe(finals.length);
    // Each participant whose grade was released gets a certificate check, and nobody else.
    const releasedOwners = await sql<{ user_id: string }>(
      `SELECT DISTINCT user_id FROM capstone_grades WHERE submission_id = ANY($1::uuid[])`,
      [finals],
    );
    const checks = queued.filter((entry) => entry.name === 'certificates.evaluate');
    expect(checks).toHaveLength(releasedOwners.length);
    expect(checks.map((entry) => (entry.payload as { userId: string }).userId).sort()).toEqual(
      releasedOwners.map((row) => row.user_id).sort(),
    );
    // And each released grade is announced to its participant (the notifications worker writes and mails it).
    const announced = queued.filter((entry) => entry.name === 'notifications.event');
    expect(announced.map((entry) => (entry.payload as { submissionId: string }).submissionId).sort()).toEqual(
      [...finals].sort(),
    );
    expect(queued).toHaveLength(checks.length + announced.length);
    const after = await sql<{ submission_id: string; released_by: string | null }>(
      `SELECT submission_id, released_by FROM capstone_grades WHERE cohort_id = $1`,
      [access.cohort.id],
    );
    for (const grade of after)
      expect(grade.released_by).toBe(finals.includes(grade.submission_id) ? trainer.userId : null);
    const audit = await sql<{ entity_id: string; actor_user_id: string }>(
      `SELECT entity_id, actor_user_id FROM audit_log WHERE action = 'capstone-grade.released'`,
    );
    expect(audit.map((row) => row.entity_id).sort()).toEqual([...finals].sort());
    expect(audit.every((row) => row.actor_user_id === trainer.userId)).toBe(true);
    // Nothing left to release: a second release-all changes nothing.
    expect(await service.releaseAll(access, trainer)).toBe(0);
  });

  it('should require a reason to change a released grade, which stays released', async () => {
    const [released] = await sql<{ submission_id: string }>(
      `SELECT submission_id FROM capstone_grades WHERE cohort_id = $1 AND released_at IS NOT NULL LIMIT 1`,
      [access.cohort.id],
    );
    await expect(service.saveGrade(access, trainer, released.submission_id, complete('late fix'))).rejects.toThrow(
      /reason for changing a released grade/,
    );
    await service.saveGrade(access, trainer, released.submission_id, complete('late fix', 'finalise', 'Appeal upheld'));
    const [grade] = await sql<{ released_at: Date | null; overall_feedback: string }>(
      `SELECT released_at, overall_feedback FROM capstone_grades WHERE submission_id = $1`,
      [released.submission_id],
    );
    expect(grade.released_at).not.toBeNull();
    expect(grade.overall_feedback).toBe('Overall: late fix');
    const [last] = await sql<{ action: string; reason: string }>(
      `SELECT action, reason FROM capstone_grade_revisions WHERE submission_id = $1 ORDER BY at DESC, id DESC LIMIT 1`,
      [released.submission_id],
    );
    expect(last).toEqual({ action: 'changed-after-release', reason: 'Appeal upheld' });
  });
});
