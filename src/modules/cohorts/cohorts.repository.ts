import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditRepository } from '../audit/audit.repository.js';
import { CohortFullError } from './cohorts.errors.js';
import { CohortTrainerEntity } from './entities/cohort-trainer.entity.js';
import { CohortEntity, type StoredSchedule } from './entities/cohort.entity.js';
import { EnrolmentEntity } from './entities/enrolment.entity.js';
import { ModuleProgressEntity } from './entities/module-progress.entity.js';

export interface NewCohort {
  courseVersionId: string;
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
        trainerIds,
      },
    });
    return created;
  }

  findCohort(instituteId: string, cohortId: string): Promise<CohortEntity | null> {
    return this.dataSource.getRepository(CohortEntity).findOne({ where: { instituteId, id: cohortId } });
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

  /** Enrols within capacity; the cohort row is locked so two last-place enrolments cannot both succeed. */
  async enrol(
    manager: EntityManager,
    instituteId: string,
    cohortId: string,
    userId: string,
    actorUserId: string | null,
  ) {
    const cohort = await manager.findOne(CohortEntity, {
      where: { instituteId, id: cohortId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!cohort) return null;
    const existing = await manager.findOne(EnrolmentEntity, {
      where: { instituteId, cohortId, userId, status: 'enrolled' },
    });
    if (existing) return existing;
    const taken = await manager.count(EnrolmentEntity, { where: { instituteId, cohortId, status: 'enrolled' } });
    if (taken >= cohort.capacity) throw new CohortFullError(cohort.capacity);
    const enrolment = await manager.save(
      manager.create(EnrolmentEntity, { instituteId, cohortId, userId, status: 'enrolled' }),
    );
    await this.audit.append(manager, {
      instituteId,
      actorUserId,
      action: 'enrolment.created',
      entityType: 'enrolment',
      entityId: enrolment.id,
      after: { cohortId, userId, status: 'enrolled' },
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
  async recordModuleCompleted(instituteId: string, enrolmentId: string, moduleKey: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO module_progress (enrolment_id, module_key, institute_id, completed_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (enrolment_id, module_key) DO UPDATE SET completed_at = COALESCE(module_progress.completed_at, now())`,
      [enrolmentId, moduleKey, instituteId],
    );
  }

  async roster(instituteId: string, cohortId: string): Promise<RosterRow[]> {
    const rows: {
      user_id: string;
      full_name: string;
      email: string;
      enrolled_at: Date;
      completed: string[];
      opened: string[];
    }[] = await this.dataSource.query(
      `SELECT u.id AS user_id, u.full_name, u.email, e.enrolled_at,
                COALESCE(array_agg(p.module_key) FILTER (WHERE p.completed_at IS NOT NULL), '{}') AS completed,
                COALESCE(array_agg(p.module_key) FILTER (WHERE p.module_key IS NOT NULL), '{}') AS opened
         FROM enrolments e JOIN users u ON u.id = e.user_id
         LEFT JOIN module_progress p ON p.enrolment_id = e.id AND p.institute_id = e.institute_id
         WHERE e.institute_id = $1 AND e.cohort_id = $2 AND e.status = 'enrolled'
         GROUP BY u.id, u.full_name, u.email, e.enrolled_at
         ORDER BY u.full_name`,
      [instituteId, cohortId],
    );
    return rows.map((row) => ({
      userId: row.user_id,
      fullName: row.full_name,
      email: row.email,
      enrolledAt: row.enrolled_at,
      completedModules: row.completed,
      openedModules: row.opened,
    }));
  }
}
