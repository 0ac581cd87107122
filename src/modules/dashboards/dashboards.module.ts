import { Module } from '@nestjs/common';
import { CohortsModule } from '../cohorts/cohorts.module.js';
import { InstitutesModule } from '../institutes/institutes.module.js';
import { PeerReviewModule } from '../peer-review/peer-review.module.js';
import { CohortDashboardController } from './cohort-dashboard.controller.js';
import { CohortDashboardService } from './cohort-dashboard.service.js';
import { DashboardsRepository } from './dashboards.repository.js';
import { HubDashboardController, InstituteDashboardController } from './overview-dashboards.controller.js';
import { OverviewDashboardsService } from './overview-dashboards.service.js';

/** Monitoring and evaluation dashboards: cohort, institute and hub, each table also as CSV. */
@Module({
  imports: [CohortsModule, InstitutesModule, PeerReviewModule],
  controllers: [CohortDashboardController, InstituteDashboardController, HubDashboardController],
  providers: [DashboardsRepository, CohortDashboardService, OverviewDashboardsService],
})
export class DashboardsModule {}
