import { Injectable } from '@nestjs/common';
import { isUuid } from '../../common/ids.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { CapstoneContextService } from '../capstones/capstone-context.service.js';
import { CapstoneNotFoundError } from '../capstones/capstones.errors.js';
import type { RubricCriterion } from '../capstones/domain/capstone.types.js';
import type { CohortAccess } from '../cohorts/cohort-access.service.js';
import {
  calibrationExampleFromForm,
  calibrationExampleProblems,
  calibrationStatus,
  type CalibrationExampleDraft,
  type CalibrationReference,
  type CalibrationState,
} from './domain/calibration.js';
import { peerRubricOf, type PeerReviewSettings } from './domain/peer-review-settings.js';
import { PeerReviewAllocationService } from './peer-review-allocation.service.js';
import { CalibrationExampleNotFoundError, CalibrationInvalidError } from './peer-review-calibration.errors.js';
import {
  PeerReviewCalibrationRepository,
  type CalibrationExample,
  type CalibrationExampleListing,
} from './peer-review-calibration.repository.js';

export interface ParticipantCalibration {
  userId: string;
  name: string;
  state: CalibrationState;
  attempts: number;
  /** Closeness of their latest attempt (mean level difference); null before any. */
  lastCloseness: number | null;
  lastAt: Date | null;
}

export interface CalibrationStaffPage {
  settings: PeerReviewSettings;
  language: string;
  rubric: readonly RubricCriterion[];
  examples: CalibrationExampleListing[];
  activeCount: number;
  participants: ParticipantCalibration[];
}

/** Trainers' side of calibration: the cohort's examples (create, retire) and where each participant stands. */
@Injectable()
export class PeerReviewCalibrationStaffService {
  constructor(
    private readonly repository: PeerReviewCalibrationRepository,
    private readonly contexts: CapstoneContextService,
    private readonly allocation: PeerReviewAllocationService,
    private readonly audit: AuditRepository,
  ) {}

  private cohortOf(access: CohortAccess) {
    return {
      id: access.cohort.id,
      instituteId: access.institute.id,
      courseVersionId: access.cohort.courseVersionId,
      schedule: access.cohort.schedule,
    };
  }

  /** The rubric peer reviewers use in this cohort (capstone's or peer review's own); 404 without a capstone. */
  async rubric(access: CohortAccess): Promise<readonly RubricCriterion[]> {
    const { definition } = await this.contexts.course(access.cohort.courseVersionId);
    if (!definition) throw new CapstoneNotFoundError();
    const { settings } = await this.allocation.settings(this.cohortOf(access));
    return peerRubricOf(definition, settings).criteria;
  }

  /** How many examples are in use and the resolved settings: for the peer-review staff page. */
  async summary(access: CohortAccess): Promise<{ activeCount: number }> {
    const ids = await this.repository.listActiveExampleIds(access.institute.id, access.cohort.id);
    return { activeCount: ids.length };
  }

  async page(access: CohortAccess): Promise<CalibrationStaffPage> {
    const instituteId = access.institute.id;
    const cohortId = access.cohort.id;
    const [{ settings, language }, rubric, examples, participants, attempts] = await Promise.all([
      this.allocation.settings(this.cohortOf(access)),
      this.rubric(access),
      this.repository.listExamples(instituteId, cohortId),
      this.repository.listParticipants(instituteId, cohortId),
      this.repository.listCohortAttempts(instituteId, cohortId),
    ]);
    const activeExampleIds = examples.filter((example) => example.retiredAt === null).map((example) => example.id);
    return {
      settings,
      language,
      rubric,
      examples,
      activeCount: activeExampleIds.length,
      participants: participants.map((participant) => {
        const own = attempts.filter((attempt) => attempt.userId === participant.userId);
        const last = own.at(-1) ?? null;
        const status = calibrationStatus({
          mode: settings.calibration,
          examplesRequired: settings.calibrationExamples,
          tolerance: settings.calibrationTolerance,
          activeExampleIds,
          attempts: own,
        });
        return {
          userId: participant.userId,
          name: participant.name,
          state: status.state,
          attempts: own.length,
          lastCloseness: last?.closeness ?? null,
          lastAt: last?.createdAt ?? null,
        };
      }),
    };
  }

  async example(access: CohortAccess, exampleId: string): Promise<CalibrationExample> {
    const example = isUuid(exampleId)
      ? await this.repository.findExample(access.institute.id, access.cohort.id, exampleId)
      : null;
    if (!example) throw new CalibrationExampleNotFoundError();
    return example;
  }

  /** Creates an example from the trainer's form; problems come back with the draft as typed, nothing saved. */
  async createExample(
    access: CohortAccess,
    actorUserId: string,
    form: Record<string, string>,
  ): Promise<{ exampleId: string | null; problems: string[]; draft: CalibrationExampleDraft }> {
    const rubric = await this.rubric(access);
    const draft = calibrationExampleFromForm(rubric, form);
    const problems = calibrationExampleProblems(rubric, draft);
    if (problems.length > 0) return { exampleId: null, problems, draft };
    const reference: CalibrationReference[] = draft.reference.map((entry) => ({
      criterionId: entry.criterionId,
      levelId: entry.levelId!,
      explanation: entry.explanation,
    }));
    const exampleId = await this.repository.transaction(async (manager) => {
      const id = await this.repository.insertExample(
        manager,
        access.institute.id,
        access.cohort.id,
        { title: draft.title, planText: draft.planText, reference },
        actorUserId,
      );
      await this.audit.append(manager, {
        instituteId: access.institute.id,
        actorUserId,
        action: 'peer-review.calibration-example-created',
        entityType: 'peer-review-calibration-example',
        entityId: id,
        after: { cohortId: access.cohort.id, title: draft.title, reference },
      });
      return id;
    });
    return { exampleId, problems: [], draft };
  }

  /** Retires an example: no longer shown, kept with its attempts; those who passed on it stay passed. Audited. */
  async retireExample(access: CohortAccess, actorUserId: string, exampleId: string): Promise<void> {
    const example = await this.example(access, exampleId);
    if (example.retiredAt !== null) throw new CalibrationInvalidError('This example is already retired.');
    await this.repository.transaction(async (manager) => {
      const retired = await this.repository.retireExample(
        manager,
        access.institute.id,
        access.cohort.id,
        exampleId,
        actorUserId,
      );
      if (!retired) throw new CalibrationInvalidError('This example is already retired.');
      await this.audit.append(manager, {
        instituteId: access.institute.id,
        actorUserId,
        action: 'peer-review.calibration-example-retired',
        entityType: 'peer-review-calibration-example',
        entityId: exampleId,
        before: { retiredAt: null },
        after: { retired: true },
      });
    });
  }
}
