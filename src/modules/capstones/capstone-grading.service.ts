import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { isUuid } from '../../common/ids.js';
import type { RequestViewer } from '../../common/auth/viewer.js';
import { JobQueue } from '../../infra/queue/job-queue.service.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { requestCertificateEvaluation } from '../certificates/certificate-evaluation.trigger.js';
import { requestNotification } from '../notifications/notification-queue.js';
import type { CohortAccess } from '../cohorts/cohort-access.service.js';
import { LearningService } from '../cohorts/learning.service.js';
import { CapstoneGradeFormError, CapstoneGradeStateError, CapstoneNotDefinedError } from './capstone-grading.errors.js';
import { CapstoneSubmissionNotFoundError } from './capstones.errors.js';
import { CapstoneContextService } from './capstone-context.service.js';
import {
  CapstoneGradingRepository,
  type GradeRecord,
  type QueueEntry,
  type SubmissionRecord,
} from './capstone-grading.repository.js';
import type { CapstoneDefinition, CriterionGrade } from './domain/capstone.types.js';
import { decideGradeChange, isRefusal } from './domain/grade-change.js';
import { missingLevels, normaliseCriterionGrades, rubricPercent, RubricScoreError } from './domain/rubric-score.js';

export type QueueFilter = 'all' | 'mine' | 'unassigned';
export const QUEUE_FILTERS: readonly QueueFilter[] = ['all', 'mine', 'unassigned'];

export interface GradeInput {
  criteria: CriterionGrade[];
  overallFeedback: string;
  intent: 'draft' | 'finalise';
  reason: string;
}

const MAX_COMMENT = 5_000;
const MAX_FEEDBACK = 20_000;
const MAX_REASON = 1_000;

/** Trainers grade the latest plan of each participant with the course's rubric, then release the grades. */
@Injectable()
export class CapstoneGradingService {
  private readonly logger = new Logger(CapstoneGradingService.name);

  constructor(
    private readonly contexts: CapstoneContextService,
    private readonly learning: LearningService,
    private readonly grading: CapstoneGradingRepository,
    private readonly audit: AuditRepository,
    private readonly jobs: JobQueue,
  ) {}

  /** The cohort's trainers and admins; everyone else is told the page does not exist. */
  staffAccess(viewer: RequestViewer | null | undefined, instituteSlug: string, cohortId: string) {
    return this.contexts.staffAccess(viewer, instituteSlug, cohortId);
  }

