import { DomainError } from '../../common/domain-error.js';
import type { ImportProblem } from '../localization/domain/xliff.js';

/** A translation file with problems: nothing was written; each problem names its unit (and line). */
export class TranslationImportRejectedError extends DomainError {
  constructor(readonly problems: ImportProblem[]) {
    super(
      'TRANSLATION_IMPORT_UNPROCESSABLE',
      `The file was refused (${problems.length} problem${problems.length === 1 ? '' : 's'}); nothing was saved.`,
      { problems },
    );
  }
}

export class TranslationFileMissingError extends DomainError {
  constructor() {
    super('VALIDATION_FAILED', 'Choose an XLIFF (.xlf) or CSV file to upload.');
  }
}

export class NoNewerMasterVersionError extends DomainError {
  constructor(copySlug: string) {
    super('COURSE_COPY_REBASE_CONFLICT', `The copy "${copySlug}" is already on the newest master version.`);
  }
}

/** A package that cannot be trusted or used: nothing was written. */
export class CoursePackageRefusedError extends DomainError {
  constructor(message: string) {
    super('COURSE_PACKAGE_UNPROCESSABLE', `Package refused, nothing was imported: ${message}`);
  }
}

export class CoursePackageSourceNotFoundError extends DomainError {
  constructor(what: string) {
    super('COURSE_PACKAGE_SOURCE_NOT_FOUND', `No ${what}.`);
  }
}
