import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RequestViewer } from '../../common/auth/viewer.js';
import { JobQueue } from '../../infra/queue/job-queue.service.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { formatInTimeZone } from '../cohorts/domain/cohort-schedule.js';
import type { CapstoneDefinition, CapstoneSection, PlanContent } from './domain/capstone.types.js';
import { CapstoneContextService, type CapstoneContext } from './capstone-context.service.js';
import { deadlineOf, submissionTiming, type Deadline } from './domain/deadline.js';
import { emptyRequiredSections, type SectionReadResult } from './domain/plan-form.js';
import {
  CapstoneSubmissionsRepository,
  type AttachmentRecord,
  type DraftRecord,
  type PlanOwner,
  type SubmissionRecord,
} from './capstone-submissions.repository.js';
import {
  CapstoneParticipantOnlyError,
  CapstoneSectionNotFoundError,
  CapstoneSubmissionNotFoundError,
  LateSubmissionRefusedError,
  PlanSectionInvalidError,
  RequiredSectionsEmptyError,
  StaleDraftError,
} from './capstones.errors.js';

export type { CapstoneContext } from './capstone-context.service.js';

export interface PlanOverview {
  deadline: Deadline;
  draft: DraftRecord;
  attachments: AttachmentRecord[];
  submissions: SubmissionRecord[];
  latePolicy: 'flag' | 'refuse';
}

export interface SubmitOutcome {
  submission: SubmissionRecord;
  /** False when this draft had already been submitted: the first version is returned, no second one is made. */
  created: boolean;
}

const UNIQUE_VIOLATION = '23505';

@Injectable()
export class CapstonePlansService {
  private readonly logger = new Logger(CapstonePlansService.name);

  constructor(
    private readonly contexts: CapstoneContextService,
    private readonly plans: CapstoneSubmissionsRepository,
    private readonly audit: AuditRepository,
    private readonly jobs: JobQueue,
  ) {}

  /** The viewer's capstone of the cohort (CapstoneContextService: 404 for strangers and for a course without one). */
  context(viewer: RequestViewer | null | undefined, instituteSlug: string, cohortId: string): Promise<CapstoneContext> {
    return this.contexts.context(viewer, instituteSlug, cohortId);
  }

  ownerOf(context: CapstoneContext): PlanOwner {
    if (!context.owner) throw new CapstoneParticipantOnlyError();
    return context.owner;
  }

  section(context: CapstoneContext, sectionId: string): CapstoneSection {
    const section = context.definition.sections.find((candidate) => candidate.id === sectionId);
    if (!section) throw new CapstoneSectionNotFoundError(sectionId);
    return section;
  }

  async deadline(context: CapstoneContext, owner: PlanOwner): Promise<Deadline> {
    return deadlineOf(context.access.cohort.schedule.capstoneDueAt, await this.plans.listExtensions(owner));
  }

  async overview(context: CapstoneContext): Promise<PlanOverview> {
    const owner = this.ownerOf(context);
    const [deadline, draft, attachments, submissions, latePolicy] = await Promise.all([
      this.deadline(context, owner),
      this.plans.findDraft(owner),
      this.plans.listCurrentAttachments(owner),
      this.plans.listSubmissions(owner),
      this.plans.findLatePolicy(owner.instituteId, owner.cohortId),
    ]);
    return { deadline, draft, attachments, submissions, latePolicy };
  }

  draft(context: CapstoneContext): Promise<DraftRecord> {
    return this.plans.findDraft(this.ownerOf(context));
  }

  /**
   * Saves one section if the plan is still at the revision the form was loaded at; the new revision is returned.
   * A save from an older revision (another tab saved meanwhile) is refused and nothing is written.
   */
  async saveSection(
    context: CapstoneContext,
    section: CapstoneSection,
    read: SectionReadResult,
    loadedRevision: number,
  ): Promise<number> {
    const owner = this.ownerOf(context);
    if (!read.ok) throw new PlanSectionInvalidError(read.problems);
    const revision = await this.plans.saveSection(owner, section.id, read.content, loadedRevision);
    if (revision !== null) return revision;
    const current = await this.plans.findDraft(owner);
    throw new StaleDraftError(loadedRevision, current.revision);
  }

  /**
   * Freezes the current draft as the next version. One person's submits queue behind an advisory lock, and the
   * same draft revision gives the same version: a double click or a second tab makes no second version.
   * `seenRevision`, when given, is the draft the person looked at: a newer draft is not submitted in its place.
   */
  async submit(context: CapstoneContext, actor: string, seenRevision: number | null, now = new Date()) {
    let outcome: SubmitOutcome;
    try {
      outcome = await this.submitOnce(context, actor, seenRevision, now);
    } catch (error) {
      // The unique index is the backstop if two submits ever pass the lock: the loser finds the winner's version.
      if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
      outcome = await this.submitOnce(context, actor, seenRevision, now);
    }
    if (outcome.created) await this.queuePeerReviewAllocation(context, outcome.submission.id, now);
    return outcome;
  }

