import { DomainError } from '../../common/domain-error.js';

export class PeerReviewNotFoundError extends DomainError {
  constructor() {
    // Also what anyone gets for a page or review that is not theirs to see.
    super('PEER_REVIEW_NOT_FOUND', 'No such peer review.');
  }
}

export class PeerReviewSettingsInvalidError extends DomainError {
  constructor(message: string) {
    super('PEER_REVIEW_SETTINGS_UNPROCESSABLE', message);
  }
}

export class PeerReviewInvalidError extends DomainError {
  constructor(message: string) {
    super('PEER_REVIEW_UNPROCESSABLE', message);
  }
}

export class PeerReviewClosedError extends DomainError {
  constructor(message: string) {
    super('PEER_REVIEW_CLOSED_CONFLICT', message);
  }
}

export class PeerReviewSettingsConflictError extends DomainError {
  constructor(message: string) {
    super('PEER_REVIEW_SETTINGS_CONFLICT', message);
  }
}
