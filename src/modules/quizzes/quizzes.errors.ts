import { DomainError } from '../../common/domain-error.js';

export class QuizNotFoundError extends DomainError {
  constructor(moduleId: string) {
    super('QUIZ_NOT_FOUND', `Module ${moduleId} has no quiz.`);
  }
}

export class AttemptNotFoundError extends DomainError {
  constructor() {
    // Also what anyone but the attempt's owner and the cohort's staff gets.
    super('QUIZ_ATTEMPT_NOT_FOUND', 'No such quiz attempt.');
  }
}

export class AttemptRefusedError extends DomainError {
  constructor(reason: string) {
    super('QUIZ_ATTEMPT_CONFLICT', reason);
  }
}

export class AttemptClosedError extends DomainError {
  constructor(submittedAt: Date | null) {
    super(
      'QUIZ_ATTEMPT_CLOSED_CONFLICT',
      submittedAt
        ? `This attempt was submitted at ${submittedAt.toISOString()}: its answers can no longer change.`
        : 'The time for this attempt is over: its answers can no longer change.',
    );
  }
}

export class QuestionNotInAttemptError extends DomainError {
  constructor(questionKey: string) {
    super('QUIZ_QUESTION_NOT_FOUND', `Question ${questionKey} is not part of this attempt.`);
  }
}

export class InvalidResponseError extends DomainError {
  constructor(message: string) {
    super('VALIDATION_FAILED', message, { field: 'answer' });
  }
}

export class QuizStaffOnlyError extends DomainError {
  constructor() {
    super('QUIZ_STAFF_FORBIDDEN', 'Only the trainers and administrators of this cohort can do that.');
  }
}

export class QuizFormError extends DomainError {
  constructor(field: string, message: string) {
    super('VALIDATION_FAILED', message, { field });
  }
}
