import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { CONFIG, type AppConfig } from '../../config/config.js';
import { MailRenderer } from '../../infra/mail/mail-renderer.js';
import { MailerService } from '../../infra/mail/mailer.service.js';
import { JobQueue } from '../../infra/queue/job-queue.service.js';
import type { JobPayloads } from '../../infra/queue/jobs.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { CertificateEligibilityService } from './certificate-eligibility.service.js';
import { CertificateFilesService, verifyUrl } from './certificate-files.service.js';
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
    private readonly mailer: MailerService,
    private readonly mails: MailRenderer,
    @Inject(CONFIG) private readonly config: AppConfig,
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

  /** Mails the holder and the cohort's trainers that the certificate is ready. */
  async notify(request: JobPayloads['certificates.notify']): Promise<number> {
    const certificate = await this.repository.findCertificate(request.instituteId, request.certificateId);
    if (!certificate) throw new CertificateImpossibleError(`certificate ${request.certificateId} does not exist`);
    const context = await this.repository.findIssuingContext(request.instituteId, certificate.cohortId);
    const holder = await this.repository.findUserContact(certificate.userId);
    if (!context || !holder) throw new CertificateImpossibleError(`the cohort or holder of ${certificate.id} is gone`);
    const trainers = await this.repository.listCohortTrainers(request.instituteId, certificate.cohortId);
    const base = this.config.PUBLIC_URL.replace(/\/+$/, '');
    const shared = {
      holderName: certificate.holderName,
      courseTitle: certificate.courseTitle,
      cohortTitle: context.cohortTitle,
      serial: certificate.serial,
      instituteName: context.instituteName,
      verifyLink: verifyUrl(this.config.PUBLIC_URL, certificate.verificationCode),
    };
    const recipients = [
      {
        ...holder,
        forHolder: true,
        pageLink: `${base}/i/${context.instituteSlug}/cohorts/${context.cohortId}/certificate`,
      },
      ...trainers.map((trainer) => ({
        ...trainer,
        forHolder: false,
        pageLink: `${base}/i/${context.instituteSlug}/cohorts/${context.cohortId}/certificates`,
      })),
    ];
    for (const recipient of recipients) {
      await this.mailer.send({
        to: recipient.email,
        subject: recipient.forHolder
          ? `Your certificate: ${certificate.courseTitle}`
          : `Certificate issued: ${certificate.holderName}, ${certificate.courseTitle}`,
        ...this.mails.render('certificate-issued', { ...shared, ...recipient }),
      });
    }
    this.logger.log(`certificate ${certificate.serial} mailed to ${recipients.length} people`);
    return recipients.length;
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
