import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { StoredSchedule } from '../cohorts/entities/cohort.entity.js';
import type { NotificationKind } from './domain/notification-kinds.js';

export interface NewNotification {
  userId: string;
  instituteId: string;
  kind: NotificationKind;
  dedupeKey: string;
  payload: Record<string, unknown>;
}

export interface NotificationRow {
  id: string;
  userId: string;
  instituteId: string;
  kind: NotificationKind;
  payload: Record<string, unknown>;
  createdAt: Date;
  readAt: Date | null;
  emailedAt: Date | null;
}

/** A notification locked for its e-mail, with what the mail needs of its recipient. */
export interface DeliveryTarget extends NotificationRow {
  emailSkippedAt: Date | null;
  email: string;
  fullName: string;
  preferredLanguage: string;
  disabled: boolean;
  /** The recipient's setting for this kind: null when never set (on). */
  emailPreference: boolean | null;
}

export interface ScannedCohort {
  id: string;
  instituteId: string;
  instituteSlug: string;
  title: string;
  timeZone: string;
  courseVersionId: string;
  schedule: StoredSchedule;
}

interface RawNotification {
  id: string;
  user_id: string;
  institute_id: string;
  kind: NotificationKind;
  payload: Record<string, unknown>;
  created_at: Date;
  read_at: Date | null;
  emailed_at: Date | null;
}

const toRow = (row: RawNotification): NotificationRow => ({
  id: row.id,
  userId: row.user_id,
  instituteId: row.institute_id,
  kind: row.kind,
  payload: row.payload,
  createdAt: row.created_at,
  readAt: row.read_at,
  emailedAt: row.emailed_at,
});

/**
 * Notifications, preferences and the scan's progress; and the reads of other features' tables that the scan and the
 * event hooks need (who is enrolled, who has not submitted, what a trainer has to grade), in plain SQL.
 */
