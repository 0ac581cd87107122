import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { CohortsModule } from '../cohorts/cohorts.module.js';
import { ContentModule } from '../content/content.module.js';
import { PeerReviewModule } from '../peer-review/peer-review.module.js';
import { QuizzesModule } from '../quizzes/quizzes.module.js';
import { CapstoneContextService } from './capstone-context.service.js';
import { CapstoneGradingApiController } from './capstone-grading-api.controller.js';
import { CapstoneGradingController } from './capstone-grading.controller.js';
import { CapstoneGradingRepository } from './capstone-grading.repository.js';
import { CapstoneGradingService } from './capstone-grading.service.js';
import { GradebookController } from './gradebook.controller.js';
import { GradebookService } from './gradebook.service.js';

/** Trainer grading of capstones with the rubric, release, and the cohort gradebook. */
@Module({
  imports: [AuditModule, CohortsModule, ContentModule, QuizzesModule, PeerReviewModule],
  controllers: [CapstoneGradingController, GradebookController, CapstoneGradingApiController],
  providers: [CapstoneContextService, CapstoneGradingRepository, CapstoneGradingService, GradebookService],
})
export class CapstoneGradingModule {}
