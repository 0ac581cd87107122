import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { InstituteBranding } from '../institutes/entities/institute.entity.js';

export type RevocationKind = 'revoked' | 'superseded';

/** One issued version of a certificate, with what the worker made for it and its revocation, if any. */
export type CertificateKind = 'course' | 'trainer';

/** What a trainer certificate adds: the certification it attests, its end date and who certified. */
export interface TrainerCertificateFacts {
  certificationId: string;
  /** YYYY-MM-DD: the recertification date, the credential's validUntil. */
  validUntil: string;
  certifierName: string | null;
}

export interface CertificateRecord {
  id: string;
  instituteId: string;
  kind: CertificateKind;
  /** The cohort of a course certificate; null for a trainer certificate. */
  cohortId: string | null;
  trainer: TrainerCertificateFacts | null;
  userId: string;
  version: number;
  supersedesId: string | null;
  serial: string;
  verificationCode: string;
  holderName: string;
  courseVersionId: string;
  courseTitle: string;
  language: string;
  hours: number;
  outcomes: string[];
  /** YYYY-MM-DD. */
  startedOn: string;
  completedOn: string;
  statusListIndex: number;
  eligibleAt: Date;
  issuedAt: Date;
  issuedBy: string | null;
  reason: string | null;
  files: { pdfKey: string; pdfSha256: string; pdfSizeBytes: number; hasCredential: boolean; createdAt: Date } | null;
  revocation: { kind: RevocationKind; reason: string; revokedAt: Date; revokedBy: string } | null;
}

/** The institute and cohort a certificate is issued in, as the PDF and the credential print them. */
export interface IssuingContext {
  instituteId: string;
  instituteSlug: string;
  instituteName: string;
  branding: InstituteBranding;
  cohortId: string;
  cohortTitle: string;
  courseVersionId: string;
  timeZone: string;
  startDate: string;
}

/** What the standing of one participant needs from the database besides quiz standings. */
export interface StandingFacts {
  enrolled: boolean;
  fullName: string;
  email: string;
  completedModules: Set<string>;
  releasedCapstonePercent: number | null;
  peerReviewsAssigned: number;
  peerReviewsSubmitted: number;
}

export interface NewCertificate {
  instituteId: string;
  instituteSlug: string;
  cohortId: string;
  userId: string;
  holderName: string;
  courseVersionId: string;
  courseTitle: string;
  language: string;
  hours: number;
  outcomes: string[];
  startedOn: string;
  eligibleAt: Date;
  timeZone: string;
  verificationCode: string;
  issuedBy: string | null;
  reason: string | null;
}

/** A trainer certificate to insert: no cohort; the certification it attests. */
export type NewTrainerCertificate = Omit<NewCertificate, 'cohortId'> & {
  cohortId: null;
  trainer: TrainerCertificateFacts;
};

/** What issuing a trainer certificate reads about one certification (a row of trainer_certifications). */
export interface TrainerCertificationFacts {
  certificationId: string;
  instituteId: string;
  instituteSlug: string;
  instituteName: string;
  branding: InstituteBranding;
  userId: string;
  holderName: string;
  holderLanguage: string;
  courseId: string;
  kind: 'certification' | 'recertification' | 'master-appointment';
  certifiedAt: Date;
  /** YYYY-MM-DD. */
  certifiedOn: string;
  validUntil: string;
  certifierName: string | null;
}

export interface IssuerKeyRow {
  keyId: string;
  controller: string;
  publicKeyMultibase: string;
  secretKeyMultibase: string;
}

const CERTIFICATE_COLUMNS = `
  c.id, c.institute_id, c.kind, c.trainer_certification_id, to_char(c.valid_until, 'YYYY-MM-DD') AS valid_until,
  c.certifier_name, c.cohort_id, c.user_id, c.version, c.supersedes_id, c.serial, c.verification_code,
  c.holder_name, c.course_version_id, c.course_title, c.language, c.hours, c.outcomes,
  to_char(c.started_on, 'YYYY-MM-DD') AS started_on, to_char(c.completed_on, 'YYYY-MM-DD') AS completed_on,
  c.status_list_index, c.eligible_at, c.issued_at, c.issued_by, c.reason,
  f.pdf_key, f.pdf_sha256, f.pdf_size_bytes, (f.credential_json IS NOT NULL) AS has_credential, f.created_at AS files_at,
  r.kind AS revocation_kind, r.reason AS revocation_reason, r.revoked_at, r.revoked_by`;
