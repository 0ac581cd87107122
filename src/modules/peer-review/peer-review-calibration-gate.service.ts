import { Injectable } from '@nestjs/common';
import { calibrationStatus, type CalibrationStatus } from './domain/calibration.js';
import type { PeerReviewSettings } from './domain/peer-review-settings.js';
import { CalibrationRequiredError } from './peer-review-calibration.errors.js';
import { PeerReviewCalibrationRepository } from './peer-review-calibration.repository.js';

/** Who is calibrating: the participant, their cohort and the cohort's resolved settings. */
export interface CalibrationSubject {
  cohort: { id: string; instituteId: string };
  userId: string;
  settings: Pick<PeerReviewSettings, 'calibration' | 'calibrationTolerance' | 'calibrationExamples'>;
}

/**
 * Whether a participant may open and save their reviews: the one check every review route (page or API) goes
 * through, on the server. A cohort with calibration off, or without an example in use, is never gated.
 */
@Injectable()
export class PeerReviewCalibrationGate {
  constructor(private readonly repository: PeerReviewCalibrationRepository) {}

  async status(subject: CalibrationSubject): Promise<CalibrationStatus> {
    const { cohort, userId, settings } = subject;
    if (settings.calibration === 'off')
      return calibrationStatus({
        mode: 'off',
        examplesRequired: 0,
        tolerance: 0,
        activeExampleIds: [],
        attempts: [],
      });
    const [activeExampleIds, attempts] = await Promise.all([
      this.repository.listActiveExampleIds(cohort.instituteId, cohort.id),
      this.repository.listAttemptsOf(cohort.instituteId, cohort.id, userId),
    ]);
    return calibrationStatus({
      mode: settings.calibration,
      examplesRequired: settings.calibrationExamples,
      tolerance: settings.calibrationTolerance,
      activeExampleIds,
      attempts,
    });
  }

  /** Throws CalibrationRequiredError (403) while calibration is still to do. */
  async assertMayReview(subject: CalibrationSubject, calibratePath: string | null = null): Promise<void> {
    const status = await this.status(subject);
    if (status.state === 'pending') throw new CalibrationRequiredError(calibratePath);
  }
}
