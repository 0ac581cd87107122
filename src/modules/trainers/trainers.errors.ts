import { DomainError } from '../../common/domain-error.js';
import type { CertificationRequirement, RefusalCode } from './domain/stages.js';

/** No such person, course or path, or the viewer may not see it: both answer 404. */
export class TrainerPathNotFoundError extends DomainError {
  constructor() {
    super('TRAINER_PATH_NOT_FOUND', 'No such trainer path.');
  }
}

/** An event the stage rules refuse; `refusal` is the rule's code, for the page to translate. */
export class TrainerTransitionRefusedError extends DomainError {
  constructor(
    readonly refusal: RefusalCode,
    message: string,
    readonly missing: CertificationRequirement[] = [],
  ) {
    super('TRAINER_TRANSITION_UNPROCESSABLE', message, { refusal, missing });
  }
}

/** A form the trainer path cannot take as it is (teach-back, score, calibration); `problem` names the fault. */
export class TrainerFormInvalidError extends DomainError {
  constructor(
    readonly problem: string,
    message: string,
  ) {
    super('TRAINER_FORM_UNPROCESSABLE', message, { problem });
  }
}