const CERTIFICATE_FROM = `certificates c
  LEFT JOIN certificate_files f ON f.certificate_id = c.id
  LEFT JOIN certificate_revocations r ON r.certificate_id = c.id`;

interface CertificateRow {
  id: string;
  institute_id: string;
  kind: CertificateKind;
  trainer_certification_id: string | null;
  valid_until: string | null;
  certifier_name: string | null;
  cohort_id: string | null;
  user_id: string;
  version: number;
  supersedes_id: string | null;
  serial: string;
  verification_code: string;
  holder_name: string;
  course_version_id: string;
  course_title: string;
  language: string;
  hours: string;
  outcomes: string[];
  started_on: string;
  completed_on: string;
  status_list_index: number;
  eligible_at: Date;
  issued_at: Date;
  issued_by: string | null;
  reason: string | null;
  pdf_key: string | null;
  pdf_sha256: string | null;
  pdf_size_bytes: number | null;
  has_credential: boolean | null;
  files_at: Date | null;
  revocation_kind: RevocationKind | null;
  revocation_reason: string | null;
  revoked_at: Date | null;
  revoked_by: string | null;
}

/**
 * Certificates in PostgreSQL. Rows of certificates, their files, revocations, keys and status lists are only ever
 * inserted (the database refuses the rest). The standing queries read, never write, other features' tables.
 */
