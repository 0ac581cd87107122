import { DomainError } from '../../common/domain-error.js';

export class CapstoneSubmissionNotFoundError extends DomainError {
  constructor() {
    // Also what anyone but the plan's author and the cohort's staff gets.
    super('CAPSTONE_SUBMISSION_NOT_FOUND', 'No such submitted action plan.');
  }
}

/** The PDF cannot be made from this submission, whatever the retries (no capstone, unreadable budget). */
export class CapstoneExportImpossibleError extends DomainError {
  constructor(reason: string) {
    super('CAPSTONE_EXPORT_CONFLICT', reason);
  }
}
