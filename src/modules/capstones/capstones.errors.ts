import { DomainError } from '../../common/domain-error.js';

export class CapstoneNotFoundError extends DomainError {
  constructor() {
    super('CAPSTONE_NOT_FOUND', 'This course has no capstone action plan.');
  }
}

export class CapstoneSectionNotFoundError extends DomainError {
  constructor(sectionId: string) {
    super('CAPSTONE_SECTION_NOT_FOUND', `The action plan has no section “${sectionId}”.`);
  }
}

export class CapstoneAttachmentNotFoundError extends DomainError {
  constructor() {
    // Also what anyone but the owner and the cohort's staff gets, and a file asked for through another institute.
    super('CAPSTONE_ATTACHMENT_NOT_FOUND', 'No such attachment.');
  }
}

/** Also what anyone gets who may not see the submission: whether it exists is not theirs to know. */
export class CapstoneSubmissionNotFoundError extends DomainError {
  constructor() {
    super('CAPSTONE_SUBMISSION_NOT_FOUND', 'No such version of the action plan.');
  }
}

export class CapstoneParticipantOnlyError extends DomainError {
  constructor() {
    super('CAPSTONE_PARTICIPANT_FORBIDDEN', 'Only participants of this cohort write and submit an action plan.');
  }
}

export class CapstoneStaffOnlyError extends DomainError {
  constructor() {
    super('CAPSTONE_STAFF_FORBIDDEN', 'Only the trainers and administrators of this cohort can do that.');
  }
}

/** A section's form or JSON with problems: every problem is listed, and nothing was saved. */
export class PlanSectionInvalidError extends DomainError {
  constructor(readonly problems: string[]) {
    super('VALIDATION_FAILED', problems.join(' '), { problems });
  }
}

export class CapstoneFormError extends DomainError {
  constructor(field: string, message: string) {
    super('VALIDATION_FAILED', message, { field });
  }
}

/** The draft changed since the form was loaded (another tab, another device): the save is refused, never merged. */
export class StaleDraftError extends DomainError {
  constructor(
    readonly loadedRevision: number,
    readonly currentRevision: number,
  ) {
    super(
      'CAPSTONE_DRAFT_STALE_CONFLICT',
      `Your plan was saved elsewhere (another tab or device) after you opened this form: you opened revision ${loadedRevision}, the plan is now at revision ${currentRevision}. Nothing was saved; the newer plan is shown — copy your changes into it.`,
      { loadedRevision, currentRevision },
    );
  }
}

export class RequiredSectionsEmptyError extends DomainError {
  constructor(readonly titles: string[]) {
    super(
      'CAPSTONE_SECTIONS_EMPTY_CONFLICT',
      `The plan cannot be submitted yet: ${titles.length === 1 ? 'this required section is' : 'these required sections are'} empty: ${titles.join(', ')}.`,
      { sections: titles },
    );
  }
}

export class LateSubmissionRefusedError extends DomainError {
  constructor(dueAtText: string) {
    super(
      'CAPSTONE_LATE_FORBIDDEN',
      `The action plan was due on ${dueAtText} and this cohort does not accept late plans. Ask your trainer for an extension.`,
      { dueAt: dueAtText },
    );
  }
}

export class AttachmentRefusedError extends DomainError {
  constructor(reason: string) {
    super('CAPSTONE_ATTACHMENT_UNPROCESSABLE', reason);
  }
}

export class AttachmentTooLargeError extends DomainError {
  constructor(limitMb: number) {
    super('CAPSTONE_ATTACHMENT_TOO_LARGE', `The file is larger than ${limitMb} MB: make it smaller or split it.`);
  }
}

export class TooManyAttachmentsError extends DomainError {
  constructor(limit: number) {
    super('CAPSTONE_ATTACHMENTS_CONFLICT', `A plan carries at most ${limit} attachments: remove one first.`);
  }
}
