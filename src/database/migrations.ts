import { ContentVersions1763900000000 } from '../../migrations/1763900000000-content-versions.js';
import { InstitutesAccounts1763910000000 } from '../../migrations/1763910000000-institutes-accounts.js';

import { CohortsEnrolmentsProgress1763920000000 } from '../../migrations/1763920000000-cohorts-enrolments-progress.js';
import { AuthTokensMail1763930000000 } from '../../migrations/1763930000000-auth-tokens-mail.js';
import { ExternalIds1763940000000 } from '../../migrations/1763940000000-external-ids.js';
import { Quizzes1763950000000 } from '../../migrations/1763950000000-quizzes.js';
import { Capstones1763960000000 } from '../../migrations/1763960000000-capstones.js';
import { PeerReview1763970000000 } from '../../migrations/1763970000000-peer-review.js';
import { PeerReviewStalls1763971000000 } from '../../migrations/1763971000000-peer-review-stalls.js';
import { PeerReviewModeration1763975000000 } from '../../migrations/1763975000000-peer-review-moderation.js';
import { PeerReviewCalibration1763980000000 } from '../../migrations/1763980000000-peer-review-calibration.js';
import { EnrolmentOrganizations1763985000000 } from '../../migrations/1763985000000-enrolment-organizations.js';
import { Certificates1763990000000 } from '../../migrations/1763990000000-certificates.js';
import { CourseCopies1764000000000 } from '../../migrations/1764000000000-course-copies.js';
import { CourseCopyRebases1764005000000 } from '../../migrations/1764005000000-course-copy-rebases.js';
import { Trainers1764010000000 } from '../../migrations/1764010000000-trainers.js';
import { Dashboards1764020000000 } from '../../migrations/1764020000000-dashboards.js';
import { Notifications1764030000000 } from '../../migrations/1764030000000-notifications.js';
import { TrainerCertificates1764040000000 } from '../../migrations/1764040000000-trainer-certificates.js';

export const MIGRATIONS = [
  ContentVersions1763900000000,
  InstitutesAccounts1763910000000,
  CohortsEnrolmentsProgress1763920000000,
  AuthTokensMail1763930000000,
  ExternalIds1763940000000,
  Quizzes1763950000000,
  Capstones1763960000000,
  PeerReview1763970000000,
  PeerReviewStalls1763971000000,
  PeerReviewModeration1763975000000,
  PeerReviewCalibration1763980000000,
  EnrolmentOrganizations1763985000000,
  Certificates1763990000000,
  CourseCopies1764000000000,
  CourseCopyRebases1764005000000,
  Trainers1764010000000,
  Dashboards1764020000000,
  Notifications1764030000000,
  TrainerCertificates1764040000000,
];
