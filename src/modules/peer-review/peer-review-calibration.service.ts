import { reviewCriteriaFromForm } from './domain/review-form.js';
import { Injectable } from '@nestjs/common';
import { isUuid } from '../../common/ids.js';
import { AuditRepository } from '../audit/audit.repository.js';
import type { RubricCriterion } from '../capstones/domain/capstone.types.js';
import {
  calibrationCloseness,
  calibrationProblems,
  withinTolerance,
  type CalibrationCloseness,
  type CalibrationLevel,
  type CalibrationStatus,
} from './domain/calibration.js';
import { PeerReviewCalibrationGate, type CalibrationSubject } from './peer-review-calibration-gate.service.js';
import { CalibrationExampleNotFoundError, CalibrationInvalidError } from './peer-review-calibration.errors.js';
import {
  PeerReviewCalibrationRepository,
  type CalibrationAttempt,
  type CalibrationExample,
} from './peer-review-calibration.repository.js';

/** A participant calibrating: who, where, the settings, and the rubric of the cohort's capstone. */
export interface Calibrator extends CalibrationSubject {
  rubric: readonly RubricCriterion[];
}

/** What the participant's calibration page shows: where they stand, the example to do, and their attempts. */
export interface CalibrationOverview {
  status: CalibrationStatus;
  /** The example to review now (no reference: that comes with the result); null when none is left or needed. */
  example: Pick<CalibrationExample, 'id' | 'title' | 'planText'> | null;
  /** Examples in use the participant may (re)do, oldest first. */
  active: Pick<CalibrationExample, 'id' | 'title'>[];
  attempts: (CalibrationAttempt & { exampleTitle: string })[];
}

export interface CalibrationResult {
  attempt: CalibrationAttempt;
  example: CalibrationExample;
  closeness: CalibrationCloseness;
  status: CalibrationStatus;
}

/**
 * The participant's side of calibration: an example plan (shown without any author: it is an example), their
 * levels, then their levels beside the trainer's reference. Each attempt is a new row, never changed.
 */
@Injectable()
export class PeerReviewCalibrationService {
  constructor(
    private readonly repository: PeerReviewCalibrationRepository,
    private readonly gate: PeerReviewCalibrationGate,
    private readonly audit: AuditRepository,
  ) {}

  async overview(calibrator: Calibrator, chosenExampleId: string | null): Promise<CalibrationOverview> {
    const { cohort, userId } = calibrator;
    const [status, examples, attempts] = await Promise.all([
      this.gate.status(calibrator),
      this.repository.listExamples(cohort.instituteId, cohort.id),
      this.repository.listAttemptsOf(cohort.instituteId, cohort.id, userId),
    ]);
    const titleOf = new Map(examples.map((example) => [example.id, example.title]));
    const active = examples.filter((example) => example.retiredAt === null);
    const gated = status.state === 'pending' || status.state === 'done';
    let example: CalibrationExample | null = null;
    if (gated && chosenExampleId !== null) {
      example = active.find((entry) => entry.id === chosenExampleId) ?? null;
      if (!example) throw new CalibrationExampleNotFoundError();
    } else if (status.state === 'pending' && status.nextExampleId) {
      // Once done, no form is put in front of the participant: the other examples stay there to practise on.
      example = active.find((entry) => entry.id === status.nextExampleId) ?? null;
    }
    return {
      status,
      example: example && { id: example.id, title: example.title, planText: example.planText },
      active: gated ? active.map((entry) => ({ id: entry.id, title: entry.title })) : [],
      attempts: attempts.map((attempt) => ({ ...attempt, exampleTitle: titleOf.get(attempt.exampleId) ?? '' })),
    };
  }

  /**
   * Scores and records one attempt on an example in use. Problems (a criterion without a level) come back with
   * the levels as chosen, nothing recorded. The attempt keeps the tolerance and mode it was judged by.
   */
  async submitAttempt(
    calibrator: Calibrator,
    exampleId: string,
    form: Record<string, string>,
  ): Promise<{
    attemptId: string | null;
    problems: string[];
    levels: CalibrationLevel[];
    example: CalibrationExample;
  }> {
    const { cohort, userId, settings, rubric } = calibrator;
    if (!isUuid(exampleId)) throw new CalibrationExampleNotFoundError();
    const example = await this.repository.findExample(cohort.instituteId, cohort.id, exampleId);
    if (!example) throw new CalibrationExampleNotFoundError();
    if (settings.calibration === 'off')
      throw new CalibrationInvalidError('Calibration is off for this cohort: go straight to your reviews.');
    if (example.retiredAt !== null)
      throw new CalibrationInvalidError('This example is no longer in use: open the calibration page for another.');
    const levels = reviewCriteriaFromForm(rubric, form);
    const problems = calibrationProblems(rubric, levels);
    if (problems.length > 0) return { attemptId: null, problems, levels, example };
    const { closeness } = calibrationCloseness(rubric, example.reference, levels);
    const within = withinTolerance(closeness, settings.calibrationTolerance);
    const attemptId = await this.repository.transaction(async (manager) => {
      const id = await this.repository.insertAttempt(manager, cohort.instituteId, cohort.id, {
        exampleId,
        userId,
        levels,
        closeness,
        tolerance: settings.calibrationTolerance,
        withinTolerance: within,
        mode: settings.calibration === 'recorded' ? 'recorded' : 'required',
      });
      await this.audit.append(manager, {
        instituteId: cohort.instituteId,
        actorUserId: userId,
        action: 'peer-review.calibration-attempted',
        entityType: 'peer-review-calibration-attempt',
        entityId: id,
        after: { exampleId, closeness, tolerance: settings.calibrationTolerance, withinTolerance: within },
      });
      return id;
    });
    return { attemptId, problems: [], levels, example };
  }

  /** One of the participant's own attempts beside the reference; 404 for anyone else's. */
  async result(calibrator: Calibrator, attemptId: string): Promise<CalibrationResult> {
    const { cohort, userId } = calibrator;
    if (!isUuid(attemptId)) throw new CalibrationExampleNotFoundError();
    const attempt = await this.repository.findAttemptOf(cohort.instituteId, cohort.id, userId, attemptId);
    if (!attempt) throw new CalibrationExampleNotFoundError();
    const example = await this.repository.findExample(cohort.instituteId, cohort.id, attempt.exampleId);
    if (!example) throw new CalibrationExampleNotFoundError();
    return {
      attempt,
      example,
      closeness: calibrationCloseness(calibrator.rubric, example.reference, attempt.levels),
      status: await this.gate.status(calibrator),
    };
  }

  /** An example in use, for the form re-shown with problems. */
  async activeExample(calibrator: Calibrator, exampleId: string): Promise<CalibrationExample> {
    const example = isUuid(exampleId)
      ? await this.repository.findExample(calibrator.cohort.instituteId, calibrator.cohort.id, exampleId)
      : null;
    if (!example || example.retiredAt !== null) throw new CalibrationExampleNotFoundError();
    return example;
  }
}