@Injectable()
export class NotificationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Inserts each notification once: a key already present adds nothing. Returns the ids of the new rows. */
  async insertOnce(rows: NewNotification[], manager: EntityManager = this.dataSource.manager): Promise<string[]> {
    if (rows.length === 0) return [];
    const inserted = await manager.query<{ id: string }[]>(
      `INSERT INTO notifications (user_id, institute_id, kind, dedupe_key, payload)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::jsonb[])
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING id`,
      [
        rows.map((row) => row.userId),
        rows.map((row) => row.instituteId),
        rows.map((row) => row.kind),
        rows.map((row) => row.dedupeKey),
        rows.map((row) => JSON.stringify(row.payload)),
      ],
    );
    return inserted.map((row) => row.id);
  }

  /** The instant a scan has covered so far, locked until the transaction ends (scans of one name run one at a time). */
  async lockScan(manager: EntityManager, name: string): Promise<Date | null> {
    await manager.query(
      `INSERT INTO notification_scans (name, scanned_through) VALUES ($1, '-infinity') ON CONFLICT (name) DO NOTHING`,
      [name],
    );
    const [row] = await manager.query<{ scanned_through: Date | string }[]>(
      `SELECT scanned_through FROM notification_scans WHERE name = $1 FOR UPDATE`,
      [name],
    );
    return row.scanned_through instanceof Date && Number.isFinite(row.scanned_through.getTime())
      ? row.scanned_through
      : null;
  }

  async setScannedThrough(manager: EntityManager, name: string, through: Date): Promise<void> {
    await manager.query(
      `UPDATE notification_scans SET scanned_through = GREATEST(scanned_through, $2) WHERE name = $1`,
      [name, through],
    );
  }

  /** Cohorts whose schedule may have something due around now (started, and ended at most a few days ago). */
  async listActiveCohorts(now: Date): Promise<ScannedCohort[]> {
    const rows = await this.dataSource.query<
      {
        id: string;
        institute_id: string;
        slug: string;
        title: string;
        time_zone: string;
        course_version_id: string;
        schedule: StoredSchedule;
      }[]
    >(
      `SELECT c.id, c.institute_id, i.slug, c.title, c.time_zone, c.course_version_id, c.schedule
         FROM cohorts c JOIN institutes i ON i.id = c.institute_id
        WHERE c.start_date <= ($1::timestamptz + interval '3 days')::date
          AND (c.schedule->>'endsAt')::timestamptz >= $1::timestamptz - interval '3 days'
        ORDER BY c.id`,
      [now],
    );
    return rows.map((row) => ({
      id: row.id,
      instituteId: row.institute_id,
      instituteSlug: row.slug,
      title: row.title,
      timeZone: row.time_zone,
      courseVersionId: row.course_version_id,
      schedule: row.schedule,
    }));
  }

  /** Module titles of a course version, by module id (key). */
  async moduleTitles(courseVersionId: string): Promise<Map<string, string>> {
    const rows = await this.dataSource.query<{ module_key: string; title: string }[]>(
      `SELECT module_key, title FROM course_modules WHERE course_version_id = $1`,
      [courseVersionId],
    );
    return new Map(rows.map((row) => [row.module_key, row.title]));
  }

  async listEnrolled(instituteId: string, cohortId: string): Promise<{ userId: string; fullName: string }[]> {
    const rows = await this.dataSource.query<{ user_id: string; full_name: string }[]>(
      `SELECT e.user_id, u.full_name FROM enrolments e JOIN users u ON u.id = e.user_id
        WHERE e.institute_id = $1 AND e.cohort_id = $2 AND e.status = 'enrolled' AND u.disabled_at IS NULL
        ORDER BY e.user_id`,
      [instituteId, cohortId],
    );
    return rows.map((row) => ({ userId: row.user_id, fullName: row.full_name }));
  }

  /** Enrolled participants with no capstone submission yet. */
  async listWithoutSubmission(instituteId: string, cohortId: string): Promise<string[]> {
    const rows = await this.dataSource.query<{ user_id: string }[]>(
      `SELECT e.user_id FROM enrolments e
        WHERE e.institute_id = $1 AND e.cohort_id = $2 AND e.status = 'enrolled'
          AND NOT EXISTS (SELECT 1 FROM capstone_submissions s WHERE s.cohort_id = e.cohort_id AND s.user_id = e.user_id)
        ORDER BY e.user_id`,
      [instituteId, cohortId],
    );
    return rows.map((row) => row.user_id);
  }

  /** Enrolled participants with at least one quiz of the course not yet submitted. */
  async listWithQuizLeft(instituteId: string, cohortId: string, courseVersionId: string): Promise<string[]> {
    const rows = await this.dataSource.query<{ user_id: string }[]>(
      `SELECT e.user_id FROM enrolments e
        WHERE e.institute_id = $1 AND e.cohort_id = $2 AND e.status = 'enrolled'
          AND EXISTS (
            SELECT 1 FROM course_modules m
             WHERE m.course_version_id = $3 AND m.quiz_settings IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM quiz_attempts a
                                WHERE a.cohort_id = e.cohort_id AND a.user_id = e.user_id
                                  AND a.module_key = m.module_key AND a.status = 'submitted'))
        ORDER BY e.user_id`,
      [instituteId, cohortId, courseVersionId],
    );
    return rows.map((row) => row.user_id);
  }

  /** Reviewers with an allocated review not yet submitted. */
  async listReviewersWithWorkLeft(instituteId: string, cohortId: string): Promise<string[]> {
    const rows = await this.dataSource.query<{ reviewer_id: string }[]>(
      `SELECT DISTINCT a.reviewer_id FROM peer_review_allocations a
        WHERE a.institute_id = $1 AND a.cohort_id = $2 AND a.status IN ('assigned', 'started')
        ORDER BY a.reviewer_id`,
      [instituteId, cohortId],
    );
    return rows.map((row) => row.reviewer_id);
  }

  async listTrainers(instituteId: string, cohortId: string): Promise<string[]> {
    const rows = await this.dataSource.query<{ user_id: string }[]>(
      `SELECT t.user_id FROM cohort_trainers t JOIN users u ON u.id = t.user_id
        WHERE t.institute_id = $1 AND t.cohort_id = $2 AND u.disabled_at IS NULL ORDER BY t.user_id`,
      [instituteId, cohortId],
    );
    return rows.map((row) => row.user_id);
  }

  /**
   * Latest submitted plans of enrolled participants with no final grade, that this trainer grades (assigned to
   * them, or to nobody).
   */
  async countPlansToGrade(instituteId: string, cohortId: string, trainerId: string): Promise<number> {
    const [row] = await this.dataSource.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM (
         SELECT DISTINCT ON (s.user_id) s.id, s.user_id FROM capstone_submissions s
          JOIN enrolments e ON e.cohort_id = s.cohort_id AND e.user_id = s.user_id AND e.status = 'enrolled'
          WHERE s.institute_id = $1 AND s.cohort_id = $2
          ORDER BY s.user_id, s.version DESC) latest
        LEFT JOIN capstone_grades g ON g.submission_id = latest.id
        LEFT JOIN capstone_assignments ca ON ca.cohort_id = $2 AND ca.user_id = latest.user_id
        WHERE (g.status IS NULL OR g.status <> 'final') AND (ca.trainer_id IS NULL OR ca.trainer_id = $3)`,
      [instituteId, cohortId, trainerId],
    );
    return row.count;
  }

  /** Reviews flagged by their author and not decided on by a trainer since the flag. */
  async countOpenFlags(instituteId: string, cohortId: string): Promise<number> {
    const [row] = await this.dataSource.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM peer_reviews r
         JOIN peer_review_allocations a ON a.id = r.allocation_id
        WHERE a.institute_id = $1 AND a.cohort_id = $2 AND r.flagged_at IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM peer_review_moderation_decisions d
                           WHERE d.allocation_id = a.id AND d.created_at >= r.flagged_at)`,
      [instituteId, cohortId],
    );
    return row.count;
  }

  /** Completed modules of each enrolled participant (by user id). */
  async completedModules(instituteId: string, cohortId: string): Promise<Map<string, Set<string>>> {
    const rows = await this.dataSource.query<{ user_id: string; module_key: string }[]>(
      `SELECT e.user_id, p.module_key FROM module_progress p JOIN enrolments e ON e.id = p.enrolment_id
        WHERE e.institute_id = $1 AND e.cohort_id = $2 AND e.status = 'enrolled' AND p.completed_at IS NOT NULL`,
      [instituteId, cohortId],
    );
    const done = new Map<string, Set<string>>();
    for (const row of rows) {
      const set = done.get(row.user_id) ?? new Set<string>();
      set.add(row.module_key);
      done.set(row.user_id, set);
    }
    return done;
  }

  /** Who wrote a review of whose plan, in which cohort: for "review received". */
  async findReviewEvent(instituteId: string, allocationId: string) {
    const [row] = await this.dataSource.query<
      { author_id: string; cohort_id: string; title: string; slug: string; submitted: boolean }[]
    >(
      `SELECT a.author_id, a.cohort_id, c.title, i.slug, (r.submitted_at IS NOT NULL) AS submitted
         FROM peer_review_allocations a
         JOIN cohorts c ON c.id = a.cohort_id JOIN institutes i ON i.id = c.institute_id
         LEFT JOIN peer_reviews r ON r.allocation_id = a.id
        WHERE a.institute_id = $1 AND a.id = $2`,
      [instituteId, allocationId],
    );
    return row
      ? {
          authorId: row.author_id,
          cohortId: row.cohort_id,
          cohortTitle: row.title,
          instituteSlug: row.slug,
          submitted: row.submitted,
        }
      : null;
  }

  /** A released capstone grade: whose, in which cohort. */
  async findReleasedGrade(instituteId: string, submissionId: string) {
    const [row] = await this.dataSource.query<
      { user_id: string; cohort_id: string; title: string; slug: string; percent: string }[]
    >(
      `SELECT g.user_id, g.cohort_id, c.title, i.slug, g.percent
         FROM capstone_grades g JOIN cohorts c ON c.id = g.cohort_id JOIN institutes i ON i.id = c.institute_id
        WHERE g.institute_id = $1 AND g.submission_id = $2 AND g.released_at IS NOT NULL`,
      [instituteId, submissionId],
    );
    return row
      ? {
          userId: row.user_id,
          cohortId: row.cohort_id,
          cohortTitle: row.title,
          instituteSlug: row.slug,
          percent: Number(row.percent),
        }
      : null;
  }

  /** An issued certificate, with its cohort and the cohort's trainers. */
  async findCertificateEvent(instituteId: string, certificateId: string) {
    const [row] = await this.dataSource.query<
      {
        user_id: string;
        cohort_id: string;
        title: string;
        slug: string;
        institute_name: string;
        course_title: string;
        holder_name: string;
        serial: string;
        verification_code: string;
      }[]
    >(
      `SELECT ce.user_id, ce.cohort_id, c.title, i.slug, i.name AS institute_name, ce.course_title, ce.holder_name,
              ce.serial, ce.verification_code
         FROM certificates ce JOIN cohorts c ON c.id = ce.cohort_id JOIN institutes i ON i.id = ce.institute_id
        WHERE ce.institute_id = $1 AND ce.id = $2`,
      [instituteId, certificateId],
    );
    if (!row) return null;
    return {
      holderId: row.user_id,
      cohortId: row.cohort_id,
      cohortTitle: row.title,
      instituteSlug: row.slug,
      instituteName: row.institute_name,
      courseTitle: row.course_title,
      holderName: row.holder_name,
      serial: row.serial,
      verificationCode: row.verification_code,
      trainerIds: await this.listTrainers(instituteId, row.cohort_id),
    };
  }

  /** Locks a notification for its e-mail (a second delivery of it waits here, then finds it sent). */
  async lockForDelivery(manager: EntityManager, notificationId: string): Promise<DeliveryTarget | null> {
    const [row] = await manager.query<
      (RawNotification & {
        email_skipped_at: Date | null;
        email: string;
        full_name: string;
        preferred_language: string;
        disabled_at: Date | null;
        preference: boolean | null;
      })[]
    >(
      `SELECT n.*, u.email, u.full_name, u.preferred_language, u.disabled_at, p.email AS preference
         FROM notifications n JOIN users u ON u.id = n.user_id
         LEFT JOIN notification_preferences p ON p.user_id = n.user_id AND p.kind = n.kind
        WHERE n.id = $1
        FOR UPDATE OF n`,
      [notificationId],
    );
    if (!row) return null;
    return {
      ...toRow(row),
      emailSkippedAt: row.email_skipped_at,
      email: row.email,
      fullName: row.full_name,
      preferredLanguage: row.preferred_language,
      disabled: row.disabled_at !== null,
      emailPreference: row.preference,
    };
  }

  async markEmailed(manager: EntityManager, notificationId: string): Promise<void> {
    await manager.query(`UPDATE notifications SET emailed_at = clock_timestamp() WHERE id = $1`, [notificationId]);
  }

  async markEmailSkipped(manager: EntityManager, notificationId: string): Promise<void> {
    await manager.query(`UPDATE notifications SET email_skipped_at = clock_timestamp() WHERE id = $1`, [
      notificationId,
    ]);
  }

  /** Mails neither sent nor skipped some minutes after their row was written: their delivery job may be lost. */
  async listUndelivered(olderThan: Date, newerThan: Date, limit: number): Promise<string[]> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `SELECT id FROM notifications
        WHERE emailed_at IS NULL AND email_skipped_at IS NULL AND created_at < $1 AND created_at > $2
        ORDER BY created_at LIMIT $3`,
      [olderThan, newerThan, limit],
    );
    return rows.map((row) => row.id);
  }

  async listForUser(userId: string, limit: number): Promise<NotificationRow[]> {
    const rows = await this.dataSource.query<RawNotification[]>(
      `SELECT id, user_id, institute_id, kind, payload, created_at, read_at, emailed_at FROM notifications
        WHERE user_id = $1 ORDER BY created_at DESC, id LIMIT $2`,
      [userId, limit],
    );
    return rows.map(toRow);
  }

  async countUnread(userId: string): Promise<number> {
    const [row] = await this.dataSource.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM notifications WHERE user_id = $1 AND read_at IS NULL`,
      [userId],
    );
    return row.count;
  }

  async markAllRead(userId: string): Promise<void> {
    await this.dataSource.query(`UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL`, [
      userId,
    ]);
  }

  async listPreferences(userId: string): Promise<{ kind: string; email: boolean }[]> {
    return this.dataSource.query(`SELECT kind, email FROM notification_preferences WHERE user_id = $1`, [userId]);
  }

  async savePreferences(userId: string, settings: Record<NotificationKind, boolean>): Promise<void> {
    const kinds = Object.keys(settings) as NotificationKind[];
    await this.dataSource.query(
      `INSERT INTO notification_preferences (user_id, kind, email)
       SELECT $1, * FROM unnest($2::text[], $3::boolean[])
       ON CONFLICT (user_id, kind) DO UPDATE SET email = EXCLUDED.email, updated_at = now()`,
      [userId, kinds, kinds.map((kind) => settings[kind])],
    );
  }

  async turnOffEmail(userId: string, kind: NotificationKind): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO notification_preferences (user_id, kind, email) SELECT id, $2, false FROM users WHERE id = $1
       ON CONFLICT (user_id, kind) DO UPDATE SET email = false, updated_at = now()`,
      [userId, kind],
    );
  }
}
