import { DomainError } from '../../common/domain-error.js';

export class CapstoneGradingNotFoundError extends DomainError {
  constructor() {
    // Participants and everyone outside the cohort's staff: the grading pages do not exist for them.
    super('CAPSTONE_GRADING_NOT_FOUND', 'No such page.');
  }
}

export class CapstoneNotDefinedError extends DomainError {
  constructor() {
    super('CAPSTONE_NOT_FOUND', 'This course has no capstone.');
  }
}

export class CapstoneGradeFormError extends DomainError {
  constructor(field: string, message: string) {
    super('VALIDATION_FAILED', message, { field });
  }
}

export class CapstoneGradeStateError extends DomainError {
  constructor(message: string) {
    super('CAPSTONE_GRADE_CONFLICT', message);
  }
}
