/** The one place where domain error codes meet HTTP statuses. */
export function httpStatusOf(code: string): number {
  if (code === 'VALIDATION_FAILED') return 400;
  if (code === 'CONTENT_INVALID') return 422;
  if (code.endsWith('_UNPROCESSABLE')) return 422;
  if (code.endsWith('_TOO_LARGE')) return 413;
  if (code.endsWith('_NOT_FOUND')) return 404;
  if (code === 'NOT_SIGNED_IN') return 401;
  if (code === 'LOGIN_FAILED') return 401;
  if (code === 'LOGIN_THROTTLED') return 429;
  if (code.endsWith('_FORBIDDEN')) return 403;
  if (code === 'CSRF_FORBIDDEN') return 403;
  if (code.endsWith('_CONFLICT')) return 409;
  return 500;
}
