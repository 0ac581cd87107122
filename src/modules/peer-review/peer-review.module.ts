import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { CapstonesModule } from '../capstones/capstones.module.js';
import { ContentModule } from '../content/content.module.js';
import { PeerReviewApiController } from './peer-review-api.controller.js';
import { PeerReviewAllocationService } from './peer-review-allocation.service.js';
import { PeerReviewCalibrationGate } from './peer-review-calibration-gate.service.js';
import { PeerReviewCalibrationStaffController } from './peer-review-calibration-staff.controller.js';
import { PeerReviewCalibrationStaffService } from './peer-review-calibration-staff.service.js';
import { PeerReviewCalibrationController } from './peer-review-calibration.controller.js';
import { PeerReviewCalibrationRepository } from './peer-review-calibration.repository.js';
import { PeerReviewCalibrationService } from './peer-review-calibration.service.js';
import { PeerReviewGradesService } from './peer-review-grades.service.js';
import { PeerReviewModerationActionsService } from './peer-review-moderation-actions.service.js';
import { PeerReviewModerationController } from './peer-review-moderation.controller.js';
import { PeerReviewModerationRepository } from './peer-review-moderation.repository.js';
import { PeerReviewModerationService } from './peer-review-moderation.service.js';
import { PeerReviewStaffController } from './peer-review-staff.controller.js';
import { PeerReviewStaffService } from './peer-review-staff.service.js';
import { PeerReviewSchedulingService } from './peer-review-scheduling.service.js';
import { PeerReviewRepository } from './peer-review.repository.js';
import { PeerReviewsController } from './peer-reviews.controller.js';
import { PeerReviewsService } from './peer-reviews.service.js';

@Module({
  imports: [AuditModule, ContentModule, CapstonesModule],
  controllers: [
    PeerReviewStaffController,
    PeerReviewsController,
    PeerReviewApiController,
    PeerReviewModerationController,
    PeerReviewCalibrationController,
    PeerReviewCalibrationStaffController,
  ],
  providers: [
    PeerReviewRepository,
    PeerReviewAllocationService,
    PeerReviewSchedulingService,
    PeerReviewStaffService,
    PeerReviewsService,
    PeerReviewGradesService,
    PeerReviewModerationRepository,
    PeerReviewModerationService,
    PeerReviewModerationActionsService,
    PeerReviewCalibrationRepository,
    PeerReviewCalibrationGate,
    PeerReviewCalibrationService,
    PeerReviewCalibrationStaffService,
  ],
  exports: [PeerReviewSchedulingService, PeerReviewGradesService, PeerReviewModerationService],
})
export class PeerReviewModule {}