  /**
   * Plans waiting for a grade (latest version without a final grade), oldest first, and final grades not yet
   * released; filtered by the trainer assigned.
   */
  async queue(access: CohortAccess, viewer: RequestViewer, filter: QueueFilter, now = new Date()) {
    const [latest, trainers, participants] = await Promise.all([
      this.grading.listLatestSubmissions(access.institute.id, access.cohort.id),
      this.grading.listCohortTrainers(access.institute.id, access.cohort.id),
      this.learning.listParticipants(access.institute.id, access.cohort.id),
    ]);
    const shown = latest.filter((entry) => matches(entry, filter, viewer.userId));
    const awaiting = shown
      .filter((entry) => entry.gradeStatus !== 'final')
      .sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime())
      .map((entry) => ({ ...entry, waitingMs: now.getTime() - entry.submittedAt.getTime() }));
    const unreleased = shown.filter((entry) => entry.gradeStatus === 'final' && entry.releasedAt === null);
    const assignments = new Map(latest.map((entry) => [entry.userId, entry.trainerId]));
    return {
      awaiting,
      unreleased,
      trainers,
      participants: participants.map((person) => ({ ...person, trainerId: assignments.get(person.userId) ?? null })),
    };
  }

  /** One submitted version with the rubric, its grade and every revision of it. */
  async gradeView(access: CohortAccess, submissionId: string) {
    const submission = await this.submissionOf(access, submissionId);
    const definition = await this.definitionOf(submission);
    const [grade, revisions, attachments] = await Promise.all([
      this.grading.findGrade(access.institute.id, submission.id),
      this.grading.listRevisions(access.institute.id, submission.id),
      this.grading.listSubmissionAttachments(access.institute.id, submission.id),
    ]);
    return { submission, definition, grade, revisions, attachments };
  }

  /**
   * Saves a draft or a final grade. The grade row is locked for the whole change, so two trainers saving at
   * once are applied one after the other and both revisions are kept; the grade, its revision and the audit row
   * commit together.
   */
  async saveGrade(access: CohortAccess, actor: RequestViewer, submissionId: string, input: GradeInput) {
    const submission = await this.submissionOf(access, submissionId);
    const definition = await this.definitionOf(submission);
    const criteria = checkedCriteria(definition, input.criteria);
    const overallFeedback = limited('overallFeedback', input.overallFeedback.trim(), MAX_FEEDBACK);
    const reason = limited('reason', input.reason.trim(), MAX_REASON);
    const missing = missingLevels(definition.rubric.criteria, criteria);
    const percent = rubricPercent(definition.rubric.criteria, criteria);
    const saved = await this.grading.transaction(async (manager) => {
      const before = await this.grading.lockGrade(manager, access.institute.id, submission.id);
      const change = decideGradeChange(
        before && { ...before, released: before.releasedAt !== null },
        actor.userId,
        input.intent,
        missing.map((id) => definition.rubric.criteria.find((criterion) => criterion.id === id)!.title),
        reason,
      );
      if (isRefusal(change)) throw new CapstoneGradeFormError(change.field, change.message);
      const after: GradeRecord = {
        submissionId: submission.id,
        status: change.status,
        criteria,
        overallFeedback,
        percent,
        gradedBy: change.gradedBy,
        moderatedBy: change.moderatedBy,
        updatedAt: new Date(),
        releasedAt: before?.releasedAt ?? null,
        releasedBy: before?.releasedBy ?? null,
      };
      await this.grading.saveGrade(manager, submission, after);
      await this.grading.appendRevision(
        manager,
        access.institute.id,
        after,
        actor.userId,
        change.action,
        reason || null,
      );
      await this.audit.append(manager, {
        instituteId: access.institute.id,
        actorUserId: actor.userId,
        action: `capstone-grade.${change.action}`,
        entityType: 'capstone_submission',
        entityId: submission.id,
        before: before && { status: before.status, percent: before.percent, released: before.releasedAt !== null },
        after: { status: after.status, percent: after.percent, released: after.releasedAt !== null },
        reason: reason || null,
      });
      return after;
    });
    // A released grade changed: the participant's completion may have changed with it.
    if (saved.releasedAt)
      await requestCertificateEvaluation(this.jobs, this.logger, [
        { instituteId: access.institute.id, cohortId: access.cohort.id, userId: submission.userId },
      ]);
    return saved;
  }

  /** Releases one final grade to its participant; releasing it again changes nothing. */
  async release(access: CohortAccess, actor: RequestViewer, submissionId: string): Promise<boolean> {
    const submission = await this.submissionOf(access, submissionId);
    const released = await this.grading.transaction(async (manager) => {
      const grade = await this.grading.lockGrade(manager, access.institute.id, submission.id);
      if (!grade || grade.status !== 'final')
        throw new CapstoneGradeStateError('Only a final grade can be released: finalise it first.');
      if (grade.releasedAt) return false;
      await this.releaseLocked(manager, access.institute.id, grade, actor.userId);
      return true;
    });
    if (released) {
      await requestCertificateEvaluation(this.jobs, this.logger, [
        { instituteId: access.institute.id, cohortId: access.cohort.id, userId: submission.userId },
      ]);
      await requestNotification(this.jobs, this.logger, {
        kind: 'grade-released',
        instituteId: access.institute.id,
        submissionId: submission.id,
      });
    }
    return released;
  }

  /** Releases every final, unreleased grade of the cohort; drafts stay hidden. Returns how many were released. */
  async releaseAll(access: CohortAccess, actor: RequestViewer): Promise<number> {
    const ids = await this.grading.transaction(async (manager) => {
      const releasable = await this.grading.lockReleasable(manager, access.institute.id, access.cohort.id);
      for (const id of releasable) {
        const grade = (await this.grading.lockGrade(manager, access.institute.id, id))!;
        await this.releaseLocked(manager, access.institute.id, grade, actor.userId);
      }
      return releasable;
    });
    const owners = new Set<string>();
    for (const id of ids) {
      const submission = await this.grading.findSubmission(access.institute.id, access.cohort.id, id);
      if (submission) owners.add(submission.userId);
      await requestNotification(this.jobs, this.logger, {
        kind: 'grade-released',
        instituteId: access.institute.id,
        submissionId: id,
      });
    }
    await requestCertificateEvaluation(
      this.jobs,
      this.logger,
      [...owners].map((userId) => ({ instituteId: access.institute.id, cohortId: access.cohort.id, userId })),
    );
    return ids.length;
  }

  async assign(access: CohortAccess, actor: RequestViewer, userId: string, trainerId: string) {
    if (!isUuid(userId)) throw new CapstoneGradeFormError('userId', 'Choose a participant.');
    const [participants, trainers] = await Promise.all([
      this.learning.listParticipants(access.institute.id, access.cohort.id),
      this.grading.listCohortTrainers(access.institute.id, access.cohort.id),
    ]);
    if (!participants.some((person) => person.userId === userId))
      throw new CapstoneGradeFormError('userId', 'That person is not a participant of this cohort.');
    if (!trainers.some((trainer) => trainer.userId === trainerId))
      throw new CapstoneGradeFormError('trainerId', 'Choose one of the trainers of this cohort.');
    await this.grading.transaction(async (manager) => {
      const before = await this.grading.assignTrainer(
        manager,
        access.institute.id,
        access.cohort.id,
        userId,
        trainerId,
        actor.userId,
      );
      await this.audit.append(manager, {
        instituteId: access.institute.id,
        actorUserId: actor.userId,
        action: 'capstone.grader-assigned',
        entityType: 'capstone_assignment',
        entityId: `${access.cohort.id}:${userId}`,
        before: before ? { trainerId: before } : null,
        after: { trainerId },
      });
    });
  }

  private async releaseLocked(manager: EntityManager, instituteId: string, grade: GradeRecord, actorId: string) {
    await this.grading.markReleased(manager, instituteId, grade.submissionId, actorId);
    await this.grading.appendRevision(manager, instituteId, grade, actorId, 'released', null);
    await this.audit.append(manager, {
      instituteId,
      actorUserId: actorId,
      action: 'capstone-grade.released',
      entityType: 'capstone_submission',
      entityId: grade.submissionId,
      after: { status: grade.status, percent: grade.percent, released: true },
    });
  }

  private async submissionOf(access: CohortAccess, submissionId: string): Promise<SubmissionRecord> {
    const submission = isUuid(submissionId)
      ? await this.grading.findSubmission(access.institute.id, access.cohort.id, submissionId)
      : null;
    if (!submission) throw new CapstoneSubmissionNotFoundError();
    return submission;
  }

  private async definitionOf(submission: SubmissionRecord): Promise<CapstoneDefinition> {
    const { definition } = await this.contexts.course(submission.courseVersionId);
    if (!definition) throw new CapstoneNotDefinedError();
    return definition;
  }
}

function matches(entry: QueueEntry, filter: QueueFilter, viewerId: string): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'mine':
      return entry.trainerId === viewerId;
    case 'unassigned':
      return entry.trainerId === null;
  }
}

function checkedCriteria(definition: CapstoneDefinition, criteria: CriterionGrade[]): CriterionGrade[] {
  try {
    const normalised = normaliseCriterionGrades(definition.rubric.criteria, criteria);
    for (const grade of normalised) limited(`comment.${grade.criterionId}`, grade.comment, MAX_COMMENT);
    return normalised;
  } catch (error) {
    if (error instanceof RubricScoreError) throw new CapstoneGradeFormError(error.field, error.message);
    throw error;
  }
}

function limited(field: string, value: string, max: number): string {
  if (value.length > max) throw new CapstoneGradeFormError(field, `${field} is longer than ${max} characters.`);
  return value;
}
