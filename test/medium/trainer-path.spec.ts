import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import type { RequestViewer } from '../../src/common/auth/viewer.js';
import { loadConfig } from '../../src/config/config.js';
import { seedDemo } from '../../src/database/seeds/demo-seed.js';
import type { JobQueue } from '../../src/infra/queue/job-queue.service.js';
import { LocalDiskStorage } from '../../src/infra/storage/file-storage.js';
import type { MailerService, OutgoingMail } from '../../src/infra/mail/mailer.service.js';
import type { TemplateRenderer } from '../../src/infra/templates/template-renderer.js';
import { AuditRepository } from '../../src/modules/audit/audit.repository.js';
import type { CertificatesService } from '../../src/modules/certificates/certificates.service.js';
import { CohortsRepository } from '../../src/modules/cohorts/cohorts.repository.js';
import { TrainerActivitiesService } from '../../src/modules/trainers/trainer-activities.service.js';
import { TrainerPathService, type PathAccess } from '../../src/modules/trainers/trainer-path.service.js';
import { TrainerRecertificationService } from '../../src/modules/trainers/trainer-recertification.service.js';
import { TrainerTransitionRefusedError } from '../../src/modules/trainers/trainers.errors.js';
import { TrainersRepository } from '../../src/modules/trainers/trainers.repository.js';
import type { Sql } from '../support/capstone-fixtures.js';
import { createDatabaseWithCourses } from '../support/seeded-database.js';
import { addCohortTrainer, insertCohort, insertPerson } from '../support/trainer-fixtures.js';

const COURSE = 'epm-resources';

