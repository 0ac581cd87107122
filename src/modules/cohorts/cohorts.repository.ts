import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditRepository } from '../audit/audit.repository.js';
import { organizationKey } from '../enrolments/domain/organization.js';
import { CohortFullError, EnrolmentOrganizationConflictError } from './cohorts.errors.js';
import { CohortTrainerEntity } from './entities/cohort-trainer.entity.js';
import { CohortEntity, type StoredSchedule } from './entities/cohort.entity.js';
import { EnrolmentEntity } from './entities/enrolment.entity.js';
import { ModuleProgressEntity } from './entities/module-progress.entity.js';

export interface NewCohort {
  courseVersionId: string;
  /** The institute's localized copy the cohort is taught from (issue 8), or null for the master text. */
  courseCopyId?: string | null;
  title: string;
  startDate: string;
  timeZone: string;
  capacity: number;
  enrolmentOpensAt: Date;
  enrolmentClosesAt: Date;
  schedule: StoredSchedule;
  trainerIds: string[];
}

export interface LearnerCohortRow {
  enrolmentId: string;
  cohortId: string;
  instituteId: string;
  instituteSlug: string;
  instituteName: string;
  title: string;
  timeZone: string;
  schedule: StoredSchedule;
  courseVersionId: string;
}

export interface RosterRow {
  userId: string;
  fullName: string;
  email: string;
  organization: string | null;
  enrolledAt: Date;
  completedModules: string[];
  openedModules: string[];
}

