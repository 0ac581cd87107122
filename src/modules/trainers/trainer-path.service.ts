import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RequestViewer } from '../../common/auth/viewer.js';
import { isUuid } from '../../common/ids.js';
import { CONFIG, type AppConfig } from '../../config/config.js';
import { JobQueue } from '../../infra/queue/job-queue.service.js';
import { NotSignedInError } from '../accounts/accounts.errors.js';
import { mayActAs } from '../accounts/domain/roles.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { queueOnce, trainerIssueJobId } from '../certificates/certificate-jobs.js';
import { CertificatesService } from '../certificates/certificates.service.js';
import { hasLapsed, recertificationDate, reminderTimes } from './domain/recertification.js';
import { nextStage, type StageFacts, type TrainerEvent, type TrainerStage } from './domain/stages.js';
import { TrainerPathNotFoundError, TrainerTransitionRefusedError } from './trainers.errors.js';
import { TrainersRepository, type CertificationRow, type InstituteRow } from './trainers.repository.js';

/** Who is looking at a path, and in which capacities: decides what the page offers and what the service allows. */
export interface PathAccess {
  institute: InstituteRow;
  person: { userId: string; fullName: string; email: string };
  course: { id: string; title: string };
  viewer: RequestViewer;
  isSelf: boolean;
  isAdmin: boolean;
  isMaster: boolean;
  isHubMaster: boolean;
  isPlatformAdmin: boolean;
}

export function pathUrl(instituteSlug: string, userId: string, courseId: string): string {
  return `/i/${instituteSlug}/trainers/people/${userId}/courses/${courseId}`;
}

/** Who may revoke a person's trainer certificate: their institute's admins and master trainers, never themselves. */
export function mayRevokeTrainerCertificate(access: PathAccess): boolean {
  return (access.isAdmin || access.isMaster) && !access.isSelf;
}

export function recertificationJobId(certificationId: string, kind: 'reminder-30' | 'reminder-7' | 'lapse'): string {
  return `trainer-recertification:${certificationId}:${kind}`;
}

/**
 * The trainer path per (person, course): who may see it, the facts the stage rules need, and the events. Every
 * event runs in one transaction under a lock on the path, re-reads the stage and facts there, asks `nextStage`,
 * and appends the transition and an audit row; certification grants the trainer role and schedules reminders.
 */
@Injectable()
export class TrainerPathService {
  private readonly logger = new Logger(TrainerPathService.name);

