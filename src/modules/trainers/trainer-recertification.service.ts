import { Inject, Injectable } from '@nestjs/common';
import { CONFIG, type AppConfig } from '../../config/config.js';
import { MailerService } from '../../infra/mail/mailer.service.js';
import { TemplateRenderer } from '../../infra/templates/template-renderer.js';
import type { JobPayloads } from '../../infra/queue/jobs.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { hasLapsed } from './domain/recertification.js';
import { nextStage } from './domain/stages.js';
import { pathUrl } from './trainer-path.service.js';
import { sendRecertificationReminder } from './trainer-mails.js';
import { TrainersRepository } from './trainers.repository.js';

export type RecertificationOutcome = 'superseded' | 'reminded' | 'lapsed' | 'not-lapsed' | 'gone';

/**
 * The worker's side of recertification. A job names one certification: when a later certification of the same
 * person and course exists (recertified), it does nothing; otherwise it mails a reminder, or records the lapse
 * (a transition with no actor) once the date has passed. Idempotent: a lapse is appended only from certified/master.
 */
@Injectable()
export class TrainerRecertificationService {
  constructor(
    private readonly repository: TrainersRepository,
    private readonly audit: AuditRepository,
    private readonly mailer: MailerService,
    private readonly renderer: TemplateRenderer,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  async handle(job: JobPayloads['trainers.recertification'], now = new Date()): Promise<RecertificationOutcome> {
    const certification = await this.repository.findCertification(job.certificationId);
    if (!certification) return 'gone';
    const latest = await this.repository.latestCertification(certification.userId, certification.courseId);
    if (latest && latest.id !== certification.id) return 'superseded';
    if (job.kind !== 'lapse') {
      const institute = await this.repository.findInstituteById(certification.instituteId);
      await sendRecertificationReminder(this.mailer, this.renderer, {
        email: certification.email,
        fullName: certification.fullName,
        preferredLanguage: certification.preferredLanguage,
        courseTitle: certification.courseTitle,
        validUntil: certification.validUntil,
        daysBefore: job.kind === 'reminder-30' ? 30 : 7,
        pathUrl: `${this.config.PUBLIC_URL}${pathUrl(institute?.slug ?? '', certification.userId, certification.courseId)}`,
      });
      return 'reminded';
    }
    const expired = hasLapsed(certification.validUntil, now);
    return this.repository.transaction(async (manager) => {
      await this.repository.lockPath(manager, certification.userId, certification.courseId);
      const current = await this.repository.currentStage(certification.userId, certification.courseId, manager);
      const decision = nextStage(current?.stage ?? null, 'lapse', {
        actorIsInstituteAdmin: false,
        actorIsPlatformAdmin: false,
        actorIsMaster: false,
        actorIsHubMaster: false,
        holdsCourseCertificate: false,
        enrolledInTrack: false,
        cohortHasMaster: false,
        trackCompleted: false,
        teachBackPassed: false,
        calibrationPassed: false,
        coFacilitationSignedOff: false,
        certificationExpired: expired,
      });
      if (!decision.ok) return 'not-lapsed';
      const transitionId = await this.repository.appendTransition(manager, {
        instituteId: certification.instituteId,
        userId: certification.userId,
        courseId: certification.courseId,
        from: current?.stage ?? null,
        to: decision.stage,
        event: 'lapse',
        actorUserId: null,
        note: `recertification date ${certification.validUntil} passed`,
      });
      await this.audit.append(manager, {
        instituteId: certification.instituteId,
        actorUserId: null,
        action: 'trainer-path.lapse',
        entityType: 'trainer_path',
        entityId: `${certification.userId}:${certification.courseId}`,
        before: { stage: current?.stage ?? null },
        after: { stage: decision.stage, transitionId, certificationId: certification.id },
      });
      return 'lapsed';
    });
  }
}
