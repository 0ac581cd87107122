import { DomainError } from '../../common/domain-error.js';

export class CohortNotFoundError extends DomainError {
  constructor() {
    // Also what someone from another institute gets: whether the cohort exists is not theirs to know.
    super('COHORT_NOT_FOUND', 'No such cohort');
  }
}

export class ModuleLockedError extends DomainError {
  constructor(
    readonly moduleTitle: string,
    readonly opensAtLocal: string,
  ) {
    super('MODULE_LOCKED_FORBIDDEN', `“${moduleTitle}” opens on ${opensAtLocal}.`, { opensAt: opensAtLocal });
  }
}

export class CohortFullError extends DomainError {
  constructor(capacity: number) {
    super('COHORT_FULL_CONFLICT', `The cohort is full (${capacity} ${capacity === 1 ? 'place' : 'places'}).`);
  }
}

export class NotEnrolledError extends DomainError {
  constructor() {
    super('NOT_ENROLLED_FORBIDDEN', 'Only participants enrolled in this cohort can do that.');
  }
}

export class ModuleNeedsQuizError extends DomainError {
  constructor(moduleTitle: string) {
    super('MODULE_QUIZ_REQUIRED_CONFLICT', `“${moduleTitle}” is completed by passing its quiz.`);
  }
}

export class EnrolmentOrganizationConflictError extends DomainError {
  constructor(recorded: string) {
    super(
      'VALIDATION_FAILED',
      `organization: this person is enrolled already with the organization "${recorded}"; withdraw them and enrol them again to record another one`,
    );
  }
}