  constructor(
    private readonly repository: TrainersRepository,
    private readonly certificates: CertificatesService,
    private readonly audit: AuditRepository,
    private readonly jobs: JobQueue,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  /** Whether a person is a master trainer of a course whose certification has not lapsed. */
  async isActiveMaster(userId: string, courseId: string, now = new Date()): Promise<boolean> {
    const stage = await this.repository.currentStage(userId, courseId);
    if (stage?.stage !== 'master') return false;
    const certification = await this.repository.latestCertification(userId, courseId);
    return certification === null || !hasLapsed(certification.validUntil, now);
  }

  /**
   * A path is visible to the person, the admins of their institute, master trainers of the course (who observe and
   * certify across institutes) and platform admins; everyone else is told it does not exist.
   */
  async access(
    viewer: RequestViewer | null | undefined,
    instituteSlug: string,
    userId: string,
    courseId: string,
  ): Promise<PathAccess> {
    if (!viewer) throw new NotSignedInError();
    if (!isUuid(userId)) throw new TrainerPathNotFoundError();
    const institute = await this.repository.findInstitute(instituteSlug);
    if (!institute) throw new TrainerPathNotFoundError();
    const [person, course] = await Promise.all([
      this.repository.findMember(institute.id, userId),
      this.repository.findCourse(courseId),
    ]);
    if (!person || !course || course.kind !== 'course') throw new TrainerPathNotFoundError();
    const isMaster = await this.isActiveMaster(viewer.userId, courseId);
    const isHubMaster = isMaster && (await this.repository.isHubMember(viewer.userId));
    const access: PathAccess = {
      institute,
      person,
      course: { id: course.id, title: course.title },
      viewer,
      isSelf: viewer.userId === userId,
      isAdmin: mayActAs(viewer, institute.id, ['admin']),
      isMaster,
      isHubMaster,
      isPlatformAdmin: viewer.isPlatformAdmin,
    };
    if (!access.isSelf && !access.isAdmin && !access.isMaster && !access.isPlatformAdmin)
      throw new TrainerPathNotFoundError();
    return access;
  }

  async stageOf(userId: string, courseId: string): Promise<TrainerStage | null> {
    return (await this.repository.currentStage(userId, courseId))?.stage ?? null;
  }

  /** The facts every rule reads, gathered for this viewer and person (cohortId: a co-facilitation cohort asked for). */
  async facts(access: PathAccess, cohortId: string | null, now = new Date()): Promise<StageFacts> {
    const { userId } = access.person;
    const courseId = access.course.id;
    const [holds, trackCohorts, teachBacks, calibrations, signOffs, certification, cohorts] = await Promise.all([
      this.certificates.holdsValidCertificate(userId, courseId),
      this.repository.trackEnrolments(userId),
      this.repository.listTeachBacks(userId, courseId),
      this.repository.listCalibrationAttempts(userId, courseId),
      this.repository.listSignOffs(userId, courseId),
      this.repository.latestCertification(userId, courseId),
      cohortId && isUuid(cohortId) ? this.repository.cohortsWithMaster(courseId, cohortId) : Promise.resolve([]),
    ]);
    let trackCompleted = false;
    for (const cohort of trackCohorts)
      if (await this.certificates.meetsCompletionRules(cohort.instituteId, cohort.cohortId, userId)) {
        trackCompleted = true;
        break;
      }
    return {
      actorIsInstituteAdmin: access.isAdmin,
      actorIsPlatformAdmin: access.isPlatformAdmin,
      actorIsMaster: access.isMaster,
      actorIsHubMaster: access.isHubMaster,
      holdsCourseCertificate: holds,
      enrolledInTrack: trackCohorts.length > 0,
      cohortHasMaster: cohorts.length > 0,
      trackCompleted,
      teachBackPassed: teachBacks.some((attempt) => attempt.score?.passed === true),
      calibrationPassed: calibrations.some((attempt) => attempt.passed),
      coFacilitationSignedOff: signOffs.length > 0,
      certificationExpired: certification !== null && hasLapsed(certification.validUntil, now),
    };
  }

  /**
   * Applies an event to the path, or throws the rule's refusal. Certification (and recertification) adds the
   * grant with its recertification date and the institute's trainer role; the reminders are queued after commit.
   */
  async apply(
    access: PathAccess,
    event: TrainerEvent,
    options: { cohortId?: string | null; note?: string | null; certifierId?: string | null; now?: Date } = {},
  ): Promise<TrainerStage> {
    const now = options.now ?? new Date();
    const facts = await this.facts(access, options.cohortId ?? null, now);
    const { certification, stage } = await this.repository.transaction(async (manager) =>
      this.applyIn(manager, access, event, facts, { ...options, now }),
    );
    if (certification) await this.afterCertification(certification, now);
    return stage;
  }

  /** Certifies automatically when the last requirement has just been met; nothing otherwise. */
  async certifyIfComplete(access: PathAccess, certifierId: string | null): Promise<boolean> {
    if ((await this.stageOf(access.person.userId, access.course.id)) !== 'co-facilitator') return false;
    const facts = await this.facts(access, null);
    const decision = nextStage('co-facilitator', 'certify', { ...facts, actorIsMaster: true });
    if (!decision.ok) return false;
    const signOffs = await this.repository.listSignOffs(access.person.userId, access.course.id);
    const certifier = certifierId ?? signOffs[0]?.masterUserId ?? null;
    const now = new Date();
    const { certification } = await this.repository.transaction((manager) =>
      this.applyIn(manager, access, 'certify', { ...facts, actorIsMaster: true }, { certifierId: certifier, now }),
    );
    if (certification) await this.afterCertification(certification, now);
    return true;
  }

  private async applyIn(
    manager: EntityManager,
    access: PathAccess,
    event: TrainerEvent,
    facts: StageFacts,
    options: { cohortId?: string | null; note?: string | null; certifierId?: string | null; now: Date },
  ): Promise<{ stage: TrainerStage; certification: CertificationRow | null }> {
    const { userId } = access.person;
    const courseId = access.course.id;
    await this.repository.lockPath(manager, userId, courseId);
    const current = (await this.repository.currentStage(userId, courseId, manager))?.stage ?? null;
    const decision = nextStage(current, event, facts);
    if (!decision.ok) throw new TrainerTransitionRefusedError(decision.code, decision.reason, decision.missing);
    const actorUserId = event === 'lapse' && options.certifierId === undefined ? null : access.viewer.userId;
    const cohortId = event === 'assign-co-facilitation' ? (options.cohortId ?? null) : null;
    const transitionId = await this.repository.appendTransition(manager, {
      instituteId: access.institute.id,
      userId,
      courseId,
      from: current,
      to: decision.stage,
      event,
      actorUserId,
      cohortId,
      note: options.note?.trim() || null,
    });
    if (event === 'assign-co-facilitation' && cohortId)
      await this.repository.addCohortTrainer(manager, cohortId, userId, 'co-facilitator');
    let certification: CertificationRow | null = null;
    if (event === 'certify' || event === 'recertify' || event === 'appoint-master') {
      certification = await this.repository.insertCertification(manager, {
        instituteId: access.institute.id,
        userId,
        courseId,
        kind: event === 'certify' ? 'certification' : event === 'recertify' ? 'recertification' : 'master-appointment',
        certifiedBy: event === 'appoint-master' ? null : (options.certifierId ?? access.viewer.userId),
        validUntil: recertificationDate(options.now, this.config.TRAINER_RECERTIFICATION_MONTHS),
      });
      await this.repository.grantTrainerMembership(manager, access.institute.id, userId);
    }
    await this.audit.append(manager, {
      instituteId: access.institute.id,
      actorUserId,
      action: `trainer-path.${event}`,
      entityType: 'trainer_path',
      entityId: `${userId}:${courseId}`,
      before: { stage: current },
      after: {
        stage: decision.stage,
        transitionId,
        ...(cohortId ? { cohortId } : {}),
        ...(certification ? { certificationId: certification.id, validUntil: certification.validUntil } : {}),
      },
    });
    return { stage: decision.stage, certification };
  }

  /** After commit: the trainer certificate is queued (certification and recertification) and the reminders. */
  private async afterCertification(certification: CertificationRow, now: Date): Promise<void> {
    if (certification.kind !== 'master-appointment') {
      try {
        await queueOnce(
          this.jobs,
          'certificates.issue-trainer',
          { instituteId: certification.instituteId, certificationId: certification.id },
          trainerIssueJobId(certification.id),
        );
      } catch (error) {
        // The certification stands; the failure is logged, and queuing the same job id again issues the certificate.
        this.logger.error(`could not queue the trainer certificate of ${certification.id}: ${String(error)}`);
      }
    }
    await this.scheduleRecertification(certification, now);
  }

  /** Reminders 30 and 7 days before the date and the lapse the day after, under deterministic job ids. */
  private async scheduleRecertification(certification: CertificationRow, now: Date): Promise<void> {
    const [year, month, day] = certification.validUntil.split('-').map(Number);
    const lapseAt = new Date(Date.UTC(year, month - 1, day + 1, 0, 5));
    const planned = [
      ...reminderTimes(certification.validUntil).map((entry) => ({
        kind: entry.daysBefore === 30 ? ('reminder-30' as const) : ('reminder-7' as const),
        at: entry.at,
      })),
      { kind: 'lapse' as const, at: lapseAt },
    ];
    for (const job of planned) {
      try {
        await this.jobs.enqueue(
          'trainers.recertification',
          { certificationId: certification.id, kind: job.kind },
          {
            jobId: recertificationJobId(certification.id, job.kind),
            delayMs: Math.max(0, job.at.getTime() - now.getTime()),
          },
        );
      } catch (error) {
        // The certification stands; a missing reminder is logged, and the lapse is also enforced by date.
        this.logger.error(`could not schedule ${job.kind} for certification ${certification.id}: ${String(error)}`);
      }
    }
  }
}