@Injectable()
export class CertificatesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async findIssuingContext(instituteId: string, cohortId: string): Promise<IssuingContext | null> {
    const [row] = await this.dataSource.query<
      {
        slug: string;
        name: string;
        branding: InstituteBranding;
        title: string;
        course_version_id: string;
        time_zone: string;
        start_date: string;
      }[]
    >(
      `SELECT i.slug, i.name, i.branding, c.title, c.course_version_id, c.time_zone,
              to_char(c.start_date, 'YYYY-MM-DD') AS start_date
       FROM cohorts c JOIN institutes i ON i.id = c.institute_id
       WHERE c.institute_id = $1 AND c.id = $2`,
      [instituteId, cohortId],
    );
    if (!row) return null;
    return {
      instituteId,
      instituteSlug: row.slug,
      instituteName: row.name,
      branding: row.branding,
      cohortId,
      cohortTitle: row.title,
      courseVersionId: row.course_version_id,
      timeZone: row.time_zone,
      startDate: row.start_date,
    };
  }

  /** Modules completed, the latest released capstone percent and peer reviews of one participant of a cohort. */
  async findStandingFacts(instituteId: string, cohortId: string, userId: string): Promise<StandingFacts | null> {
    const [row] = await this.dataSource.query<
      {
        full_name: string;
        email: string;
        enrolled: boolean;
        modules: string[];
        released: string | null;
        assigned: number;
        submitted: number;
      }[]
    >(
      `SELECT u.full_name, u.email,
              EXISTS (SELECT 1 FROM enrolments e WHERE e.institute_id = $1 AND e.cohort_id = $2 AND e.user_id = $3
                      AND e.status = 'enrolled') AS enrolled,
              ARRAY(SELECT p.module_key FROM module_progress p JOIN enrolments e ON e.id = p.enrolment_id
                    WHERE e.institute_id = $1 AND e.cohort_id = $2 AND e.user_id = $3 AND e.status = 'enrolled'
                      AND p.completed_at IS NOT NULL) AS modules,
              (SELECT g.percent FROM capstone_grades g JOIN capstone_submissions s ON s.id = g.submission_id
               WHERE g.institute_id = $1 AND g.cohort_id = $2 AND g.user_id = $3 AND g.released_at IS NOT NULL
               ORDER BY s.version DESC LIMIT 1) AS released,
              (SELECT count(*)::int FROM peer_review_allocations a
               WHERE a.institute_id = $1 AND a.cohort_id = $2 AND a.reviewer_id = $3
                 AND a.status IN ('assigned', 'started', 'submitted')) AS assigned,
              (SELECT count(*)::int FROM peer_review_allocations a JOIN peer_reviews pr ON pr.allocation_id = a.id
               WHERE a.institute_id = $1 AND a.cohort_id = $2 AND a.reviewer_id = $3
                 AND a.status IN ('assigned', 'started', 'submitted') AND pr.submitted_at IS NOT NULL) AS submitted
       FROM users u WHERE u.id = $3`,
      [instituteId, cohortId, userId],
    );
    if (!row) return null;
    return {
      enrolled: row.enrolled,
      fullName: row.full_name,
      email: row.email,
      completedModules: new Set(row.modules),
      releasedCapstonePercent: row.released === null ? null : Number(row.released),
      peerReviewsAssigned: row.assigned,
      peerReviewsSubmitted: row.submitted,
    };
  }

  /** Whether a person holds a course certificate (any cohort, any version of the course) that is not revoked. */
  async holdsValidCertificate(userId: string, courseId: string): Promise<boolean> {
    const [row] = await this.dataSource.query<{ holds: boolean }[]>(
      `SELECT EXISTS (
         SELECT 1 FROM certificates c JOIN course_versions v ON v.id = c.course_version_id
         WHERE c.user_id = $1 AND v.course_id = $2 AND c.kind = 'course'
           AND NOT EXISTS (SELECT 1 FROM certificate_revocations r WHERE r.certificate_id = c.id)) AS holds`,
      [userId, courseId],
    );
    return row?.holds ?? false;
  }

  /** The cohort's enrolled participants, by name. */
  async listEnrolled(instituteId: string, cohortId: string): Promise<{ userId: string; fullName: string }[]> {
    return this.dataSource.query(
      `SELECT u.id AS "userId", u.full_name AS "fullName" FROM enrolments e JOIN users u ON u.id = e.user_id
       WHERE e.institute_id = $1 AND e.cohort_id = $2 AND e.status = 'enrolled' ORDER BY u.full_name, u.id`,
      [instituteId, cohortId],
    );
  }

  /** Every version of a participant's certificate in a cohort, newest first. */
  async listVersions(
    instituteId: string,
    cohortId: string,
    userId: string,
    manager: EntityManager | DataSource = this.dataSource,
  ): Promise<CertificateRecord[]> {
    const rows = await manager.query<CertificateRow[]>(
      `SELECT ${CERTIFICATE_COLUMNS} FROM ${CERTIFICATE_FROM}
       WHERE c.institute_id = $1 AND c.cohort_id = $2 AND c.user_id = $3 ORDER BY c.version DESC`,
      [instituteId, cohortId, userId],
    );
    return rows.map(toRecord);
  }

  /** The newest version of each participant's certificate in a cohort. */
  async listCohortLatest(instituteId: string, cohortId: string): Promise<CertificateRecord[]> {
    const rows = await this.dataSource.query<CertificateRow[]>(
      `SELECT DISTINCT ON (c.user_id) ${CERTIFICATE_COLUMNS} FROM ${CERTIFICATE_FROM}
       WHERE c.institute_id = $1 AND c.cohort_id = $2 ORDER BY c.user_id, c.version DESC`,
      [instituteId, cohortId],
    );
    return rows.map(toRecord);
  }

  async findCertificate(
    instituteId: string,
    certificateId: string,
    manager: EntityManager | DataSource = this.dataSource,
  ): Promise<CertificateRecord | null> {
    const [row] = await manager.query<CertificateRow[]>(
      `SELECT ${CERTIFICATE_COLUMNS} FROM ${CERTIFICATE_FROM} WHERE c.institute_id = $1 AND c.id = $2`,
      [instituteId, certificateId],
    );
    return row ? toRecord(row) : null;
  }

  /** Found by its verification code, in any institute (the code is the only key a verifier has). */
  async findByCode(
    code: string,
  ): Promise<(CertificateRecord & { instituteSlug: string; instituteName: string }) | null> {
    const [row] = await this.dataSource.query<(CertificateRow & { slug: string; name: string })[]>(
      `SELECT ${CERTIFICATE_COLUMNS}, i.slug, i.name FROM ${CERTIFICATE_FROM} JOIN institutes i ON i.id = c.institute_id
       WHERE c.verification_code = $1`,
      [code],
    );
    return row ? { ...toRecord(row), instituteSlug: row.slug, instituteName: row.name } : null;
  }

  /** The certificate that replaced this one, when a reissue did. */
  async findSuccessor(instituteId: string, certificateId: string): Promise<CertificateRecord | null> {
    const [row] = await this.dataSource.query<CertificateRow[]>(
      `SELECT ${CERTIFICATE_COLUMNS} FROM ${CERTIFICATE_FROM} WHERE c.institute_id = $1 AND c.supersedes_id = $2`,
      [instituteId, certificateId],
    );
    return row ? toRecord(row) : null;
  }

  /** The trainer certificates of one certification, newest version first. */
  async listTrainerVersions(
    certificationId: string,
    manager: EntityManager | DataSource = this.dataSource,
  ): Promise<CertificateRecord[]> {
    const rows = await manager.query<CertificateRow[]>(
      `SELECT ${CERTIFICATE_COLUMNS} FROM ${CERTIFICATE_FROM}
       WHERE c.kind = 'trainer' AND c.trainer_certification_id = $1 ORDER BY c.version DESC`,
      [certificationId],
    );
    return rows.map(toRecord);
  }

  /** A person's trainer certificates for one course (every certification, newest first). */
  async listTrainerCertificates(userId: string, courseId: string): Promise<CertificateRecord[]> {
    const rows = await this.dataSource.query<CertificateRow[]>(
      `SELECT ${CERTIFICATE_COLUMNS} FROM ${CERTIFICATE_FROM}
       JOIN trainer_certifications tc ON tc.id = c.trainer_certification_id
       WHERE c.kind = 'trainer' AND c.user_id = $1 AND tc.course_id = $2
       ORDER BY tc.certified_at DESC, c.version DESC`,
      [userId, courseId],
    );
    return rows.map(toRecord);
  }

  /** One certification with its person, institute and certifier, as a trainer certificate prints them. */
  async findTrainerCertification(certificationId: string): Promise<TrainerCertificationFacts | null> {
    const [row] = await this.dataSource.query<
      {
        institute_id: string;
        slug: string;
        name: string;
        branding: InstituteBranding;
        user_id: string;
        full_name: string;
        preferred_language: string;
        course_id: string;
        kind: TrainerCertificationFacts['kind'];
        certified_at: Date;
        certified_on: string;
        valid_until: string;
        certifier_name: string | null;
      }[]
    >(
      `SELECT tc.institute_id, i.slug, i.name, i.branding, tc.user_id, u.full_name, u.preferred_language, tc.course_id,
              tc.kind, tc.certified_at, to_char(tc.certified_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS certified_on,
              to_char(tc.valid_until, 'YYYY-MM-DD') AS valid_until, m.full_name AS certifier_name
       FROM trainer_certifications tc JOIN institutes i ON i.id = tc.institute_id JOIN users u ON u.id = tc.user_id
       LEFT JOIN users m ON m.id = tc.certified_by
       WHERE tc.id = $1`,
      [certificationId],
    );
    if (!row) return null;
    return {
      certificationId,
      instituteId: row.institute_id,
      instituteSlug: row.slug,
      instituteName: row.name,
      branding: row.branding,
      userId: row.user_id,
      holderName: row.full_name,
      holderLanguage: row.preferred_language,
      courseId: row.course_id,
      kind: row.kind,
      certifiedAt: row.certified_at,
      certifiedOn: row.certified_on,
      validUntil: row.valid_until,
      certifierName: row.certifier_name,
    };
  }

  /** The newest published version of a course, whose title a trainer certificate prints. */
  async findLatestCourseVersion(courseId: string): Promise<{ id: string; title: string; language: string } | null> {
    const [row] = await this.dataSource.query<{ id: string; title: string; language: string }[]>(
      `SELECT v.id, v.title, v.language FROM course_versions v WHERE v.course_id = $1 ORDER BY v.number DESC LIMIT 1`,
      [courseId],
    );
    return row ?? null;
  }

  /** Serialises issuing for one certification until the transaction ends. */
  async lockCertification(manager: EntityManager, certificationId: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('trainer-certificate:' || $1, 0))`, [
      certificationId,
    ]);
  }

  /** The institute's branding, for a trainer certificate (which has no cohort). */
  async findInstituteBranding(instituteId: string): Promise<InstituteBranding | null> {
    const [row] = await this.dataSource.query<{ branding: InstituteBranding }[]>(
      `SELECT branding FROM institutes WHERE id = $1`,
      [instituteId],
    );
    return row?.branding ?? null;
  }

  /** Serialises issuing for one participant of one cohort until the transaction ends. */
  async lockParticipant(manager: EntityManager, cohortId: string, userId: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('certificate:' || $1 || ':' || $2, 0))`, [
      cohortId,
      userId,
    ]);
  }

  /**
   * Inserts the next version of a participant's certificate, with the institute's next serial number of the year
   * and the next index of its status list. Call with the participant locked; the unique constraint on (cohort,
   * user, version) stops whatever the lock did not.
   */
  async insertCertificate(
    manager: EntityManager,
    certificate: NewCertificate | NewTrainerCertificate,
    version: number,
    supersedesId: string | null,
  ): Promise<CertificateRecord> {
    const year = Number(
      new Intl.DateTimeFormat('en', { timeZone: certificate.timeZone, year: 'numeric' }).format(certificate.eligibleAt),
    );
    // Trainer certificates have their own series (NP-CEPT-TR-2026-000001): course certificate numbers stay dense.
    const series = 'trainer' in certificate ? 'TR-' : '';
    const serialNumber = await this.nextCounter(
      manager,
      certificate.instituteId,
      `${'trainer' in certificate ? 'trainer-' : ''}serial-${year}`,
    );
    const statusIndex = await this.nextCounter(manager, certificate.instituteId, 'status-list');
    const serial = `${certificate.instituteSlug.toUpperCase()}-${series}${year}-${String(serialNumber).padStart(6, '0')}`;
    const [{ id }] = await manager.query<{ id: string }[]>(
      `INSERT INTO certificates (institute_id, cohort_id, user_id, version, supersedes_id, serial, verification_code,
         holder_name, course_version_id, course_title, language, hours, outcomes, started_on, completed_on,
         status_list_index, eligible_at, issued_by, reason, kind, trainer_certification_id, valid_until, certifier_name)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::date,
               ($15::timestamptz AT TIME ZONE $16)::date, $17, $15, $18, $19, $20, $21, $22::date, $23)
       RETURNING id`,
      [
        certificate.instituteId,
        certificate.cohortId,
        certificate.userId,
        version,
        supersedesId,
        serial,
        certificate.verificationCode,
        certificate.holderName,
        certificate.courseVersionId,
        certificate.courseTitle,
        certificate.language,
        certificate.hours,
        JSON.stringify(certificate.outcomes),
        certificate.startedOn,
        certificate.eligibleAt,
        certificate.timeZone,
        statusIndex - 1,
        certificate.issuedBy,
        certificate.reason,
        'trainer' in certificate ? 'trainer' : 'course',
        'trainer' in certificate ? certificate.trainer.certificationId : null,
        'trainer' in certificate ? certificate.trainer.validUntil : null,
        'trainer' in certificate ? certificate.trainer.certifierName : null,
      ],
    );
    return (await this.findCertificate(certificate.instituteId, id, manager))!;
  }

  async insertRevocation(
    manager: EntityManager,
    instituteId: string,
    certificateId: string,
    kind: RevocationKind,
    reason: string,
    revokedBy: string,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO certificate_revocations (certificate_id, institute_id, kind, reason, revoked_by)
       VALUES ($1, $2, $3, $4, $5)`,
      [certificateId, instituteId, kind, reason, revokedBy],
    );
  }

  /** Records the stored PDF and credential; a second call (a retried job) keeps the first. */
  async recordFiles(
    instituteId: string,
    certificateId: string,
    files: { pdfKey: string; pdfSha256: string; pdfSizeBytes: number; credentialJson: string | null },
  ): Promise<boolean> {
    const inserted = await this.dataSource.query<{ certificate_id: string }[]>(
      `INSERT INTO certificate_files (certificate_id, institute_id, pdf_key, pdf_sha256, pdf_size_bytes, credential_json)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (certificate_id) DO NOTHING RETURNING certificate_id`,
      [certificateId, instituteId, files.pdfKey, files.pdfSha256, files.pdfSizeBytes, files.credentialJson],
    );
    return inserted.length > 0;
  }

  async findCredentialJson(instituteId: string, certificateId: string): Promise<string | null> {
    const [row] = await this.dataSource.query<{ credential_json: string | null }[]>(
      `SELECT credential_json FROM certificate_files WHERE institute_id = $1 AND certificate_id = $2`,
      [instituteId, certificateId],
    );
    return row?.credential_json ?? null;
  }

  /** The cohort's trainers, to tell them a certificate was issued. */
  async listCohortTrainers(instituteId: string, cohortId: string): Promise<{ email: string; fullName: string }[]> {
    return this.dataSource.query(
      `SELECT u.email, u.full_name AS "fullName" FROM cohort_trainers t JOIN users u ON u.id = t.user_id
       WHERE t.institute_id = $1 AND t.cohort_id = $2 AND u.disabled_at IS NULL ORDER BY u.full_name`,
      [instituteId, cohortId],
    );
  }

  async findUserContact(userId: string): Promise<{ email: string; fullName: string } | null> {
    const [row] = await this.dataSource.query<{ email: string; fullName: string }[]>(
      `SELECT email, full_name AS "fullName" FROM users WHERE id = $1`,
      [userId],
    );
    return row ?? null;
  }

  /** Status-list indexes of the institute's revoked certificates (superseded ones included). */
  async listRevokedIndexes(
    instituteId: string,
    manager: EntityManager | DataSource = this.dataSource,
  ): Promise<number[]> {
    const rows = await manager.query<{ status_list_index: number }[]>(
      `SELECT c.status_list_index FROM certificates c JOIN certificate_revocations r ON r.certificate_id = c.id
       WHERE c.institute_id = $1 ORDER BY 1`,
      [instituteId],
    );
    return rows.map((row) => row.status_list_index);
  }

  async findIssuerKey(instituteId: string): Promise<IssuerKeyRow | null> {
    const [row] = await this.dataSource.query<IssuerKeyRow[]>(
      `SELECT key_id AS "keyId", controller, public_key_multibase AS "publicKeyMultibase",
              secret_key_multibase AS "secretKeyMultibase"
       FROM certificate_issuer_keys WHERE institute_id = $1`,
      [instituteId],
    );
    return row ?? null;
  }

  /** Stores a new key unless one exists (two workers racing keep the first); returns the institute's key. */
  async insertIssuerKey(instituteId: string, key: IssuerKeyRow): Promise<IssuerKeyRow> {
    await this.dataSource.query(
      `INSERT INTO certificate_issuer_keys (institute_id, key_id, controller, public_key_multibase, secret_key_multibase)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (institute_id) DO NOTHING`,
      [instituteId, key.keyId, key.controller, key.publicKeyMultibase, key.secretKeyMultibase],
    );
    return (await this.findIssuerKey(instituteId))!;
  }

  /** The newest revision of a status list, and whether a revocation came after it (it must then be signed again). */
  async findLatestStatusList(
    instituteId: string,
    listNumber: number,
  ): Promise<{ revision: number; json: string; stale: boolean } | null> {
    const [row] = await this.dataSource.query<{ revision: number; credential_json: string; stale: boolean }[]>(
      `SELECT l.revision, l.credential_json,
              EXISTS (SELECT 1 FROM certificate_revocations r WHERE r.institute_id = l.institute_id
                      AND r.revoked_at >= l.created_at) AS stale
       FROM certificate_status_lists l
       WHERE l.institute_id = $1 AND l.list_number = $2 ORDER BY l.revision DESC LIMIT 1`,
      [instituteId, listNumber],
    );
    return row ? { revision: row.revision, json: row.credential_json, stale: row.stale } : null;
  }

  /** Adds a revision of a status list; a revision already written by a concurrent call is kept. */
  async insertStatusList(instituteId: string, listNumber: number, revision: number, json: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO certificate_status_lists (institute_id, list_number, revision, credential_json)
       VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
      [instituteId, listNumber, revision, json],
    );
  }

  async findInstituteBySlug(slug: string): Promise<{ id: string; slug: string; name: string } | null> {
    const [row] = await this.dataSource.query<{ id: string; slug: string; name: string }[]>(
      `SELECT id, slug, name FROM institutes WHERE slug = $1`,
      [slug],
    );
    return row ?? null;
  }

  async findInstituteById(id: string): Promise<{ id: string; slug: string; name: string } | null> {
    const [row] = await this.dataSource.query<{ id: string; slug: string; name: string }[]>(
      `SELECT id, slug, name FROM institutes WHERE id = $1`,
      [id],
    );
    return row ?? null;
  }

  private async nextCounter(manager: EntityManager, instituteId: string, scope: string): Promise<number> {
    const [{ last_value }] = await manager.query<{ last_value: number }[]>(
      `INSERT INTO certificate_counters (institute_id, scope, last_value) VALUES ($1, $2, 1)
       ON CONFLICT (institute_id, scope) DO UPDATE SET last_value = certificate_counters.last_value + 1
       RETURNING last_value`,
      [instituteId, scope],
    );
    return last_value;
  }
}

function toRecord(row: CertificateRow): CertificateRecord {
  return {
    id: row.id,
    instituteId: row.institute_id,
    kind: row.kind,
    cohortId: row.cohort_id,
    trainer:
      row.kind === 'trainer' && row.trainer_certification_id && row.valid_until
        ? {
            certificationId: row.trainer_certification_id,
            validUntil: row.valid_until,
            certifierName: row.certifier_name,
          }
        : null,
    userId: row.user_id,
    version: row.version,
    supersedesId: row.supersedes_id,
    serial: row.serial,
    verificationCode: row.verification_code,
    holderName: row.holder_name,
    courseVersionId: row.course_version_id,
    courseTitle: row.course_title,
    language: row.language,
    hours: Number(row.hours),
    outcomes: row.outcomes,
    startedOn: row.started_on,
    completedOn: row.completed_on,
    statusListIndex: row.status_list_index,
    eligibleAt: row.eligible_at,
    issuedAt: row.issued_at,
    issuedBy: row.issued_by,
    reason: row.reason,
    files:
      row.pdf_key && row.pdf_sha256 && row.pdf_size_bytes !== null && row.files_at
        ? {
            pdfKey: row.pdf_key,
            pdfSha256: row.pdf_sha256,
            pdfSizeBytes: row.pdf_size_bytes,
            hasCredential: Boolean(row.has_credential),
            createdAt: row.files_at,
          }
        : null,
    revocation:
      row.revocation_kind && row.revocation_reason && row.revoked_at && row.revoked_by
        ? {
            kind: row.revocation_kind,
            reason: row.revocation_reason,
            revokedAt: row.revoked_at,
            revokedBy: row.revoked_by,
          }
        : null,
  };
}
