import { DomainError } from '../../common/domain-error.js';

export class CertificateNotFoundError extends DomainError {
  constructor() {
    // Also what anyone gets for a certificate that is not theirs to see.
    super('CERTIFICATE_NOT_FOUND', 'No such certificate.');
  }
}

export class CertificateFormError extends DomainError {
  constructor(field: string, message: string) {
    super('CERTIFICATE_FORM_UNPROCESSABLE', message, { field });
  }
}

export class CertificateStateError extends DomainError {
  constructor(message: string) {
    super('CERTIFICATE_STATE_CONFLICT', message);
  }
}

/** A job that can never succeed (the cohort or person is gone): failed at once, not retried. */
export class CertificateImpossibleError extends DomainError {
  constructor(message: string) {
    super('CERTIFICATE_IMPOSSIBLE', message);
  }
}
