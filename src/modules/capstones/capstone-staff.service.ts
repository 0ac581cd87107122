import { Injectable } from '@nestjs/common';
import { isUuid } from '../../common/ids.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { localDateTimeToInstant } from '../cohorts/domain/cohort-schedule.js';
import { CapstoneSubmissionsRepository, type PlanOwner } from './capstone-submissions.repository.js';
import type { CapstoneContext } from './capstone-plans.service.js';
import { CapstoneFormError, CapstoneStaffOnlyError, CapstoneSubmissionNotFoundError } from './capstones.errors.js';

/** Trainers' side of submissions: who submitted what and when, extensions, and the cohort's late policy. */
@Injectable()
export class CapstoneStaffService {
  constructor(
    private readonly plans: CapstoneSubmissionsRepository,
    private readonly audit: AuditRepository,
  ) {}

  requireStaff(context: CapstoneContext): void {
    if (!context.access.isStaff) throw new CapstoneStaffOnlyError();
  }

  async people(context: CapstoneContext) {
    this.requireStaff(context);
    const { institute, cohort } = context.access;
    const [people, latePolicy] = await Promise.all([
      this.plans.listPeople(institute.id, cohort.id),
      this.plans.findLatePolicy(institute.id, cohort.id),
    ]);
    return { people, latePolicy };
  }

  /** A participant of this cohort, as the owner of a plan; anyone else is "not found". */
  async participant(context: CapstoneContext, userId: string): Promise<PlanOwner> {
    this.requireStaff(context);
    const { institute, cohort } = context.access;
    if (!isUuid(userId) || !(await this.plans.isEnrolled(institute.id, cohort.id, userId))) {
      throw new CapstoneSubmissionNotFoundError();
    }
    return { instituteId: institute.id, cohortId: cohort.id, userId };
  }

  async personVersions(context: CapstoneContext, userId: string) {
    const owner = await this.participant(context, userId);
    const [submissions, extensions] = await Promise.all([
      this.plans.listSubmissions(owner),
      this.plans.listExtensions(owner),
    ]);
    return { owner, submissions, extensions };
  }

  /** A new due date for one person, in the cohort's time zone (YYYY-MM-DDTHH:MM); kept beside every earlier grant. */
  async grantExtension(context: CapstoneContext, actor: string, userId: string, dueAtLocal: string, reason: string) {
    const owner = await this.participant(context, userId);
    const dueAt = localDateTimeToInstant(dueAtLocal.trim(), context.access.cohort.timeZone);
    if (!dueAt) {
      throw new CapstoneFormError('dueAt', 'The new due date must be a date and time (YYYY-MM-DDTHH:MM).');
    }
    const why = reason.trim();
    if (why === '') throw new CapstoneFormError('reason', 'Give the reason for the extension.');
    if (why.length > 1000) throw new CapstoneFormError('reason', 'The reason is longer than 1000 characters.');
    return this.plans.transaction(async (manager) => {
      const grant = await this.plans.insertExtension(manager, owner, dueAt, why, actor);
      await this.audit.append(manager, {
        instituteId: owner.instituteId,
        actorUserId: actor,
        action: 'capstone-extension.granted',
        entityType: 'capstone_extension',
        entityId: grant.id,
        after: { cohortId: owner.cohortId, userId: owner.userId, dueAt: dueAt.toISOString() },
        reason: why,
      });
      return { id: grant.id, dueAt };
    });
  }

  async setLatePolicy(context: CapstoneContext, actor: string, policy: string): Promise<void> {
    this.requireStaff(context);
    if (policy !== 'flag' && policy !== 'refuse') {
      throw new CapstoneFormError('policy', 'The late policy is either “flag” or “refuse”.');
    }
    const { institute, cohort } = context.access;
    await this.plans.transaction(async (manager) => {
      const before = await this.plans.setLatePolicy(manager, institute.id, cohort.id, policy);
      if (before === null) return;
      await this.audit.append(manager, {
        instituteId: institute.id,
        actorUserId: actor,
        action: 'capstone.late-policy-changed',
        entityType: 'cohort',
        entityId: cohort.id,
        before: { capstoneLatePolicy: before },
        after: { capstoneLatePolicy: policy },
      });
    });
  }
}
