import { DomainError } from '../../common/domain-error.js';

export class CalibrationExampleNotFoundError extends DomainError {
  constructor() {
    super('PEER_REVIEW_CALIBRATION_NOT_FOUND', 'No such calibration example or attempt.');
  }
}

export class CalibrationInvalidError extends DomainError {
  constructor(message: string) {
    super('PEER_REVIEW_CALIBRATION_UNPROCESSABLE', message);
  }
}

/** A review opened or saved before the participant has calibrated (mode required or recorded). */
export class CalibrationRequiredError extends DomainError {
  constructor(calibratePath: string | null = null) {
    super(
      'PEER_REVIEW_CALIBRATION_REQUIRED_FORBIDDEN',
      'Calibrate first: review the example plan on the calibration page before you review your peers’ plans.',
      calibratePath ? { calibrate: calibratePath } : undefined,
    );
  }
}
