import { randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { JobQueue } from '../../infra/queue/job-queue.service.js';
import type { JobPayloads } from '../../infra/queue/jobs.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { notificationEventJobId } from '../notifications/notification-queue.js';
import { CertificateEligibilityService } from './certificate-eligibility.service.js';
import { CertificateFilesService } from './certificate-files.service.js';
import { issueJobId, queueOnce } from './certificate-jobs.js';
import { CertificatesRepository, type CertificateRecord } from './certificates.repository.js';
import { CertificateImpossibleError } from './certificates.errors.js';
import { verificationCodeFrom } from './domain/certificate-identifiers.js';

export type EvaluationOutcome = 'not-eligible' | 'queued' | 'already-issued';
export type IssueOutcome = 'not-eligible' | 'issued' | 'already-issued';

/**
 * The worker's side of certificates: evaluating completion after a grade changed, issuing the first version once,
 * and mailing the participant and trainers. Issuing is idempotent twice over: the job id is deterministic, and the
 * insert runs with the participant locked under a unique (cohort, user, version) constraint.
 */
@Injectable()
export class CertificateIssuingService {
  private readonly logger = new Logger(CertificateIssuingService.name);

  constructor(
    private readonly repository: CertificatesRepository,
    private readonly eligibility: CertificateEligibilityService,
    private readonly files: CertificateFilesService,
    private readonly audit: AuditRepository,
    private readonly jobs: JobQueue,
  ) {}

  async evaluate(request: JobPayloads['certificates.evaluate'], now = new Date()): Promise<EvaluationOutcome> {
    const { instituteId, cohortId, userId } = request;
    const result = await this.eligibility.evaluate(instituteId, cohortId, userId);
    if (!result?.verdict.eligible) return 'not-eligible';
    if ((await this.repository.listVersions(instituteId, cohortId, userId)).length > 0) return 'already-issued';
    await queueOnce(
      this.jobs,
      'certificates.issue',
      { instituteId, cohortId, userId, eligibleAt: now.toISOString() },
      issueJobId(cohortId, userId),
    );
    return 'queued';
  }

  /** Issues version 1 (once), then makes its files; a participant already holding a certificate keeps it. */
  async issue(request: JobPayloads['certificates.issue']): Promise<{ outcome: IssueOutcome; certificateId?: string }> {
    const { instituteId, cohortId, userId } = request;
    let [certificate] = await this.repository.listVersions(instituteId, cohortId, userId);
    let outcome: IssueOutcome = 'already-issued';
    if (!certificate) {
      const result = await this.eligibility.evaluate(instituteId, cohortId, userId);
      if (!result) throw new CertificateImpossibleError(`no cohort ${cohortId} with person ${userId}`);
      // Grades can change between the evaluation and this job: the rules are checked again here.
      if (!result.verdict.eligible) return { outcome: 'not-eligible' };
      const issued = await this.repository.transaction(async (manager) => {
        await this.repository.lockParticipant(manager, cohortId, userId);
        const [existing] = await this.repository.listVersions(instituteId, cohortId, userId, manager);
        if (existing) return { certificate: existing, created: false };
        const created = await this.repository.insertCertificate(
          manager,
          {
            instituteId,
            instituteSlug: result.context.instituteSlug,
            cohortId,
            userId,
            holderName: result.facts.fullName,
            courseVersionId: result.course.versionId,
            courseTitle: result.course.title,
            language: result.course.language,
            hours: result.course.outline.hours,
            outcomes: result.course.outline.outcomes.map((outcome) => outcome.text),
            startedOn: result.context.startDate,
            eligibleAt: new Date(request.eligibleAt),
            timeZone: result.context.timeZone,
            verificationCode: verificationCodeFrom(randomBytes(10)),
            issuedBy: null,
            reason: null,
          },
          1,
          null,
        );
        await this.audit.append(manager, {
          instituteId,
          actorUserId: null,
          action: 'certificate.issued',
          entityType: 'certificate',
          entityId: created.id,
          after: auditView(created),
        });
        return { certificate: created, created: true };
      });
      certificate = issued.certificate;
      if (issued.created) outcome = 'issued';
    }
    await this.files.ensureFiles(instituteId, certificate.id);
    return { outcome, certificateId: certificate.id };
  }

  /**
   * Issues the trainer certificate of one certification (or recertification), once: under a lock on the
   * certification and a unique (certification, version) constraint. Each recertification is its own row and gets
   * its own certificate; an earlier one is not revoked and stays valid until its own recertification date.
   * A master-trainer appointment (no certifier, no path) gets none.
   */
  async issueTrainer(
    request: JobPayloads['certificates.issue-trainer'],
  ): Promise<{ outcome: IssueOutcome; certificateId?: string }> {
    const facts = await this.repository.findTrainerCertification(request.certificationId);
    if (!facts || facts.instituteId !== request.instituteId)
      throw new CertificateImpossibleError(`no trainer certification ${request.certificationId}`);
    if (facts.kind === 'master-appointment') return { outcome: 'not-eligible' };
    let [certificate] = await this.repository.listTrainerVersions(facts.certificationId);
    let outcome: IssueOutcome = 'already-issued';
    if (!certificate) {
      const course = await this.repository.findLatestCourseVersion(facts.courseId);
      if (!course) throw new CertificateImpossibleError(`no version of course ${facts.courseId}`);
      const issued = await this.repository.transaction(async (manager) => {
        await this.repository.lockCertification(manager, facts.certificationId);
        const [existing] = await this.repository.listTrainerVersions(facts.certificationId, manager);
        if (existing) return { certificate: existing, created: false };
        const created = await this.repository.insertCertificate(
          manager,
          {
            instituteId: facts.instituteId,
            instituteSlug: facts.instituteSlug,
            cohortId: null,
            userId: facts.userId,
            holderName: facts.holderName,
            courseVersionId: course.id,
            courseTitle: course.title,
            // The words of the PDF are in the holder's language (the course title stays in the course's).
            language: facts.holderLanguage,
            hours: 0,
            outcomes: [],
            startedOn: facts.certifiedOn,
            eligibleAt: facts.certifiedAt,
            timeZone: 'UTC',
            verificationCode: verificationCodeFrom(randomBytes(10)),
            issuedBy: null,
            reason: null,
            trainer: {
              certificationId: facts.certificationId,
              validUntil: facts.validUntil,
              certifierName: facts.certifierName,
            },
          },
          1,
          null,
        );
        await this.audit.append(manager, {
          instituteId: facts.instituteId,
          actorUserId: null,
          action: 'certificate.issued',
          entityType: 'certificate',
          entityId: created.id,
          after: { ...auditView(created), kind: 'trainer', certificationId: facts.certificationId },
        });
        return { certificate: created, created: true };
      });
      certificate = issued.certificate;
      if (issued.created) outcome = 'issued';
    }
    await this.files.ensureFiles(facts.instituteId, certificate.id);
    return { outcome, certificateId: certificate.id };
  }

  /**
   * Tells the holder and the cohort's trainers that the certificate is ready: a notification each (in-app, and an
   * e-mail in their language unless they turned it off), recorded once by the notifications worker.
   */
  async notify(request: JobPayloads['certificates.notify']): Promise<void> {
    const certificate = await this.repository.findCertificate(request.instituteId, request.certificateId);
    if (!certificate) throw new CertificateImpossibleError(`certificate ${request.certificateId} does not exist`);
    const event = {
      kind: 'certificate-issued',
      instituteId: request.instituteId,
      certificateId: certificate.id,
    } as const;
    // Inside a job: a queue failure fails this job, which is retried.
    await this.jobs.enqueue('notifications.event', event, { jobId: notificationEventJobId(event) });
  }
}

/** What the audit log keeps of a certificate version. */
export function auditView(certificate: CertificateRecord): Record<string, unknown> {
  return {
    serial: certificate.serial,
    version: certificate.version,
    holderName: certificate.holderName,
    cohortId: certificate.cohortId,
    userId: certificate.userId,
    supersedesId: certificate.supersedesId,
  };
}
