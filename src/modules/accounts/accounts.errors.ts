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

export class AccountNotFoundError extends DomainError {
  constructor() {
    super('ACCOUNT_NOT_FOUND', 'There is no active account with that id.');
  }
}

export class PasswordRejectedError extends DomainError {
  constructor(message: string) {
    super('VALIDATION_FAILED', message, { fields: [{ field: 'password', problems: [message] }] });
  }
}

const TOKEN_PROBLEMS = {
  unknown: 'This link is not valid. Ask for a new one.',
  used: 'This link has already been used. Ask for a new one if you still need it.',
  expired: 'This link has expired. Ask for a new one.',
} as const;

/** An e-mailed link that cannot be used (unknown, used or expired). */
export class AuthTokenInvalidError extends DomainError {
  constructor(readonly problem: keyof typeof TOKEN_PROBLEMS) {
    super('AUTH_TOKEN_INVALID', TOKEN_PROBLEMS[problem], { problem });
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
