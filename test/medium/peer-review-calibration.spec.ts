import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { seedDemoCalibration } from '../../src/database/seeds/demo-calibration-seed.js';
import { seedDemo } from '../../src/database/seeds/demo-seed.js';
import { AuditRepository } from '../../src/modules/audit/audit.repository.js';
import { CapstoneContextService } from '../../src/modules/capstones/capstone-context.service.js';
import type { CapstoneDefinition } from '../../src/modules/capstones/domain/capstone.types.js';
import type { CohortAccess, CohortAccessService } from '../../src/modules/cohorts/cohort-access.service.js';
import { ContentRepository } from '../../src/modules/content/content.repository.js';
import { ContentService } from '../../src/modules/content/content.service.js';
import {
  resolvePeerReviewSettings,
  type PeerReviewSettingsOverride,
} from '../../src/modules/peer-review/domain/peer-review-settings.js';
import { PeerReviewAllocationService } from '../../src/modules/peer-review/peer-review-allocation.service.js';
import { PeerReviewCalibrationGate } from '../../src/modules/peer-review/peer-review-calibration-gate.service.js';
import { PeerReviewCalibrationStaffService } from '../../src/modules/peer-review/peer-review-calibration-staff.service.js';
import { CalibrationRequiredError } from '../../src/modules/peer-review/peer-review-calibration.errors.js';
import { PeerReviewCalibrationRepository } from '../../src/modules/peer-review/peer-review-calibration.repository.js';
import {
  PeerReviewCalibrationService,
  type Calibrator,
} from '../../src/modules/peer-review/peer-review-calibration.service.js';
import { PeerReviewRepository } from '../../src/modules/peer-review/peer-review.repository.js';
import { cohortCapstone, cohortIdOf, userIdOf, type Sql } from '../support/capstone-fixtures.js';
import { createDatabaseWithCourses } from '../support/seeded-database.js';

