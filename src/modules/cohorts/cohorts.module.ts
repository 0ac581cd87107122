import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module.js';
import { AuditModule } from '../audit/audit.module.js';
import { ContentModule } from '../content/content.module.js';
import { InstitutesModule } from '../institutes/institutes.module.js';
import { CourseCopiesModule } from '../localization/course-copies.module.js';
import { CohortAdminController } from './cohort-admin.controller.js';
import { CohortAdminService } from './cohort-admin.service.js';
import { CohortAccessService } from './cohort-access.service.js';
import { CohortsApiController } from './cohorts-api.controller.js';
import { CohortsController } from './cohorts.controller.js';
import { CohortsRepository } from './cohorts.repository.js';
import { LearningService } from './learning.service.js';

@Module({
  imports: [AccountsModule, AuditModule, ContentModule, CourseCopiesModule, InstitutesModule],
  controllers: [CohortsController, CohortsApiController, CohortAdminController],
  providers: [CohortsRepository, CohortAccessService, LearningService, CohortAdminService],
  exports: [CohortAccessService, LearningService],
})
export class CohortsModule {}