/** Every method takes the institute first: no query reaches another tenant's rows. */
@Injectable()
export class CohortsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditRepository,
  ) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async createCohort(
    manager: EntityManager,
    instituteId: string,
    cohort: NewCohort,
    actorUserId: string | null,
  ): Promise<CohortEntity> {
    const { trainerIds, ...fields } = cohort;
    // insert, never save: a stray id in the input must not overwrite an existing cohort.
    const { identifiers } = await manager.insert(CohortEntity, { ...fields, instituteId });
    const created = await manager.findOneOrFail(CohortEntity, {
      where: { instituteId, id: identifiers[0].id as string },
    });
    if (trainerIds.length > 0) {
      await manager.insert(
        CohortTrainerEntity,
        trainerIds.map((userId) => ({ cohortId: created.id, userId, instituteId })),
      );
    }
    await this.audit.append(manager, {
      instituteId,
      actorUserId,
      action: 'cohort.created',
      entityType: 'cohort',
      entityId: created.id,
      after: {
        title: created.title,
        startDate: created.startDate,
        timeZone: created.timeZone,
        capacity: created.capacity,
        courseCopyId: created.courseCopyId,
        trainerIds,
      },
    });
    return created;
  }

  findCohort(instituteId: string, cohortId: string): Promise<CohortEntity | null> {
    return this.dataSource.getRepository(CohortEntity).findOne({ where: { instituteId, id: cohortId } });
  }

  /**
   * A cohort with what one person is in it (active enrolment, trainer), in one round trip: every request inside a
   * cohort starts here.
   */
  async findCohortForPerson(
    instituteId: string,
    cohortId: string,
    userId: string,
  ): Promise<{ cohort: CohortEntity; enrolment: EnrolmentEntity | null; isTrainer: boolean } | null> {
    const rows: CohortForPersonRow[] = await this.dataSource.query(
      `SELECT c.id, c.institute_id, c.course_version_id, c.course_copy_id, c.title, c.start_date::text AS start_date,
              c.time_zone, c.capacity, c.enrolment_opens_at, c.enrolment_closes_at, c.schedule, c.created_at,
              e.id AS enrolment_id, e.enrolled_at, e.withdrawn_at,
              EXISTS (SELECT 1 FROM cohort_trainers t
                      WHERE t.institute_id = c.institute_id AND t.cohort_id = c.id AND t.user_id = $3) AS is_trainer
       FROM cohorts c
       LEFT JOIN enrolments e
         ON e.institute_id = c.institute_id AND e.cohort_id = c.id AND e.user_id = $3 AND e.status = 'enrolled'
       WHERE c.institute_id = $1 AND c.id = $2`,
      [instituteId, cohortId, userId],
    );
    const row = rows[0];
    if (!row) return null;
    const cohort = Object.assign(new CohortEntity(), {
      id: row.id,
      instituteId: row.institute_id,
      courseVersionId: row.course_version_id,
      courseCopyId: row.course_copy_id,
      title: row.title,
      startDate: row.start_date,
      timeZone: row.time_zone,
      capacity: row.capacity,
      enrolmentOpensAt: row.enrolment_opens_at,
      enrolmentClosesAt: row.enrolment_closes_at,
      schedule: row.schedule,
      createdAt: row.created_at,
    });
    const enrolment =
      row.enrolment_id === null
        ? null
        : Object.assign(new EnrolmentEntity(), {
            id: row.enrolment_id,
            instituteId: row.institute_id,
            cohortId: row.id,
            userId,
            status: 'enrolled' as const,
            enrolledAt: row.enrolled_at,
            withdrawnAt: row.withdrawn_at,
          });
    return { cohort, enrolment, isTrainer: row.is_trainer };
  }

  findCohortByTitle(manager: EntityManager, instituteId: string, title: string): Promise<CohortEntity | null> {
    return manager.findOne(CohortEntity, { where: { instituteId, title } });
  }

  async isCohortTrainer(instituteId: string, cohortId: string, userId: string): Promise<boolean> {
    return this.dataSource.getRepository(CohortTrainerEntity).exists({ where: { instituteId, cohortId, userId } });
  }

  findActiveEnrolment(instituteId: string, cohortId: string, userId: string): Promise<EnrolmentEntity | null> {
    return this.dataSource
      .getRepository(EnrolmentEntity)
      .findOne({ where: { instituteId, cohortId, userId, status: 'enrolled' } });
  }

  /**
   * Enrols within capacity; the cohort row is locked so two last-place enrolments cannot both succeed. Someone enrolled
   * already keeps their enrolment: a missing organization is filled in (audited), a recorded one never changes.
   */
  async enrol(
    manager: EntityManager,
    instituteId: string,
    cohortId: string,
    userId: string,
    actorUserId: string | null,
    organization: string | null = null,
  ) {
    const cohort = await manager.findOne(CohortEntity, {
      where: { instituteId, id: cohortId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!cohort) return null;
    const existing = await manager.findOne(EnrolmentEntity, {
      where: { instituteId, cohortId, userId, status: 'enrolled' },
    });
    if (existing) {
      if (organization === null || organizationKey(existing.organization) === organizationKey(organization))
        return existing;
      if (existing.organization !== null) throw new EnrolmentOrganizationConflictError(existing.organization);
      await manager.update(EnrolmentEntity, { id: existing.id, instituteId }, { organization });
      await this.audit.append(manager, {
        instituteId,
        actorUserId,
        action: 'enrolment.organization-recorded',
        entityType: 'enrolment',
        entityId: existing.id,
        before: { organization: null },
        after: { organization },
      });
      return { ...existing, organization };
    }
    const taken = await manager.count(EnrolmentEntity, { where: { instituteId, cohortId, status: 'enrolled' } });
    if (taken >= cohort.capacity) throw new CohortFullError(cohort.capacity);
    const enrolment = await manager.save(
      manager.create(EnrolmentEntity, { instituteId, cohortId, userId, status: 'enrolled', organization }),
    );
    await this.audit.append(manager, {
      instituteId,
      actorUserId,
      action: 'enrolment.created',
      entityType: 'enrolment',
      entityId: enrolment.id,
      after: { cohortId, userId, status: 'enrolled', organization },
    });
    return enrolment;
  }

  async listLearnerCohorts(userId: string): Promise<LearnerCohortRow[]> {
    const rows: {
      enrolment_id: string;
      cohort_id: string;
      institute_id: string;
      institute_slug: string;
      institute_name: string;
      title: string;
      time_zone: string;
      schedule: StoredSchedule;
      course_version_id: string;
    }[] = await this.dataSource.query(
      `SELECT e.id AS enrolment_id, c.id AS cohort_id, c.institute_id, i.slug AS institute_slug, i.name AS institute_name,
              c.title, c.time_zone, c.schedule, c.course_version_id
       FROM enrolments e JOIN cohorts c ON c.id = e.cohort_id AND c.institute_id = e.institute_id
       JOIN institutes i ON i.id = c.institute_id
       WHERE e.user_id = $1 AND e.status = 'enrolled'
       ORDER BY c.start_date DESC, c.title`,
      [userId],
    );
    return rows.map((row) => ({
      enrolmentId: row.enrolment_id,
      cohortId: row.cohort_id,
      instituteId: row.institute_id,
      instituteSlug: row.institute_slug,
      instituteName: row.institute_name,
      title: row.title,
      timeZone: row.time_zone,
      schedule: row.schedule,
      courseVersionId: row.course_version_id,
    }));
  }

  async listProgress(instituteId: string, enrolmentIds: string[]): Promise<ModuleProgressEntity[]> {
    if (enrolmentIds.length === 0) return [];
    return this.dataSource
      .getRepository(ModuleProgressEntity)
      .createQueryBuilder('p')
      .where('p.institute_id = :instituteId AND p.enrolment_id IN (:...enrolmentIds)', { instituteId, enrolmentIds })
      .getMany();
  }

  /** First opening only: reopening a module later keeps the first date. */
  async recordModuleOpened(instituteId: string, enrolmentId: string, moduleKey: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO module_progress (enrolment_id, module_key, institute_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [enrolmentId, moduleKey, instituteId],
    );
  }

  /** Completion is kept once recorded: marking done again changes nothing. */
  async recordModuleCompleted(
    instituteId: string,
    enrolmentId: string,
    moduleKey: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO module_progress (enrolment_id, module_key, institute_id, completed_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (enrolment_id, module_key) DO UPDATE SET completed_at = COALESCE(module_progress.completed_at, now())`,
      [enrolmentId, moduleKey, instituteId],
    );
  }

  /** The same for a person known by cohort and user, as graders know them; nothing when not enrolled. */
  async recordModuleCompletedFor(
    manager: EntityManager,
    instituteId: string,
    cohortId: string,
    userId: string,
    moduleKey: string,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO module_progress (enrolment_id, module_key, institute_id, completed_at)
       SELECT e.id, $4, e.institute_id, now() FROM enrolments e
       WHERE e.institute_id = $1 AND e.cohort_id = $2 AND e.user_id = $3 AND e.status = 'enrolled'
       ON CONFLICT (enrolment_id, module_key) DO UPDATE SET completed_at = COALESCE(module_progress.completed_at, now())`,
      [instituteId, cohortId, userId, moduleKey],
    );
  }

  async roster(instituteId: string, cohortId: string): Promise<RosterRow[]> {
    const rows: {
      user_id: string;
      full_name: string;
      email: string;
      organization: string | null;
      enrolled_at: Date;
      completed: string[];
      opened: string[];
    }[] = await this.dataSource.query(
      `SELECT u.id AS user_id, u.full_name, u.email, e.organization, e.enrolled_at,
                COALESCE(array_agg(p.module_key) FILTER (WHERE p.completed_at IS NOT NULL), '{}') AS completed,
                COALESCE(array_agg(p.module_key) FILTER (WHERE p.module_key IS NOT NULL), '{}') AS opened
         FROM enrolments e JOIN users u ON u.id = e.user_id
         LEFT JOIN module_progress p ON p.enrolment_id = e.id AND p.institute_id = e.institute_id
         WHERE e.institute_id = $1 AND e.cohort_id = $2 AND e.status = 'enrolled'
         GROUP BY u.id, u.full_name, u.email, e.organization, e.enrolled_at
         ORDER BY u.full_name`,
      [instituteId, cohortId],
    );
    return rows.map((row) => ({
      userId: row.user_id,
      fullName: row.full_name,
      email: row.email,
      organization: row.organization,
      enrolledAt: row.enrolled_at,
      completedModules: row.completed,
      openedModules: row.opened,
    }));
  }

  async listCohorts(instituteId: string) {
    const rows: {
      id: string;
      title: string;
      start_date: string;
      time_zone: string;
      capacity: number;
      enrolled: number;
      course_title: string;
    }[] = await this.dataSource.query(
      `SELECT c.id, c.title, c.start_date::text AS start_date, c.time_zone, c.capacity, v.title AS course_title,
                (SELECT count(*)::int FROM enrolments e WHERE e.cohort_id = c.id AND e.institute_id = c.institute_id AND e.status = 'enrolled') AS enrolled
         FROM cohorts c JOIN course_versions v ON v.id = c.course_version_id
         WHERE c.institute_id = $1 ORDER BY c.start_date DESC, c.title`,
      [instituteId],
    );
    return rows.map((row) => ({
      id: row.id,
      title: row.title,
      startDate: row.start_date,
      timeZone: row.time_zone,
      capacity: row.capacity,
      enrolled: row.enrolled,
      courseTitle: row.course_title,
    }));
  }

  /** Every enrolment of the cohort, withdrawn ones included: the history of who was in it. */
  async listEnrolmentHistory(instituteId: string, cohortId: string) {
    const rows: {
      id: string;
      user_id: string;
      full_name: string;
      email: string;
      status: 'enrolled' | 'withdrawn';
      organization: string | null;
      enrolled_at: Date;
      withdrawn_at: Date | null;
    }[] = await this.dataSource.query(
      `SELECT e.id, e.user_id, u.full_name, u.email, e.status, e.organization, e.enrolled_at, e.withdrawn_at
         FROM enrolments e JOIN users u ON u.id = e.user_id
         WHERE e.institute_id = $1 AND e.cohort_id = $2
         ORDER BY u.full_name, e.enrolled_at`,
      [instituteId, cohortId],
    );
    return rows.map((row) => ({
      id: row.id,
      userId: row.user_id,
      fullName: row.full_name,
      email: row.email,
      status: row.status,
      organization: row.organization,
      enrolledAt: row.enrolled_at,
      withdrawnAt: row.withdrawn_at,
    }));
  }

  /** E-mail → organization of the person's active enrolment in the cohort, for those of `emails` enrolled. */
  async activeOrganizations(
    instituteId: string,
    cohortId: string,
    emails: string[],
  ): Promise<Map<string, string | null>> {
    if (emails.length === 0) return new Map();
    const rows: { email: string; organization: string | null }[] = await this.dataSource.query(
      `SELECT u.email, e.organization FROM enrolments e JOIN users u ON u.id = e.user_id
         WHERE e.institute_id = $1 AND e.cohort_id = $2 AND e.status = 'enrolled' AND u.email = ANY($3::text[])`,
      [instituteId, cohortId, emails],
    );
    return new Map(rows.map((row) => [row.email, row.organization]));
  }

  /** Withdrawal keeps the row (and its progress); re-enrolling later starts a new enrolment. */
  async withdraw(
    manager: EntityManager,
    instituteId: string,
    cohortId: string,
    enrolmentId: string,
    actorUserId: string | null,
  ): Promise<boolean> {
    const enrolment = await manager.findOne(EnrolmentEntity, {
      where: { instituteId, cohortId, id: enrolmentId, status: 'enrolled' },
    });
    if (!enrolment) return false;
    await manager.update(
      EnrolmentEntity,
      { id: enrolment.id, instituteId },
      { status: 'withdrawn', withdrawnAt: new Date() },
    );
    await this.audit.append(manager, {
      instituteId,
      actorUserId,
      action: 'enrolment.withdrawn',
      entityType: 'enrolment',
      entityId: enrolment.id,
      before: { status: 'enrolled', organization: enrolment.organization },
      after: { status: 'withdrawn', organization: enrolment.organization },
    });
    return true;
  }

  async addCohortTrainer(
    manager: EntityManager,
    instituteId: string,
    cohortId: string,
    userId: string,
    actorUserId: string | null,
  ) {
    const exists = await manager.exists(CohortTrainerEntity, { where: { instituteId, cohortId, userId } });
    if (exists) return;
    await manager.insert(CohortTrainerEntity, { instituteId, cohortId, userId });
    await this.audit.append(manager, {
      instituteId,
      actorUserId,
      action: 'cohort.trainer-added',
      entityType: 'cohort',
      entityId: cohortId,
      after: { trainerUserId: userId },
    });
  }

  async listCohortTrainers(instituteId: string, cohortId: string) {
    const rows: { full_name: string; email: string }[] = await this.dataSource.query(
      `SELECT u.full_name, u.email FROM cohort_trainers t JOIN users u ON u.id = t.user_id
       WHERE t.institute_id = $1 AND t.cohort_id = $2 ORDER BY u.full_name`,
      [instituteId, cohortId],
    );
    return rows.map((row) => ({ fullName: row.full_name, email: row.email }));
  }

  /** Changes the schedule or settings of a cohort, with the before and after in the audit log. */
  async updateCohort(
    manager: EntityManager,
    instituteId: string,
    cohortId: string,
    changes: Partial<Pick<CohortEntity, 'schedule' | 'title' | 'capacity'>>,
    actorUserId: string | null,
  ): Promise<void> {
    const before = await manager.findOne(CohortEntity, {
      where: { instituteId, id: cohortId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!before) return;
    await manager.update(CohortEntity, { instituteId, id: cohortId }, changes);
    const pick = (cohort: Partial<CohortEntity>) =>
      Object.fromEntries(Object.keys(changes).map((key) => [key, cohort[key as keyof CohortEntity]]));
    await this.audit.append(manager, {
      instituteId,
      actorUserId,
      action: changes.schedule ? 'cohort.schedule-changed' : 'cohort.settings-changed',
      entityType: 'cohort',
      entityId: cohortId,
      before: pick(before),
      after: pick(changes),
    });
  }

  countActiveEnrolments(manager: EntityManager, instituteId: string, cohortId: string): Promise<number> {
    return manager.count(EnrolmentEntity, { where: { instituteId, cohortId, status: 'enrolled' } });
  }

  /** Every module record of one person's active enrolments, in one query (their own data, across institutes). */
  async listProgressOfLearner(userId: string): Promise<ModuleProgressEntity[]> {
    return this.dataSource
      .getRepository(ModuleProgressEntity)
      .createQueryBuilder('p')
      .innerJoin(EnrolmentEntity, 'e', 'e.id = p.enrolment_id AND e.institute_id = p.institute_id')
      .where(`e.user_id = :userId AND e.status = 'enrolled'`, { userId })
      .getMany();
  }

  findModuleProgress(
    instituteId: string,
    enrolmentId: string,
    moduleKey: string,
  ): Promise<ModuleProgressEntity | null> {
    return this.dataSource
      .getRepository(ModuleProgressEntity)
      .findOne({ where: { instituteId, enrolmentId, moduleKey } });
  }
}

interface CohortForPersonRow {
  id: string;
  institute_id: string;
  course_version_id: string;
  course_copy_id: string | null;
  title: string;
  start_date: string;
  time_zone: string;
  capacity: number;
  enrolment_opens_at: Date;
  enrolment_closes_at: Date;
  schedule: StoredSchedule;
  created_at: Date;
  enrolment_id: string | null;
  enrolled_at: Date | null;
  withdrawn_at: Date | null;
  is_trainer: boolean;
}
