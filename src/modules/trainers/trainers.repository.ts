import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { TrackDefinition } from '../content/domain/parse-track.js';
import type { TrainerEvent, TrainerStage } from './domain/stages.js';

type Runner = EntityManager | DataSource;

export interface InstituteRow {
  id: string;
  slug: string;
  name: string;
  country: string;
  isHub: boolean;
}

export interface TransitionRow {
  id: string;
  fromStage: TrainerStage | null;
  toStage: TrainerStage;
  event: TrainerEvent;
  actorName: string | null;
  cohortTitle: string | null;
  note: string | null;
  at: Date;
}

export interface PathSummary {
  userId: string;
  instituteSlug: string;
  fullName: string;
  email: string;
  courseId: string;
  courseTitle: string;
  stage: TrainerStage;
  since: Date;
  validUntil: string | null;
}

export interface TeachBackRow {
  id: string;
  attempt: number;
  delivery: 'link' | 'file' | 'live';
  recordingUrl: string | null;
  fileKey: string | null;
  fileName: string | null;
  deliveredOn: string | null;
  notes: string;
  submittedAt: Date;
  score: {
    scorerName: string;
    levels: Record<string, string>;
    feedback: string;
    percent: number;
    passed: boolean;
    scoredAt: Date;
  } | null;
}

export interface CalibrationAttemptRow {
  id: string;
  /** reference id → criterion id → level id, as the trainee graded. */
  grades: Record<string, Record<string, string>>;
  agreed: number;
  total: number;
  passed: boolean;
  submittedAt: Date;
}

export interface SignOffRow {
  cohortId: string;
  cohortTitle: string;
  masterName: string;
  note: string;
  signedAt: Date;
}

export interface CertificationRow {
  id: string;
  instituteId: string;
  userId: string;
  courseId: string;
  kind: 'certification' | 'recertification' | 'master-appointment';
  certifiedBy: string | null;
  certifiedAt: Date;
  validUntil: string;
}

export interface TrackVersion {
  versionId: string;
  courseId: string;
  title: string;
  track: TrackDefinition;
}

export interface CohortOption {
  id: string;
  title: string;
  instituteSlug: string;
  startDate: string;
}

/** One participant of a cohort a trainer led, with what the report needs. */
export interface CascadeOutcomeRow {
  trainerId: string;
  cohortId: string;
  userId: string;
  completed: boolean;
  capstonePercent: number | null;
  passed: boolean;
}

export interface LineageRow {
  trainerId: string;
  trainerName: string;
  instituteSlug: string;
  country: string;
  certifiedBy: string | null;
  depth: number;
}

export interface CascadeCohortRow {
  cohortId: string;
  title: string;
  trainerId: string;
  instituteSlug: string;
  country: string;
  participants: number;
}

const PERSON_LOCK = 'SELECT pg_advisory_xact_lock(hashtext($1))';

/**
 * The trainer path's storage. Every table here is append-only (the database refuses UPDATE and DELETE): a
 * person's stage is their latest transition, a teach-back's result its one score row, a grant its latest
 * certification. Tenancy: rows carry the person's institute; the service resolves which institute a viewer may see.
 */
