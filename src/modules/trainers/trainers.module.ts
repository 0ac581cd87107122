import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { CertificatesModule } from '../certificates/certificates.module.js';
import { InstitutesModule } from '../institutes/institutes.module.js';
import { CascadeReportController } from './cascade-report.controller.js';
import { CascadeReportService } from './cascade-report.service.js';
import { TrainerActivitiesService } from './trainer-activities.service.js';
import { TrainerPagesService } from './trainer-pages.service.js';
import { TrainerPathService } from './trainer-path.service.js';
import { TrainersController } from './trainers.controller.js';
import { TrainersRepository } from './trainers.repository.js';

/** The trainer-of-trainers path and the cascade report (API process). */
@Module({
  imports: [AuditModule, CertificatesModule, InstitutesModule],
  controllers: [CascadeReportController, TrainersController],
  providers: [
    TrainersRepository,
    TrainerPathService,
    TrainerActivitiesService,
    TrainerPagesService,
    CascadeReportService,
  ],
  exports: [TrainersRepository],
})
export class TrainersModule {}
