import { DomainError } from '../../common/domain-error.js';
import { formatProblem, type ContentProblem } from './domain/content.types.js';

export class ContentImportError extends DomainError {
  constructor(readonly problems: ContentProblem[]) {
    super(
      'CONTENT_INVALID',
      `Content import refused, nothing was imported. ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n` +
        problems.map((problem) => `  ${formatProblem(problem)}`).join('\n'),
      { problems },
    );
  }
}

export class CourseNotFoundError extends DomainError {
  constructor(slug: string, version?: number) {
    super(
      'COURSE_NOT_FOUND',
      version === undefined ? `No course "${slug}"` : `Course "${slug}" has no version ${version}`,
    );
  }
}

export class ModuleNotFoundError extends DomainError {
  constructor(slug: string, moduleId: string) {
    super('MODULE_NOT_FOUND', `Course "${slug}" has no module "${moduleId}"`);
  }
}
