import { DomainError } from '../../common/domain-error.js';

export class CourseCopyNotFoundError extends DomainError {
  constructor(slug: string) {
    // Also what another institute gets for a copy that is not theirs.
    super('COURSE_COPY_NOT_FOUND', `No course copy "${slug}".`);
  }
}

/** Bad input: the message names the field or the unit. */
export class CourseCopyInvalidError extends DomainError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('COURSE_COPY_UNPROCESSABLE', message, details);
  }
}

export class CourseCopySlugTakenError extends DomainError {
  constructor(slug: string) {
    super('COURSE_COPY_SLUG_CONFLICT', `slug: the institute already has a copy "${slug}".`, { field: 'slug' });
  }
}

/** A unit changed since the form was shown: nothing is written, the editor reloads. */
export class CourseCopyUnitConflictError extends DomainError {
  constructor(readonly unitIds: string[]) {
    super(
      'COURSE_COPY_UNIT_CONFLICT',
      `Changed by someone else since the form was shown: ${unitIds.join(', ')}. Nothing was saved; reload the page.`,
      { units: unitIds },
    );
  }
}