  /**
   * A plan submitted after the cohort's due date missed the allocation run: peer review allocates it incrementally
   * (the run only adds reviewers). Through a job, so the capstone module does not call peer review; the job id
   * (three ':'-separated parts, as BullMQ 6 wants) queues it once per submission.
   */
  private async queuePeerReviewAllocation(context: CapstoneContext, submissionId: string, now: Date): Promise<void> {
    const { cohort, institute } = context.access;
    if (now < new Date(cohort.schedule.capstoneDueAt)) return;
    try {
      await this.jobs.enqueue(
        'peer-review.allocate',
        { instituteId: institute.id, cohortId: cohort.id },
        { jobId: `peer-review-late:${cohort.id}:${submissionId}` },
      );
    } catch (error) {
      // The submission is saved; the trainer's allocation button or the next run picks it up.
      this.logger.warn(`could not queue the peer-review allocation of submission ${submissionId}: ${String(error)}`);
    }
  }

  private submitOnce(
    context: CapstoneContext,
    actor: string,
    seenRevision: number | null,
    now: Date,
  ): Promise<SubmitOutcome> {
    const owner = this.ownerOf(context);
    return this.plans.transaction(async (manager) => {
      await this.plans.lockPlan(manager, owner);
      const draft = await this.plans.findDraft(owner, manager);
      if (seenRevision !== null && seenRevision !== draft.revision) {
        throw new StaleDraftError(seenRevision, draft.revision);
      }
      const existing =
        draft.revision > 0 ? await this.plans.findSubmissionOfDraft(manager, owner, draft.revision) : null;
      if (existing) return { submission: existing, created: false };
      const empty = emptyRequiredSections(context.definition.sections, draft.content);
      if (empty.length > 0 || draft.revision === 0) {
        throw new RequiredSectionsEmptyError(
          empty.length > 0 ? empty : context.definition.sections.map((s) => s.title),
        );
      }
      const submission = await this.insertVersion(manager, context, owner, draft, now);
      await this.audit.append(manager, {
        instituteId: owner.instituteId,
        actorUserId: actor,
        action: 'capstone.submitted',
        entityType: 'capstone_submission',
        entityId: submission.id,
        after: {
          cohortId: owner.cohortId,
          userId: owner.userId,
          version: submission.version,
          draftRevision: submission.draftRevision,
          dueAt: submission.dueAt,
          late: submission.late,
          attachmentIds: submission.attachmentIds,
        },
      });
      return { submission, created: true };
    });
  }

  private async insertVersion(
    manager: EntityManager,
    context: CapstoneContext,
    owner: PlanOwner,
    draft: DraftRecord,
    now: Date,
  ): Promise<SubmissionRecord> {
    const { cohort } = context.access;
    const deadline = deadlineOf(cohort.schedule.capstoneDueAt, await this.plans.listExtensions(owner, manager));
    const policy = await this.plans.findLatePolicy(owner.instituteId, owner.cohortId, manager);
    const timing = submissionTiming(deadline, policy, now);
    if (!timing.allowed) throw new LateSubmissionRefusedError(formatInTimeZone(deadline.dueAt, cohort.timeZone));
    const attachments = await this.plans.listCurrentAttachments(owner, manager);
    const version = (await this.plans.lastVersionNumber(manager, owner)) + 1;
    return this.plans.insertSubmission(manager, owner, {
      version,
      draftRevision: draft.revision,
      courseVersionId: cohort.courseVersionId,
      content: frozenContent(context.definition, draft.content),
      attachmentIds: attachments.map((attachment) => attachment.id),
      submittedAt: now,
      dueAt: deadline.dueAt,
      late: timing.late,
    });
  }

  listVersions(context: CapstoneContext): Promise<SubmissionRecord[]> {
    return this.plans.listSubmissions(this.ownerOf(context));
  }

  async version(owner: PlanOwner, version: number) {
    const submission = await this.plans.findSubmission(owner, version);
    if (!submission) throw new CapstoneSubmissionNotFoundError();
    const attachments = await this.plans.listAttachmentsByIds(
      owner.instituteId,
      owner.cohortId,
      submission.attachmentIds,
    );
    return { submission, attachments };
  }
}

/** Only the sections of the brief, in its order: what the trainer grades and the export prints. */
function frozenContent(definition: CapstoneDefinition, content: PlanContent): PlanContent {
  const sections: PlanContent['sections'] = {};
  for (const section of definition.sections) {
    const value = content.sections[section.id];
    if (value) sections[section.id] = value;
  }
  return { sections };
}