describe('the trainer path in PostgreSQL: role granted only on certification, withdrawn for new cohorts on lapse', () => {
  let dataSource: DataSource;
  let close: () => Promise<void>;
  let sql: Sql;
  let storageDir: string;
  let repository: TrainersRepository;
  let paths: TrainerPathService;
  let activities: TrainerActivitiesService;
  let recertification: TrainerRecertificationService;
  let cohorts: CohortsRepository;
  let trackDone = false;
  const queued: { name: string; payload: unknown; jobId?: string }[] = [];
  const mails: OutgoingMail[] = [];
  const ids: Record<string, string> = {};

  const viewer = async (email: string): Promise<RequestViewer> => {
    const [user] = await sql<{ id: string; full_name: string; is_platform_admin: boolean }>(
      `SELECT id, full_name, is_platform_admin FROM users WHERE email = $1`,
      [email],
    );
    const memberships = await sql<{ instituteId: string; role: 'participant' | 'trainer' | 'admin' }>(
      `SELECT institute_id AS "instituteId", role FROM memberships WHERE user_id = $1 AND revoked_at IS NULL`,
      [user.id],
    );
    return {
      userId: user.id,
      isPlatformAdmin: user.is_platform_admin,
      memberships,
      email,
      fullName: user.full_name,
      preferredLanguage: 'en',
    };
  };
  const accessAs = async (email: string, instituteSlug: string, userId: string): Promise<PathAccess> =>
    paths.access(await viewer(email), instituteSlug, userId, COURSE);
  const trainerRoles = async (userId: string) =>
    (
      await sql<{ slug: string }>(
        `SELECT i.slug FROM memberships m JOIN institutes i ON i.id = m.institute_id
         WHERE m.user_id = $1 AND m.role = 'trainer' AND m.revoked_at IS NULL ORDER BY 1`,
        [userId],
      )
    ).map((row) => row.slug);
  const stage = async (userId: string) => paths.stageOf(userId, COURSE);

  beforeAll(async () => {
    ({ dataSource, close } = await createDatabaseWithCourses());
    await seedDemo(dataSource);
    sql = (text, values) => dataSource.query(text, values);
    storageDir = await mkdtemp(path.join(os.tmpdir(), 'cascade-trainers-'));
    const config = { ...loadConfig(), PUBLIC_URL: 'https://cascade.example.org' };
    repository = new TrainersRepository(dataSource);
    const audit = new AuditRepository();
    // Certificates are their own feature (tested there): here the two facts the path reads from it.
    const certificates = {
      holdsValidCertificate: async (userId: string) => userId === ids.trainee,
      meetsCompletionRules: async () => trackDone,
    } as unknown as CertificatesService;
    const jobs = {
      enqueue: async (name: string, payload: unknown, options: { jobId?: string } = {}) => {
        queued.push({ name, payload, jobId: options.jobId });
        return { isFailed: async () => false } as never;
      },
    } as unknown as JobQueue;
    paths = new TrainerPathService(repository, certificates, audit, jobs, config);
    activities = new TrainerActivitiesService(repository, paths, new LocalDiskStorage(storageDir), audit);
    const mailer = { send: async (mail: OutgoingMail) => void mails.push(mail) } as unknown as MailerService;
    const renderer = {
      t: (_locale: string, key: string, values: Record<string, unknown>) => `${key} ${JSON.stringify(values)}`,
    };
    recertification = new TrainerRecertificationService(
      repository,
      audit,
      mailer,
      renderer as unknown as TemplateRenderer,
      config,
    );
    cohorts = new CohortsRepository(dataSource, audit);

    ids.master = await insertPerson(sql, {
      email: 'master@hub.test',
      fullName: 'Hub Master',
      instituteSlug: 'hub',
      role: 'trainer',
    });
    [{ id: ids.trainee }] = await sql<{ id: string }>(
      `SELECT id FROM users WHERE email = 'participant2@np.demo.cascade.test'`,
    );
    ids.trackCohort = await insertCohort(sql, {
      instituteSlug: 'np-cept',
      courseId: 'tot-track',
      title: 'ToT track, Kathmandu',
    });
    ids.courseCohort = await insertCohort(sql, {
      instituteSlug: 'np-cept',
      courseId: COURSE,
      title: 'Resources, co-run',
    });
    await addCohortTrainer(sql, ids.courseCohort, ids.master, 'master');
  });

  afterAll(async () => {
    await close();
    await rm(storageDir, { recursive: true, force: true });
  });

  it('should let only a platform admin appoint the first master trainer', async () => {
    await expect(
      paths.apply(await accessAs('hub.admin@demo.cascade.test', 'hub', ids.master), 'appoint-master'),
    ).rejects.toMatchObject({ refusal: 'not-platform-admin' });
    await paths.apply(await accessAs('platform.admin@demo.cascade.test', 'hub', ids.master), 'appoint-master');
    expect(await stage(ids.master)).toBe('master');
    expect(await paths.isActiveMaster(ids.master, COURSE)).toBe(true);
  });

  it('should refuse a nomination by another institute’s admin and accept the institute admin’s', async () => {
    await expect(accessAs('admin@sn.demo.cascade.test', 'np-cept', ids.trainee)).rejects.toThrow(
      'No such trainer path',
    );
    const refused = await paths
      .apply(await accessAs('participant2@np.demo.cascade.test', 'np-cept', ids.trainee), 'nominate')
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TrainerTransitionRefusedError);
    expect((refused as TrainerTransitionRefusedError).refusal).toBe('not-institute-admin');
    await paths.apply(await accessAs('admin@np.demo.cascade.test', 'np-cept', ids.trainee), 'nominate');
    expect(await stage(ids.trainee)).toBe('nominated');
    expect(await trainerRoles(ids.trainee)).toEqual([]);
  });

  it('should make the nominee a trainee only once enrolled in a track cohort', async () => {
    const admin = await accessAs('admin@np.demo.cascade.test', 'np-cept', ids.trainee);
    await expect(paths.apply(admin, 'enrol')).rejects.toMatchObject({ refusal: 'not-enrolled-in-track' });
    await sql(
      `INSERT INTO enrolments (institute_id, cohort_id, user_id, status) SELECT institute_id, id, $2, 'enrolled' FROM cohorts WHERE id = $1`,
      [ids.trackCohort, ids.trainee],
    );
    await paths.apply(admin, 'enrol');
    expect(await stage(ids.trainee)).toBe('trainee');
  });

  it('should assign co-facilitation of a cohort run by a master trainer and record it on the cohort', async () => {
    const admin = await accessAs('admin@np.demo.cascade.test', 'np-cept', ids.trainee);
    await paths.apply(admin, 'assign-co-facilitation', { cohortId: ids.courseCohort });
    expect(await stage(ids.trainee)).toBe('co-facilitator');
    expect(
      await sql(`SELECT role FROM cohort_trainers WHERE cohort_id = $1 AND user_id = $2`, [
        ids.courseCohort,
        ids.trainee,
      ]),
    ).toEqual([{ role: 'co-facilitator' }]);
    expect(await trainerRoles(ids.trainee)).toEqual([]);
  });

  it('should refuse certification while requirements are missing, naming them, and grant no role', async () => {
    const master = await accessAs('master@hub.test', 'np-cept', ids.trainee);
    const refused = (await paths
      .apply(master, 'certify')
      .catch((error: unknown) => error)) as TrainerTransitionRefusedError;
    expect(refused.refusal).toBe('requirements-missing');
    expect(refused.missing).toEqual(['track', 'teach-back', 'calibration', 'co-facilitation']);
    expect(await trainerRoles(ids.trainee)).toEqual([]);
  });

  it('should keep every teach-back attempt: a failed one, then a passed one after resubmission', async () => {
    const self = await accessAs('participant2@np.demo.cascade.test', 'np-cept', ids.trainee);
    const master = await accessAs('master@hub.test', 'np-cept', ids.trainee);
    expect(
      await activities.submitTeachBack(self, {
        delivery: 'live',
        recordingUrl: '',
        deliveredOn: '2026-11-01',
        notes: 'Module 4',
        file: null,
      }),
    ).toBe(1);
    const track = await activities.track();
    const criteria = track.track.teachBack.rubric.criteria;
    const [first] = await repository.listTeachBacks(ids.trainee, COURSE);
    const low = await activities.scoreTeachBack(
      master,
      first.id,
      Object.fromEntries(criteria.map((criterion) => [criterion.id, criterion.levels[0].id])),
      'Start from participants’ experience.',
    );
    expect(low.passed).toBe(false);
    expect(
      await activities.submitTeachBack(self, {
        delivery: 'link',
        recordingUrl: 'https://video.example.org/tb2',
        deliveredOn: '',
        notes: '',
        file: null,
      }),
    ).toBe(2);
    const [second] = await repository.listTeachBacks(ids.trainee, COURSE);
    const high = await activities.scoreTeachBack(
      master,
      second.id,
      Object.fromEntries(criteria.map((criterion) => [criterion.id, criterion.levels.at(-1)!.id])),
      'A model segment.',
    );
    expect(high).toMatchObject({ percent: 100, passed: true });
    expect(
      (await repository.listTeachBacks(ids.trainee, COURSE)).map((row) => [row.attempt, row.score?.passed]),
    ).toEqual([
      [2, true],
      [1, false],
    ]);
    await expect(sql(`UPDATE trainer_teach_back_scores SET passed = true`)).rejects.toThrow(/kept as written/);
  });

  it('should pass the grading calibration on the references of the course', async () => {
    const self = await accessAs('participant2@np.demo.cascade.test', 'np-cept', ids.trainee);
    const { references } = await activities.calibrationSet(self);
    expect(references).toHaveLength(3);
    const result = await activities.submitCalibration(
      self,
      Object.fromEntries(references.map((ref) => [ref.id, ref.levels])),
    );
    expect(result).toMatchObject({ passed: true, agreed: result.total });
    expect(await stage(ids.trainee)).toBe('co-facilitator');
  });

  it('should certify automatically when the master’s sign-off meets the last requirement, granting the role and scheduling reminders', async () => {
    trackDone = true;
    const master = await accessAs('master@hub.test', 'np-cept', ids.trainee);
    await activities.signOff(master, 'Ran module 4 well.');
    expect(await stage(ids.trainee)).toBe('certified');
    expect(await trainerRoles(ids.trainee)).toEqual(['np-cept']);
    const certification = await repository.latestCertification(ids.trainee, COURSE);
    expect(certification).toMatchObject({ kind: 'certification', certifiedBy: ids.master });
    const certifiedYear = new Date().getUTCFullYear();
    expect(certification!.validUntil.slice(0, 4)).toBe(String(certifiedYear + 2));
    const forThis = queued.filter(
      (job) => (job.payload as { certificationId?: string }).certificationId === certification!.id,
    );
    expect(forThis.map((job) => job.jobId)).toEqual([
      `certificate-trainer:${certification!.id}:1`,
      `trainer-recertification:${certification!.id}:reminder-30`,
      `trainer-recertification:${certification!.id}:reminder-7`,
      `trainer-recertification:${certification!.id}:lapse`,
    ]);
    const events = await sql<{ action: string }>(`SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY id`, [
      `${ids.trainee}:${COURSE}`,
    ]);
    expect(events.map((row) => row.action)).toEqual([
      'trainer-path.nominate',
      'trainer-path.enrol',
      'trainer-path.assign-co-facilitation',
      'trainer-path.co-facilitation-signed-off',
      'trainer-path.certify',
    ]);
  });

  it('should mail a reminder, then on lapse refuse NEW cohorts while keeping existing assignments; recertification renews', async () => {
    const certification = (await repository.latestCertification(ids.trainee, COURSE))!;
    expect(await recertification.handle({ certificationId: certification.id, kind: 'reminder-30' })).toBe('reminded');
    expect(mails.map((mail) => mail.to)).toEqual(['participant2@np.demo.cascade.test']);
    const dayAfter = new Date(`${certification.validUntil}T12:00:00Z`);
    dayAfter.setUTCDate(dayAfter.getUTCDate() + 1);
    expect(await cohorts.listLapsedTrainers(COURSE, [ids.trainee], new Date())).toEqual([]);
    // Before the date the lapse job changes nothing.
    expect(await recertification.handle({ certificationId: certification.id, kind: 'lapse' }, new Date())).toBe(
      'not-lapsed',
    );
    expect(await recertification.handle({ certificationId: certification.id, kind: 'lapse' }, dayAfter)).toBe('lapsed');
    expect(await stage(ids.trainee)).toBe('lapsed');
    expect(await cohorts.listLapsedTrainers(COURSE, [ids.trainee], dayAfter)).toEqual([ids.trainee]);
    expect(
      await sql(`SELECT role FROM cohort_trainers WHERE cohort_id = $1 AND user_id = $2`, [
        ids.courseCohort,
        ids.trainee,
      ]),
    ).toEqual([{ role: 'co-facilitator' }]);
    const master = await accessAs('master@hub.test', 'np-cept', ids.trainee);
    await paths.apply(master, 'recertify', { now: dayAfter });
    expect(await stage(ids.trainee)).toBe('certified');
    expect(await cohorts.listLapsedTrainers(COURSE, [ids.trainee], dayAfter)).toEqual([]);
    // The old certification's jobs are now superseded.
    expect(await recertification.handle({ certificationId: certification.id, kind: 'reminder-7' })).toBe('superseded');
  });

  it('should keep the stage history append-only', async () => {
    await expect(sql(`DELETE FROM trainer_stage_transitions`)).rejects.toThrow(/kept as written/);
    const history = await repository.history(ids.trainee, COURSE);
    expect(history.map((row) => row.toStage)).toEqual([
      'nominated',
      'trainee',
      'co-facilitator',
      'certified',
      'lapsed',
      'certified',
    ]);
  });
});
