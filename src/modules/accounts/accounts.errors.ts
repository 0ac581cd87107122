import { DomainError } from '../../common/domain-error.js';

/** One message for unknown e-mail and wrong password alike: no one learns who has an account. */
export class LoginFailedError extends DomainError {
  constructor() {
    super('LOGIN_FAILED', 'That e-mail and password do not match an account.');
  }
}

export class LoginThrottledError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super('LOGIN_THROTTLED', `Too many attempts. Try again in ${Math.ceil(retryAfterSeconds / 60)} minutes.`, {
      retryAfterSeconds,
    });
  }
}

export class NotSignedInError extends DomainError {
  constructor() {
    super('NOT_SIGNED_IN', 'Please log in first.');
  }
}

export class CsrfError extends DomainError {
  constructor() {
    super(
      'CSRF_FORBIDDEN',
      'This form has expired or did not come from Cascade. Go back, reload the page and try again.',
    );
  }
}
