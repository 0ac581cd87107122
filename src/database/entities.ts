import { CapturedMailEntity } from '../infra/mail/captured-mail.entity.js';
import { AuthTokenEntity } from '../modules/accounts/entities/auth-token.entity.js';
import { ExternalIdEntity } from '../modules/accounts/entities/external-id.entity.js';
import { MembershipEntity } from '../modules/accounts/entities/membership.entity.js';
import { SessionEntity } from '../modules/accounts/entities/session.entity.js';
import { UserEntity } from '../modules/accounts/entities/user.entity.js';
import { CapstoneDraftEntity } from '../modules/capstones/entities/capstone-draft.entity.js';
import { CapstoneAttachmentEntity } from '../modules/capstones/entities/capstone-attachment.entity.js';
import { CapstoneSubmissionEntity } from '../modules/capstones/entities/capstone-submission.entity.js';
import { CapstoneExtensionEntity } from '../modules/capstones/entities/capstone-extension.entity.js';
import { CapstoneAssignmentEntity } from '../modules/capstones/entities/capstone-assignment.entity.js';
import { CapstoneGradeEntity } from '../modules/capstones/entities/capstone-grade.entity.js';
import { CapstoneGradeRevisionEntity } from '../modules/capstones/entities/capstone-grade-revision.entity.js';
import { CapstoneExportEntity } from '../modules/capstones/entities/capstone-export.entity.js';
import { CohortTrainerEntity } from '../modules/cohorts/entities/cohort-trainer.entity.js';
import { CohortEntity } from '../modules/cohorts/entities/cohort.entity.js';
import { EnrolmentEntity } from '../modules/cohorts/entities/enrolment.entity.js';
import { ModuleProgressEntity } from '../modules/cohorts/entities/module-progress.entity.js';
import { AuditEntryEntity } from '../modules/audit/entities/audit-entry.entity.js';
import { CourseModuleEntity } from '../modules/content/entities/course-module.entity.js';
import { CourseVersionEntity } from '../modules/content/entities/course-version.entity.js';
import { CourseEntity } from '../modules/content/entities/course.entity.js';
import { ModuleSectionEntity } from '../modules/content/entities/module-section.entity.js';
import { CohortQuizSettingsEntity } from '../modules/quizzes/entities/cohort-quiz-settings.entity.js';
import { QuizAccommodationEntity } from '../modules/quizzes/entities/quiz-accommodation.entity.js';
import { QuizAttemptEntity } from '../modules/quizzes/entities/quiz-attempt.entity.js';
import { QuizGradeOverrideEntity } from '../modules/quizzes/entities/quiz-grade-override.entity.js';
import { QuizQuestionEntity } from '../modules/content/entities/quiz-question.entity.js';
import { QuizResponseEntity } from '../modules/quizzes/entities/quiz-response.entity.js';
import { CohortPeerReviewSettingsEntity } from '../modules/peer-review/entities/cohort-peer-review-settings.entity.js';
import { PeerReviewAllocationEntity } from '../modules/peer-review/entities/peer-review-allocation.entity.js';
import { PeerReviewEntity } from '../modules/peer-review/entities/peer-review.entity.js';
import { PeerScoreOverrideEntity } from '../modules/peer-review/entities/peer-score-override.entity.js';
import { PeerReviewTrainerNoticeEntity } from '../modules/peer-review/entities/peer-review-trainer-notice.entity.js';
import { PeerReviewModerationDecisionEntity } from '../modules/peer-review/entities/peer-review-moderation-decision.entity.js';
import { InstituteEntity } from '../modules/institutes/entities/institute.entity.js';
import { CourseCopyEntity } from '../modules/localization/entities/course-copy.entity.js';
import { CourseCopyUnitEntity } from '../modules/localization/entities/course-copy-unit.entity.js';
import { CourseCopyRebaseEntity } from '../modules/localization-exchange/entities/course-copy-rebase.entity.js';

// Classes, not globs: the same list serves Jest (TypeScript sources) and dist (compiled JavaScript).
export const ENTITIES = [
  CourseEntity,
  CourseVersionEntity,
  CourseModuleEntity,
  ModuleSectionEntity,
  InstituteEntity,
  UserEntity,
  MembershipEntity,
  SessionEntity,
  AuthTokenEntity,
  CapturedMailEntity,
  AuditEntryEntity,
  CohortEntity,
  CohortTrainerEntity,
  EnrolmentEntity,
  ModuleProgressEntity,
  ExternalIdEntity,
  QuizQuestionEntity,
  CohortQuizSettingsEntity,
  QuizAttemptEntity,
  QuizResponseEntity,
  QuizAccommodationEntity,
  QuizGradeOverrideEntity,
  CapstoneDraftEntity,
  CapstoneAttachmentEntity,
  CapstoneSubmissionEntity,
  CapstoneExtensionEntity,
  CapstoneAssignmentEntity,
  CapstoneGradeEntity,
  CapstoneGradeRevisionEntity,
  CapstoneExportEntity,
  CohortPeerReviewSettingsEntity,
  PeerReviewAllocationEntity,
  PeerReviewEntity,
  PeerScoreOverrideEntity,
  PeerReviewTrainerNoticeEntity,
  PeerReviewModerationDecisionEntity,
  CourseCopyEntity,
  CourseCopyUnitEntity,
  CourseCopyRebaseEntity,
];
