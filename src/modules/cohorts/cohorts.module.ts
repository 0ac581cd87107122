import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { ContentModule } from '../content/content.module.js';
import { InstitutesModule } from '../institutes/institutes.module.js';
import { CohortAccessService } from './cohort-access.service.js';
import { CohortsApiController } from './cohorts-api.controller.js';
import { CohortsController } from './cohorts.controller.js';
import { CohortsRepository } from './cohorts.repository.js';
import { LearningService } from './learning.service.js';

@Module({
  imports: [AuditModule, ContentModule, InstitutesModule],
  controllers: [CohortsController, CohortsApiController],
  providers: [CohortsRepository, CohortAccessService, LearningService],
})
export class CohortsModule {}
