import { randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { Readable } from 'node:stream';
import type { RequestViewer } from '../../common/auth/viewer.js';
import { isUuid } from '../../common/ids.js';
import { JobQueue } from '../../infra/queue/job-queue.service.js';
import { FileStorage } from '../../infra/storage/file-storage.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { CohortAccessService, type CohortAccess } from '../cohorts/cohort-access.service.js';
import { CertificateCredentialsService } from './certificate-credentials.service.js';
import { CertificateEligibilityService, type Eligibility } from './certificate-eligibility.service.js';
import { auditView } from './certificate-issuing.service.js';
import { issueJobId, queueOnce, renderJobId } from './certificate-jobs.js';
import { CertificatesRepository, type CertificateRecord } from './certificates.repository.js';
import { CertificateFormError, CertificateNotFoundError, CertificateStateError } from './certificates.errors.js';
import { verificationCodeFrom } from './domain/certificate-identifiers.js';

const MAX_REASON = 1_000;
const MAX_NAME = 200;

export interface StaffRow {
  userId: string;
  fullName: string;
  eligibility: Eligibility | null;
  certificate: CertificateRecord | null;
}

/** Certificates on the API side: the participant's page and downloads, and the staff's list, revocation and reissue. */
@Injectable()
export class CertificatesService {
  private readonly logger = new Logger(CertificatesService.name);

  constructor(
    private readonly access: CohortAccessService,
    private readonly repository: CertificatesRepository,
    private readonly eligibility: CertificateEligibilityService,
    private readonly audit: AuditRepository,
    private readonly jobs: JobQueue,
    private readonly storage: FileStorage,
    private readonly credentials: CertificateCredentialsService,
  ) {}

  /** For the trainer path: a person may be nominated only with a valid certificate of the course. */
  holdsValidCertificate(userId: string, courseId: string): Promise<boolean> {
    return this.repository.holdsValidCertificate(userId, courseId);
  }

  /** Whether a participant meets a cohort's completion rules (modules, quizzes, capstone as the course sets). */
  async meetsCompletionRules(instituteId: string, cohortId: string, userId: string): Promise<boolean> {
    return (await this.eligibility.evaluate(instituteId, cohortId, userId))?.verdict.eligible ?? false;
  }

  cohortAccess(viewer: RequestViewer | null | undefined, instituteSlug: string, cohortId: string) {
    return this.access.resolve(viewer, instituteSlug, cohortId);
  }

  /** The cohort for its trainers and admins; participants and everyone else are told there is no such page. */
  async staffAccess(viewer: RequestViewer | null | undefined, instituteSlug: string, cohortId: string) {
    const access = await this.access.resolve(viewer, instituteSlug, cohortId);
    if (!access.isStaff) throw new CertificateNotFoundError();
    return access;
  }

  /**
   * A participant's standing and certificates. A participant found eligible without a certificate has it queued
   * (the job id makes asking again harmless), so a grade released before a missed evaluation still leads to one.
   */
  async participantView(access: CohortAccess) {
    if (!access.enrolment) throw new CertificateNotFoundError();
    const userId = access.enrolment.userId;
    const [eligibility, versions] = await Promise.all([
      this.eligibility.evaluate(access.institute.id, access.cohort.id, userId),
      this.repository.listVersions(access.institute.id, access.cohort.id, userId),
    ]);
    if (!eligibility) throw new CertificateNotFoundError();
    if (eligibility.verdict.eligible && versions.length === 0) await this.queueIssue(access, userId);
    // A version whose files are still missing (its job failed for good, say) is asked for again.
    const [newest] = versions;
    if (newest && !newest.files && !newest.revocation) await this.queueRender(access, newest.id);
    return { eligibility, versions };
  }

  /** A certificate its holder, or the cohort's staff, may download; anyone else is told it does not exist. */
  async certificateFor(access: CohortAccess, certificateId: string): Promise<CertificateRecord & { cohortId: string }> {
    const certificate = isUuid(certificateId)
      ? await this.repository.findCertificate(access.institute.id, certificateId)
      : null;
    if (
      !certificate ||
      certificate.cohortId !== access.cohort.id ||
      (!access.isStaff && certificate.userId !== access.enrolment?.userId)
    )
      throw new CertificateNotFoundError();
    return { ...certificate, cohortId: access.cohort.id };
  }

  /**
   * A person's trainer certificates for one course, newest certification first. The caller (the trainer path)
   * has decided who may see them.
   */
  async trainerCertificates(userId: string, courseId: string): Promise<CertificateRecord[]> {
    return this.repository.listTrainerCertificates(userId, courseId);
  }

  /** One of a person's trainer certificates of a course, with its PDF; not found when it is not theirs or not made. */
  async trainerCertificatePdf(
    userId: string,
    courseId: string,
    certificateId: string,
  ): Promise<{ certificate: CertificateRecord; stream: Readable }> {
    const certificate = (await this.repository.listTrainerCertificates(userId, courseId)).find(
      (candidate) => candidate.id === certificateId,
    );
    const stream = certificate ? await this.openPdf(certificate) : null;
    if (!certificate || !stream) throw new CertificateNotFoundError();
    return { certificate, stream };
  }

  /**
   * Revokes one of a person's trainer certificates for good, with the reason (audited, status list signed again).
   * The caller (the trainer path) has decided the actor may; the certificate must be of this person and course.
   */
  async revokeTrainerCertificate(input: {
    institute: { id: string; slug: string; name: string };
    userId: string;
    courseId: string;
    certificateId: string;
    actorUserId: string;
    reason: string;
  }): Promise<CertificateRecord> {
    const reason = required('reason', input.reason, MAX_REASON, 'Give the reason for revoking the certificate.');
    const certificate = (await this.repository.listTrainerCertificates(input.userId, input.courseId)).find(
      (candidate) => candidate.id === input.certificateId && candidate.instituteId === input.institute.id,
    );
    if (!certificate?.trainer) throw new CertificateNotFoundError();
    const certificationId = certificate.trainer.certificationId;
    await this.repository.transaction(async (manager) => {
      await this.repository.lockCertification(manager, certificationId);
      const current = await this.repository.findCertificate(input.institute.id, certificate.id, manager);
      if (current?.revocation) throw new CertificateStateError('This certificate is already revoked.');
      await this.repository.insertRevocation(
        manager,
        input.institute.id,
        certificate.id,
        'revoked',
        reason,
        input.actorUserId,
      );
      await this.audit.append(manager, {
        instituteId: input.institute.id,
        actorUserId: input.actorUserId,
        action: 'certificate.revoked',
        entityType: 'certificate',
        entityId: certificate.id,
        before: { ...auditView(certificate), kind: 'trainer', certificationId },
        after: { revoked: true },
        reason,
      });
    });
    try {
      await this.credentials.publishStatusList(input.institute);
    } catch (error) {
      // Verifiers sign it again on their next read (a stale list is re-published); the revocation stands.
      this.logger.error(`could not publish the status list of ${input.institute.slug}: ${String(error)}`);
    }
    return certificate;
  }

  async openPdf(certificate: CertificateRecord): Promise<Readable | null> {
    return certificate.files ? this.storage.open(certificate.files.pdfKey) : null;
  }

  async credentialJson(certificate: CertificateRecord): Promise<string | null> {
    return this.repository.findCredentialJson(certificate.instituteId, certificate.id);
  }

  /** Every enrolled participant with where they stand and their newest certificate. */
  async staffRows(access: CohortAccess): Promise<StaffRow[]> {
    const [people, latest] = await Promise.all([
      this.repository.listEnrolled(access.institute.id, access.cohort.id),
      this.repository.listCohortLatest(access.institute.id, access.cohort.id),
    ]);
    const standings = await this.eligibility.evaluateMany(
      access.institute.id,
      access.cohort.id,
      people.map((person) => person.userId),
    );
    const byUser = new Map(standings.map((entry) => [entry.userId, entry]));
    const certificates = new Map(latest.map((certificate) => [certificate.userId, certificate]));
    return people.map((person) => ({
      ...person,
      eligibility: byUser.get(person.userId) ?? null,
      certificate: certificates.get(person.userId) ?? null,
    }));
  }

  /** Queues the certificate of every eligible participant who has none; returns how many were queued. */
  async issueEligible(access: CohortAccess): Promise<number> {
    const rows = await this.staffRows(access);
    const due = rows.filter((row) => row.eligibility?.verdict.eligible && !row.certificate);
    for (const row of due) await this.queueIssue(access, row.userId);
    return due.length;
  }

  /** Revokes a certificate version for good, with the reason shown to anyone who verifies it. */
  async revoke(access: CohortAccess, actor: RequestViewer, certificateId: string, reasonInput: string) {
    const reason = required('reason', reasonInput, MAX_REASON, 'Give the reason for revoking the certificate.');
    const certificate = await this.certificateFor(access, certificateId);
    await this.repository.transaction(async (manager) => {
      await this.repository.lockParticipant(manager, certificate.cohortId, certificate.userId);
      const current = await this.repository.findCertificate(access.institute.id, certificate.id, manager);
      if (current?.revocation) throw new CertificateStateError('This certificate is already revoked.');
      await this.repository.insertRevocation(
        manager,
        access.institute.id,
        certificate.id,
        'revoked',
        reason,
        actor.userId,
      );
      await this.audit.append(manager, {
        instituteId: access.institute.id,
        actorUserId: actor.userId,
        action: 'certificate.revoked',
        entityType: 'certificate',
        entityId: certificate.id,
        before: auditView(certificate),
        after: { revoked: true },
        reason,
      });
    });
    await this.publishStatusList(access);
    return certificate;
  }

  /**
   * Replaces the newest version with a new one (e.g. the name corrected): the old one is marked superseded, with
   * the reason, and the new one links to it; its PDF is made by the worker.
   */
  async reissue(
    access: CohortAccess,
    actor: RequestViewer,
    certificateId: string,
    input: { holderName: string; reason: string },
  ): Promise<CertificateRecord> {
    const reason = required('reason', input.reason, MAX_REASON, 'Give the reason for reissuing the certificate.');
    const holderName = required('holderName', input.holderName, MAX_NAME, 'Give the name to print on the certificate.');
    const old = await this.certificateFor(access, certificateId);
    const created = await this.repository.transaction(async (manager) => {
      await this.repository.lockParticipant(manager, old.cohortId, old.userId);
      const [newest] = await this.repository.listVersions(access.institute.id, old.cohortId, old.userId, manager);
      if (newest.id !== old.id)
        throw new CertificateStateError('Only the newest version of a certificate can be reissued.');
      if (newest.revocation) throw new CertificateStateError('A revoked certificate cannot be reissued.');
      await this.repository.insertRevocation(manager, access.institute.id, old.id, 'superseded', reason, actor.userId);
      const next = await this.repository.insertCertificate(
        manager,
        {
          instituteId: access.institute.id,
          instituteSlug: access.institute.slug,
          cohortId: access.cohort.id,
          userId: old.userId,
          holderName,
          courseVersionId: old.courseVersionId,
          courseTitle: old.courseTitle,
          language: old.language,
          hours: old.hours,
          outcomes: old.outcomes,
          startedOn: old.startedOn,
          eligibleAt: old.eligibleAt,
          timeZone: access.cohort.timeZone,
          verificationCode: verificationCodeFrom(randomBytes(10)),
          issuedBy: actor.userId,
          reason,
        },
        old.version + 1,
        old.id,
      );
      await this.audit.append(manager, {
        instituteId: access.institute.id,
        actorUserId: actor.userId,
        action: 'certificate.reissued',
        entityType: 'certificate',
        entityId: next.id,
        before: auditView(old),
        after: auditView(next),
        reason,
      });
      return next;
    });
    await this.publishStatusList(access);
    await this.queueRender(access, created.id);
    return created;
  }

  private async queueRender(access: CohortAccess, certificateId: string): Promise<void> {
    try {
      await queueOnce(
        this.jobs,
        'certificates.render',
        { instituteId: access.institute.id, certificateId },
        renderJobId(access.institute.id, certificateId),
      );
    } catch (error) {
      // The version stands; its holder's page asks again when it is next opened.
      this.logger.error(`could not queue the PDF of certificate ${certificateId}: ${String(error)}`);
    }
  }

  /** The revocation is committed; the signed list follows at once (a failure is logged, and the next one fixes it). */
  private async publishStatusList(access: CohortAccess): Promise<void> {
    try {
      await this.credentials.publishStatusList(access.institute);
    } catch (error) {
      this.logger.error(`could not publish the status list of ${access.institute.slug}: ${String(error)}`);
    }
  }

  private async queueIssue(access: CohortAccess, userId: string): Promise<void> {
    try {
      await queueOnce(
        this.jobs,
        'certificates.issue',
        { instituteId: access.institute.id, cohortId: access.cohort.id, userId, eligibleAt: new Date().toISOString() },
        issueJobId(access.cohort.id, userId),
      );
    } catch (error) {
      this.logger.error(`could not queue the certificate of ${userId}: ${String(error)}`);
    }
  }
}

function required(field: string, value: string, max: number, message: string): string {
  const trimmed = value.trim();
  if (trimmed.length === 0) throw new CertificateFormError(field, message);
  if (trimmed.length > max) throw new CertificateFormError(field, `${field} is longer than ${max} characters.`);
  return trimmed;
}
