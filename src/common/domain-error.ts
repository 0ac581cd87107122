/**
 * Services throw these, never HttpException: the global filter maps each code to an HTTP status,
 * so the same rule serves pages, the JSON API, CLIs and jobs.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