@Injectable()
export class TrainersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Serializes the events of one (person, course): two masters cannot certify the same trainee twice at once. */
  async lockPath(manager: EntityManager, userId: string, courseId: string): Promise<void> {
    await manager.query(PERSON_LOCK, [`trainer-path:${userId}:${courseId}`]);
  }

  async findInstitute(slug: string): Promise<InstituteRow | null> {
    const [row] = await this.dataSource.query<InstituteRow[]>(
      `SELECT id, slug, name, country, is_hub AS "isHub" FROM institutes WHERE slug = $1`,
      [slug],
    );
    return row ?? null;
  }

  async findInstituteById(id: string): Promise<InstituteRow | null> {
    const [row] = await this.dataSource.query<InstituteRow[]>(
      `SELECT id, slug, name, country, is_hub AS "isHub" FROM institutes WHERE id = $1`,
      [id],
    );
    return row ?? null;
  }

  /** A member (any role, not revoked) of the institute; null for anyone else. */
  async findMember(
    instituteId: string,
    userId: string,
  ): Promise<{ userId: string; fullName: string; email: string } | null> {
    const [row] = await this.dataSource.query<{ userId: string; fullName: string; email: string }[]>(
      `SELECT u.id AS "userId", u.full_name AS "fullName", u.email FROM users u
       WHERE u.id = $2 AND EXISTS (SELECT 1 FROM memberships m WHERE m.institute_id = $1 AND m.user_id = u.id
                                   AND m.revoked_at IS NULL)`,
      [instituteId, userId],
    );
    return row ?? null;
  }

  async findCourse(courseId: string): Promise<{ id: string; title: string; kind: string } | null> {
    const [row] = await this.dataSource.query<{ id: string; title: string; kind: string }[]>(
      `SELECT c.id, c.kind, (SELECT v.title FROM course_versions v WHERE v.course_id = c.id ORDER BY v.number DESC LIMIT 1) AS title
       FROM courses c WHERE c.id = $1`,
      [courseId],
    );
    return row ?? null;
  }

  /** Courses (not tracks) with their latest title: what a person can be nominated for. */
  async listCourses(): Promise<{ id: string; title: string }[]> {
    return this.dataSource.query(
      `SELECT c.id, (SELECT v.title FROM course_versions v WHERE v.course_id = c.id ORDER BY v.number DESC LIMIT 1) AS title
       FROM courses c WHERE c.kind = 'course' ORDER BY 2`,
    );
  }

  /** The newest version of the trainer-of-trainers track, with its teach-back checklist and calibration references. */
  async latestTrack(): Promise<TrackVersion | null> {
    const [row] = await this.dataSource.query<
      { versionId: string; courseId: string; title: string; track: TrackDefinition }[]
    >(
      `SELECT v.id AS "versionId", v.course_id AS "courseId", v.title, v.track
       FROM course_versions v JOIN courses c ON c.id = v.course_id
       WHERE c.kind = 'track' AND v.track IS NOT NULL ORDER BY v.imported_at DESC, v.number DESC LIMIT 1`,
    );
    return row ?? null;
  }

  /** The capstone rubric of the newest version of a course. */
  async courseRubric(courseId: string): Promise<{
    criteria: {
      id: string;
      title: string;
      weight: number;
      levels: { id: string; label: string; points: number; descriptor: string }[];
    }[];
  } | null> {
    const [row] = await this.dataSource.query<{ rubric: never }[]>(
      `SELECT v.capstone -> 'rubric' AS rubric FROM course_versions v WHERE v.course_id = $1 AND v.capstone IS NOT NULL
       ORDER BY v.number DESC LIMIT 1`,
      [courseId],
    );
    return row?.rubric ?? null;
  }

  async currentStage(
    userId: string,
    courseId: string,
    runner: Runner = this.dataSource,
  ): Promise<{ stage: TrainerStage; instituteId: string; at: Date } | null> {
    const [row] = await runner.query<{ stage: TrainerStage; instituteId: string; at: Date }[]>(
      `SELECT to_stage AS stage, institute_id AS "instituteId", at FROM trainer_stage_transitions
       WHERE user_id = $1 AND course_id = $2 ORDER BY id DESC LIMIT 1`,
      [userId, courseId],
    );
    return row ?? null;
  }

  async appendTransition(
    manager: EntityManager,
    row: {
      instituteId: string;
      userId: string;
      courseId: string;
      from: TrainerStage | null;
      to: TrainerStage;
      event: TrainerEvent;
      actorUserId: string | null;
      cohortId?: string | null;
      note?: string | null;
    },
  ): Promise<string> {
    const [inserted] = await manager.query<{ id: string }[]>(
      `INSERT INTO trainer_stage_transitions
         (institute_id, user_id, course_id, from_stage, to_stage, event, actor_user_id, cohort_id, note)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [
        row.instituteId,
        row.userId,
        row.courseId,
        row.from,
        row.to,
        row.event,
        row.actorUserId,
        row.cohortId ?? null,
        row.note ?? null,
      ],
    );
    return inserted.id;
  }

  async history(userId: string, courseId: string): Promise<TransitionRow[]> {
    return this.dataSource.query(
      `SELECT t.id, t.from_stage AS "fromStage", t.to_stage AS "toStage", t.event, a.full_name AS "actorName",
              c.title AS "cohortTitle", t.note, t.at
       FROM trainer_stage_transitions t LEFT JOIN users a ON a.id = t.actor_user_id
       LEFT JOIN cohorts c ON c.id = t.cohort_id
       WHERE t.user_id = $1 AND t.course_id = $2 ORDER BY t.id`,
      [userId, courseId],
    );
  }

  /** Everyone on the path whose path belongs to one of the institutes (null: every institute), latest stage each. */
  async listPaths(instituteIds: string[] | null): Promise<PathSummary[]> {
    return this.dataSource.query(
      `SELECT p.user_id AS "userId", u.full_name AS "fullName", u.email, p.course_id AS "courseId",
              (SELECT v.title FROM course_versions v WHERE v.course_id = p.course_id ORDER BY v.number DESC LIMIT 1) AS "courseTitle",
              p.to_stage AS stage, p.at AS since, (SELECT slug FROM institutes WHERE id = p.institute_id) AS "instituteSlug",
              (SELECT to_char(tc.valid_until, 'YYYY-MM-DD') FROM trainer_certifications tc
               WHERE tc.user_id = p.user_id AND tc.course_id = p.course_id ORDER BY tc.certified_at DESC LIMIT 1) AS "validUntil"
       FROM (SELECT DISTINCT ON (user_id, course_id) * FROM trainer_stage_transitions
             WHERE ($1::uuid[] IS NULL OR institute_id = ANY($1)) ORDER BY user_id, course_id, id DESC) p
       JOIN users u ON u.id = p.user_id ORDER BY u.full_name, p.course_id`,
      [instituteIds],
    );
  }

  /** Members of an institute who hold a valid certificate of some course and are not on the path for it yet. */
  async listNominationCandidates(
    instituteId: string,
  ): Promise<{ userId: string; fullName: string; courseId: string; courseTitle: string }[]> {
    return this.dataSource.query(
      `SELECT DISTINCT u.id AS "userId", u.full_name AS "fullName", v.course_id AS "courseId", v2.title AS "courseTitle"
       FROM certificates c JOIN users u ON u.id = c.user_id
       JOIN course_versions v ON v.id = c.course_version_id
       JOIN LATERAL (SELECT title FROM course_versions x WHERE x.course_id = v.course_id ORDER BY number DESC LIMIT 1) v2 ON true
       WHERE c.institute_id = $1 AND c.kind = 'course'
         AND NOT EXISTS (SELECT 1 FROM certificate_revocations r WHERE r.certificate_id = c.id)
         AND NOT EXISTS (SELECT 1 FROM trainer_stage_transitions t WHERE t.user_id = u.id AND t.course_id = v.course_id)
         AND EXISTS (SELECT 1 FROM memberships m WHERE m.institute_id = $1 AND m.user_id = u.id AND m.revoked_at IS NULL)
       ORDER BY 2, 4`,
      [instituteId],
    );
  }

  /** Cohorts of the track the person is enrolled in (any institute). */
  async trackEnrolments(userId: string): Promise<{ cohortId: string; instituteId: string; title: string }[]> {
    return this.dataSource.query(
      `SELECT co.id AS "cohortId", co.institute_id AS "instituteId", co.title
       FROM enrolments e JOIN cohorts co ON co.id = e.cohort_id
       JOIN course_versions v ON v.id = co.course_version_id JOIN courses c ON c.id = v.course_id
       WHERE e.user_id = $1 AND e.status = 'enrolled' AND c.kind = 'track' ORDER BY e.enrolled_at`,
      [userId],
    );
  }

  /** Cohorts of a course (any institute) led or co-run by a master trainer of that course: where to co-facilitate. */
  async cohortsWithMaster(courseId: string, cohortId?: string): Promise<CohortOption[]> {
    return this.dataSource.query(
      `SELECT co.id, co.title, i.slug AS "instituteSlug", to_char(co.start_date, 'YYYY-MM-DD') AS "startDate"
       FROM cohorts co JOIN institutes i ON i.id = co.institute_id
       JOIN course_versions v ON v.id = co.course_version_id
       WHERE v.course_id = $1 AND ($2::uuid IS NULL OR co.id = $2)
         AND EXISTS (
           SELECT 1 FROM cohort_trainers ct
           WHERE ct.cohort_id = co.id
             AND (SELECT t.to_stage FROM trainer_stage_transitions t WHERE t.user_id = ct.user_id AND t.course_id = $1
                  ORDER BY t.id DESC LIMIT 1) = 'master')
       ORDER BY co.start_date DESC, co.title`,
      [courseId, cohortId ?? null],
    );
  }

  /** The cohort a co-facilitator was assigned to (their latest assignment transition). */
  async coFacilitationCohort(userId: string, courseId: string): Promise<{ id: string; title: string } | null> {
    const [row] = await this.dataSource.query<{ id: string; title: string }[]>(
      `SELECT c.id, c.title FROM trainer_stage_transitions t JOIN cohorts c ON c.id = t.cohort_id
       WHERE t.user_id = $1 AND t.course_id = $2 AND t.event = 'assign-co-facilitation' ORDER BY t.id DESC LIMIT 1`,
      [userId, courseId],
    );
    return row ?? null;
  }

  /** Records a person on a cohort's trainers with a role; an existing row (same cohort and person) is kept. */
  async addCohortTrainer(
    manager: EntityManager,
    cohortId: string,
    userId: string,
    role: 'lead' | 'co-facilitator' | 'master',
  ): Promise<void> {
    await manager.query(
      `INSERT INTO cohort_trainers (cohort_id, user_id, institute_id, role)
       SELECT id, $2, institute_id, $3 FROM cohorts WHERE id = $1 ON CONFLICT (cohort_id, user_id) DO NOTHING`,
      [cohortId, userId, role],
    );
  }

  /** Gives the person the institute's trainer role when they do not hold it; true when a row was added. */
  async grantTrainerMembership(manager: EntityManager, instituteId: string, userId: string): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `INSERT INTO memberships (institute_id, user_id, role)
       SELECT $1, $2, 'trainer' WHERE NOT EXISTS (
         SELECT 1 FROM memberships WHERE institute_id = $1 AND user_id = $2 AND role = 'trainer' AND revoked_at IS NULL)
       RETURNING id`,
      [instituteId, userId],
    );
    return rows.length > 0;
  }

  async isHubMember(userId: string): Promise<boolean> {
    const [row] = await this.dataSource.query<{ member: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM memberships m JOIN institutes i ON i.id = m.institute_id
                      WHERE m.user_id = $1 AND i.is_hub AND m.revoked_at IS NULL) AS member`,
      [userId],
    );
    return row?.member ?? false;
  }

  async insertTeachBack(
    manager: EntityManager,
    row: {
      instituteId: string;
      userId: string;
      courseId: string;
      trackVersionId: string;
      delivery: 'link' | 'file' | 'live';
      recordingUrl: string | null;
      fileKey: string | null;
      fileName: string | null;
      deliveredOn: string | null;
      notes: string;
    },
  ): Promise<{ id: string; attempt: number }> {
    const [inserted] = await manager.query<{ id: string; attempt: number }[]>(
      `INSERT INTO trainer_teach_backs (institute_id, user_id, course_id, track_version_id, attempt, delivery,
                                        recording_url, file_key, file_name, delivered_on, notes)
       SELECT $1, $2, $3, $4, COALESCE(MAX(attempt), 0) + 1, $5, $6, $7, $8, $9, $10
       FROM trainer_teach_backs WHERE user_id = $2 AND course_id = $3
       RETURNING id, attempt`,
      [
        row.instituteId,
        row.userId,
        row.courseId,
        row.trackVersionId,
        row.delivery,
        row.recordingUrl,
        row.fileKey,
        row.fileName,
        row.deliveredOn,
        row.notes,
      ],
    );
    return inserted;
  }

  async listTeachBacks(userId: string, courseId: string): Promise<TeachBackRow[]> {
    const rows = await this.dataSource.query<
      (Omit<TeachBackRow, 'score'> & {
        scorerName: string | null;
        levels: Record<string, string> | null;
        feedback: string | null;
        percent: string | null;
        passed: boolean | null;
        scoredAt: Date | null;
      })[]
    >(
      `SELECT t.id, t.attempt, t.delivery, t.recording_url AS "recordingUrl", t.file_key AS "fileKey",
              t.file_name AS "fileName", to_char(t.delivered_on, 'YYYY-MM-DD') AS "deliveredOn", t.notes,
              t.submitted_at AS "submittedAt", u.full_name AS "scorerName", s.levels, s.feedback, s.percent, s.passed,
              s.scored_at AS "scoredAt"
       FROM trainer_teach_backs t LEFT JOIN trainer_teach_back_scores s ON s.teach_back_id = t.id
       LEFT JOIN users u ON u.id = s.scorer_user_id
       WHERE t.user_id = $1 AND t.course_id = $2 ORDER BY t.attempt DESC`,
      [userId, courseId],
    );
    return rows.map(({ scorerName, levels, feedback, percent, passed, scoredAt, ...rest }) => ({
      ...rest,
      score:
        scoredAt === null
          ? null
          : {
              scorerName: scorerName ?? '',
              levels: levels ?? {},
              feedback: feedback ?? '',
              percent: Number(percent),
              passed: passed === true,
              scoredAt,
            },
    }));
  }

  async findTeachBack(
    teachBackId: string,
  ): Promise<{ id: string; userId: string; courseId: string; instituteId: string; scored: boolean } | null> {
    const [row] = await this.dataSource.query<
      { id: string; userId: string; courseId: string; instituteId: string; scored: boolean }[]
    >(
      `SELECT t.id, t.user_id AS "userId", t.course_id AS "courseId", t.institute_id AS "instituteId",
              EXISTS (SELECT 1 FROM trainer_teach_back_scores s WHERE s.teach_back_id = t.id) AS scored
       FROM trainer_teach_backs t WHERE t.id = $1`,
      [teachBackId],
    );
    return row ?? null;
  }

  async insertTeachBackScore(
    manager: EntityManager,
    row: {
      teachBackId: string;
      instituteId: string;
      scorerUserId: string;
      levels: Record<string, string>;
      feedback: string;
      percent: number;
      passed: boolean;
    },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO trainer_teach_back_scores (teach_back_id, institute_id, scorer_user_id, levels, feedback, percent, passed)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        row.teachBackId,
        row.instituteId,
        row.scorerUserId,
        JSON.stringify(row.levels),
        row.feedback,
        row.percent,
        row.passed,
      ],
    );
  }

  async insertCalibrationAttempt(
    manager: EntityManager,
    row: {
      instituteId: string;
      userId: string;
      courseId: string;
      trackVersionId: string;
      grades: Record<string, Record<string, string>>;
      agreed: number;
      total: number;
      passed: boolean;
    },
  ): Promise<string> {
    const [inserted] = await manager.query<{ id: string }[]>(
      `INSERT INTO trainer_calibration_attempts (institute_id, user_id, course_id, track_version_id, grades, agreed, total, passed)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [
        row.instituteId,
        row.userId,
        row.courseId,
        row.trackVersionId,
        JSON.stringify(row.grades),
        row.agreed,
        row.total,
        row.passed,
      ],
    );
    return inserted.id;
  }

  async listCalibrationAttempts(userId: string, courseId: string): Promise<CalibrationAttemptRow[]> {
    return this.dataSource.query(
      `SELECT id, agreed, total, passed, grades, submitted_at AS "submittedAt" FROM trainer_calibration_attempts
       WHERE user_id = $1 AND course_id = $2 ORDER BY submitted_at DESC`,
      [userId, courseId],
    );
  }

  async insertSignOff(
    manager: EntityManager,
    row: {
      instituteId: string;
      userId: string;
      courseId: string;
      cohortId: string;
      masterUserId: string;
      note: string;
    },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO trainer_sign_offs (institute_id, user_id, course_id, cohort_id, master_user_id, note)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (user_id, course_id, cohort_id) DO NOTHING`,
      [row.instituteId, row.userId, row.courseId, row.cohortId, row.masterUserId, row.note],
    );
  }

  async listSignOffs(userId: string, courseId: string): Promise<(SignOffRow & { masterUserId: string })[]> {
    return this.dataSource.query(
      `SELECT s.cohort_id AS "cohortId", c.title AS "cohortTitle", u.full_name AS "masterName",
              s.master_user_id AS "masterUserId", s.note, s.signed_at AS "signedAt"
       FROM trainer_sign_offs s JOIN cohorts c ON c.id = s.cohort_id JOIN users u ON u.id = s.master_user_id
       WHERE s.user_id = $1 AND s.course_id = $2 ORDER BY s.signed_at DESC`,
      [userId, courseId],
    );
  }

  async insertCertification(
    manager: EntityManager,
    row: {
      instituteId: string;
      userId: string;
      courseId: string;
      kind: CertificationRow['kind'];
      certifiedBy: string | null;
      validUntil: string;
    },
  ): Promise<CertificationRow> {
    const [inserted] = await manager.query<CertificationRow[]>(
      `INSERT INTO trainer_certifications (institute_id, user_id, course_id, kind, certified_by, valid_until)
       VALUES ($1, $2, $3, $4, $5, $6)
       RETURNING ${CERTIFICATION_COLUMNS}`,
      [row.instituteId, row.userId, row.courseId, row.kind, row.certifiedBy, row.validUntil],
    );
    return inserted;
  }

  async latestCertification(
    userId: string,
    courseId: string,
    runner: Runner = this.dataSource,
  ): Promise<CertificationRow | null> {
    const [row] = await runner.query<CertificationRow[]>(
      `SELECT ${CERTIFICATION_COLUMNS} FROM trainer_certifications
       WHERE user_id = $1 AND course_id = $2 ORDER BY certified_at DESC LIMIT 1`,
      [userId, courseId],
    );
    return row ?? null;
  }

  async findCertification(
    certificationId: string,
  ): Promise<
    (CertificationRow & { email: string; fullName: string; preferredLanguage: string; courseTitle: string }) | null
  > {
    const [row] = await this.dataSource.query<
      (CertificationRow & { email: string; fullName: string; preferredLanguage: string; courseTitle: string })[]
    >(
      `SELECT tc.*, u.email, u.full_name AS "fullName", u.preferred_language AS "preferredLanguage",
              (SELECT v.title FROM course_versions v WHERE v.course_id = tc."courseId" ORDER BY v.number DESC LIMIT 1) AS "courseTitle"
       FROM (SELECT ${CERTIFICATION_COLUMNS} FROM trainer_certifications WHERE id = $1) tc JOIN users u ON u.id = tc."userId"`,
      [certificationId],
    );
    return row ?? null;
  }

  /**
   * The lineage of one course, in one recursive query: appointed masters (no certifier) are depth 0, everyone
   * certified by a person of depth d is d + 1 (their first certification names their certifier).
   */
  async lineage(courseId: string): Promise<LineageRow[]> {
    return this.dataSource.query(
      `WITH RECURSIVE firsts AS (
         SELECT DISTINCT ON (user_id) user_id, certified_by, institute_id
         FROM trainer_certifications WHERE course_id = $1 ORDER BY user_id, certified_at
       ), lineage AS (
         SELECT f.user_id, f.certified_by, f.institute_id, 0 AS depth, ARRAY[f.user_id] AS path
         FROM firsts f WHERE f.certified_by IS NULL OR f.certified_by NOT IN (SELECT user_id FROM firsts)
         UNION ALL
         SELECT f.user_id, f.certified_by, f.institute_id, l.depth + 1, l.path || f.user_id
         FROM firsts f JOIN lineage l ON f.certified_by = l.user_id
         WHERE NOT f.user_id = ANY(l.path)
       )
       SELECT DISTINCT ON (l.user_id) l.user_id AS "trainerId", u.full_name AS "trainerName", i.slug AS "instituteSlug",
              i.country, l.certified_by AS "certifiedBy", l.depth
       FROM lineage l JOIN users u ON u.id = l.user_id JOIN institutes i ON i.id = l.institute_id
       ORDER BY l.user_id, l.depth`,
      [courseId],
    );
  }

  /**
   * The lineage extended to cohorts and participants, in one recursive query: trainers (as in `lineage`) → the
   * cohorts of the course they lead → the participants enrolled in them, with completion (every module of the
   * cohort's version completed), the latest released capstone percent and whether it reaches the pass percent.
   */
  async cascadeOutcomes(courseId: string): Promise<CascadeOutcomeRow[]> {
    const rows = await this.dataSource.query<
      {
        trainerId: string;
        cohortId: string;
        userId: string;
        completed: boolean;
        percent: string | null;
        passed: boolean;
      }[]
    >(
      `WITH RECURSIVE firsts AS (
         SELECT DISTINCT ON (user_id) user_id, certified_by FROM trainer_certifications
         WHERE course_id = $1 ORDER BY user_id, certified_at
       ), lineage AS (
         SELECT f.user_id, ARRAY[f.user_id] AS path FROM firsts f
         WHERE f.certified_by IS NULL OR f.certified_by NOT IN (SELECT user_id FROM firsts)
         UNION ALL
         SELECT f.user_id, l.path || f.user_id FROM firsts f JOIN lineage l ON f.certified_by = l.user_id
         WHERE NOT f.user_id = ANY(l.path)
       ), trained AS (
         SELECT DISTINCT ct.user_id AS trainer_id, co.id AS cohort_id, co.course_version_id,
                (v.capstone ->> 'passPercent')::numeric AS pass_percent
         FROM lineage l JOIN cohort_trainers ct ON ct.user_id = l.user_id AND ct.role IN ('lead', 'master')
         JOIN cohorts co ON co.id = ct.cohort_id JOIN course_versions v ON v.id = co.course_version_id
         WHERE v.course_id = $1
       )
       SELECT t.trainer_id AS "trainerId", t.cohort_id AS "cohortId", e.user_id AS "userId",
              (SELECT count(*) FROM course_modules m WHERE m.course_version_id = t.course_version_id) =
              (SELECT count(*) FROM module_progress p WHERE p.enrolment_id = e.id AND p.completed_at IS NOT NULL
                 AND p.module_key IN (SELECT m.module_key FROM course_modules m WHERE m.course_version_id = t.course_version_id))
                AS completed,
              g.percent,
              COALESCE(g.percent >= t.pass_percent, false) AS passed
       FROM trained t JOIN enrolments e ON e.cohort_id = t.cohort_id AND e.status = 'enrolled'
       LEFT JOIN LATERAL (
         SELECT gr.percent FROM capstone_grades gr JOIN capstone_submissions s ON s.id = gr.submission_id
         WHERE gr.cohort_id = t.cohort_id AND gr.user_id = e.user_id AND gr.released_at IS NOT NULL
         ORDER BY s.version DESC LIMIT 1) g ON true
       WHERE NOT EXISTS (SELECT 1 FROM cohort_trainers x WHERE x.cohort_id = t.cohort_id AND x.user_id = e.user_id)
       ORDER BY 1, 2, 3`,
      [courseId],
    );
    return rows.map((row) => ({
      trainerId: row.trainerId,
      cohortId: row.cohortId,
      userId: row.userId,
      completed: row.completed,
      capstonePercent: row.percent === null ? null : Number(row.percent),
      passed: row.passed,
    }));
  }

  /** The cohorts of a course led by trainers of its lineage, with their institute and participant count. */
  async cascadeCohorts(courseId: string): Promise<CascadeCohortRow[]> {
    return this.dataSource.query(
      `SELECT co.id AS "cohortId", co.title, ct.user_id AS "trainerId", i.slug AS "instituteSlug", i.country,
              (SELECT count(*)::int FROM enrolments e WHERE e.cohort_id = co.id AND e.status = 'enrolled'
                 AND NOT EXISTS (SELECT 1 FROM cohort_trainers x WHERE x.cohort_id = co.id AND x.user_id = e.user_id)) AS participants
       FROM cohorts co JOIN course_versions v ON v.id = co.course_version_id
       JOIN cohort_trainers ct ON ct.cohort_id = co.id AND ct.role IN ('lead', 'master')
       JOIN institutes i ON i.id = co.institute_id
       WHERE v.course_id = $1 AND ct.user_id IN (SELECT user_id FROM trainer_certifications WHERE course_id = $1)
       ORDER BY co.start_date, co.title`,
      [courseId],
    );
  }

  /** Courses that have a lineage (at least one certification). */
  async coursesWithLineage(): Promise<{ id: string; title: string }[]> {
    return this.dataSource.query(
      `SELECT c.id, (SELECT v.title FROM course_versions v WHERE v.course_id = c.id ORDER BY v.number DESC LIMIT 1) AS title
       FROM courses c WHERE EXISTS (SELECT 1 FROM trainer_certifications t WHERE t.course_id = c.id) ORDER BY 2`,
    );
  }
}

const CERTIFICATION_COLUMNS = `id, institute_id AS "instituteId", user_id AS "userId", course_id AS "courseId", kind, certified_by AS "certifiedBy", certified_at AS "certifiedAt", to_char(valid_until, 'YYYY-MM-DD') AS "validUntil"`;
