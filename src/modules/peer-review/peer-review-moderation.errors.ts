import { DomainError } from '../../common/domain-error.js';

/** A plan, review or allocation the cohort does not have (or an id that is not one): 404. */
export class PeerReviewModerationNotFoundError extends DomainError {
  constructor(message: string) {
    super('PEER_REVIEW_MODERATION_NOT_FOUND', message);
  }
}

/** A trainer's form that cannot be done as asked (the author as reviewer, no reason, a bad percent): 422. */
export class PeerReviewModerationInvalidError extends DomainError {
  constructor(message: string) {
    super('PEER_REVIEW_MODERATION_UNPROCESSABLE', message);
  }
}

/** The state has moved on (already a reviewer, allocation already ended): 409. */
export class PeerReviewModerationConflictError extends DomainError {
  constructor(message: string) {
    super('PEER_REVIEW_MODERATION_CONFLICT', message);
  }
}