describe('peer-review calibration in PostgreSQL: examples kept, attempts append-only, the review gate', () => {
  let closeDatabase: () => Promise<void>;
  let dataSource: DataSource;
  let sql: Sql;
  let repository: PeerReviewCalibrationRepository;
  let gate: PeerReviewCalibrationGate;
  let participantService: PeerReviewCalibrationService;
  let staffService: PeerReviewCalibrationStaffService;
  let access: CohortAccess;
  let definition: CapstoneDefinition;
  let trainerId: string;
  let bikash: string;
  let sunita: string;
  let firstExample: string;

  const calibrator = (userId: string, override: PeerReviewSettingsOverride = {}): Calibrator => ({
    cohort: { id: access.cohort.id, instituteId: access.institute.id },
    userId,
    settings: resolvePeerReviewSettings(override),
    rubric: definition.rubric.criteria,
  });
  /** The form of a new example: the reference at `level` index on every criterion. */
  const exampleForm = (title: string, level: number) => {
    const form: Record<string, string> = {
      title,
      planText: 'An example plan for calibration. '.repeat(4),
    };
    for (const criterion of definition.rubric.criteria) {
      form[`level.${criterion.id}`] = criterion.levels[level].id;
      form[`explanation.${criterion.id}`] = `Why ${criterion.levels[level].label} on ${criterion.title}.`;
    }
    return form;
  };
  /** Levels at the given index on every criterion (index 1 and reference 2: one level off everywhere). */
  const levelsForm = (level: number) =>
    Object.fromEntries(
      definition.rubric.criteria.map((criterion) => [`level.${criterion.id}`, criterion.levels[level].id]),
    );

  beforeAll(async () => {
    ({ dataSource, close: closeDatabase } = await createDatabaseWithCourses());
    await seedDemo(dataSource);
    sql = (text, values) => dataSource.query(text, values);
    const cohortId = await cohortIdOf(sql, 'np-cept');
    definition = await cohortCapstone(sql, cohortId);
    const [cohort] = await sql<{
      institute_id: string;
      course_version_id: string;
      schedule: { capstoneDueAt: string; peerReviewDueAt: string };
    }>(`SELECT institute_id, course_version_id, schedule FROM cohorts WHERE id = $1`, [cohortId]);
    // What the services read of a cohort access; the rest of the access is the controllers' business.
    access = {
      institute: { id: cohort.institute_id, slug: 'np-cept' },
      cohort: {
        id: cohortId,
        courseVersionId: cohort.course_version_id,
        schedule: cohort.schedule,
        timeZone: 'Asia/Kathmandu',
        title: 'Kathmandu',
      },
      enrolment: null,
      isStaff: true,
    } as unknown as CohortAccess;
    trainerId = await userIdOf(sql, 'trainer@np.demo.cascade.test');
    bikash = await userIdOf(sql, 'participant@np.demo.cascade.test');
    sunita = await userIdOf(sql, 'participant2@np.demo.cascade.test');
    const content = new ContentService(new ContentRepository(dataSource));
    const audit = new AuditRepository();
    repository = new PeerReviewCalibrationRepository(dataSource);
    gate = new PeerReviewCalibrationGate(repository);
    participantService = new PeerReviewCalibrationService(repository, gate, audit);
    const noAccessChecks = {
      resolve: () => Promise.reject(new Error('access is resolved by the controllers, not in this test')),
    } as unknown as CohortAccessService;
    staffService = new PeerReviewCalibrationStaffService(
      repository,
      new CapstoneContextService(noAccessChecks, content),
      new PeerReviewAllocationService(new PeerReviewRepository(dataSource), audit, content),
      audit,
    );
  });

  afterAll(async () => {
    await closeDatabase?.();
  });

  it('should not gate a cohort without an example, nor any cohort with calibration off', async () => {
    expect((await gate.status(calibrator(bikash))).state).toBe('no-examples');
    await expect(gate.assertMayReview(calibrator(bikash))).resolves.toBeUndefined();
    expect((await gate.status(calibrator(bikash, { calibration: 'off' }))).state).toBe('off');
  });

  it('should refuse an example without a reference level or explanation for every criterion, saving nothing', async () => {
    const form = exampleForm('Incomplete', 2);
    delete form[`level.${definition.rubric.criteria[0].id}`];
    form[`explanation.${definition.rubric.criteria[1].id}`] = 'Short';
    const result = await staffService.createExample(access, trainerId, form);
    expect(result.exampleId).toBeNull();
    expect(result.problems).toEqual([
      `${definition.rubric.criteria[0].title}: choose the reference level.`,
      `${definition.rubric.criteria[1].title}: explain the reference level in 10 to 2000 characters.`,
    ]);
    expect(result.draft.title).toBe('Incomplete');
    expect(await repository.listExamples(access.institute.id, access.cohort.id)).toEqual([]);
  });

  it('should create an example with its reference, audited, and then gate the cohort (mode required)', async () => {
    const result = await staffService.createExample(access, trainerId, exampleForm('Proficient everywhere', 2));
    expect(result.problems).toEqual([]);
    firstExample = result.exampleId!;
    const stored = await repository.findExample(access.institute.id, access.cohort.id, firstExample);
    expect(stored?.reference).toHaveLength(definition.rubric.criteria.length);
    expect(stored?.reference[0]).toEqual({
      criterionId: definition.rubric.criteria[0].id,
      levelId: definition.rubric.criteria[0].levels[2].id,
      explanation: `Why ${definition.rubric.criteria[0].levels[2].label} on ${definition.rubric.criteria[0].title}.`,
    });
    const [audit] = await sql<{ actor_user_id: string; after: { title: string } }>(
      `SELECT actor_user_id, "after" FROM audit_log WHERE action = 'peer-review.calibration-example-created' AND entity_id = $1`,
      [firstExample],
    );
    expect(audit).toEqual({
      actor_user_id: trainerId,
      after: expect.objectContaining({ title: 'Proficient everywhere' }),
    });
    expect(await gate.status(calibrator(bikash))).toEqual({
      state: 'pending',
      required: 1,
      counted: 0,
      attempts: 0,
      nextExampleId: firstExample,
    });
    await expect(gate.assertMayReview(calibrator(bikash))).rejects.toBeInstanceOf(CalibrationRequiredError);
  });

  it('should record a failed attempt, keep the gate shut, then open it after a pass; each attempt its own row', async () => {
    const failed = await participantService.submitAttempt(calibrator(bikash), firstExample, levelsForm(0));
    expect(failed.problems).toEqual([]);
    const passed = await participantService.submitAttempt(calibrator(bikash), firstExample, levelsForm(2));
    const rows = await sql<{
      id: string;
      closeness: string;
      tolerance: string;
      within_tolerance: boolean;
      mode: string;
    }>(
      `SELECT id, closeness, tolerance, within_tolerance, mode FROM peer_review_calibration_attempts
       WHERE user_id = $1 ORDER BY created_at`,
      [bikash],
    );
    // Two levels off on every criterion: closeness 2; then the reference exactly: 0.
    expect(rows).toEqual([
      { id: failed.attemptId, closeness: '2.000000', tolerance: '0.500000', within_tolerance: false, mode: 'required' },
      { id: passed.attemptId, closeness: '0.000000', tolerance: '0.500000', within_tolerance: true, mode: 'required' },
    ]);
    expect((await gate.status(calibrator(bikash))).state).toBe('done');
    await expect(gate.assertMayReview(calibrator(bikash))).resolves.toBeUndefined();
    // Another participant is still gated: the status is per person.
    expect((await gate.status(calibrator(sunita))).state).toBe('pending');
    const result = await participantService.result(calibrator(bikash), failed.attemptId!);
    expect(result.closeness.closeness).toBe(2);
    expect(result.attempt.withinTolerance).toBe(false);
    // Nobody reads another participant's attempt.
    await expect(participantService.result(calibrator(sunita), failed.attemptId!)).rejects.toMatchObject({
      code: 'PEER_REVIEW_CALIBRATION_NOT_FOUND',
    });
  });

  it('should refuse to change or delete an attempt in the database', async () => {
    const [attempt] = await sql<{ id: string }>(`SELECT id FROM peer_review_calibration_attempts LIMIT 1`);
    await expect(
      sql(`UPDATE peer_review_calibration_attempts SET closeness = 0 WHERE id = $1`, [attempt.id]),
    ).rejects.toThrow('calibration attempts are kept as written: UPDATE refused');
    await expect(sql(`DELETE FROM peer_review_calibration_attempts WHERE id = $1`, [attempt.id])).rejects.toThrow(
      'calibration attempts are kept as written: DELETE refused',
    );
  });

  it('should pass within the tolerance and let "recorded" mode through whatever the result', async () => {
    // One level off on every criterion: closeness 1, outside 0.5, inside a tolerance of 1.
    const oneOff = await participantService.submitAttempt(calibrator(sunita), firstExample, levelsForm(1));
    expect((await participantService.result(calibrator(sunita), oneOff.attemptId!)).closeness.closeness).toBe(1);
    expect((await gate.status(calibrator(sunita))).state).toBe('pending');
    expect((await gate.status(calibrator(sunita, { calibrationTolerance: 1 }))).state).toBe('done');
    expect((await gate.status(calibrator(sunita, { calibration: 'recorded' }))).state).toBe('done');
    const recorded = await participantService.submitAttempt(
      calibrator(sunita, { calibration: 'recorded' }),
      firstExample,
      levelsForm(3),
    );
    const [row] = await sql<{ mode: string; within_tolerance: boolean }>(
      `SELECT mode, within_tolerance FROM peer_review_calibration_attempts WHERE id = $1`,
      [recorded.attemptId],
    );
    expect(row).toEqual({ mode: 'recorded', within_tolerance: false });
  });

  it('should retire an example without losing it or its attempts, keeping those who passed on it passed', async () => {
    const second = await staffService.createExample(access, trainerId, exampleForm('Developing everywhere', 1));
    await staffService.retireExample(access, trainerId, firstExample);
    await expect(staffService.retireExample(access, trainerId, firstExample)).rejects.toMatchObject({
      code: 'PEER_REVIEW_CALIBRATION_UNPROCESSABLE',
    });
    const examples = await repository.listExamples(access.institute.id, access.cohort.id);
    expect(examples.map((example) => [example.title, example.retiredAt !== null, example.attempts])).toEqual([
      ['Proficient everywhere', true, 4],
      ['Developing everywhere', false, 0],
    ]);
    expect(await repository.listActiveExampleIds(access.institute.id, access.cohort.id)).toEqual([second.exampleId]);
    // Bikash passed on the retired example: still done. Nobody can attempt the retired one any more.
    expect((await gate.status(calibrator(bikash))).state).toBe('done');
    await expect(
      participantService.submitAttempt(calibrator(bikash), firstExample, levelsForm(2)),
    ).rejects.toMatchObject({ code: 'PEER_REVIEW_CALIBRATION_UNPROCESSABLE' });
    // Two examples required but one in use: one suffices, and his pass on the retired one counts.
    expect(await gate.status(calibrator(bikash, { calibrationExamples: 2 }))).toMatchObject({
      state: 'done',
      required: 1,
    });
    const [audit] = await sql<{ actor_user_id: string }>(
      `SELECT actor_user_id FROM audit_log WHERE action = 'peer-review.calibration-example-retired' AND entity_id = $1`,
      [firstExample],
    );
    expect(audit.actor_user_id).toBe(trainerId);
  });

  it('should refuse to delete an example or change anything but its retirement, once', async () => {
    await expect(sql(`DELETE FROM peer_review_calibration_examples WHERE id = $1`, [firstExample])).rejects.toThrow(
      'calibration examples are never deleted',
    );
    const [active] = await repository
      .listExamples(access.institute.id, access.cohort.id)
      .then((rows) => rows.filter((row) => row.retiredAt === null));
    await expect(
      sql(`UPDATE peer_review_calibration_examples SET plan_text = 'changed' WHERE id = $1`, [active.id]),
    ).rejects.toThrow('calibration examples are kept as written');
    await expect(
      sql(`UPDATE peer_review_calibration_examples SET retired_at = NULL, retired_by = NULL WHERE id = $1`, [
        firstExample,
      ]),
    ).rejects.toThrow('calibration examples are kept as written');
  });

  it('should show the trainer each participant: passed, attempts and last closeness', async () => {
    const page = await staffService.page(access);
    const byId = new Map(page.participants.map((participant) => [participant.userId, participant]));
    expect(byId.get(bikash)).toMatchObject({ state: 'done', attempts: 2, lastCloseness: 0 });
    // Sunita's last attempt ("exemplary" everywhere against "proficient") is one level off: closeness 1.
    expect(byId.get(sunita)).toMatchObject({ state: 'pending', attempts: 2, lastCloseness: 1 });
    expect(page.activeCount).toBe(1);
  });

  it('should seed one calibration example for each demo cohort, once', async () => {
    const created = await seedDemoCalibration(dataSource);
    // Kathmandu has examples already (this test's): left alone. Dakar gets its example.
    expect(created).toEqual(['Education networks and clusters, Dakar cohort']);
    expect(await seedDemoCalibration(dataSource)).toEqual([]);
    const dakar = await cohortIdOf(sql, 'sn-ifpe');
    const [example] = await sql<{ title: string; reference: { levelId: string }[]; plan_text: string }>(
      `SELECT title, reference, plan_text FROM peer_review_calibration_examples WHERE cohort_id = $1`,
      [dakar],
    );
    const dakarRubric = (await cohortCapstone(sql, dakar)).rubric.criteria;
    expect(example.title).toContain('cluster');
    expect(example.reference).toHaveLength(dakarRubric.length);
    expect(example.plan_text.length).toBeGreaterThan(500);
  });
});
